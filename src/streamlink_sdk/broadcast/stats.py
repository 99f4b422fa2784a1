"""Broadcast statistics: what was sent, how fast, and who is watching."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BroadcastStats:
    """A snapshot; read `Broadcast.stats` again for fresh figures."""

    frames_sent: int
    fps: float
    """Frames handed to the encoder per second over the last couple of seconds."""
    average_fps: float
    """Frames sent divided by the time spent connected and sending."""
    elapsed: float
    bytes_sent: int | None
    """RTP payload bytes sent for video, from WebRTC stats; None until first polled."""
    bitrate_bps: float | None
    """Recent video send rate in bits per second, from WebRTC stats."""
    frames_dropped: int
    """Ticks skipped because reading or sending a frame took longer than a frame period."""
    viewers: int
    """Remote participants currently in the room."""
    reconnects: int
    connected: bool
    width: int
    height: int


class RateMeter:
    """Events per second over a sliding time window."""

    def __init__(self, window: float = 2.0) -> None:
        self._window = window
        self._times: deque[float] = deque()

    def add(self, now: float) -> None:
        self._times.append(now)
        self._trim(now)

    def rate(self, now: float) -> float:
        self._trim(now)
        if len(self._times) < 2:
            return 0.0
        span = max(now - self._times[0], 1e-9)
        return (len(self._times) - 1) / span if span < self._window else len(self._times) / span

    def _trim(self, now: float) -> None:
        while self._times and now - self._times[0] > self._window:
            self._times.popleft()
