"""The only I/O in the core: two thin drivers that perform a flow's effects."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, TypeVar

import httpx

from .flow import ClientCore, Flow, Refresh, Send, Sleep, refresh_flow
from .tokens import Snapshot

T = TypeVar("T")


def _advance(flow: Flow[T], value: Any, error: BaseException | None) -> tuple[bool, Any]:
    """Resume ``flow``; returns (finished, effect-or-result)."""
    try:
        effect = flow.throw(error) if error is not None else flow.send(value)
    except StopIteration as stop:
        return True, stop.value
    return False, effect


def _sleep_sync(seconds: float) -> None:
    time.sleep(seconds)


async def _sleep_async(seconds: float) -> None:
    await asyncio.sleep(seconds)


def _build(client: httpx.Client | httpx.AsyncClient, effect: Send) -> httpx.Request:
    return client.build_request(
        effect.method, effect.url, headers=effect.headers, json=effect.json, params=effect.params
    )


class SyncExecutor:
    """Runs flows with ``httpx.Client``, ``time.sleep`` and a ``threading.Lock``."""

    def __init__(self, core: ClientCore, client: httpx.Client) -> None:
        self.core = core
        self.client = client
        self._refresh_lock = threading.Lock()

    def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion and return its result."""
        value: Any = None
        error: BaseException | None = None
        while True:
            finished, effect = _advance(flow, value, error)
            if finished:
                return effect  # type: ignore[no-any-return]
            value, error = None, None
            try:
                if isinstance(effect, Send):
                    value = self.client.send(_build(self.client, effect))
                elif isinstance(effect, Sleep):
                    _sleep_sync(effect.seconds)
                elif isinstance(effect, Refresh):
                    with self._refresh_lock:
                        self.run(refresh_flow(self.core, effect.seen))
            except Exception as exc:  # handed to the flow, which decides
                error = exc


class AsyncExecutor:
    """Runs flows with ``httpx.AsyncClient``, ``asyncio.sleep`` and an ``asyncio.Lock``."""

    def __init__(self, core: ClientCore, client: httpx.AsyncClient) -> None:
        self.core = core
        self.client = client
        self._refresh_lock = asyncio.Lock()

    async def run(self, flow: Flow[T]) -> T:
        """Drive ``flow`` to completion and return its result."""
        value: Any = None
        error: BaseException | None = None
        while True:
            finished, effect = _advance(flow, value, error)
            if finished:
                return effect  # type: ignore[no-any-return]
            value, error = None, None
            try:
                if isinstance(effect, Send):
                    value = await self.client.send(_build(self.client, effect))
                elif isinstance(effect, Sleep):
                    await _sleep_async(effect.seconds)
                elif isinstance(effect, Refresh):
                    # Shielded: once a refresh token is sent, the caller's cancellation must
                    # not drop the rotated tokens (or release the lock mid-flight).
                    await asyncio.shield(self._refresh(effect.seen))
            except Exception as exc:  # handed to the flow, which decides
                error = exc

    async def _refresh(self, seen: Snapshot) -> None:
        async with self._refresh_lock:
            await self.run(refresh_flow(self.core, seen))
