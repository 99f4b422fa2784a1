"""Every StreamLink operation: request shape and decoded result, sync and async."""

from __future__ import annotations

import json
from typing import Any

import httpx
import respx

from streamlink_sdk import AuthSession, LiveKitAccess, MemoryTokenStore, RoomCreated

from .conftest import ROOM, USER, auth_payload, call, ok, tokens


async def test_signup_sends_camel_case_and_signs_in(make: Any, api: respx.MockRouter) -> None:
    route = api.post("/auth/signup").respond(201, json=auth_payload())
    store = MemoryTokenStore()
    sl = make(store=store)
    session = await call(
        sl.auth.signup(email="ada@example.com", password="correct horse", display_name="Ada")
    )
    assert isinstance(session, AuthSession)
    assert session.user.display_name == "Ada"
    assert json.loads(route.calls.last.request.content) == {
        "email": "ada@example.com",
        "password": "correct horse",
        "displayName": "Ada",
    }
    saved = store.load()
    assert saved is not None and saved.access_token == "acc-1" and saved.refresh_token == "ref-1"
    assert 890 < saved.seconds_left(__import__("time").time()) <= 900


async def test_signin_then_me_uses_bearer(make: Any, api: respx.MockRouter) -> None:
    api.post("/auth/signin").respond(200, json=auth_payload(access="acc-9"))
    me = api.get("/auth/me").respond(200, json=ok({"user": USER}))
    sl = make()
    await call(sl.auth.signin(email="ada@example.com", password="x"))
    user = await call(sl.auth.me())
    assert user.email == "ada@example.com"
    assert me.calls.last.request.headers["authorization"] == "Bearer acc-9"


async def test_rooms_create_get_token_end_join(signed_in: Any, api: respx.MockRouter) -> None:
    created = {
        "room": ROOM,
        "joinUrl": ROOM["joinUrl"],
        "livekit": {"url": "ws://lk.test", "token": "lk-host"},
    }
    create = api.post("/rooms").respond(201, json=ok(created))
    api.get("/rooms/rm_1").respond(200, json=ok({"room": ROOM}))
    api.post("/rooms/rm_1/token").respond(
        200, json=ok({"livekit": {"url": "ws://lk.test", "token": "lk-2"}})
    )
    end = api.post("/rooms/rm_1/end").respond(204)
    join = api.post("/rooms/rm_1/join").respond(
        200, json=ok({"livekit": {"url": "ws://lk.test", "token": "lk-view"}})
    )
    result = await call(signed_in.rooms.create("Demo", type="private"))
    assert isinstance(result, RoomCreated)
    assert result.join_url == ROOM["joinUrl"] and result.livekit.token == "lk-host"
    assert json.loads(create.calls.last.request.content) == {"name": "Demo", "type": "private"}
    room = await call(signed_in.rooms.get("rm_1"))
    assert room.owner_id == "usr_1" and room.created_at is not None
    access = await call(signed_in.rooms.host_token("rm_1"))
    assert isinstance(access, LiveKitAccess) and access.token == "lk-2"
    assert await call(signed_in.rooms.end("rm_1")) is None
    assert end.called
    viewer = await call(signed_in.rooms.join("rm_1", key="k1"))
    assert viewer.token == "lk-view"
    assert json.loads(join.calls.last.request.content) == {"key": "k1"}
    assert "authorization" not in join.calls.last.request.headers


async def test_room_ids_are_path_encoded(signed_in: Any, api: respx.MockRouter) -> None:
    route = api.get(url__regex=r".*/rooms/a%3Fb$").respond(200, json=ok({"room": ROOM}))
    await call(signed_in.rooms.get("a?b"))
    assert route.called


async def test_list_passes_filters_and_iter_follows_cursors(
    signed_in: Any, api: respx.MockRouter, kind: str
) -> None:
    pages = [
        ok({"rooms": [ROOM, {**ROOM, "id": "rm_2"}], "nextCursor": "c2"}),
        ok({"rooms": [{**ROOM, "id": "rm_3"}], "nextCursor": None}),
    ]
    route = api.get("/rooms").mock(side_effect=[httpx.Response(200, json=p) for p in pages])
    page = await call(signed_in.rooms.list(status="live", limit=2))
    assert [r.id for r in page.rooms] == ["rm_1", "rm_2"] and page.next_cursor == "c2"
    assert dict(route.calls.last.request.url.params) == {"status": "live", "limit": "2"}

    route.side_effect = [httpx.Response(200, json=p) for p in pages]
    if kind == "sync":
        ids = [r.id for r in signed_in.rooms.iter(page_size=2)]
    else:
        ids = [r.id async for r in signed_in.rooms.iter(page_size=2)]
    assert ids == ["rm_1", "rm_2", "rm_3"]
    assert route.calls.last.request.url.params["cursor"] == "c2"


async def test_signout_revokes_and_clears(make: Any, api: respx.MockRouter) -> None:
    route = api.post("/auth/signout").respond(204)
    store = MemoryTokenStore(tokens(refresh="ref-out"))
    sl = make(store=store)
    await call(sl.auth.signout())
    assert json.loads(route.calls.last.request.content) == {"refreshToken": "ref-out"}
    assert store.load() is None and sl.tokens is None


async def test_unknown_fields_are_tolerated(signed_in: Any, api: respx.MockRouter) -> None:
    api.get("/rooms/rm_1").respond(200, json=ok({"room": ROOM, "extra": 1}))
    room = await call(signed_in.rooms.get("rm_1"))
    assert room.id == "rm_1" and not hasattr(room, "something_new")


def test_context_managers_close_only_owned_clients() -> None:
    from streamlink_sdk import StreamLink

    with StreamLink("http://x.test/api") as owned:
        pool = owned._http
    assert pool.is_closed
    mine = httpx.Client()
    with StreamLink("http://x.test/api", http_client=mine):
        pass
    assert not mine.is_closed
    mine.close()


async def test_async_context_manager_closes() -> None:
    from streamlink_sdk import AsyncStreamLink

    async with AsyncStreamLink("http://x.test/api") as sl:
        pool = sl._http
    assert pool.is_closed


def test_base_url_from_environment(monkeypatch: Any) -> None:
    from streamlink_sdk import StreamLink

    monkeypatch.setenv("STREAMLINK_BASE_URL", "http://env.test/api/")
    assert StreamLink().base_url == "http://env.test/api"
    monkeypatch.delenv("STREAMLINK_BASE_URL")
    assert StreamLink().base_url == "https://saviourtool.com/api"
