"""Broadcast throughput: 1280x720 @ 30 fps for 20 s, from the test pattern and the screen.

Runs a local `livekit-server --dev`, a publisher process (the Broadcast API) and a
subscriber process counting decoded frames of the expected size, for each source.
The screen source captures an Xvfb display that a small Tk animation keeps moving.

    python benchmarks/broadcast_fps.py [--duration 20] [--fps 30] [--codec vp8]
        [--out FILE]   (a Markdown table; docs/performance.md records the figures)

Target: >= 29 fps received, publisher under one core.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "livekit"))  # shared launcher for livekit-server/Xvfb

WIDTH, HEIGHT = 1280, 720
ANIMATION = r"""
import tkinter as tk
root = tk.Tk()
root.geometry("1280x720+0+0")
root.overrideredirect(True)
c = tk.Canvas(root, width=1280, height=720, highlightthickness=0, bg="#203040")
c.pack()
boxes = [c.create_rectangle(0, 0, 160, 160, fill=col, width=0)
         for col in ("#e04040", "#40e040", "#4040e0", "#e0e040")]
label = c.create_text(640, 660, fill="white", font=("Helvetica", 48))
n = 0
def tick():
    global n
    n += 1
    for i, b in enumerate(boxes):
        x = (n * (6 + 3 * i)) % 1120
        y = 80 + i * 130
        c.coords(b, x, y, x + 160, y + 120)
    c.itemconfigure(label, text=f"frame {n}")
    root.after(33, tick)
