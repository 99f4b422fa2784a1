"""Frame pacing on an absolute clock.

Sleeping a fixed period after each frame drifts by the time the frame took to
produce; scheduling tick N at `start + N / fps` does not, which is what keeps a
720p broadcast at 29+ fps instead of ~26.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Pacer:
    def __init__(self, fps: float, clock: Callable[[], float]) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._period = 1.0 / fps
        self._clock = clock
        self._next = clock()
        self.dropped = 0

    async def wait(self) -> None:
        """Sleep until the next tick. When more than a period late, skip the missed ticks
        instead of bursting to catch up (a burst would only queue frames in the encoder)."""
        self._next += self._period
        delay = self._next - self._clock()
        if delay > 0:
            await asyncio.sleep(delay)
        elif delay < -self._period:
            missed = int(-delay / self._period)
            self.dropped += missed
            self._next += missed * self._period

    def reset(self) -> None:
        self._next = self._clock()
