"""StreamLink token refresh under faults, sync and async: a refresh that fails on the
network, stalls, or meets a 503 leaves the refresh token usable (the server never answered
for it); tokens expiring in the middle of a storm cause exactly one refresh; a refused
refresh ends the session for everyone with ``SessionExpiredError``."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import streamlink_sdk as sl

from .authority import (
    REFRESH,
    Authority,
    assert_no_spent_token_resent,
    refresh_tokens_sent,
    sl_error,
)
from .faultserver import Drop, FaultServer, Reply, Truncated
from .harness import OPS, TIMEOUT, Elapsed, Harness, fresh_tokens

SAFE = OPS["streamlink"]["safe"]
get_room: Callable[[Any], Any] = SAFE.invoke


@pytest.fixture
def authority(server: FaultServer) -> Authority:
    auth = Authority()
    server.route(SAFE.method, SAFE.path, auth.resource)
    return auth


def expired(h_factory: Callable[..., Harness]) -> Harness:
    """A StreamLink client whose access token has already run out (refresh comes first)."""
    return h_factory("streamlink", tokens=fresh_tokens(left=-5))


@pytest.mark.parametrize(
    "fault,error",
    [
        (Drop(), sl.APIConnectionError),
        (Reply(200, {}, delay=5.0), sl.APITimeoutError),
        (sl_error(503, "UNAVAILABLE"), sl.ServerError),
        (sl_error(500, "INTERNAL"), sl.ServerError),
    ],
    ids=["dropped", "stalled", "503", "500"],
)
async def test_unanswered_refresh_keeps_the_token_usable(
    harness_factory: Callable[..., Harness],
    server: FaultServer,
    authority: Authority,
    fault: Any,
    error: type[Exception],
) -> None:
    server.route(*REFRESH, fault, authority.refresh)
    h = expired(harness_factory)
    with Elapsed() as t:
        first = await h.outcome(get_room)
    assert type(first) is error
    assert t.seconds < TIMEOUT + 1.0
    assert len(server.hits(*REFRESH)) == 1  # a refresh is never retried after this
    stored = h.store.load()
    assert stored is not None and stored.refresh_token == "r1"  # not considered spent
    room = await h.run(get_room)
    assert room.id == "rm_1"
    assert refresh_tokens_sent(server) == ["r1", "r1"]
    assert h.client.tokens.refresh_token == "r2" and h.store.load().refresh_token == "r2"
    assert_no_spent_token_resent(server)


async def test_refresh_with_truncated_answer_is_a_connection_error(
    harness_factory: Callable[..., Harness], server: FaultServer, authority: Authority
) -> None:
    server.route(*REFRESH, Truncated(200, b'{"ok":true,"data":{"accessTok', declared=300))
    h = expired(harness_factory)
    exc = await h.outcome(get_room)
    assert type(exc) is sl.APIConnectionError
    assert h.store.load() is not None and h.store.load().refresh_token == "r1"


async def test_refresh_429_is_retried_within_the_call(
    harness_factory: Callable[..., Harness], server: FaultServer, authority: Authority
) -> None:
    server.route(*REFRESH, Reply(429, {}, headers={"Retry-After": "0.05"}), authority.refresh)
    h = expired(harness_factory)
    assert (await h.run(get_room)).id == "rm_1"
    assert refresh_tokens_sent(server) == ["r1", "r1"]  # a 429 does not spend it
    assert_no_spent_token_resent(server)


async def test_refresh_refused_ends_the_session(
    harness_factory: Callable[..., Harness], server: FaultServer, authority: Authority
) -> None:
    server.route(*REFRESH, sl_error(401, "INVALID_REFRESH_TOKEN"))
    h = expired(harness_factory)
    exc = await h.outcome(get_room)
    assert type(exc) is sl.SessionExpiredError
    assert h.store.load() is None and h.client.tokens is None
    again = await h.outcome(get_room)
    assert type(again) is sl.SessionExpiredError
    assert len(server.hits(*REFRESH)) == 1


async def storm(h: Harness, n: int) -> list[Any]:
    """``n`` concurrent ``rooms.get`` calls; outcomes (results or exceptions) in order."""
    return list(await asyncio.gather(*(h.outcome(get_room) for _ in range(n))))


async def test_tokens_expiring_mid_storm_cause_one_refresh(
    harness_factory: Callable[..., Harness], server: FaultServer
) -> None:
    authority = Authority(refresh_delay=0.1)
    seen = 0

    def resource(request: Any) -> Reply:
        nonlocal seen
        seen += 1
        if seen == 6:
            authority.expire()  # the access token dies while requests are in flight
        return authority.resource(request)

    server.route(SAFE.method, SAFE.path, resource)
    server.route(*REFRESH, authority.refresh)
    h = harness_factory("streamlink")
    with Elapsed() as t:
        outcomes = await storm(h, 30)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert refresh_tokens_sent(server) == ["r1"]
    assert h.client.tokens.access_token == "a2"
    assert t.seconds < 5.0
    assert_no_spent_token_resent(server)


async def test_refused_refresh_mid_storm_fails_everyone_once(
    harness_factory: Callable[..., Harness], server: FaultServer
) -> None:
    server.route(SAFE.method, SAFE.path, sl_error(401, "TOKEN_EXPIRED"))
    server.route(*REFRESH, Reply(401, sl_error(401, "INVALID_REFRESH_TOKEN").body, delay=0.1))
    h = harness_factory("streamlink")
    outcomes = await storm(h, 25)
    assert {type(o) for o in outcomes} == {sl.SessionExpiredError}
    assert len(server.hits(*REFRESH)) == 1
    assert h.store.load() is None


async def test_chaotic_storm_yields_only_typed_outcomes(
    harness_factory: Callable[..., Harness], server: FaultServer
) -> None:
    """Expiry (401), 503s, 429s and dropped connections interleaved across 40 callers,
    and the first refresh attempt dropped."""
    authority = Authority(refresh_delay=0.05)
    count = 0

    def resource(request: Any) -> Any:
        nonlocal count
        count += 1
        if count == 3:
            authority.expire()
        if count % 7 == 0:
            return Reply(503, {})
        if count % 11 == 0:
            return Reply(429, {}, headers={"Retry-After": "0.02"})
        if count % 13 == 0:
            return Drop()
        return authority.resource(request)

    server.route(SAFE.method, SAFE.path, resource)
    server.route(*REFRESH, Drop(), authority.refresh)
    h = harness_factory("streamlink")
    with Elapsed() as t:
        outcomes = await storm(h, 40)
    # One expiry, one good refresh: a second 401 (AuthenticationError) must not happen.
    allowed = (sl.ServerError, sl.RateLimitError, sl.APIConnectionError)
    for outcome in outcomes:
        assert not isinstance(outcome, Exception) or type(outcome) in allowed, repr(outcome)
    kinds = Counter(type(o).__name__ for o in outcomes)
    assert sum(not isinstance(o, Exception) for o in outcomes) >= 20, kinds
    assert t.seconds < 10.0
    assert_no_spent_token_resent(server)


async def test_stalled_refresh_in_a_crowd_is_bounded(
    harness_factory: Callable[..., Harness], server: FaultServer, authority: Authority
) -> None:
    """The callers waiting on a refresh that times out share its timeout instead of each
    waiting it out again: one refresh request, about one timeout in all, typed outcomes."""
    server.route(*REFRESH, Reply(200, {}, delay=5.0))
    h = expired(harness_factory)
    n = 5
    with Elapsed() as t:
        outcomes = await storm(h, n)
    assert {type(o) for o in outcomes} == {sl.APITimeoutError}
    assert len(server.hits(*REFRESH)) == 1
    assert t.seconds < 2 * TIMEOUT + 1.0
    assert set(refresh_tokens_sent(server)) == {"r1"}  # never answered, so never spent