tick()
root.mainloop()
"""


def mint(room: str, identity: str, can_publish: bool) -> str:
    from lk_media import mint_token

    return mint_token(room, identity, can_publish=can_publish, ttl=datetime.timedelta(hours=1))


# -- child processes --------------------------------------------------------------------------


async def subscribe(url: str, token: str, seconds: float) -> dict[str, Any]:
    """Count frames of WIDTHxHEIGHT per second from the first such frame on."""
    from livekit import rtc

    room = rtc.Room()
    times: list[float] = []
    other = 0
    tasks: list[asyncio.Task[None]] = []

    async def read(track: Any) -> None:
        nonlocal other
        async for ev in rtc.VideoStream(track):
            if (ev.frame.width, ev.frame.height) == (WIDTH, HEIGHT):
                times.append(time.monotonic())
            else:
                other += 1

    def on_track(track: Any, *_: Any) -> None:
        if track.kind == rtc.TrackKind.KIND_VIDEO:
            tasks.append(asyncio.ensure_future(read(track)))

    room.on("track_subscribed", on_track)
    await room.connect(url, token)
    print("ready", flush=True)
    await asyncio.sleep(seconds)
    for t in tasks:
        t.cancel()
    await room.disconnect()
    # Skip the first 2 s (encoder ramp-up, keyframe) for the steady-state rate.
    steady = [t for t in times if times and t >= times[0] + 2.0]
    steady_fps = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
    return {
        "frames": len(times),
        "other_size_frames": other,
        "fps_steady": steady_fps,
        "fps_overall": (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0,
    }


async def publish(url: str, token: str, source_kind: str, seconds: float, fps: float,
                  codec: str) -> dict[str, Any]:
    from streamlink_sdk.broadcast import Broadcast, FrameSource, ScreenSource, TestPattern

    source: FrameSource = (
        TestPattern(WIDTH, HEIGHT) if source_kind == "pattern" else ScreenSource(1)
    )
    async with Broadcast(
        lambda: (url, token), source=source, fps=fps, codec=codec  # type: ignore[arg-type]  # codec: str from argparse
    ) as b:
        r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        await b.run(duration=seconds)
        r1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        stats = b.stats
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return {
        "frames_sent": stats.frames_sent,
        "fps_sent": stats.average_fps,
        "frames_dropped": stats.frames_dropped,
        "bitrate_bps": stats.bitrate_bps,
        "bytes_sent": stats.bytes_sent,
        "cpu_cores": cpu / (t1 - t0),
        "viewers": stats.viewers,
    }


# -- orchestration ----------------------------------------------------------------------------


@contextlib.contextmanager
def screen_display() -> Iterator[dict[str, str]]:
    """An Xvfb display with a moving picture on it; yields the environment to use."""
    from lk_env import run_xvfb

    with run_xvfb(WIDTH, HEIGHT) as display:
        env = {**os.environ, "DISPLAY": display}
        anim = subprocess.Popen([sys.executable, "-c", ANIMATION], env=env)
        try:
            time.sleep(1.0)
            if anim.poll() is not None:
                print("warning: the Tk animation did not start; static screen", file=sys.stderr)
            yield env
        finally:
            anim.terminate()
            anim.wait()


def run_case(url: str, source_kind: str, args: argparse.Namespace,
             env: dict[str, str]) -> dict[str, Any]:
    room = f"bench-{source_kind}-{int(time.time())}"
    me = [sys.executable, __file__]
    sub = subprocess.Popen(
        [*me, "--role", "subscribe", "--url", url, "--token", mint(room, "viewer", False),
         "--seconds", str(args.duration + 6)],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    assert sub.stdout is not None
    sub.stdout.readline()  # "ready": the viewer is in the room before the broadcast starts
    pub = subprocess.run(
        [*me, "--role", "publish", "--url", url, "--token", mint(room, "host", True),
         "--source", source_kind, "--seconds", str(args.duration), "--fps", str(args.fps),
         "--codec", args.codec],
        capture_output=True, text=True, env=env, check=True,
    )
    sub_out, _ = sub.communicate(timeout=60)
    return {"publisher": json.loads(pub.stdout.strip().splitlines()[-1]),
            "subscriber": json.loads(sub_out.strip().splitlines()[-1])}


def table(results: dict[str, dict[str, Any]]) -> list[str]:
    def fmt(v: Any, unit: str = "") -> str:
        if v is None:
            return "n/a"
        return f"{v:.2f}{unit}" if isinstance(v, float) else f"{v}{unit}"

    rows = [
        ("frames sent", lambda r: fmt(r["publisher"]["frames_sent"])),
        ("fps sent (publisher)", lambda r: fmt(r["publisher"]["fps_sent"])),
        ("ticks dropped by pacing", lambda r: fmt(r["publisher"]["frames_dropped"])),
        (f"frames received at {WIDTH}x{HEIGHT}", lambda r: fmt(r["subscriber"]["frames"])),
        ("frames received at another size", lambda r: fmt(r["subscriber"]["other_size_frames"])),
        ("fps received, steady (after 2 s)", lambda r: fmt(r["subscriber"]["fps_steady"])),
        ("fps received, overall", lambda r: fmt(r["subscriber"]["fps_overall"])),
        ("video bitrate (Mbit/s)", lambda r: fmt(
            r["publisher"]["bitrate_bps"] / 1e6 if r["publisher"]["bitrate_bps"] else None)),
        ("publisher CPU (cores)", lambda r: fmt(r["publisher"]["cpu_cores"])),
    ]
    names = list(results)
    lines = ["| metric | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, get in rows:
        lines.append(f"| {label} | " + " | ".join(get(results[n]) for n in names) + " |")
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--duration", type=float, default=20.0)
    p.add_argument("--fps", type=float, default=30.0)
    p.add_argument("--codec", default="vp8", choices=["vp8", "vp9", "h264", "av1"])
    p.add_argument("--sources", default="pattern,screen")
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--role", choices=["subscribe", "publish"], help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    p.add_argument("--token", help=argparse.SUPPRESS)
    p.add_argument("--source", help=argparse.SUPPRESS)
    p.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.role == "subscribe":
        print(json.dumps(asyncio.run(subscribe(args.url, args.token, args.seconds))))
        return
    if args.role == "publish":
        out = asyncio.run(
            publish(args.url, args.token, args.source, args.seconds, args.fps, args.codec)
        )
        print(json.dumps(out))
        return

    from lk_env import find_livekit_server, run_livekit_server

    binary = find_livekit_server()
    if binary is None:
        sys.exit("no livekit-server: run scripts/install-livekit-server")
    results: dict[str, dict[str, Any]] = {}
    load_before = os.getloadavg()[0]
    with run_livekit_server(binary) as lk:
        for kind in args.sources.split(","):
            label = {"pattern": "test pattern", "screen": "screen (Xvfb)"}[kind]
            print(f"running {label} for {args.duration:g} s ...", file=sys.stderr)
            if kind == "screen":
                with screen_display() as env:
                    results[label] = run_case(lk.url, kind, args, env)
            else:
                results[label] = run_case(lk.url, kind, args, dict(os.environ))

    load_after = os.getloadavg()[0]
    lines = table(results)
    print("\n".join(lines))
    header = [
        "# Broadcast performance",
        "",
        f"Measured by `benchmarks/broadcast_fps.py` on {datetime.date.today().isoformat()}: "
        f"{WIDTH}x{HEIGHT} at {args.fps:g} fps for {args.duration:g} s, codec {args.codec}, "
        f"loopback `livekit-server --dev`, on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}).",
        "Publisher and subscriber are separate processes; the subscriber counts decoded frames of "
        "the full size. Publisher CPU is its own user+system time over the broadcast divided by "
        "wall time (the livekit-server and the subscriber are not included). The first few frames "
        "of a stream can arrive smaller while WebRTC's encoder ramps up; they are counted "
        "separately. The screen case captures an Xvfb display animated by a small Tk window.",
        f"One-minute load average when the run started / ended: {load_before:.1f} / "
        f"{load_after:.1f} (other work on the machine competes for the same cores).",
        "",
    ]
    report = "\n".join([*header, *lines, ""]) + "\n"
    if args.out is None:  # the table is printed above
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
