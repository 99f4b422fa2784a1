"""Start-up time of ``slctl --version`` against bare ``python -c pass``.

Runs the two commands alternately N times in one process (so drift in machine load hits
both equally) and prints the medians and their ratio. No hyperfine needed::

    python benchmarks/cli_startup.py            # 40 rounds
    python benchmarks/cli_startup.py -n 100 --help-too --no-site

``slctl`` is the installed console script when found on PATH, else ``python -m slctl``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_RATIO = 2.5


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _measure(commands: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the OS file cache
        _time(argv)
    for _ in range(rounds):
        for name, argv in commands.items():
            samples[name].append(_time(argv))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--rounds", type=int, default=40)
    parser.add_argument("--help-too", action="store_true", help="also time `slctl --help`")
    parser.add_argument(
        "--no-site",
        action="store_true",
        help="also time both with `python -S` (no site-packages .pth hooks; src on PYTHONPATH)",
    )
    args = parser.parse_args()

    script = shutil.which("slctl")
    slctl = [script] if script else [sys.executable, "-m", "slctl"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "slctl --version": [*slctl, "--version"],
        "python -m slctl --version": [sys.executable, "-m", "slctl", "--version"],
    }
    if args.help_too:
        commands["slctl --help"] = [*slctl, "--help"]
    if args.no_site:
        src = str(Path(__file__).resolve().parents[1] / "src")
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [src, os.environ.get("PYTHONPATH")])
        )
        commands["python -S -c pass"] = [sys.executable, "-S", "-c", "pass"]
        commands["python -S -m slctl --version"] = [
            sys.executable,
            "-S",
            "-m",
            "slctl",
            "--version",
        ]
    samples = _measure(commands, args.rounds)

    base = statistics.median(samples["python -c pass"])
    print(f"{args.rounds} alternating rounds, medians ({' '.join(slctl)}):")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"  {name:28s} {median * 1000:7.1f} ms   {median / base:5.2f}x")
    ratio = statistics.median(samples["slctl --version"]) / base
    verdict = "OK" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(f"slctl --version / python -c pass = {ratio:.2f} (target <= {TARGET_RATIO}): {verdict}")
    if args.no_site:
        no_site = statistics.median(samples["python -S -m slctl --version"])
        print(f"without site: {no_site / statistics.median(samples['python -S -c pass']):.2f}x")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
