"""SDK per-request overhead vs raw httpx, and the 50-task refresh storm.

Both clients talk to the same loopback stub server (a second process) in one run,
alternating rounds so machine noise hits both alike; the median ratio is reported.

    python benchmarks/sdk_overhead.py [--requests 2000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from streamlink_sdk import AsyncStreamLink, MemoryTokenStore, StreamLink, Tokens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str) -> None:
    for _ in range(100):
        try:
            httpx.get(url + "/stats", timeout=0.5)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("stub server did not start")


def time_raw(client: httpx.Client, url: str, n: int) -> tuple[float, float]:
    """(wall, client CPU) seconds per request."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        response = client.get(url + "/api/rooms/rm_1", headers={"Authorization": "Bearer t"})
        response.raise_for_status()
        response.json()["data"]["room"]
    return (time.perf_counter() - start) / n, (time.process_time() - cpu) / n


def time_sdk(sl: StreamLink, n: int) -> tuple[float, float]:
    """(wall, client CPU) seconds per request."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        sl.rooms.get("rm_1")
    return (time.perf_counter() - start) / n, (time.process_time() - cpu) / n


async def refresh_storm(base: str, tasks: int) -> float:
    """Wall time of ``tasks`` concurrent calls that all start with a stale token."""
    stale = Tokens(access_token="acc-0", refresh_token="ref-0", access_expires_at=time.time() + 5)
    async with AsyncStreamLink(base + "/api", token_store=MemoryTokenStore(stale)) as sl:
        start = time.perf_counter()
        await asyncio.gather(*(sl.rooms.get("rm_1") for _ in range(tasks)))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    port = free_port()
    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("_stub_server.py")),
                               str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base)
        fresh = Tokens(access_token="t", refresh_token="r", access_expires_at=time.time() + 3600)
        with httpx.Client() as raw, StreamLink(base + "/api",
                                               token_store=MemoryTokenStore(fresh)) as sl:
            time_raw(raw, base, 200)  # warm up both pools
            time_sdk(sl, 200)
            ratios, raws, sdks, raw_cpu, sdk_cpu = [], [], [], [], []
            for _ in range(args.rounds):
                r, r_cpu = time_raw(raw, base, args.requests)
                s, s_cpu = time_sdk(sl, args.requests)
                raws.append(r)
                sdks.append(s)
                raw_cpu.append(r_cpu)
                sdk_cpu.append(s_cpu)
                ratios.append(s / r)
        print(f"small JSON GET, {args.rounds} alternating rounds x {args.requests} requests")
        print(f"  raw httpx   median {statistics.median(raws) * 1e6:8.1f} us/request")
        print(f"  StreamLink  median {statistics.median(sdks) * 1e6:8.1f} us/request")
        print(f"  overhead ratio (SDK/raw), median of rounds: {statistics.median(ratios):.3f}x "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f})")
        extra = (statistics.median(sdk_cpu) - statistics.median(raw_cpu)) * 1e6
        print(f"  client CPU per request: raw {statistics.median(raw_cpu) * 1e6:.1f} us, "
              f"SDK {statistics.median(sdk_cpu) * 1e6:.1f} us (+{extra:.1f} us)")
        httpx.post(base + "/reset")
        wall = asyncio.run(refresh_storm(base, 50))
        stats = httpx.get(base + "/stats").json()
        refreshes, distinct = stats["refresh"], stats["refresh_tokens"]
        print(f"refresh storm: 50 async tasks with a stale token -> {refreshes} refresh "
              f"request(s), {distinct} distinct refresh token(s), {wall * 1000:.1f} ms wall")
    finally:
        server.terminate()
        server.wait(5)


if __name__ == "__main__":
    main()
