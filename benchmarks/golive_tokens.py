"""GoLive tokens minted per second: the SDK vs raw httpx, against the reference server.

The reference server runs in its own process (``python -m slctl.server``, rate limits off,
no LiveKit needed for minting). In ONE run, sync and async rounds alternate between the
SDK and a hand-written httpx loop doing the same request (Basic auth, JSON body, status
check, JSON decode), so machine noise hits both alike; the median per-round ratio is
reported. Throughput includes the server's work; the client's CPU time per request
(``time.process_time``, this process only) isolates what the SDK itself adds.

    python benchmarks/golive_tokens.py [--requests 300] [--rounds 15] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.support

from tests.support.refserver import start_reference_server

from golive_sdk import AsyncGoLive, AsyncGoLiveAdmin, GoLive

ROOM = "bench"
BODY = {
    "identity": "bench-user",
    "can_publish": True,
    "can_subscribe": True,
    "can_publish_data": True,
    "ttl_seconds": 3600,
}


Sample = tuple[float, float]
"""(tokens per second, client CPU microseconds per token)"""


def sync_rate(mint: Callable[[], object], n: int) -> Sample:
    cpu, start = time.process_time(), time.perf_counter()
    for _ in range(n):
        mint()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return n / wall, cpu / n * 1e6


async def async_rate(mint: Callable[[], Awaitable[object]], n: int, concurrency: int) -> Sample:
    per_task = n // concurrency

    async def worker() -> None:
        for _ in range(per_task):
            await mint()

    cpu, start = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    done = per_task * concurrency
    return done / wall, cpu / done * 1e6


def report(label: str, raws: list[Sample], sdks: list[Sample]) -> str:
    ratios = [s[0] / r[0] for s, r in zip(sdks, raws, strict=True)]
    cpu_raw = statistics.median(r[1] for r in raws)
    cpu_sdk = statistics.median(s[1] for s in sdks)
    return (
        f"{label}\n"
        f"  throughput: raw httpx median {statistics.median(r[0] for r in raws):6.0f} tokens/s, "
        f"SDK median {statistics.median(s[0] for s in sdks):6.0f} tokens/s; SDK/raw median "
        f"{statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})\n"
        f"  client CPU: raw httpx median {cpu_raw:6.0f} us/token, SDK median {cpu_sdk:6.0f} "
        f"us/token (+{cpu_sdk - cpu_raw:.0f} us, {cpu_sdk / cpu_raw:.2f}x)"
    )


async def tenant(url: str, operator_token: str) -> tuple[str, str]:
    async with AsyncGoLiveAdmin(operator_token, url) as admin:
        creds = await admin.tenants.create("Bench", id="bench")
    async with AsyncGoLive(creds.api_key, creds.api_secret, url) as gl:
        await gl.rooms.ensure(ROOM)
    return creds.api_key, creds.api_secret


def run_sync(url: str, key: str, secret: str, n: int, rounds: int) -> str:
    mint_url = f"{url}/api/v1/rooms/{ROOM}/tokens"
    with httpx.Client(auth=(key, secret)) as raw, GoLive(key, secret, url) as gl:

        def raw_mint() -> object:
            response = raw.post(mint_url, json=BODY)
            response.raise_for_status()
            return response.json()["token"]

        def sdk_mint() -> object:
            return gl.tokens.create(ROOM, identity="bench-user").token

        sync_rate(raw_mint, 100)  # warm both pools and the server's caches
        sync_rate(sdk_mint, 100)
        raws, sdks = [], []
        for _ in range(rounds):
            raws.append(sync_rate(raw_mint, n))
            sdks.append(sync_rate(sdk_mint, n))
    return report(f"sync, 1 connection, {rounds} rounds x {n}", raws, sdks)


async def run_async(url: str, key: str, secret: str, n: int, rounds: int, conc: int) -> str:
    mint_url = f"{url}/api/v1/rooms/{ROOM}/tokens"
    async with httpx.AsyncClient(auth=(key, secret)) as raw, AsyncGoLive(key, secret, url) as gl:

        async def raw_mint() -> object:
            response = await raw.post(mint_url, json=BODY)
            response.raise_for_status()
            return response.json()["token"]

        async def sdk_mint() -> object:
            return (await gl.tokens.create(ROOM, identity="bench-user")).token

        await async_rate(raw_mint, 100, conc)
        await async_rate(sdk_mint, 100, conc)
        raws, sdks = [], []
        for _ in range(rounds):
            raws.append(await async_rate(raw_mint, n, conc))
            sdks.append(await async_rate(sdk_mint, n, conc))
    return report(f"async, {conc} concurrent tasks, {rounds} rounds x {n}", raws, sdks)


def run_in_process(n: int, rounds: int) -> str:
    """Same comparison over ``httpx.MockTransport``: no server, no network, just client work."""
    payload = {
        "token": "x" * 400,
        "ws_url": "ws://127.0.0.1:7880",
        "room": f"bench__{ROOM}",
        "identity": "bench-user",
        "expires_in": 3600,
    }
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=payload))
    url = "http://golive.invalid"
    with (
        httpx.Client(transport=transport, auth=("k", "s")) as raw,
        httpx.Client(transport=transport) as pool,
        GoLive("k", "s", url, http_client=pool) as gl,
    ):

        def raw_mint() -> object:
            response = raw.post(f"{url}/api/v1/rooms/{ROOM}/tokens", json=BODY)
            response.raise_for_status()
            return response.json()["token"]

        def sdk_mint() -> object:
            return gl.tokens.create(ROOM, identity="bench-user").token

        sync_rate(raw_mint, 200)
        sync_rate(sdk_mint, 200)
        raws, sdks = [], []
        for _ in range(rounds):
            raws.append(sync_rate(raw_mint, n))
            sdks.append(sync_rate(sdk_mint, n))
    return report(f"in-process httpx.MockTransport (no server), {rounds} rounds x {n}", raws, sdks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        start_reference_server(Path(tmp), mode="subprocess", rate_limit_enabled=False) as srv,
    ):
        key, secret = asyncio.run(tenant(srv.url, srv.operator_token))
        print(f"reference server {srv.url} (separate process), POST /api/v1/rooms/{ROOM}/tokens")
        print(run_sync(srv.url, key, secret, args.requests, args.rounds))
        print(
            asyncio.run(
                run_async(srv.url, key, secret, args.requests, args.rounds, args.concurrency)
            )
        )
    print(run_in_process(args.requests * 3, args.rounds))


if __name__ == "__main__":
    main()
