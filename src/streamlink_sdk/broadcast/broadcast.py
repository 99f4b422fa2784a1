"""`Broadcast`: publish one video source to a LiveKit room, reconnecting with fresh tokens."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType, TracebackType
from typing import Any, Literal

from ._rtc import load_rtc
from .access import AccessProvider, fetch_access
from .errors import BroadcastError, PublishRefusedError
from .frames import FrameSource, RawFrame
from .pacing import Pacer
from .pattern import TestPattern
from .stats import BroadcastStats, RateMeter

log = logging.getLogger("streamlink_sdk.broadcast")

Codec = Literal["vp8", "vp9", "h264", "av1"]

# Disconnect reasons after which coming back would be wrong: the room is gone, someone
# else took over this identity, or we left on purpose.
_FINAL_REASONS = ("ROOM_DELETED", "ROOM_CLOSED", "DUPLICATE_IDENTITY", "CLIENT_INITIATED")


class Broadcast:
    """Publishes `source` as one video track until stopped.

    `access` is called for every connection (the first and each reconnect) and
    returns `(url, token)` or an object with `.url` and `.token`, e.g.
    `lambda: sl.rooms.host_token(room_id)`; it may be sync or async.

        async with Broadcast(access, source=TestPattern(1280, 720), fps=30) as b:
            await b.run(duration=20)
            print(b.stats)
    """

    def __init__(
        self,
        access: AccessProvider,
        source: FrameSource | None = None,
        *,
        fps: float = 30.0,
        codec: Codec = "vp8",
        max_bitrate: int = 3_000_000,
        simulcast: bool = False,
        track_name: str = "broadcast",
        publish_timeout: float = 10.0,
        reconnect: bool = True,
        max_reconnect_attempts: int = 5,
        stats_interval: float = 2.0,
    ) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._access = access
        self._source: FrameSource = source if source is not None else TestPattern()
        self._fps = fps
        self._codec = codec
        self._max_bitrate = max_bitrate
        self._simulcast = simulcast
        self._track_name = track_name
        self._publish_timeout = publish_timeout
        self._reconnect = reconnect
        self._max_reconnect_attempts = max_reconnect_attempts
        self._stats_interval = stats_interval

        self._rtc: ModuleType | None = None
        self._room: Any = None
        self._video: Any = None  # rtc.VideoSource of the current connection
        self._tasks: list[asyncio.Task[None]] = []
        self._executor: ThreadPoolExecutor | None = None
        self._disconnected = asyncio.Event()
        self._disconnect_reason: str | None = None
        self._finished = asyncio.Event()
        self._failure: BaseException | None = None
        self._stopping = False
        self._started = False

        self._frames = 0
        self._meter = RateMeter()
        self._sending_time = 0.0
        self._started_at: float | None = None
        self._pacer: Pacer | None = None
        self._reconnects = 0
        self._bytes_base = 0  # bytes sent on earlier connections
        self._bytes_now: int | None = None
        self._bitrate: float | None = None
        self.end_reason: str | None = None
        """Why the broadcast ended by itself: "room_deleted", "source_ended", "error", ...;
        None while running or after `stop()`."""

    # -- lifecycle -----------------------------------------------------------------

    async def __aenter__(self) -> Broadcast:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Connect, publish the track and start sending frames."""
        if self._started:
            return
        self._rtc = load_rtc()
        self._started = True
        loop = asyncio.get_running_loop()
        if self._source.blocking:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="broadcast-src")
        try:
            await self._connect()
        except BaseException:
            await self.stop()
            raise
        self._started_at = loop.time()
        self._pacer = Pacer(self._fps, loop.time)
        self._tasks = [
            asyncio.create_task(self._pump(), name="broadcast-pump"),
            asyncio.create_task(self._supervise(), name="broadcast-supervisor"),
            asyncio.create_task(self._poll_stats(), name="broadcast-stats"),
        ]

    async def run(self, duration: float | None = None) -> BroadcastStats:
        """Broadcast for `duration` seconds (forever when None) or until the broadcast
        ends by itself (room ended, source exhausted). Raises the error that ended it."""
        await self.start()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._finished.wait(), duration)
        if self._failure is not None:
            raise self._failure
        return self.stats

    async def stop(self) -> None:
        """Stop sending, leave the room and release the source. Safe to call twice."""
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        await self._leave()
        if self._executor is not None:
            # Close on the thread that read: capture handles (mss/X11) belong to their thread.
            executor, self._executor = self._executor, None
            await asyncio.get_running_loop().run_in_executor(executor, self._source.close)
            executor.shutdown(wait=True)
        else:
            self._source.close()
        self._finished.set()

    # -- state ---------------------------------------------------------------------

    @property
    def room(self) -> Any:
        """The current `livekit.rtc.Room`, or None between connections."""
        return self._room

    @property
    def connected(self) -> bool:
        return self._room is not None and bool(self._room.isconnected())

    @property
    def stats(self) -> BroadcastStats:
        now = asyncio.get_running_loop().time() if self._started_at is not None else 0.0
        elapsed = now - self._started_at if self._started_at is not None else 0.0
        bytes_sent = None if self._bytes_now is None else self._bytes_base + self._bytes_now
        return BroadcastStats(
            frames_sent=self._frames,
            fps=self._meter.rate(now),
            average_fps=self._frames / self._sending_time if self._sending_time > 0 else 0.0,
            elapsed=elapsed,
            bytes_sent=bytes_sent,
            bitrate_bps=self._bitrate,
            frames_dropped=self._pacer.dropped if self._pacer else 0,
            viewers=len(self._room.remote_participants) if self.connected else 0,
            reconnects=self._reconnects,
            connected=self.connected,
            width=self._source.width,
            height=self._source.height,
        )

    # -- connection ----------------------------------------------------------------

    async def _connect(self) -> None:
        rtc = self._rtc
        assert rtc is not None
        url, token = await fetch_access(self._access)
        room = rtc.Room()
        room.on("disconnected", lambda reason: self._on_disconnected(room, reason))
        room.on("reconnected", self._on_sdk_reconnected)
        try:
            await room.connect(url, token, rtc.RoomOptions(auto_subscribe=False))
        except rtc.ConnectError as exc:
            raise BroadcastError(f"cannot connect to {url}: {exc.message}") from exc
        try:
            if not room.local_participant.permissions.can_publish:
                raise PublishRefusedError("the token does not grant canPublish in this room")
            video = rtc.VideoSource(
                self._source.width, self._source.height, is_screencast=self._source.is_screencast
            )
            track = rtc.LocalVideoTrack.create_video_track(self._track_name, video)
            await self._publish(room, track)
        except BaseException:
            await room.disconnect()
            raise
        self._room, self._video = room, video
        self._bytes_now = 0 if self._bytes_now is not None else None

    async def _publish(self, room: Any, track: Any) -> None:
        rtc = self._rtc
        assert rtc is not None
        options = rtc.TrackPublishOptions(
            source=(
                rtc.TrackSource.SOURCE_SCREENSHARE
                if self._source.is_screencast
                else rtc.TrackSource.SOURCE_CAMERA
            ),
            simulcast=self._simulcast,
            video_codec=getattr(rtc.VideoCodec, self._codec.upper()),
            video_encoding=rtc.VideoEncoding(
                max_bitrate=self._max_bitrate, max_framerate=self._fps
            ),
        )
        # The SFU does not answer a publish it refuses; the request just never completes.
        try:
            await asyncio.wait_for(
                room.local_participant.publish_track(track, options), self._publish_timeout
            )
        except TimeoutError as exc:
            raise PublishRefusedError(
                f"LiveKit did not accept the track within {self._publish_timeout:g}s; "
                "does the token grant canPublish?"
            ) from exc
        except rtc.PublishTrackError as exc:  # pragma: no cover - rare; depends on the SFU
            raise PublishRefusedError(f"publish refused: {exc}") from exc

    async def _leave(self) -> None:
        room, self._room, self._video = self._room, None, None
        if room is not None:
            with contextlib.suppress(Exception):
                await room.disconnect()

    def _on_disconnected(self, room: Any, reason: int) -> None:
        if room is not self._room or self._stopping:
            return
        rtc = self._rtc
        assert rtc is not None
        self._disconnect_reason = rtc.DisconnectReason.Name(reason)
        self._video = None
        self._disconnected.set()

    def _on_sdk_reconnected(self) -> None:
        self._reconnects += 1  # the rtc SDK recovered a dropped connection by itself

    async def _supervise(self) -> None:
        """Reconnect after a disconnect, with a fresh token, unless it was final."""
        while True:
            await self._disconnected.wait()
            self._disconnected.clear()
            reason = self._disconnect_reason or "UNKNOWN_REASON"
            log.info("broadcast disconnected: %s", reason)
            await self._leave()
            if reason in _FINAL_REASONS or not self._reconnect:
                self._finish(reason.lower())
                return
            try:
                await self._reconnect_with_backoff()
            except Exception as exc:
                self._finish("error", exc)
                return

    async def _reconnect_with_backoff(self) -> None:
        if self._bytes_now is not None:
            self._bytes_base += self._bytes_now
        delay = 0.25
        for attempt in range(1, self._max_reconnect_attempts + 1):
            try:
                await self._connect()
            except PublishRefusedError:
                raise  # a fresh token will not change the grant; do not spin
            except Exception as exc:
                if attempt == self._max_reconnect_attempts:
                    raise BroadcastError(
                        f"could not reconnect after {attempt} attempts: {exc}"
                    ) from exc
                log.warning("reconnect attempt %d failed: %s", attempt, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            else:
                self._reconnects += 1
                log.info("broadcast reconnected (attempt %d)", attempt)
                return

    def _finish(self, reason: str, failure: BaseException | None = None) -> None:
        self.end_reason = reason
        self._failure = failure
        self._finished.set()

    # -- frames --------------------------------------------------------------------

    async def _read(self) -> RawFrame | None:
        if self._executor is None:
            return self._source.read()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._source.read)

    async def _pump(self) -> None:
        rtc = self._rtc
        pacer = self._pacer
        assert rtc is not None and pacer is not None
        buffer_types = {
            "I420": rtc.VideoBufferType.I420,
            "RGBA": rtc.VideoBufferType.RGBA,
            "BGRA": rtc.VideoBufferType.BGRA,
        }
        loop = asyncio.get_running_loop()
        last_sent: float | None = None
        try:
            while True:
                frame = await self._read()
                if frame is None:
                    self._finish("source_ended")
                    return
                video = self._video
                now = loop.time()
                if video is not None:
                    video.capture_frame(
                        rtc.VideoFrame(
                            frame.width, frame.height, buffer_types[frame.format], frame.data
                        )
                    )
                    self._frames += 1
                    self._meter.add(now)
                    if last_sent is not None:
                        self._sending_time += now - last_sent
                last_sent = now if video is not None else None
                await pacer.wait()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._finish("error", exc)

    async def _poll_stats(self) -> None:
        loop = asyncio.get_running_loop()
        prev: tuple[Any, float, int] | None = None  # (room, time, bytes) of the last poll
        while True:
            await asyncio.sleep(self._stats_interval)
            room = self._room
            if room is None or not room.isconnected():
                continue
            try:
                report = await room.get_rtc_stats()
            except Exception as exc:  # best effort: never end a broadcast over stats
                log.debug("rtc stats unavailable: %s", exc)
                continue
            sent = _video_bytes_sent(report.publisher_stats)
            now = loop.time()
            self._bytes_now = sent
            if prev is not None and prev[0] is room and now > prev[1]:
                self._bitrate = (sent - prev[2]) * 8 / (now - prev[1])
            prev = (room, now, sent)


def _video_bytes_sent(stats: list[Any]) -> int:
    total = 0
    for item in stats:
        if item.WhichOneof("stats") == "outbound_rtp" and item.outbound_rtp.stream.kind == "video":
            total += int(item.outbound_rtp.sent.bytes_sent)
    return total
