"""Load benchmark of the reference server's hot paths.

Starts ``python -m slctl.server`` (one uvicorn worker, uvloop + httptools, rate limits off,
access log off) on a free loopback port, then drives it from a SECOND process with an
async HTTP client and a keep-alive connection pool, for a fixed time per scenario:

- GoLive token minting: ``POST /api/v1/rooms/{room}/tokens`` (HTTP Basic)
- StreamLink room creation: ``POST /api/rooms`` (Bearer)

Usage::

    python benchmarks/server_load.py [--duration 10] [--concurrency 32] [--client aiohttp|httpx]

The server's CPU time per request (from /proc) is printed too: on a shared, noisy machine it
is a steadier measure of capacity (1e6 / us-per-request = requests per second per core)
than the wall-clock rate.

LiveKit is pointed at a closed loopback port, so the best-effort RoomService call made by
room creation fails fast (connection refused), as on a machine without livekit-server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
OPERATOR = "bench-operator-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- the driver (runs in its own process) ----------------------------------------------------


async def _drive_httpx(spec: dict[str, Any]) -> dict[str, Any]:
    limits = httpx.Limits(
        max_connections=spec["concurrency"], max_keepalive_connections=spec["concurrency"]
    )
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    async with httpx.AsyncClient(base_url=spec["url"], limits=limits, timeout=30) as client:
        body = json.dumps(spec["body"]).encode()
        headers = {**spec["headers"], "Content-Type": "application/json"}
        deadline = time.perf_counter() + spec["duration"]

        async def worker() -> None:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                r = await client.post(spec["path"], content=body, headers=headers)
                latencies.append(time.perf_counter() - t0)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(spec["concurrency"])))
        elapsed = time.perf_counter() - start
    return {"elapsed": elapsed, "latencies": latencies, "statuses": statuses}


async def _drive_aiohttp(spec: dict[str, Any]) -> dict[str, Any]:
    import aiohttp

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    connector = aiohttp.TCPConnector(limit=spec["concurrency"])
    async with aiohttp.ClientSession(spec["url"], connector=connector) as session:
        body = json.dumps(spec["body"]).encode()
        headers = {**spec["headers"], "Content-Type": "application/json"}
        deadline = time.perf_counter() + spec["duration"]

        async def worker() -> None:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                async with session.post(spec["path"], data=body, headers=headers) as r:
                    await r.read()
                latencies.append(time.perf_counter() - t0)
                statuses[r.status] = statuses.get(r.status, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(spec["concurrency"])))
        elapsed = time.perf_counter() - start
    return {"elapsed": elapsed, "latencies": latencies, "statuses": statuses}


def drive_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    runner = _drive_aiohttp if spec["client"] == "aiohttp" else _drive_httpx
    raw = asyncio.run(runner(spec))
    lat = raw["latencies"]
    ok = sum(n for code, n in raw["statuses"].items() if 200 <= int(code) < 300)
    print(
        json.dumps(
            {
                "requests": len(lat),
                "ok": ok,
                "statuses": raw["statuses"],
                "rps": len(lat) / raw["elapsed"],
                "p50_ms": percentile(lat, 0.50) * 1000,
                "p99_ms": percentile(lat, 0.99) * 1000,
                "mean_ms": statistics.fmean(lat) * 1000 if lat else float("nan"),
            }
        )
    )


def cpu_seconds(pid: int) -> float | None:
    """User+system CPU time of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_driver(spec: dict[str, Any], server_pid: int | None = None) -> dict[str, Any]:
    before = cpu_seconds(server_pid) if server_pid else None
    out = subprocess.run(
        [sys.executable, __file__, "--drive", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
    )
    after = cpu_seconds(server_pid) if server_pid else None
    result: dict[str, Any] = json.loads(out.stdout)
    if before is not None and after is not None and result["requests"]:
        result["server_cpu_us_per_req"] = (after - before) / result["requests"] * 1e6
    return result


# --- orchestration ---------------------------------------------------------------------------


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
        "SLCTL_SERVER_DATA_DIR": str(data_dir),
        "SLCTL_SERVER_OPERATOR_TOKEN": OPERATOR,
        "SLCTL_SERVER_LIVEKIT_URL": f"ws://127.0.0.1:{free_port()}",
        "SLCTL_SERVER_LIVEKIT_API_SECRET": "bench-livekit-secret-at-least-32-bytes-long",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "slctl.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-rate-limits",
            "--no-access-log",
            "--log-level",
            "error",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/.well-known/jwks.json", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument(
        "--client",
        choices=["aiohttp", "httpx"],
        default="aiohttp",
        help="load client; httpx's async client saturates a core before the server",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.add_argument("--drive", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.drive:
        drive_main(args.drive)
        return

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp))
        try:
            with httpx.Client(base_url=url, timeout=30) as c:
                t = c.post(
                    "/admin/tenants",
                    json={"name": "bench"},
                    headers={"Authorization": f"Bearer {OPERATOR}"},
                ).json()
                auth = (t["api_key"], t["api_secret"])
                c.post("/api/v1/rooms", json={"name": "bench-room"}, auth=auth).raise_for_status()
                s = c.post(
                    "/api/auth/signup",
                    json={"email": "bench@example.test", "password": "benchmark-pass"},
                ).json()
            basic = httpx.BasicAuth(*auth)._auth_header
            common = {
                "url": url,
                "duration": args.duration,
                "concurrency": args.concurrency,
                "client": args.client,
            }
            scenarios = {
                "golive_token_mint": {
                    **common,
                    "path": "/api/v1/rooms/bench-room/tokens",
                    "headers": {"Authorization": basic},
                    "body": {"identity": "bench-user", "name": "Bench", "ttl_seconds": 3600},
                },
                "streamlink_room_create": {
                    **common,
                    "path": "/api/rooms",
                    "headers": {"Authorization": f"Bearer {s['data']['accessToken']}"},
                    "body": {"name": "bench", "type": "public"},
                },
            }
            results = {}
            for name, spec in scenarios.items():
                run_driver({**spec, "duration": 1.0})  # warm-up
                results[name] = run_driver(spec, proc.pid)
        finally:
            proc.terminate()
            proc.wait(10)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"server: 1 uvicorn worker (uvloop+httptools), rate limits off; client: {args.client}, "
        f"{args.concurrency} connections, {args.duration:g} s per scenario, separate process"
    )
    print(
        f"{'scenario':<26}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}"
        f"{'server CPU us/req':>19}"
    )
    for name, r in results.items():
        cpu = r.get("server_cpu_us_per_req")
        print(
            f"{name:<26}{r['rps']:>8.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
            f"{r['requests'] - r['ok']:>9}{(f'{cpu:.0f}' if cpu else 'n/a'):>19}"
        )


if __name__ == "__main__":
    main()
