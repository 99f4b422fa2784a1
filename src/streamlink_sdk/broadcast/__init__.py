"""Broadcast video into a StreamLink or GoLive room (needs the `rtc` extra).

    from streamlink_sdk.broadcast import Broadcast, TestPattern

    async with Broadcast(lambda: sl.rooms.host_token(room_id), source=TestPattern()) as b:
        await b.run(duration=20)

Importing this module is cheap: `livekit`, `mss` and `av` load only when used.
"""

from .access import Access, AccessProvider, HasUrlAndToken
from .broadcast import Broadcast, Codec
from .errors import (
    BroadcastError,
    BroadcastSourceError,
    MissingDependencyError,
    PublishRefusedError,
)
from .filesource import FileSource
from .frames import FrameSource, PixelFormat, RawFrame
from .pattern import TestPattern
from .screen import ScreenSource
from .stats import BroadcastStats

__all__ = [
    "Access",
    "AccessProvider",
    "Broadcast",
    "BroadcastError",
    "BroadcastSourceError",
    "BroadcastStats",
    "Codec",
    "FileSource",
    "FrameSource",
    "HasUrlAndToken",
    "MissingDependencyError",
    "PixelFormat",
    "PublishRefusedError",
    "RawFrame",
    "ScreenSource",
    "TestPattern",
]
