"""Token refresh: proactive, on 401, single-flight, never burning a refresh token."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from streamlink_sdk import (
    APIConnectionError,
    APITimeoutError,
    AsyncStreamLink,
    AuthenticationError,
    MemoryTokenStore,
    SessionExpiredError,
    StreamLink,
    Tokens,
)

from .conftest import BASE, ROOM, USER, call, fail, ok, tokens


class RotatingServer:
    """A refresh endpoint that rotates tokens and records every refresh token it sees."""

    def __init__(self, delay: float = 0.0) -> None:
        self.seen: list[str] = []
        self.lock = threading.Lock()
        self.delay = delay
        self.valid = {"ref-1"}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        token = json.loads(request.content)["refreshToken"]
        with self.lock:
            self.seen.append(token)
            n = len(self.seen)
            if token not in self.valid:
                return httpx.Response(401, json=fail("INVALID_REFRESH_TOKEN", "spent"))
            self.valid.discard(token)
            self.valid.add(f"ref-{n + 1}")
        if self.delay:
            time.sleep(self.delay)
        return httpx.Response(
            200,
            json=ok(
                {
                    "accessToken": f"acc-{n + 1}",
                    "refreshToken": f"ref-{n + 1}",
                    "accessTokenExpiresIn": 900,
                }
            ),
        )


def me_route(api: respx.MockRouter, valid: Callable[[str], bool]) -> respx.Route:
    def handler(request: httpx.Request) -> httpx.Response:
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if valid(bearer):
            return httpx.Response(200, json=ok({"user": USER}))
        return httpx.Response(401, json=fail("TOKEN_EXPIRED", "expired"))

    return api.get("/auth/me").mock(side_effect=handler)


async def test_proactive_refresh_under_sixty_seconds(make: Any, api: respx.MockRouter) -> None:
    server = RotatingServer()
    refresh = api.post("/auth/refresh").mock(side_effect=server)
    me = me_route(api, lambda t: t == "acc-2")
    sl = make(store=MemoryTokenStore(tokens(left=59)))
    await call(sl.auth.me())
    assert refresh.call_count == 1 and me.call_count == 1
    assert sl.tokens.access_token == "acc-2"


async def test_no_refresh_with_time_left(make: Any, api: respx.MockRouter) -> None:
    refresh = api.post("/auth/refresh").mock(side_effect=RotatingServer())
    me_route(api, lambda t: t == "acc-1")
    sl = make(store=MemoryTokenStore(tokens(left=61)))
    await call(sl.auth.me())
    assert refresh.call_count == 0


async def test_401_refreshes_once_then_retries_once(make: Any, api: respx.MockRouter) -> None:
    refresh = api.post("/auth/refresh").mock(side_effect=RotatingServer())
    me = me_route(api, lambda t: t == "acc-2")
    sl = make(store=MemoryTokenStore(tokens(left=600)))  # looks fresh, server disagrees
    user = await call(sl.auth.me())
    assert user.id == "usr_1"
    assert refresh.call_count == 1 and me.call_count == 2


async def test_second_401_is_raised_not_looped(make: Any, api: respx.MockRouter) -> None:
    refresh = api.post("/auth/refresh").mock(side_effect=RotatingServer())
    me = me_route(api, lambda t: False)
    sl = make(store=MemoryTokenStore(tokens(left=600)))
    with pytest.raises(AuthenticationError) as info:
        await call(sl.auth.me())
    assert info.value.code == "TOKEN_EXPIRED"
    assert refresh.call_count == 1 and me.call_count == 2


async def test_rejected_refresh_clears_store_and_raises(make: Any, api: respx.MockRouter) -> None:
    api.post("/auth/refresh").respond(401, json=fail("INVALID_REFRESH_TOKEN", "revoked"))
    me = me_route(api, lambda t: True)
    store = MemoryTokenStore(tokens(left=10))
    sl = make(store=store)
    with pytest.raises(SessionExpiredError) as info:
        await call(sl.auth.me())
    assert "INVALID_REFRESH_TOKEN" in str(info.value) and "sign in again" in str(info.value)
    assert store.load() is None and sl.tokens is None
    assert me.call_count == 0
    with pytest.raises(SessionExpiredError):  # and stays signed out, without a request
        await call(sl.auth.me())
    assert me.call_count == 0


async def test_rotated_tokens_saved_before_retry(make: Any, api: respx.MockRouter) -> None:
    api.post("/auth/refresh").mock(side_effect=RotatingServer())
    store = MemoryTokenStore(tokens(left=600))
    seen_in_store: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        saved = store.load()
        seen_in_store.append(saved.refresh_token if saved else None)
        if request.headers["authorization"] == "Bearer acc-2":
            return httpx.Response(200, json=ok({"user": USER}))
        return httpx.Response(401, json=fail("TOKEN_EXPIRED", "expired"))

    api.get("/auth/me").mock(side_effect=handler)
    await call(make(store=store).auth.me())
    assert seen_in_store == ["ref-1", "ref-2"]


async def test_refresh_network_error_keeps_tokens(make: Any, api: respx.MockRouter) -> None:
    route = api.post("/auth/refresh").mock(side_effect=httpx.ConnectError("down"))
    store = MemoryTokenStore(tokens(left=-5))  # expired: the call cannot go on without it
    sl = make(store=store)
    with pytest.raises(APIConnectionError):
        await call(sl.auth.me())
    assert route.call_count == 1  # a refresh is never retried blindly
    saved = store.load()
    assert saved is not None and saved.refresh_token == "ref-1"
    server = RotatingServer()
    route.side_effect = server
    me_route(api, lambda t: t == "acc-2")
    await call(sl.auth.me())
    assert server.seen == ["ref-1"]


async def test_failed_proactive_refresh_uses_the_still_valid_token(
    make: Any, api: respx.MockRouter
) -> None:
    route = api.post("/auth/refresh").mock(side_effect=httpx.ConnectError("down"))
    me = me_route(api, lambda t: t == "acc-1")
    sl = make(store=MemoryTokenStore(tokens(left=30)))
    assert (await call(sl.auth.me())).id == "usr_1"
    assert route.call_count == 1 and me.call_count == 1
    assert sl.tokens.refresh_token == "ref-1"


async def test_waiters_share_a_timed_out_refresh(api: respx.MockRouter) -> None:
    async def slow_failure(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.2)
        raise httpx.ReadTimeout("stalled")

    route = api.post("/auth/refresh").mock(side_effect=slow_failure)
    async with AsyncStreamLink(BASE, token_store=MemoryTokenStore(tokens(left=-5))) as sl:
        results = await asyncio.gather(*(sl.auth.me() for _ in range(10)), return_exceptions=True)
        assert all(isinstance(r, APITimeoutError) for r in results)
        assert len({id(r) for r in results}) == 10  # each caller gets its own exception
        assert route.call_count == 1
        await asyncio.gather(sl.auth.me(), return_exceptions=True)  # a later call tries again
        assert route.call_count == 2


async def test_refresh_is_retried_on_429_only(
    make: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    server = RotatingServer()
    route = api.post("/auth/refresh").mock(
        side_effect=[
            httpx.Response(
                429, json=fail("RATE_LIMITED", "slow down"), headers={"Retry-After": "1"}
            ),
            server,
        ]
    )
    me_route(api, lambda t: t == "acc-2")
    sl = make(store=MemoryTokenStore(tokens(left=10)))
    await call(sl.auth.me())
    assert route.call_count == 2 and sleeps == [1.0] and server.seen == ["ref-1"]


async def test_token_rotated_by_another_process_is_adopted(
    make: Any, api: respx.MockRouter
) -> None:
    refresh = api.post("/auth/refresh").mock(side_effect=RotatingServer())
    me_route(api, lambda t: t == "acc-other")
    store = MemoryTokenStore(tokens(left=10))
    sl = make(store=store)
    store.save(tokens(access="acc-other", refresh="ref-other", left=900))  # "another process"
    await call(sl.auth.me())
    assert refresh.call_count == 0 and sl.tokens.refresh_token == "ref-other"


async def test_explicit_refresh_returns_new_tokens(make: Any, api: respx.MockRouter) -> None:
    server = RotatingServer()
    api.post("/auth/refresh").mock(side_effect=server)
    sl = make(store=MemoryTokenStore(tokens(left=900)))
    fresh = await call(sl.auth.refresh())
    assert isinstance(fresh, Tokens) and fresh.refresh_token == "ref-2"
    assert server.seen == ["ref-1"]


async def test_not_signed_in_raises_without_request(make: Any, api: respx.MockRouter) -> None:
    with pytest.raises(SessionExpiredError):
        await call(make().rooms.create("x"))
    assert len(api.calls) == 0


async def test_fifty_async_tasks_cause_one_refresh(api: respx.MockRouter) -> None:
    server = RotatingServer()
    api.post("/auth/refresh").mock(side_effect=server)
    rooms = api.get("/rooms/rm_1").mock(
        side_effect=lambda r: httpx.Response(
            200 if r.headers["authorization"] == "Bearer acc-2" else 401,
            json=ok({"room": ROOM})
            if r.headers["authorization"] == "Bearer acc-2"
            else fail("TOKEN_EXPIRED", "x"),
        )
    )
    async with AsyncStreamLink(BASE, token_store=MemoryTokenStore(tokens(left=5))) as sl:
        results = await asyncio.gather(*(sl.rooms.get("rm_1") for _ in range(50)))
    assert len(results) == 50 and all(r.id == "rm_1" for r in results)
    assert server.seen == ["ref-1"]
    assert rooms.call_count == 50


async def test_fifty_tasks_after_401_storm_cause_one_refresh(api: respx.MockRouter) -> None:
    server = RotatingServer()
    api.post("/auth/refresh").mock(side_effect=server)
    me_route(api, lambda t: t == "acc-2")
    async with AsyncStreamLink(BASE, token_store=MemoryTokenStore(tokens(left=600))) as sl:
        await asyncio.gather(*(sl.auth.me() for _ in range(50)))
    assert server.seen == ["ref-1"]


def test_twenty_threads_cause_one_refresh(api: respx.MockRouter) -> None:
    server = RotatingServer(delay=0.05)
    api.post("/auth/refresh").mock(side_effect=server)
    me_route(api, lambda t: t == "acc-2")
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)
    with StreamLink(BASE, token_store=MemoryTokenStore(tokens(left=5))) as sl:

        def work() -> None:
            barrier.wait()
            try:
                sl.auth.me()
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert server.seen == ["ref-1"]


async def test_failed_refresh_in_a_crowd_fails_everyone_once(api: respx.MockRouter) -> None:
    refresh = api.post("/auth/refresh").respond(401, json=fail("INVALID_REFRESH_TOKEN", "no"))
    async with AsyncStreamLink(BASE, token_store=MemoryTokenStore(tokens(left=5))) as sl:
        results = await asyncio.gather(*(sl.auth.me() for _ in range(10)), return_exceptions=True)
    assert all(isinstance(r, SessionExpiredError) for r in results)
    assert refresh.call_count == 1


async def test_cancelled_caller_does_not_lose_rotated_tokens(api: respx.MockRouter) -> None:
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow_refresh(request: httpx.Request) -> httpx.Response:
        started.set()
        await release.wait()
        return httpx.Response(
            200,
            json=ok({"accessToken": "acc-2", "refreshToken": "ref-2", "accessTokenExpiresIn": 900}),
        )

    api.post("/auth/refresh").mock(side_effect=slow_refresh)
    me_route(api, lambda t: t == "acc-2")
    store = MemoryTokenStore(tokens(left=5))
    async with AsyncStreamLink(BASE, token_store=store) as sl:
        task = asyncio.create_task(sl.auth.me())
        await started.wait()
        task.cancel()
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.05)
        saved = store.load()
        assert saved is not None and saved.refresh_token == "ref-2"
        assert (await sl.auth.me()).id == "usr_1"
