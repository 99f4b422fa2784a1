"""What ``slctl broadcast`` shows: the live status on stderr and the final result.

Kept apart from the command so it can be tested without LiveKit: it only reads
:class:`streamlink_sdk.broadcast.BroadcastStats`-shaped snapshots.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from streamlink_sdk.broadcast import BroadcastStats

TTY_INTERVAL = 1.0
"""Seconds between refreshes of the status line on a terminal."""
PLAIN_INTERVAL = 5.0
"""Seconds between status lines when stderr is a pipe or a file."""


def is_tty(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def clock(seconds: float) -> str:
    """``mm:ss``, or ``h:mm:ss`` from one hour on."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def bitrate(bps: float | None) -> str:
    """``2.41 Mbit/s``, ``850 kbit/s``, or ``-`` before the first measurement."""
    if bps is None:
        return "-"
    if bps >= 1_000_000:
        return f"{bps / 1_000_000:.2f} Mbit/s"
    return f"{bps / 1000:.0f} kbit/s"


def status_text(stats: BroadcastStats) -> str:
    """One status line: elapsed, fps sent, bitrate, viewers, reconnects."""
    state = "live" if stats.connected else "reconnecting"
    viewers = "viewer" if stats.viewers == 1 else "viewers"
    return (
        f"{state} {clock(stats.elapsed)}  {stats.fps:4.1f} fps  {bitrate(stats.bitrate_bps)}  "
        f"{stats.viewers} {viewers}  {stats.reconnects} reconnects  {stats.frames_sent} frames"
    )


class StatusReporter:
    """Shows progress on stderr while a broadcast runs.

    On a terminal: one line rewritten in place every second and erased at the end.
    Otherwise: a plain line every five seconds, unless ``quiet`` (``--json``), which then
    prints nothing at all.
    """

    def __init__(self, *, quiet: bool, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self.tty = is_tty(self._stream)
        self.enabled = self.tty or not quiet
        self.interval = TTY_INTERVAL if self.tty else PLAIN_INTERVAL
        self._last_plain: float | None = None
        self._shown = False

    def update(self, stats: BroadcastStats, now: float | None = None) -> None:
        """Show ``stats`` (on a pipe: only when ``interval`` passed since the last line)."""
        if not self.enabled:
            return
        text = status_text(stats)
        if self.tty:
            self._stream.write("\r\x1b[2K" + text)
            self._shown = True
        else:
            now = time.monotonic() if now is None else now
            if self._last_plain is not None and now - self._last_plain < self.interval - 0.05:
                return
            self._last_plain = now
            self._stream.write(text + "\n")
        self._stream.flush()

    def note(self, message: str) -> None:
        """A line of its own (e.g. a reconnect), without garbling the status line."""
        self.clear()
        self._stream.write(message + "\n")
        self._stream.flush()

    def clear(self) -> None:
        """Erase the status line on a terminal (before anything else is printed)."""
        if self._shown:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()
            self._shown = False


@dataclass(frozen=True)
class BroadcastResult:
    """What ``slctl broadcast`` prints when it is done."""

    room_id: str
    join_url: str | None
    room_created: bool
    source: str
    width: int
    height: int
    frames_sent: int
    frames_dropped: int
    duration: float
    average_fps: float
    bytes_sent: int | None
    reconnects: int
    end_reason: str
    """``stopped`` (Ctrl-C/SIGTERM), ``duration``, ``room_deleted``, ``source_ended``..."""
    ended: bool
    """True when the room is ended now (``--end-on-exit``, or ended elsewhere)."""

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` document (snake_case keys)."""
        return {
            "room_id": self.room_id,
            "join_url": self.join_url,
            "room_created": self.room_created,
            "source": self.source,
            "width": self.width,
            "height": self.height,
            "frames_sent": self.frames_sent,
            "frames_dropped": self.frames_dropped,
            "duration": round(self.duration, 3),
            "average_fps": round(self.average_fps, 2),
            "bytes_sent": self.bytes_sent,
            "reconnects": self.reconnects,
            "end_reason": self.end_reason,
            "ended": self.ended,
        }

    def fields(self) -> dict[str, str | int | float | bool | None]:
        """``key: value`` pairs for the human-readable result."""
        return {
            "room_id": self.room_id,
            "join_url": self.join_url,
            "source": f"{self.source} {self.width}x{self.height}",
            "frames_sent": self.frames_sent,
            "duration": f"{self.duration:.1f}s",
            "average_fps": f"{self.average_fps:.1f}",
            "reconnects": self.reconnects,
            "end_reason": self.end_reason,
            "room_ended": self.ended,
        }
