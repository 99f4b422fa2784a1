"""Test-side LiveKit participants: tokens minted directly, and a frame-counting viewer."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import time
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from livekit import api, rtc
from lk_env import DEV_KEY, DEV_SECRET


def mint_token(
    room: str,
    identity: str,
    *,
    can_publish: bool = True,
    can_subscribe: bool = True,
    ttl: datetime.timedelta = datetime.timedelta(minutes=10),
    key: str = DEV_KEY,
    secret: str = DEV_SECRET,
) -> str:
    grants = api.VideoGrants(
        room_join=True, room=room, can_publish=can_publish, can_subscribe=can_subscribe
    )
    token = api.AccessToken(key, secret).with_identity(identity).with_grants(grants).with_ttl(ttl)
    with warnings.catch_warnings():
        # `--dev` uses the 6-byte secret "secret"; PyJWT warns about its length.
        warnings.simplefilter("ignore")
        return token.to_jwt()


@dataclass
class Viewer:
    """A subscribe-side participant that records every decoded video frame's size."""

    url: str
    token: str
    room: rtc.Room = field(default_factory=rtc.Room)
    sizes: list[tuple[int, int]] = field(default_factory=list)
    first_frame_at: float | None = None
    disconnect_reason: str | None = None
    disconnected: asyncio.Event = field(default_factory=asyncio.Event)
    _new_frame: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def __aenter__(self) -> Viewer:
        self.room.on("track_subscribed", self._on_track)
        self.room.on("disconnected", self._on_disconnected)
        await self.room.connect(self.url, self.token)
        # Tracks published before we joined arrive through track_subscribed as well.
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        with contextlib.suppress(Exception):
            await self.room.disconnect()

    def _on_track(self, track: Any, publication: Any, participant: Any) -> None:
        if track.kind == rtc.TrackKind.KIND_VIDEO:
            self._tasks.append(asyncio.ensure_future(self._read(rtc.VideoStream(track))))

    def _on_disconnected(self, reason: int) -> None:
        self.disconnect_reason = rtc.DisconnectReason.Name(reason)
        self.disconnected.set()

    async def _read(self, stream: rtc.VideoStream) -> None:
        try:
            async for event in stream:
                if self.first_frame_at is None:
                    self.first_frame_at = time.monotonic()
                self.sizes.append((event.frame.width, event.frame.height))
                self._new_frame.set()
        finally:
            await stream.aclose()

    def count(self, size: tuple[int, int]) -> int:
        return sum(1 for s in self.sizes if s == size)

    async def wait_frames(self, n: int, size: tuple[int, int], within: float = 20) -> int:
        """Wait until `n` frames of `size` arrived; return how many did (may be fewer)."""
        deadline = time.monotonic() + within
        while self.count(size) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._new_frame.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_frame.wait(), left)
        return self.count(size)

    def identities(self) -> set[str]:
        return set(self.room.remote_participants)


@contextlib.asynccontextmanager
async def room_service(url: str) -> AsyncIterator[api.LiveKitAPI]:
    """LiveKit's server API (RoomService etc.) for the dev keys; `url` is the http:// URL."""
    lkapi = api.LiveKitAPI(url, DEV_KEY, DEV_SECRET)
    try:
        yield lkapi
    finally:
        await lkapi.aclose()


def claims(token: str) -> dict[str, Any]:
    """The claims of a LiveKit JWT, signature checked against the dev secret."""
    import jwt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # short dev secret
        return dict(
            jwt.decode(token, DEV_SECRET, algorithms=["HS256"], options={"verify_aud": False})
        )
