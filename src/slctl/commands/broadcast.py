"""``slctl broadcast``: publish the screen, a test pattern or a video file into a room.

Everything the command is given is checked before the first network request; the media
libraries (``livekit``, ``mss``, ``av``, ``numpy``) are imported only when the command
runs, so ``slctl --help`` stays fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from slctl.cli.clients import streamlink
from slctl.cli.errors import CliError
from slctl.cli.exitcodes import ExitCode
from slctl.cli.options import JsonFlag
from slctl.cli.output import info, output, warn
from slctl.commands.broadcast_view import BroadcastResult, StatusReporter
from slctl.commands.rooms import RoomType

if TYPE_CHECKING:
    from streamlink_sdk import LiveKitAccess, StreamLink
    from streamlink_sdk.broadcast import BroadcastStats, FrameSource, RawFrame

SCREEN = "screen"
TEST_PATTERN = "test-pattern"
DEFAULT_SIZE = (1280, 720)
MIN_SIDE, MAX_SIDE = 16, 7680
MIN_FPS, MAX_FPS = 1, 60
_RESOLUTION = re.compile(r"^\s*(\d+)\s*[xX]\s*(\d+)\s*$")


def register(root: typer.Typer) -> None:
    """Add ``slctl broadcast`` to the root app."""
    root.command("broadcast")(broadcast)


# -- validation (no network, no media libraries) ----------------------------------------


@dataclass(frozen=True)
class Plan:
    """The validated command line."""

    source: str
    """``screen``, ``test-pattern`` or ``file``."""
    path: Path | None
    monitor: int
    fps: int
    size: tuple[int, int] | None
    """``--resolution``; None: the source's own size (test pattern: 1280x720)."""
    duration: float | None


def _usage(message: str) -> CliError:
    return CliError(message, ExitCode.USAGE)


def parse_resolution(text: str) -> tuple[int, int]:
    """``WxH`` with even sides of 16..7680 pixels, or a usage error."""
    match = _RESOLUTION.match(text)
    if match is None:
        raise _usage(f"--resolution must look like 1280x720, not {text!r}")
    width, height = int(match.group(1)), int(match.group(2))
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise _usage(f"--resolution {text}: each side must be {MIN_SIDE}..{MAX_SIDE} pixels")
        if side % 2:
            raise _usage(f"--resolution {text}: width and height must be even numbers")
    return width, height


def make_plan(
    source: str, monitor: int, fps: int, resolution: str | None, duration: float | None
) -> Plan:
    """Check every option; a usage error (exit 2) names the first bad one."""
    if not MIN_FPS <= fps <= MAX_FPS:
        raise _usage(f"--fps must be {MIN_FPS}..{MAX_FPS}, not {fps}")
    if duration is not None and not (math.isfinite(duration) and duration > 0):
        raise _usage(f"--duration must be a positive number of seconds, not {duration:g}")
    if monitor < 1:
        raise _usage(f"--monitor must be 1 or more (1 = first monitor), not {monitor}")
    size = parse_resolution(resolution) if resolution is not None else None
    if source in (SCREEN, TEST_PATTERN):
        return Plan(source, None, monitor, fps, size, duration)
    path = Path(source).expanduser()
    if not path.is_file():
        raise _usage(
            f"--source {source!r}: no such file (use {SCREEN}, {TEST_PATTERN} or a video file)"
        )
    return Plan("file", path, monitor, fps, size, duration)


# -- sources ---------------------------------------------------------------------------


class _Scaled:
    """A 4-byte-per-pixel source (the screen) resized by nearest neighbour with numpy."""

    blocking = True

    def __init__(self, inner: FrameSource, width: int, height: int) -> None:
        import numpy

        self._np = numpy
        self._inner = inner
        self.width, self.height = width, height
        self.is_screencast = inner.is_screencast
        self._key: tuple[int, int] | None = None
        self._rows: numpy.ndarray | None = None
        self._cols: numpy.ndarray | None = None

    def read(self) -> RawFrame | None:
        from streamlink_sdk.broadcast import RawFrame

        frame = self._inner.read()
        if frame is None or (frame.width, frame.height) == (self.width, self.height):
            return frame
        np = self._np
        if self._key != (frame.width, frame.height):
            self._key = (frame.width, frame.height)
            self._rows = np.arange(self.height) * frame.height // self.height
            self._cols = np.arange(self.width) * frame.width // self.width
        assert self._rows is not None and self._cols is not None
        pixels = np.frombuffer(frame.data, dtype=np.uint8).reshape(frame.height, frame.width, 4)
        scaled = pixels[self._rows[:, None], self._cols[None, :]]
        return RawFrame(self.width, self.height, frame.format, scaled.tobytes())

    def close(self) -> None:
        self._inner.close()


