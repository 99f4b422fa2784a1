"""Both SDKs, sync and async, against a misbehaving server: drops, stalls, 5xx bursts,
429 storms, malformed and truncated bodies. Only the SDK's typed errors may come out,
retries stay within the policy, and the total time stays bounded."""

from __future__ import annotations

from typing import Any

import pytest

from .faultserver import Drop, DropMidHeaders, FaultServer, Reply, Truncated
from .harness import FAST, ROOTS, TIMEOUT, Elapsed, Harness, errors

ATTEMPTS = FAST.max_retries + 1


async def failure(h: Harness, op: str) -> Exception:
    """Run ``op``; it must fail with one of the SDK's typed errors, which is returned."""
    outcome = await h.outcome(h.op(op).invoke)
    assert isinstance(outcome, Exception), f"expected a failure, got {outcome!r}"
    assert isinstance(outcome, ROOTS[h.sdk]), f"untyped error escaped: {outcome!r}"
    return outcome


def exactly(exc: Exception, cls: type) -> None:
    assert type(exc) is cls, f"expected {cls.__name__}, got {type(exc).__name__}: {exc}"


def route(h: Harness, srv: FaultServer, op: str, *actions: Any) -> None:
    o = h.op(op)
    srv.route(o.method, o.path, *actions)


def hits(h: Harness, srv: FaultServer, op: str) -> int:
    o = h.op(op)
    return len(srv.hits(o.method, o.path))


# ---- dropped connections ----


async def test_drops_mid_response_are_retried_for_safe_calls(
    h: Harness, server: FaultServer
) -> None:
    route(h, server, "safe", Drop(), DropMidHeaders(), h.op("safe").ok)
    result = await h.call("safe")
    assert result.name in ("Demo", "demo")
    assert hits(h, server, "safe") == 3


async def test_drops_exhaust_to_connection_error(h: Harness, server: FaultServer) -> None:
    route(h, server, "safe", DropMidHeaders())
    with Elapsed() as t:
        exc = await failure(h, "safe")
    exactly(exc, errors(h.sdk).APIConnectionError)
    assert hits(h, server, "safe") == ATTEMPTS
    assert t.seconds < 2.0


async def test_unsafe_call_is_never_repeated_after_a_drop(h: Harness, server: FaultServer) -> None:
    route(h, server, "unsafe", Drop(), h.op("unsafe").ok)
    exc = await failure(h, "unsafe")
    exactly(exc, errors(h.sdk).APIConnectionError)
    assert hits(h, server, "unsafe") == 1


# ---- slow responses ----


async def test_stall_past_timeout_is_a_timeout_error_in_bounded_time(
    h: Harness, server: FaultServer
) -> None:
    route(h, server, "safe", Reply(200, {}, delay=5.0))
    with Elapsed() as t:
        exc = await failure(h, "safe")
    exactly(exc, errors(h.sdk).APITimeoutError)
    assert hits(h, server, "safe") == ATTEMPTS
    assert ATTEMPTS * TIMEOUT * 0.9 <= t.seconds < ATTEMPTS * TIMEOUT + FAST.max_wait


async def test_unsafe_call_times_out_once(h: Harness, server: FaultServer) -> None:
    route(h, server, "unsafe", Reply(201, {}, delay=5.0))
    with Elapsed() as t:
        exc = await failure(h, "unsafe")
    exactly(exc, errors(h.sdk).APITimeoutError)
    assert hits(h, server, "unsafe") == 1 and t.seconds < TIMEOUT + 1.0


# ---- 5xx bursts ----


async def test_5xx_burst_then_success_for_safe_calls(h: Harness, server: FaultServer) -> None:
    route(
        h,
        server,
        "safe",
        Reply(502, raw=b"bad gateway", headers={"Content-Type": "text/plain"}),
        Reply(503, {}),
        h.op("safe").ok,
    )
    await h.call("safe")
    assert hits(h, server, "safe") == 3


async def test_5xx_burst_longer_than_the_retries(h: Harness, server: FaultServer) -> None:
    route(
        h,
        server,
        "safe",
        Reply(502, {}),
        Reply(503, raw=b"<html>down</html>", headers={"Content-Type": "text/html"}),
    )
    exc = await failure(h, "safe")
    exactly(exc, errors(h.sdk).ServerError)
    assert exc.status == 503 and exc.code == "HTTP_503"  # type: ignore[attr-defined]
    assert "text/html" in exc.message  # type: ignore[attr-defined]
    assert hits(h, server, "safe") == ATTEMPTS


async def test_5xx_on_unsafe_call_is_not_retried(h: Harness, server: FaultServer) -> None:
    route(h, server, "unsafe", Reply(503, {}), h.op("unsafe").ok)
    exc = await failure(h, "unsafe")
    exactly(exc, errors(h.sdk).ServerError)
    assert hits(h, server, "unsafe") == 1


# ---- 429 storms ----


@pytest.mark.parametrize("op", ["safe", "unsafe"])
async def test_429_storm_with_retry_after(h: Harness, server: FaultServer, op: str) -> None:
    route(h, server, op, Reply(429, {}, headers={"Retry-After": "0.1"}))
    with Elapsed() as t:
        exc = await failure(h, op)
    exactly(exc, errors(h.sdk).RateLimitError)
    assert exc.retry_after == pytest.approx(0.1)  # type: ignore[attr-defined]
    assert hits(h, server, op) == ATTEMPTS
    assert 0.2 <= t.seconds < 1.5  # two waits of Retry-After, no more


