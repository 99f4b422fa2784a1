"""Broadcast reconnects with a fresh token after being kicked, and ends with its room."""

from __future__ import annotations

import asyncio

from livekit import api
from lk_env import LiveKitServer
from lk_media import Viewer, mint_token, room_service

from streamlink_sdk.broadcast import Broadcast, TestPattern

SIZE = (640, 360)


async def test_reconnects_with_a_fresh_token_after_being_removed(
    livekit_server: LiveKitServer, room_name: str
) -> None:
    url = livekit_server.url
    issued: list[str] = []

    async def provider() -> tuple[str, str]:
        token = mint_token(room_name, "host")
        issued.append(token)
        return url, token

    async with (
        Viewer(url, mint_token(room_name, "viewer", can_publish=False)) as viewer,
        Broadcast(provider, source=TestPattern(*SIZE), fps=30) as b,
    ):
        assert await viewer.wait_frames(30, SIZE) >= 30
        async with room_service(livekit_server.http_url) as lk:
            await lk.room.remove_participant(
                api.RoomParticipantIdentity(room=room_name, identity="host")
            )
        before = viewer.count(SIZE)
        # The broadcaster notices, fetches a new token and publishes again.
        got = await viewer.wait_frames(before + 30, SIZE, within=20)
        assert got >= before + 30, f"only {got - before} frames after the kick"
        stats = b.stats
        assert stats.reconnects == 1
        assert stats.connected
        assert b.end_reason is None
    assert len(issued) == 2


async def test_ends_when_the_room_is_deleted(
    livekit_server: LiveKitServer, room_name: str
) -> None:
    url = livekit_server.url
    calls = 0

    def provider() -> tuple[str, str]:  # a sync provider works too
        nonlocal calls
        calls += 1
        return url, mint_token(room_name, "host")

    async with (
        Viewer(url, mint_token(room_name, "viewer", can_publish=False)) as viewer,
        Broadcast(provider, source=TestPattern(*SIZE)) as b,
    ):
        assert await viewer.wait_frames(10, SIZE) >= 10
        async with room_service(livekit_server.http_url) as lk:
            await lk.room.delete_room(api.DeleteRoomRequest(room=room_name))
        stats = await asyncio.wait_for(b.run(), 10)  # returns by itself: the room is gone
        assert b.end_reason == "room_deleted"
        assert not stats.connected
        await asyncio.wait_for(viewer.disconnected.wait(), 10)
        assert viewer.disconnect_reason == "ROOM_DELETED"
    assert calls == 1  # no reconnect attempt into a deleted room
