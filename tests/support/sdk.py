"""Helpers shared by the SDK unit tests of both packages."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from streamlink_sdk._core import executor


async def call(value: Any) -> Any:
    """Await async results, pass sync ones through: one test body for both clients."""
    return await value if inspect.isawaitable(value) else value


def record_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make the executors record their retry sleeps instead of sleeping."""
    seen: list[float] = []

    def fake(seconds: float) -> None:
        seen.append(seconds)

    async def afake(seconds: float) -> None:
        seen.append(seconds)

    monkeypatch.setattr(executor, "_sleep_sync", fake)
    monkeypatch.setattr(executor, "_sleep_async", afake)
    return seen
