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
            got = await viewer.wait_frames(30, SIZE, timeout=20)
            stats = b.stats
        assert got >= 30, f"viewer got {got} frames of {SIZE}; sizes seen: {set(viewer.sizes)}"
        assert viewer.first_frame_at is not None
        assert viewer.first_frame_at - started < 10
        assert stats.frames_sent >= 30
        assert stats.viewers == 1
        assert stats.reconnects == 0
