"""GoLive through its SDK and the reference server, with real media on livekit-server."""

from __future__ import annotations

import asyncio
import datetime
import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from lk_env import LiveKitServer
from lk_media import Viewer, claims, mint_token

from golive_sdk import AsyncGoLive, AsyncGoLiveAdmin, NotFoundError, RoomToken
from streamlink_sdk.broadcast import Broadcast, BroadcastError, PublishRefusedError, TestPattern

SIZE = (640, 360)
_tenants = itertools.count(1)


async def _new_tenant(refserver: Any) -> tuple[str, AsyncGoLive]:
    async with AsyncGoLiveAdmin(
        operator_token=refserver.operator_token, base_url=refserver.url
    ) as admin:
        creds = await admin.tenants.create(f"Tenant {next(_tenants)}")
    return creds.tenant.id, AsyncGoLive(
        api_key=creds.api_key, api_secret=creds.api_secret, base_url=refserver.url
    )


@pytest.fixture
async def tenant(refserver: Any) -> AsyncIterator[tuple[str, AsyncGoLive]]:
    tenant_id, client = await _new_tenant(refserver)
    async with client:
        yield tenant_id, client


@pytest.fixture
async def other_tenant(refserver: Any) -> AsyncIterator[tuple[str, AsyncGoLive]]:
    tenant_id, client = await _new_tenant(refserver)
    async with client:
        yield tenant_id, client


def as_access(token: RoomToken) -> tuple[str, str]:
    return token.ws_url, token.token


async def test_two_identities_meet_in_the_tenant_room(
    tenant: tuple[str, AsyncGoLive], livekit_server: LiveKitServer
) -> None:
    tenant_id, gl = tenant
    await gl.rooms.create("standup")

    async def alice() -> tuple[str, str]:
        return as_access(await gl.tokens.create("standup", identity="alice", can_publish=True))

    bob = await gl.tokens.create("standup", identity="bob", can_publish=False)
    assert bob.room == f"{tenant_id}__standup"
    assert bob.ws_url == livekit_server.url
    assert claims(bob.token)["video"]["room"] == bob.room

    async with (
        Viewer(*as_access(bob)) as viewer,
        Broadcast(alice, source=TestPattern(*SIZE)) as b,
    ):
        got = await viewer.wait_frames(30, SIZE, within=20)
        assert got >= 30, f"bob got {got} frames; sizes: {set(viewer.sizes)}"
        assert viewer.identities() == {"alice"}
        assert b.stats.viewers == 1
        assert set(b.room.remote_participants) == {"bob"}


async def test_can_publish_false_token_is_refused(tenant: tuple[str, AsyncGoLive]) -> None:
    _, gl = tenant
    await gl.rooms.create("stage")
    listener = await gl.tokens.create("stage", identity="listener", can_publish=False)
    assert claims(listener.token)["video"].get("canPublish", True) is False
    watcher = await gl.tokens.create("stage", identity="watcher")
    async with Viewer(*as_access(watcher)) as viewer:
        with pytest.raises(PublishRefusedError):
            async with Broadcast(lambda: as_access(listener), source=TestPattern(320, 240)) as b:
                await b.run(duration=3)
        await asyncio.sleep(1)
        assert viewer.sizes == []


async def test_token_lifetime_is_the_requested_ttl_and_expired_tokens_cannot_connect(
    tenant: tuple[str, AsyncGoLive], livekit_server: LiveKitServer
) -> None:
    from livekit import rtc

    _, gl = tenant
    await gl.rooms.create("timed")
    before = int(time.time())
    short = await gl.tokens.create("timed", identity="brief", ttl_seconds=60)
    exp = claims(short.token)["exp"]  # signature verified with the dev secret
    assert short.expires_in == 60
    assert before + 60 - 2 <= exp <= int(time.time()) + 60 + 2

    # Waiting 60 s for it to lapse is too slow: mint an already-expired token for the same
    # LiveKit room with the same key the server uses, and check LiveKit refuses it. LiveKit
    # validates with go-jose's default leeway of one minute, so expire it well before that.
    expired = mint_token(short.room, "brief", ttl=datetime.timedelta(minutes=-5))
    room = rtc.Room()
    with pytest.raises(rtc.ConnectError):
        await room.connect(livekit_server.url, expired)
    with pytest.raises(BroadcastError, match="cannot connect"):
        async with Broadcast(lambda: (livekit_server.url, expired), source=TestPattern(320, 240)):
            pass
    # The server-issued one still works now.
    async with Viewer(*as_access(short)) as viewer:
        assert viewer.room.isconnected()


async def test_tenants_are_isolated(
    tenant: tuple[str, AsyncGoLive], other_tenant: tuple[str, AsyncGoLive]
) -> None:
    a_id, a = tenant
    b_id, b = other_tenant
    await a.rooms.create("x")
    await b.rooms.create("x")  # same name, different tenant: allowed
    await a.rooms.create("only-a")

    a_bob = await a.tokens.create("x", identity="bob", can_publish=False)
    b_eve = await b.tokens.create("x", identity="eve", can_publish=False)
    assert a_bob.room == f"{a_id}__x"
    assert b_eve.room == f"{b_id}__x"
    assert a_bob.room != b_eve.room

    with pytest.raises(NotFoundError) as exc_info:
        await b.tokens.create("only-a", identity="eve")
    assert exc_info.value.status == 404

    async def a_alice() -> tuple[str, str]:
        return as_access(await a.tokens.create("x", identity="alice"))

    async with (
        Viewer(*as_access(a_bob)) as bob,
        Viewer(*as_access(b_eve)) as eve,
        Broadcast(a_alice, source=TestPattern(*SIZE)),
    ):
        assert await bob.wait_frames(30, SIZE) >= 30
        assert bob.identities() == {"alice"}
        assert eve.identities() == set()
        assert eve.sizes == []
