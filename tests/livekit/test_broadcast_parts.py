"""The broadcast building blocks that need no LiveKit: pacing, pattern, access, rate meter."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from streamlink_sdk.broadcast import TestPattern
from streamlink_sdk.broadcast.access import fetch_access
from streamlink_sdk.broadcast.pacing import Pacer
from streamlink_sdk.broadcast.stats import RateMeter


class FakeTime:
    """A clock that only moves when the code under test sleeps or "works"."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += delay


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr("streamlink_sdk.broadcast.pacing.asyncio.sleep", fake.sleep)
    return fake


async def test_pacer_holds_the_rate_when_each_frame_takes_time(fake_time: FakeTime) -> None:
    pacer = Pacer(50, fake_time.clock)
    ticks = 0
    while fake_time.now < 1.0:
        fake_time.now += 0.012  # 12 ms of work in each 20 ms period
        ticks += 1
        await pacer.wait()
    # Sleeping a fixed 20 ms after the work would give 31 ticks; the absolute clock gives 50.
    assert ticks == 50
    assert pacer.dropped == 0
    assert all(d == pytest.approx(0.008) for d in fake_time.sleeps)


async def test_pacer_skips_missed_ticks_instead_of_bursting(fake_time: FakeTime) -> None:
    pacer = Pacer(100, fake_time.clock)
    fake_time.now += 0.105  # a stall of 10.5 periods
    await pacer.wait()
    assert pacer.dropped == 9
    assert fake_time.sleeps == []
    await pacer.wait()  # back on schedule: the next tick is waited for, not sent at once
    assert fake_time.sleeps == [pytest.approx(0.005)]


def test_pacer_rejects_a_zero_rate() -> None:
    with pytest.raises(ValueError):
        Pacer(0, time.monotonic)


def test_test_pattern_frames_are_i420_of_the_size_and_all_differ() -> None:
    pattern = TestPattern(1280, 720)
    frames = [pattern.read() for _ in range(60)]
    assert {(f.width, f.height, f.format) for f in frames} == {(1280, 720, "I420")}
    assert {len(f.data) for f in frames} == {1280 * 720 * 3 // 2}
    assert len({bytes(f.data) for f in frames}) == 60


@pytest.mark.parametrize("size", [(15, 16), (16, 15), (641, 480), (640, 481)])
def test_test_pattern_needs_even_sizes(size: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="even"):
        TestPattern(*size)


@dataclass
class _Access:
    url: str
    token: str


async def test_fetch_access_accepts_tuples_objects_sync_and_async() -> None:
    async def async_provider() -> _Access:
        return _Access("ws://a", "t1")

    async def coro() -> tuple[str, str]:
        return "ws://c", "t3"

    assert await fetch_access(async_provider) == ("ws://a", "t1")
    assert await fetch_access(lambda: ("ws://b", "t2")) == ("ws://b", "t2")
    assert await fetch_access(lambda: coro()) == ("ws://c", "t3")  # lambda returning a coroutine
    with pytest.raises(ValueError, match="empty"):
        await fetch_access(lambda: ("ws://d", ""))


def test_rate_meter_measures_a_recent_rate() -> None:
    meter = RateMeter(window=2.0)
    for i in range(61):
        meter.add(i / 30)  # 30 per second for 2 s
    assert meter.rate(2.0) == pytest.approx(30, rel=0.05)
    assert meter.rate(10.0) == 0.0  # nothing in the window any more
