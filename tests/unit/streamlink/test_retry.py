"""429 backoff, 5xx and connection retries, budgets, and the rate-limit info."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from streamlink_sdk import (
    APIConnectionError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)

from .conftest import ROOM, call, fail, ok

LIMITED = fail("RATE_LIMITED", "too many requests")


def limited(**headers: str) -> httpx.Response:
    return httpx.Response(429, json=LIMITED, headers=headers)


def room_ok() -> httpx.Response:
    return httpx.Response(
        200,
        json=ok({"room": ROOM}),
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "299",
            "X-RateLimit-Reset": str(int(time.time()) + 60),
        },
    )


async def test_429_waits_retry_after_seconds(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get("/rooms/rm_1").mock(side_effect=[limited(**{"Retry-After": "2"}), room_ok()])
    room = await call(signed_in.rooms.get("rm_1"))
    assert room.id == "rm_1" and route.call_count == 2 and sleeps == [2.0]
    assert signed_in.rate_limit.limit == 300 and signed_in.rate_limit.remaining == 299


async def test_429_retry_after_http_date(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    when = format_datetime(datetime.fromtimestamp(time.time() + 5, tz=UTC), usegmt=True)
    api.get("/rooms/rm_1").mock(side_effect=[limited(**{"Retry-After": when}), room_ok()])
    await call(signed_in.rooms.get("rm_1"))
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 5.0


async def test_429_falls_back_to_ratelimit_reset(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    reset = str(int(time.time()) + 4)
    api.get("/rooms/rm_1").mock(
        side_effect=[
            limited(**{"X-RateLimit-Reset": reset}),
            limited(**{"X-RateLimit-Reset": "3"}),
            room_ok(),
        ]
    )
    await call(signed_in.rooms.get("rm_1"))
    assert 2.0 <= sleeps[0] <= 4.0  # epoch form
    assert sleeps[1] == pytest.approx(3.0, abs=0.05)  # delta form


async def test_429_without_hints_uses_full_jitter_backoff(
    make: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    from streamlink_sdk import MemoryTokenStore

    from .conftest import tokens

    policy = RetryPolicy(max_retries=3, backoff_base=1.0, backoff_cap=3.0, rand=lambda: 0.5)
    sl = make(store=MemoryTokenStore(tokens()), retry_policy=policy)
    api.get("/rooms/rm_1").mock(side_effect=[limited(), limited(), limited(), room_ok()])
    await call(sl.rooms.get("rm_1"))
    assert sleeps == [0.5, 1.0, 1.5]  # 0.5 x min(cap, base * 2**attempt)


async def test_final_429_raises_with_rate_limit_info(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    reset = str(int(time.time()) + 30)
    headers = {
        "Retry-After": "1",
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset,
    }
    route = api.post("/rooms").mock(side_effect=lambda r: limited(**headers))
    with pytest.raises(RateLimitError) as info:
        await call(signed_in.rooms.create("Demo"))
    assert route.call_count == 3 and sleeps == [1.0, 1.0]  # max_retries=2, even for a POST
    err = info.value
    assert err.retry_after == 1.0 and err.status == 429 and err.code == "RATE_LIMITED"
    assert err.rate_limit.limit == 10 and err.rate_limit.remaining == 0
    assert err.rate_limit.reset_at == float(reset)


async def test_wait_budget_stops_retries(
    make: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    from streamlink_sdk import MemoryTokenStore

    from .conftest import tokens

    sl = make(
        store=MemoryTokenStore(tokens()), retry_policy=RetryPolicy(max_retries=5, max_wait=10)
    )
    route = api.get("/rooms/rm_1").mock(side_effect=lambda r: limited(**{"Retry-After": "4"}))
    with pytest.raises(RateLimitError) as info:
        await call(sl.rooms.get("rm_1"))
    assert sleeps == [4.0, 4.0] and route.call_count == 3
    assert info.value.retry_after == 4.0


async def test_retry_after_beyond_budget_raises_at_once(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.get("/rooms/rm_1").mock(side_effect=lambda r: limited(**{"Retry-After": "3600"}))
    with pytest.raises(RateLimitError) as info:
        await call(signed_in.rooms.get("rm_1"))
    assert sleeps == [] and info.value.retry_after == 3600.0


async def test_5xx_retried_for_safe_requests(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get("/rooms/rm_1").mock(
        side_effect=[
            httpx.Response(502, text="bad gateway"),
            httpx.Response(503, json=fail("INTERNAL", "x")),
            room_ok(),
        ]
    )
    assert (await call(signed_in.rooms.get("rm_1"))).id == "rm_1"
    assert route.call_count == 3 and len(sleeps) == 2


async def test_5xx_not_retried_for_unsafe_requests(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post("/rooms").respond(503, json=fail("INTERNAL", "x"))
    with pytest.raises(ServerError):
        await call(signed_in.rooms.create("Demo"))
    assert route.call_count == 1 and sleeps == []


async def test_connection_errors_retried_only_when_safe(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    get = api.get("/rooms/rm_1").mock(
        side_effect=[httpx.ConnectError("x"), httpx.ReadError("y"), room_ok()]
    )
    assert (await call(signed_in.rooms.get("rm_1"))).id == "rm_1"
    assert get.call_count == 3
    post = api.post("/rooms").mock(side_effect=httpx.ReadError("reset"))
    with pytest.raises(APIConnectionError):
        await call(signed_in.rooms.create("Demo"))
    assert post.call_count == 1


async def test_connection_errors_exhaust_to_connection_error(
    signed_in: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get("/rooms/rm_1").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        await call(signed_in.rooms.get("rm_1"))
    assert route.call_count == 3 and len(sleeps) == 2
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_policy_is_pure_and_bounded() -> None:
    policy = RetryPolicy(max_retries=2, rand=lambda: 1.0)
    common = {"rate_limit": None, "waited": 0.0, "now": 0.0}
    assert policy.delay(attempt=0, retry_safe=False, status=400, **common) is None
    assert policy.delay(attempt=0, retry_safe=True, status=404, **common) is None
    assert policy.delay(attempt=0, retry_safe=False, status=429, **common) == 0.5
    assert policy.delay(attempt=1, retry_safe=True, status=None, **common) == 1.0
    assert policy.delay(attempt=2, retry_safe=True, status=503, **common) is None
    assert RetryPolicy(backoff_cap=2.0, rand=lambda: 1.0).backoff(10) == 2.0
