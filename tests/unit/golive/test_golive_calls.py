"""Every GoLive tenant method, sync and async, against respx-mocked HTTP."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
import respx

from golive_sdk import ConflictError, NotFoundError, Room, RoomToken, Tenant

from .conftest import API_KEY, API_SECRET, ROOM, TENANT, TOKEN, call, error


def _body(route: respx.Route, index: int = -1) -> Any:
    return json.loads(route.calls[index].request.content)


def _basic(request: httpx.Request) -> str:
    scheme, _, value = request.headers["authorization"].partition(" ")
    assert scheme == "Basic"
    return base64.b64decode(value).decode()


async def test_create_room_sends_basic_auth_and_body(gl: Any, api: respx.MockRouter) -> None:
    route = api.post("/api/v1/rooms").respond(201, json=ROOM)
    room = await call(gl.rooms.create("team-standup", max_participants=25))
    assert isinstance(room, Room)
    assert room.name == "team-standup"
    assert room.livekit_room == "acme__team-standup"
    assert room.max_participants == 25
    assert room.created_at is not None and room.created_at.year == 2026
    assert _body(route) == {"name": "team-standup", "max_participants": 25}
    request = route.calls.last.request
    assert _basic(request) == f"{API_KEY}:{API_SECRET}"
    assert request.headers["accept"] == "application/json"


async def test_create_room_omits_unset_max_participants(gl: Any, api: respx.MockRouter) -> None:
    route = api.post("/api/v1/rooms").respond(201, json={**ROOM, "max_participants": None})
    room = await call(gl.rooms.create("team-standup"))
    assert _body(route) == {"name": "team-standup"}
    assert room.max_participants is None


async def test_create_existing_room_is_a_conflict(gl: Any, api: respx.MockRouter) -> None:
    route = api.post("/api/v1/rooms").respond(409, json=error("ROOM_EXISTS", "room exists"))
    with pytest.raises(ConflictError) as info:
        await call(gl.rooms.create("team-standup"))
    assert info.value.status == 409
    assert info.value.code == "ROOM_EXISTS"
    assert route.call_count == 1  # creating is not safe to repeat


async def test_ensure_creates_when_missing(gl: Any, api: respx.MockRouter) -> None:
    create = api.post("/api/v1/rooms").respond(201, json=ROOM)
    get = api.get("/api/v1/rooms/team-standup").respond(200, json=ROOM)
    room = await call(gl.rooms.ensure("team-standup", max_participants=25))
    assert room.name == "team-standup"
    assert create.call_count == 1
    assert get.call_count == 0
    assert _body(create) == {"name": "team-standup", "max_participants": 25}


async def test_ensure_returns_existing_room_on_409(gl: Any, api: respx.MockRouter) -> None:
    existing = {**ROOM, "max_participants": 10}
    api.post("/api/v1/rooms").respond(409, json=error("ROOM_EXISTS", "room exists"))
    get = api.get("/api/v1/rooms/team-standup").respond(200, json=existing)
    room = await call(gl.rooms.ensure("team-standup", max_participants=25))
    assert room.max_participants == 10  # the existing room, unchanged
    assert get.call_count == 1


async def test_ensure_survives_a_delete_between_create_and_get(
    gl: Any, api: respx.MockRouter
) -> None:
    create = api.post("/api/v1/rooms").mock(
        side_effect=[
            httpx.Response(409, json=error("ROOM_EXISTS", "room exists")),
            httpx.Response(201, json=ROOM),
        ]
    )
    api.get("/api/v1/rooms/team-standup").respond(404, json=error("NOT_FOUND", "no room"))
    room = await call(gl.rooms.ensure("team-standup"))
    assert room.name == "team-standup"
    assert create.call_count == 2


async def test_ensure_gives_up_after_two_rounds(gl: Any, api: respx.MockRouter) -> None:
    create = api.post("/api/v1/rooms").respond(409, json=error("ROOM_EXISTS", "room exists"))
    api.get("/api/v1/rooms/team-standup").respond(404, json=error("NOT_FOUND", "no room"))
    with pytest.raises(NotFoundError):
        await call(gl.rooms.ensure("team-standup"))
    assert create.call_count == 2


async def test_list_rooms(gl: Any, api: respx.MockRouter) -> None:
    other = {**ROOM, "name": "b", "livekit_room": "acme__b", "max_participants": None}
    api.get("/api/v1/rooms").respond(200, json={"rooms": [ROOM, other]})
    rooms = await call(gl.rooms.list())
    assert [r.name for r in rooms] == ["team-standup", "b"]
    assert all(isinstance(r, Room) for r in rooms)


async def test_list_rooms_empty(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/rooms").respond(200, json={"rooms": []})
    assert await call(gl.rooms.list()) == []


async def test_get_room(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/rooms/team-standup").respond(200, json=ROOM)
    room = await call(gl.rooms.get("team-standup"))
    assert room.livekit_room == "acme__team-standup"


async def test_get_missing_room_has_no_mint_hint(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/rooms/nope").respond(404, json=error("NOT_FOUND", "room not found"))
    with pytest.raises(NotFoundError) as info:
        await call(gl.rooms.get("nope"))
    assert info.value.hint is None
    assert info.value.message == "room not found"


async def test_delete_room(gl: Any, api: respx.MockRouter) -> None:
    route = api.delete("/api/v1/rooms/team-standup").respond(204)
    assert await call(gl.rooms.delete("team-standup")) is None
    assert route.call_count == 1


async def test_mint_token_defaults(gl: Any, api: respx.MockRouter) -> None:
    route = api.post("/api/v1/rooms/team-standup/tokens").respond(200, json=TOKEN)
    token = await call(gl.tokens.create("team-standup", identity="user-123"))
    assert isinstance(token, RoomToken)
    assert token.token == TOKEN["token"]
    assert token.ws_url == "wss://lk.golive.test"
    assert token.room == "acme__team-standup"
    assert token.identity == "user-123"
    assert token.expires_in == 3600
    assert _body(route) == {
        "identity": "user-123",
        "can_publish": True,
        "can_subscribe": True,
        "can_publish_data": True,
        "ttl_seconds": 3600,
    }


async def test_mint_token_all_options(gl: Any, api: respx.MockRouter) -> None:
    route = api.post("/api/v1/rooms/team-standup/tokens").respond(200, json=TOKEN)
    await call(
        gl.tokens.create(
            "team-standup",
            identity="viewer-9",
            name="Jane Doe",
            can_publish=False,
            can_subscribe=True,
            can_publish_data=False,
            ttl_seconds=60,
        )
    )
    assert _body(route) == {
        "identity": "viewer-9",
        "name": "Jane Doe",
        "can_publish": False,
        "can_subscribe": True,
        "can_publish_data": False,
        "ttl_seconds": 60,
    }


async def test_token_is_hidden_from_repr(gl: Any, api: respx.MockRouter) -> None:
    api.post("/api/v1/rooms/team-standup/tokens").respond(200, json=TOKEN)
    token = await call(gl.tokens.create("team-standup", identity="user-123"))
    assert "LK-TOKEN-SECRET" not in repr(token)
    assert "LK-TOKEN-SECRET" not in str(token)
    assert "user-123" in repr(token)


async def test_me(gl: Any, api: respx.MockRouter) -> None:
    api.get("/api/v1/me").respond(200, json={**TENANT, "plan": "pro"})
    tenant = await call(gl.me())
    assert isinstance(tenant, Tenant)
    assert (tenant.id, tenant.api_key, tenant.active) == ("acme", API_KEY, True)


async def test_rate_limit_headers_are_exposed(gl: Any, api: respx.MockRouter) -> None:
    assert gl.rate_limit is None
    api.get("/api/v1/me").respond(
        200,
        json=TENANT,
        headers={"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299"},
    )
    await call(gl.me())
    assert gl.rate_limit.limit == 300
    assert gl.rate_limit.remaining == 299


async def test_base_url_trailing_slash(make: Any, api: respx.MockRouter) -> None:
    client = make(base_url="https://golive.test/")
    api.get("/api/v1/me").respond(200, json=TENANT)
    await call(client.me())
    assert str(api.calls.last.request.url) == "https://golive.test/api/v1/me"
