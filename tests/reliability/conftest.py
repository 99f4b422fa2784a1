"""Fixtures for the reliability suite: the fault server and the four client harnesses.

Fuzzing and load run in a bounded quick mode by default; ``SLCTL_LONG=1`` makes them
larger (see docs/reliability.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from .faultserver import FaultServer
from .harness import Harness


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """A fresh scripted fault server for this test."""
    with FaultServer() as srv:
        yield srv


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    """Which executor: the sync client (threads) or the async one."""
    return str(request.param)


@pytest.fixture(params=["streamlink", "golive"])
def sdk(request: pytest.FixtureRequest) -> str:
    """Which SDK."""
    return str(request.param)


@pytest.fixture
async def harness_factory(server: FaultServer, kind: str) -> AsyncIterator[Callable[..., Harness]]:
    """Build harnesses for ``kind`` on ``server``; they are closed after the test."""
    made: list[Harness] = []

    def make(sdk: str, **options: Any) -> Harness:
        h = Harness(sdk, kind, server, **options)
        made.append(h)
        return h

    yield make
    for h in made:
        await h.close()


@pytest.fixture
def harness(harness_factory: Callable[..., Harness], sdk: str) -> Harness:
    """A client of ``sdk`` and ``kind`` on the fault server."""
    return harness_factory(sdk)
