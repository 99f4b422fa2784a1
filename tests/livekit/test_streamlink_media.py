"""StreamLink through its SDK and the reference server, with real media on livekit-server."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from livekit import api
from lk_env import LiveKitServer
from lk_media import Viewer, claims, room_service

from streamlink_sdk import AsyncStreamLink, LiveKitAccess, RoomCreated
from streamlink_sdk.broadcast import Broadcast, PublishRefusedError, TestPattern

SIZE = (1280, 720)
_users = itertools.count(1)


@pytest.fixture
async def sl(refserver: Any) -> AsyncIterator[AsyncStreamLink]:
    """A freshly signed-up StreamLink user."""
    async with AsyncStreamLink(base_url=refserver.streamlink_url) as client:
        n = next(_users)
        await client.auth.signup(
            email=f"host{n}@example.com", password="correct horse battery", display_name=f"Host {n}"
        )
        yield client


def host_access(sl: AsyncStreamLink, created: RoomCreated) -> Any:
    """First connection with the token from rooms.create, reconnects with rooms.host_token."""
    first: list[LiveKitAccess] = [created.livekit]

    async def provider() -> LiveKitAccess:
        return first.pop() if first else await sl.rooms.host_token(created.room.id)

    return provider


async def test_host_publishes_and_a_join_token_viewer_receives_until_the_room_ends(
    sl: AsyncStreamLink, livekit_server: LiveKitServer
) -> None:
    created = await sl.rooms.create(name="Media test", type="public")
    assert created.livekit.url == livekit_server.url
    host_grant = claims(created.livekit.token)["video"]
    assert host_grant["canPublish"] is True
    assert host_grant["room"] == created.room.livekit_room

    join = await sl.rooms.join(created.room.id)  # the same call the viewer page makes
    assert claims(join.token)["video"]["room"] == host_grant["room"]

    async with (
        Viewer(join.url, join.token) as viewer,
        Broadcast(host_access(sl, created), source=TestPattern(*SIZE), fps=30) as b,
    ):
        got = await viewer.wait_frames(30, SIZE, within=20)
        assert got >= 30, f"viewer got {got} frames of {SIZE}; sizes: {set(viewer.sizes)}"
        assert b.stats.viewers == 1

        await sl.rooms.end(created.room.id)
        stats = await asyncio.wait_for(b.run(), 10)
        assert b.end_reason == "room_deleted"
        assert not stats.connected
        await asyncio.wait_for(viewer.disconnected.wait(), 10)
        assert viewer.disconnect_reason == "ROOM_DELETED"
    assert (await sl.rooms.get(created.room.id)).status == "ended"


async def test_host_token_reconnects_after_being_removed(
    sl: AsyncStreamLink, livekit_server: LiveKitServer
) -> None:
    created = await sl.rooms.create(name="Reconnect test", type="public")
    lk_room = claims(created.livekit.token)["video"]["room"]
    host_identity = claims(created.livekit.token)["sub"]
    join = await sl.rooms.join(created.room.id)
    async with (
        Viewer(join.url, join.token) as viewer,
        Broadcast(host_access(sl, created), source=TestPattern(640, 360)) as b,
    ):
        assert await viewer.wait_frames(10, (640, 360)) >= 10
        async with room_service(livekit_server.http_url) as lk:
            await lk.room.remove_participant(
                api.RoomParticipantIdentity(room=lk_room, identity=host_identity)
            )
        before = viewer.count((640, 360))
        assert await viewer.wait_frames(before + 20, (640, 360)) >= before + 20
        assert b.stats.reconnects == 1
    await sl.rooms.end(created.room.id)


async def test_viewer_token_cannot_publish(sl: AsyncStreamLink) -> None:
    created = await sl.rooms.create(name="No publish", type="public")
    join = await sl.rooms.join(created.room.id)
    grant = claims(join.token)["video"]
    assert grant.get("canPublish", True) is False
    assert grant.get("canSubscribe", True) is True

    async with Viewer(join.url, (await sl.rooms.join(created.room.id)).token) as watcher:
        with pytest.raises(PublishRefusedError):
            async with Broadcast(lambda: join, source=TestPattern(320, 240)) as b:
                await b.run(duration=3)
        await asyncio.sleep(1)
        assert watcher.sizes == []
    await sl.rooms.end(created.room.id)
