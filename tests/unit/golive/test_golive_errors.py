"""Error mapping, hints and the retry policy of the GoLive clients (sync and async)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

import golive_sdk
from golive_sdk import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    GoLiveError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from streamlink_sdk._core import errors as core

from .conftest import ROOM, TENANT, TOKEN, call, error, no_sleep_policy

MINT = "/api/v1/rooms/team-standup/tokens"


async def test_400_is_invalid_input_with_server_message(gl: Any, api: respx.MockRouter) -> None:
    api.post("/api/v1/rooms").respond(400, json=error("INVALID_INPUT", "name is too long"))
    with pytest.raises(InvalidInputError) as info:
        await call(gl.rooms.create("team-standup"))
    exc = info.value
    assert (exc.status, exc.code, exc.message) == (400, "INVALID_INPUT", "name is too long")
    assert "HTTP 400" in str(exc)


async def test_401_carries_the_credentials_hint(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/rooms").respond(401, json=error("UNAUTHORIZED", "bad credentials"))
    with pytest.raises(AuthenticationError) as info:
        await call(gl.rooms.list())
    exc = info.value
    assert exc.code == "UNAUTHORIZED"
    assert exc.hint is not None
    assert "api_key/api_secret" in exc.hint
    assert "deactivated" in exc.hint
    assert "GET /api/v1/me" in exc.hint
    assert "hint: " + exc.hint in str(exc)
    assert api.calls.call_count == 1  # a 401 is never retried


async def test_403_carries_the_permission_hint(gl: Any, api: respx.MockRouter) -> None:
    api.post(MINT).respond(403, json=error("FORBIDDEN", "not allowed"))
    with pytest.raises(PermissionDeniedError) as info:
        await call(gl.tokens.create("team-standup", identity="u"))
    hint = info.value.hint or ""
    assert "can_publish=False" in hint
    assert "<tenant>__" in hint
    assert hint in str(info.value)


async def test_404_on_mint_says_create_the_room_first(gl: Any, api: respx.MockRouter) -> None:
    api.post(MINT).respond(404, json=error("NOT_FOUND", "room not found"))
    with pytest.raises(NotFoundError) as info:
        await call(gl.tokens.create("team-standup", identity="u"))
    hint = info.value.hint or ""
    assert "rooms.create" in hint and "rooms.ensure" in hint
    assert "create" in str(info.value)


async def test_409_is_conflict(gl: Any, api: respx.MockRouter) -> None:
    api.post("/api/v1/rooms").respond(409, json=error("ROOM_EXISTS", "exists"))
    with pytest.raises(ConflictError):
        await call(gl.rooms.create("team-standup"))


async def test_429_is_retried_after_retry_after(
    gl: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post("/api/v1/rooms").mock(
        side_effect=[
            httpx.Response(
                429, json=error("RATE_LIMITED", "slow down"), headers={"Retry-After": "2"}
            ),
            httpx.Response(201, json=ROOM),
        ]
    )
    room = await call(gl.rooms.create("team-standup"))  # even a non-idempotent POST
    assert room.name == "team-standup"
    assert route.call_count == 2
    assert sleeps == [2.0]


async def test_429_after_the_last_retry_raises_with_retry_after(
    gl: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get("/api/v1/me").respond(
        429,
        json=error("RATE_LIMITED", "slow down"),
        headers={"Retry-After": "3", "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"},
    )
    with pytest.raises(RateLimitError) as info:
        await call(gl.me())
    exc = info.value
    assert route.call_count == 3  # max_retries=2
    assert sleeps == [3.0, 3.0]
    assert exc.retry_after == 3.0
    assert exc.rate_limit is not None and exc.rate_limit.remaining == 0
    assert gl.rate_limit.remaining == 0


async def test_429_with_no_retries_left(make: Any, api: respx.MockRouter) -> None:
    gl = make(max_retries=0, retry_policy=None)
    api.get("/api/v1/me").respond(
        429, json=error("RATE_LIMITED", "no"), headers={"Retry-After": "7"}
    )
    with pytest.raises(RateLimitError) as info:
        await call(gl.me())
    assert info.value.retry_after == 7.0


@pytest.mark.parametrize(
    ("method", "path", "invoke"),
    [
        ("GET", "/api/v1/rooms", lambda gl: gl.rooms.list()),
        ("GET", "/api/v1/rooms/team-standup", lambda gl: gl.rooms.get("team-standup")),
        ("DELETE", "/api/v1/rooms/team-standup", lambda gl: gl.rooms.delete("team-standup")),
        ("GET", "/api/v1/me", lambda gl: gl.me()),
        ("POST", MINT, lambda gl: gl.tokens.create("team-standup", identity="u")),
    ],
)
async def test_5xx_is_retried_for_safe_calls(
    gl: Any, api: respx.MockRouter, sleeps: list[float], method: str, path: str, invoke: Any
) -> None:
    route = api.route(method=method, path=path).respond(503, json=error("INTERNAL", "down"))
    with pytest.raises(ServerError) as info:
        await call(invoke(gl))
    assert route.call_count == 3
    assert info.value.status == 503
    assert len(sleeps) == 2


async def test_mint_recovers_after_a_5xx(
    gl: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post(MINT).mock(
        side_effect=[httpx.Response(502, text="bad gateway"), httpx.Response(200, json=TOKEN)]
    )
    token = await call(gl.tokens.create("team-standup", identity="user-123"))
    assert token.identity == "user-123"
    assert route.call_count == 2


async def test_5xx_is_not_retried_for_room_create(gl: Any, api: respx.MockRouter) -> None:
    route = api.post("/api/v1/rooms").respond(500, json=error("INTERNAL", "boom"))
    with pytest.raises(ServerError) as info:
        await call(gl.rooms.create("team-standup"))
    assert route.call_count == 1
    assert info.value.code == "INTERNAL"


async def test_connection_errors_are_retried_for_safe_calls(
    gl: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get("/api/v1/me").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=TENANT)]
    )
    assert (await call(gl.me())).id == "acme"
    assert route.call_count == 2


async def test_connection_error_on_create_is_not_retried(gl: Any, api: respx.MockRouter) -> None:
    route = api.post("/api/v1/rooms").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        await call(gl.rooms.create("team-standup"))
    assert route.call_count == 1
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_timeout_is_api_timeout_error(make: Any, api: respx.MockRouter) -> None:
    gl = make(retry_policy=no_sleep_policy(0))
    api.get("/api/v1/me").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        await call(gl.me())


async def test_html_error_page_from_a_proxy(make: Any, api: respx.MockRouter) -> None:
    gl = make(retry_policy=no_sleep_policy(0))
    html = "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
    api.get("/api/v1/rooms").respond(502, text=html, headers={"content-type": "text/html"})
    with pytest.raises(ServerError) as info:
        await call(gl.rooms.list())
    exc = info.value
    assert exc.code == "HTTP_502"
    assert "text/html" in exc.message
    assert "502 Bad Gateway" in exc.message


async def test_empty_error_body(make: Any, api: respx.MockRouter) -> None:
    gl = make(retry_policy=no_sleep_policy(0))
    api.get("/api/v1/me").respond(500)
    with pytest.raises(ServerError) as info:
        await call(gl.me())
    assert info.value.code == "HTTP_500"
    assert "500" in info.value.message


async def test_json_error_of_another_shape(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/rooms/x").respond(404, json={"detail": "Not Found"})
    with pytest.raises(NotFoundError) as info:
        await call(gl.rooms.get("x"))
    assert info.value.code == "HTTP_404"


async def test_non_json_success_body(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/me").respond(200, text="<html>captive portal</html>")
    with pytest.raises(APIStatusError) as info:
        await call(gl.me())
    assert info.value.code == "INVALID_RESPONSE"
    assert isinstance(info.value, GoLiveError)


async def test_success_body_of_the_wrong_shape(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/rooms").respond(200, json={"items": []})
    with pytest.raises(APIStatusError) as info:
        await call(gl.rooms.list())
    assert info.value.code == "INVALID_RESPONSE"


async def test_unknown_status_maps_to_api_status_error(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/me").respond(418, json=error("TEAPOT", "short and stout"))
    with pytest.raises(APIStatusError) as info:
        await call(gl.me())
    assert type(info.value) is golive_sdk.APIStatusError


def test_every_golive_error_is_also_the_core_class() -> None:
    pairs = [
        (golive_sdk.APIConnectionError, core.APIConnectionError),
        (golive_sdk.APITimeoutError, core.APITimeoutError),
        (golive_sdk.APIStatusError, core.APIStatusError),
        (golive_sdk.InvalidInputError, core.InvalidInputError),
        (golive_sdk.AuthenticationError, core.AuthenticationError),
        (golive_sdk.PermissionDeniedError, core.PermissionDeniedError),
        (golive_sdk.NotFoundError, core.NotFoundError),
        (golive_sdk.ConflictError, core.ConflictError),
        (golive_sdk.RateLimitError, core.RateLimitError),
        (golive_sdk.ServerError, core.ServerError),
    ]
    for mine, shared in pairs:
        assert issubclass(mine, shared)
        assert issubclass(mine, GoLiveError)
    assert issubclass(GoLiveError, core.SDKError)
    import streamlink_sdk

    assert not issubclass(GoLiveError, streamlink_sdk.StreamLinkError)