def open_source(plan: Plan) -> FrameSource:
    """The frame source the plan asks for; an error (exit 1) when it cannot work here."""
    from streamlink_sdk.broadcast import (
        BroadcastSourceError,
        FileSource,
        MissingDependencyError,
        ScreenSource,
        TestPattern,
    )

    try:
        if plan.source == TEST_PATTERN:
            return TestPattern(*(plan.size or DEFAULT_SIZE))
        if plan.source == "file":
            assert plan.path is not None
            width, height = plan.size or (None, None)
            return FileSource(plan.path, width=width, height=height, loop=True)
        screen = ScreenSource(monitor=plan.monitor)
        if plan.size is None or plan.size == (screen.width, screen.height):
            return screen
        try:
            return _Scaled(screen, *plan.size)
        except ImportError:
            screen.close()
            raise MissingDependencyError("numpy", "Scaling the screen") from None
    except MissingDependencyError as exc:
        raise CliError(str(exc), ExitCode.ERROR) from None
    except BroadcastSourceError as exc:
        raise CliError(f"source unavailable: {exc}", ExitCode.ERROR) from None


def require_livekit() -> None:
    """Fail (exit 1, with the install command) when the LiveKit SDK is missing."""
    from streamlink_sdk.broadcast import MissingDependencyError
    from streamlink_sdk.broadcast._rtc import load_rtc

    try:
        load_rtc()
    except MissingDependencyError as exc:
        raise CliError(str(exc), ExitCode.ERROR) from None


def describe_source(plan: Plan, source: FrameSource) -> str:
    what = {SCREEN: f"screen (monitor {plan.monitor})", TEST_PATTERN: "test pattern"}
    name = what.get(plan.source) or str(plan.path)
    return f"{name} at {source.width}x{source.height}, {plan.fps} fps"


# -- the room --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The room to publish into and the first LiveKit access, when one came with it."""

    room_id: str
    join_url: str | None
    created: bool
    first_access: LiveKitAccess | None


def resolve_room(
    sl: StreamLink, room_id: str | None, name: str | None, room_type: RoomType | None
) -> Target:
    """Create a room (no ROOM_ID) or check that the given one is live."""
    if room_id is None:
        name = name or f"slctl broadcast {datetime.now():%Y-%m-%d %H:%M}"
        created = sl.rooms.create(name, (room_type or RoomType.PUBLIC).value)
        return Target(created.room.id, created.join_url, True, created.livekit)
    room = sl.rooms.get(room_id)
    if room.status != "live":
        raise CliError(
            f"room {room_id} has ended; it cannot be broadcast to again",
            ExitCode.ERROR,
            "run `slctl broadcast` without ROOM_ID to create a new room",
        )
    return Target(room.id, room.join_url, False, None)


def access_provider(sl: StreamLink, target: Target) -> Callable[[], LiveKitAccess]:
    """The first connection uses the token ``rooms.create`` returned (if any); every other
    connection, reconnects included, a fresh ``rooms.host_token``."""
    pending = [target.first_access] if target.first_access is not None else []

    def access() -> LiveKitAccess:
        return pending.pop() if pending else sl.rooms.host_token(target.room_id)

    return access


# -- running ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    stats: BroadcastStats | None
    reason: str
    """``stopped``, ``duration`` or the broadcast's own ``end_reason``."""


class _Signals:
    """SIGINT/SIGTERM ask for a clean stop; a second Ctrl-C gets Python's default back."""

    def __init__(self, loop: asyncio.AbstractEventLoop, reporter: StatusReporter) -> None:
        self.stop = asyncio.Event()
        self._loop = loop
        self._reporter = reporter
        self._installed: list[signal.Signals] = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            # Not possible off the main thread or on Windows: Ctrl-C then stops abruptly.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._received, sig)
                self._installed.append(sig)

    def _received(self, sig: signal.Signals) -> None:
        if self.stop.is_set():
            return
        self.stop.set()
        self._reporter.note(f"{sig.name}: stopping (press Ctrl-C again to force quit)")
        self.remove()

    def remove(self) -> None:
        for sig in self._installed:
            self._loop.remove_signal_handler(sig)
        self._installed = []


