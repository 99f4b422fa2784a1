"""The frame type sources produce and the protocol they implement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

PixelFormat = Literal["I420", "RGBA", "BGRA"]


@dataclass(frozen=True, slots=True)
class RawFrame:
    """One uncompressed picture: tightly packed planes, no row padding."""

    width: int
    height: int
    format: PixelFormat
    data: bytes | bytearray | memoryview


@runtime_checkable
class FrameSource(Protocol):
    """Anything that can hand the broadcaster one frame at a time.

    `read()` may block (screen grabs, decoding); `blocking` tells the broadcaster to
    call it on a worker thread. It returns None when the source has no more frames.
    """

    width: int
    height: int
    is_screencast: bool
    blocking: bool

    def read(self) -> RawFrame | None: ...

    def close(self) -> None: ...
