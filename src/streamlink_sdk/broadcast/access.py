"""Where a broadcast gets its LiveKit URL and token from, each time it connects."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeAlias


class HasUrlAndToken(Protocol):
    """Shape of `streamlink_sdk` LiveKitAccess and `golive_sdk` RoomToken-like objects."""

    @property
    def url(self) -> str: ...

    @property
    def token(self) -> str: ...


Access: TypeAlias = "tuple[str, str] | HasUrlAndToken"
AccessProvider: TypeAlias = "Callable[[], Access | Awaitable[Access]]"


async def fetch_access(provider: AccessProvider) -> tuple[str, str]:
    """Call the provider and normalise its answer to (url, token).

    Plain (sync) callables run on a worker thread, so a blocking HTTP call such as
    `StreamLink.rooms.host_token` does not stall the frames being sent.
    """
    if inspect.iscoroutinefunction(provider):
        result = await provider()
    else:
        result = await asyncio.to_thread(provider)
        if inspect.isawaitable(result):
            result = await result
    if isinstance(result, tuple):
        url, token = result
    else:
        url, token = result.url, result.token
    if not url or not token:
        raise ValueError("the access provider returned an empty url or token")
    return str(url), str(token)