async def run_broadcast(
    access: Callable[[], LiveKitAccess],
    source: FrameSource,
    plan: Plan,
    reporter: StatusReporter,
) -> Outcome:
    """Publish until the duration is over, a signal arrives or the broadcast ends."""
    from streamlink_sdk.broadcast import Broadcast

    signals = _Signals(asyncio.get_running_loop(), reporter)
    b = Broadcast(access, source=source, fps=plan.fps, track_name="slctl-broadcast")
    stopper = asyncio.ensure_future(signals.stop.wait())
    try:
        starting = asyncio.ensure_future(b.start())
        await asyncio.wait({starting, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
            return Outcome(None, "stopped")
        starting.result()
        reporter.update(b.stats)
        running = asyncio.ensure_future(b.run(plan.duration))
        reconnects = 0
        while True:
            done, _ = await asyncio.wait(
                {running, stopper}, timeout=reporter.interval, return_when=asyncio.FIRST_COMPLETED
            )
            stats = b.stats
            if done:
                break
            if stats.reconnects > reconnects:
                reconnects = stats.reconnects
                reporter.note(f"reconnected ({reconnects} so far)")
            reporter.update(stats)
        if running.done():
            running.result()  # raises what ended the broadcast, if anything did
            return Outcome(stats, b.end_reason or "duration")
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        return Outcome(stats, "stopped")
    finally:
        stopper.cancel()
        reporter.clear()
        await b.stop()
        signals.remove()


def _run(
    access: Callable[[], LiveKitAccess], source: FrameSource, plan: Plan, reporter: StatusReporter
) -> Outcome:
    from streamlink_sdk.broadcast import BroadcastError

    try:
        return asyncio.run(run_broadcast(access, source, plan, reporter))
    except BroadcastError as exc:  # refused publish, connect failed, reconnects kept failing
        raise CliError(f"broadcast failed: {exc}", ExitCode.ERROR) from None


def _end_quietly(sl: StreamLink, room_id: str) -> None:
    """End the room while another error is on its way out; only warn if that fails too."""
    try:
        sl.rooms.end(room_id)
    except Exception as exc:
        warn(f"could not end room {room_id}: {exc}")
    else:
        info(f"Room {room_id} ended.")


# -- the command -----------------------------------------------------------------------


def broadcast(
    room_id: Annotated[
        str | None,
        typer.Argument(
            help="Room to publish into (yours); default: create one.", show_default=False
        ),
    ] = None,
    source: Annotated[
        str,
        typer.Option(
            "--source", "-s", help="screen, test-pattern, or the path of a video file (looped)."
        ),
    ] = SCREEN,
    monitor: Annotated[
        int, typer.Option("--monitor", "-m", help="Monitor for --source screen (1 = first).")
    ] = 1,
    fps: Annotated[int, typer.Option("--fps", help="Frames per second, 1..60.")] = 30,
    resolution: Annotated[
        str | None,
        typer.Option(
            "--resolution",
            "-r",
            help="WxH, even sides of 16..7680 (default: 1280x720 for the test pattern; "
            "the screen and files keep their own size).",
            show_default=False,
        ),
    ] = None,
    duration: Annotated[
        float | None,
        typer.Option("--duration", "-d", help="Stop after this many seconds (default: Ctrl-C)."),
    ] = None,
    end_on_exit: Annotated[
        bool,
        typer.Option(
            "--end-on-exit", help="End the room when the broadcast stops, even on errors."
        ),
    ] = False,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="Name of the room to create.", show_default=False),
    ] = None,
    room_type: Annotated[
        RoomType | None,
        typer.Option("--type", "-t", help="Who may join the room to create (default: public)."),
    ] = None,
    json_flag: JsonFlag = False,
) -> None:
    """Broadcast the screen, a test pattern or a video file into a StreamLink room.

    Runs until Ctrl-C or --duration; prints the join URL first and a summary at the end.
    """
    plan = make_plan(source, monitor, fps, resolution, duration)
    if room_id is not None and (name is not None or room_type is not None):
        raise _usage("--name and --type are for a new room; leave them out with ROOM_ID")
    out = output(json_flag)
    frames = open_source(plan)
    try:
        require_livekit()
        with streamlink() as sl:
            target = resolve_room(sl, room_id, name, room_type)
            try:  # from here on, --end-on-exit covers Ctrl-C and errors too
                info(f"Broadcasting {describe_source(plan, frames)} to room {target.room_id}")
                info(f"Watch at: {target.join_url or '-'}")
                reporter = StatusReporter(quiet=out.json)
                outcome = _run(access_provider(sl, target), frames, plan, reporter)
            except BaseException:
                if end_on_exit:
                    _end_quietly(sl, target.room_id)
                raise
            ended = outcome.reason == "room_deleted"
            if end_on_exit:
                sl.rooms.end(target.room_id)
                info(f"Room {target.room_id} ended.")
                ended = True
            elif not ended:
                info(f"Room {target.room_id} is still live; end it with `slctl rooms end "
                     f"{target.room_id}`")  # fmt: skip
    finally:
        frames.close()
    stats = outcome.stats
    result = BroadcastResult(
        room_id=target.room_id,
        join_url=target.join_url,
        room_created=target.created,
        source=plan.source,
        width=frames.width,
        height=frames.height,
        frames_sent=stats.frames_sent if stats else 0,
        frames_dropped=stats.frames_dropped if stats else 0,
        duration=stats.elapsed if stats else 0.0,
        average_fps=stats.average_fps if stats else 0.0,
        bytes_sent=stats.bytes_sent if stats else None,
        reconnects=stats.reconnects if stats else 0,
        end_reason=outcome.reason,
        ended=ended,
    )
    if out.json:
        out.print_json(result.as_json())
    else:
        out.fields(result.fields())
    if outcome.reason == "duplicate_identity":
        raise CliError(
            "another connection took over this room's host identity; this broadcast stopped",
            ExitCode.ERROR,
        )
