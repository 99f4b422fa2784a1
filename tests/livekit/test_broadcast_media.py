"""The broadcast API against a real livekit-server, with tokens minted by livekit-api."""

from __future__ import annotations

import asyncio
import time

import pytest
from lk_env import LiveKitServer
from lk_media import Viewer, mint_token

from streamlink_sdk.broadcast import Broadcast, PublishRefusedError, TestPattern

SIZE = (1280, 720)


async def test_test_pattern_reaches_a_viewer_at_full_size(
    livekit_server: LiveKitServer, room_name: str
) -> None:
    url = livekit_server.url
    host = mint_token(room_name, "host")
    async with Viewer(url, mint_token(room_name, "viewer", can_publish=False)) as viewer:
        started = time.monotonic()
        async with Broadcast(lambda: (url, host), source=TestPattern(*SIZE), fps=30) as b:
            got = await viewer.wait_frames(30, SIZE, within=20)
            stats = b.stats
        assert got >= 30, f"viewer got {got} frames of {SIZE}; sizes seen: {set(viewer.sizes)}"
        assert viewer.first_frame_at is not None
        assert viewer.first_frame_at - started < 10
        assert stats.frames_sent >= 30
        assert stats.viewers == 1
        assert stats.reconnects == 0


async def test_subscribe_only_token_cannot_broadcast(
    livekit_server: LiveKitServer, room_name: str
) -> None:
    url = livekit_server.url
    viewer_token = mint_token(room_name, "viewer")
    denied = mint_token(room_name, "not-a-host", can_publish=False)
    async with Viewer(url, viewer_token) as viewer:
        started = time.monotonic()
        with pytest.raises(PublishRefusedError, match="canPublish"):
            async with Broadcast(lambda: (url, denied), source=TestPattern(320, 240)) as b:
                await b.run(duration=3)
        assert time.monotonic() - started < 5  # the permission is checked before publishing
        await asyncio.sleep(1)
        assert viewer.sizes == []


async def test_sfu_never_acknowledges_a_publish_without_can_publish(
    livekit_server: LiveKitServer, room_name: str
) -> None:
    """The SFU itself refuses, independent of Broadcast's up-front permission check."""
    from livekit import rtc

    url = livekit_server.url
    async with Viewer(url, mint_token(room_name, "viewer")) as viewer:
        room = rtc.Room()
        await room.connect(url, mint_token(room_name, "sneaky", can_publish=False))
        try:
            assert room.local_participant.permissions.can_publish is False
            source = rtc.VideoSource(320, 240)
            track = rtc.LocalVideoTrack.create_video_track("sneaky", source)
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(room.local_participant.publish_track(track), 5)
            sneaky = viewer.room.remote_participants.get("sneaky")
            assert sneaky is not None
            assert len(sneaky.track_publications) == 0
        finally:
            await room.disconnect()
    assert viewer.sizes == []