@pytest.mark.parametrize("op", ["safe", "unsafe"])
async def test_429_storm_without_retry_after(h: Harness, server: FaultServer, op: str) -> None:
    route(h, server, op, Reply(429, raw=b""))
    with Elapsed() as t:
        exc = await failure(h, op)
    exactly(exc, errors(h.sdk).RateLimitError)
    assert exc.retry_after is None  # type: ignore[attr-defined]
    assert hits(h, server, op) == ATTEMPTS
    assert t.seconds < 1.0  # jittered backoff, capped at FAST.backoff_cap


async def test_429_with_reset_header_only(h: Harness, server: FaultServer) -> None:
    route(
        h,
        server,
        "unsafe",
        Reply(429, {}, headers={"X-RateLimit-Reset": "0.05", "X-RateLimit-Remaining": "0"}),
        h.op("unsafe").ok,
    )
    await h.call("unsafe")
    assert hits(h, server, "unsafe") == 2


async def test_429_asking_for_longer_than_the_budget_fails_at_once(
    h: Harness, server: FaultServer
) -> None:
    route(h, server, "safe", Reply(429, {}, headers={"Retry-After": "3600"}))
    with Elapsed() as t:
        exc = await failure(h, "safe")
    exactly(exc, errors(h.sdk).RateLimitError)
    assert exc.retry_after == 3600  # type: ignore[attr-defined]
    assert hits(h, server, "safe") == 1 and t.seconds < 0.5


# ---- malformed and truncated bodies ----


@pytest.mark.parametrize(
    "raw",
    [b'{"ok": tru', b"\xff\xfe\x00garbage", b"null", b"[]", b'"just a string"', b"<html>ok</html>"],
)
async def test_malformed_success_body_is_invalid_response(
    h: Harness, server: FaultServer, raw: bytes
) -> None:
    route(h, server, "safe", Reply(200, raw=raw))
    exc = await failure(h, "safe")
    exactly(exc, errors(h.sdk).APIStatusError)
    assert exc.code == "INVALID_RESPONSE" and exc.status == 200  # type: ignore[attr-defined]
    assert hits(h, server, "safe") == 1


async def test_wrong_shape_success_body_is_invalid_response(
    h: Harness, server: FaultServer
) -> None:
    body = {"ok": True, "data": {"room": {"id": 5}}} if h.sdk == "streamlink" else {"name": 5}
    route(h, server, "safe", Reply(200, body))
    exc = await failure(h, "safe")
    assert exc.code == "INVALID_RESPONSE"  # type: ignore[attr-defined]


async def test_envelope_missing_key_is_invalid_response(server: FaultServer, kind: str) -> None:
    h = Harness("streamlink", kind, server)
    route(h, server, "safe", Reply(200, {"ok": True, "data": {}}))
    try:
        exc = await failure(h, "safe")
    finally:
        await h.close()
    assert exc.code == "INVALID_RESPONSE"  # type: ignore[attr-defined]


async def test_deeply_nested_json_is_invalid_response(h: Harness, server: FaultServer) -> None:
    route(h, server, "safe", Reply(200, raw=b"[" * 200_000 + b"]" * 200_000))
    exc = await failure(h, "safe")
    assert exc.code == "INVALID_RESPONSE"  # type: ignore[attr-defined]


async def test_garbage_with_gzip_encoding_is_a_typed_error(h: Harness, server: FaultServer) -> None:
    route(
        h, server, "safe", Reply(200, raw=b"this is not gzip", headers={"Content-Encoding": "gzip"})
    )
    await failure(h, "safe")


async def test_truncated_body_is_a_connection_error_and_retried(
    h: Harness, server: FaultServer
) -> None:
    route(h, server, "safe", Truncated(200, b'{"ok": true, "da', declared=500))
    exc = await failure(h, "safe")
    exactly(exc, errors(h.sdk).APIConnectionError)
    assert hits(h, server, "safe") == ATTEMPTS


async def test_truncated_then_good_body_recovers(h: Harness, server: FaultServer) -> None:
    route(h, server, "safe", Truncated(200, b'{"name":', declared=4096), h.op("safe").ok)
    await h.call("safe")
    assert hits(h, server, "safe") == 2


async def test_truncated_error_body_on_unsafe_call(h: Harness, server: FaultServer) -> None:
    route(h, server, "unsafe", Truncated(500, b'{"error": {"co', declared=100))
    exc = await failure(h, "unsafe")
    exactly(exc, errors(h.sdk).APIConnectionError)
    assert hits(h, server, "unsafe") == 1


@pytest.mark.parametrize(
    "status,cls",
    [
        (400, "InvalidInputError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (418, "APIStatusError"),
    ],
)
async def test_error_without_envelope_maps_by_status(
    h: Harness, server: FaultServer, status: int, cls: str
) -> None:
    route(h, server, "unsafe", Reply(status, raw=b"nope", headers={"Content-Type": "text/plain"}))
    exc = await failure(h, "unsafe")
    exactly(exc, getattr(errors(h.sdk), cls))
    assert exc.code == f"HTTP_{status}"  # type: ignore[attr-defined]


async def test_golive_401_without_envelope_has_a_hint(
    harness_factory: Any, server: FaultServer
) -> None:
    h = harness_factory("golive")  # a StreamLink 401 refreshes: see test_faults_refresh
    route(h, server, "safe", Reply(401, raw=b""))
    exc = await failure(h, "safe")
    exactly(exc, errors("golive").AuthenticationError)
    assert exc.hint and "/api/v1/me" in exc.hint
    assert hits(h, server, "safe") == 1


@pytest.fixture
def h(harness: Harness) -> Harness:
    return harness
