"""What every SDK client shares: HTTP client ownership, state properties, lifecycle."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from .executor import AsyncExecutor, SyncExecutor
from .flow import ClientCore
from .ratelimit import RateLimitInfo

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = "streamlink-sdk/0.1.0"

C = TypeVar("C", httpx.Client, httpx.AsyncClient)


def resolve(value: str | None, env: str, default: str | None = None) -> str | None:
    """An explicit value, else the environment variable, else the default."""
    if value:
        return value
    return os.environ.get(env) or default


def make_http_client(
    kind: type[C], supplied: C | None, timeout: float | httpx.Timeout | None, **options: Any
) -> tuple[C, bool]:
    """The HTTP client to use, and whether the SDK owns (and must close) it."""
    if supplied is not None:
        return supplied, False
    client = kind(
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        headers={"User-Agent": USER_AGENT},
        **options,
    )
    return client, True


class ClientInfo:
    """State both kinds of client expose. ``repr`` never shows a secret."""

    _core: ClientCore

    def _repr_fields(self) -> dict[str, object]:
        """Extra, non-secret fields for ``repr`` (e.g. the api_key)."""
        return {}

    @property
    def base_url(self) -> str:
        """The API base URL."""
        return self._core.base_url

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """Rate-limit headers of the last response."""
        return self._core.rate_limit

    def __repr__(self) -> str:
        extra = "".join(f", {key}={value!r}" for key, value in self._repr_fields().items())
        return f"{type(self).__name__}(base_url={self.base_url!r}{extra})"


class SyncClient(ClientInfo):
    """Owns (or borrows) an ``httpx.Client``; a context manager."""

    _http: httpx.Client
    _owns_http: bool

    def close(self) -> None:
        """Close the connection pool (only if the client created it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(ClientInfo):
    """Owns (or borrows) an ``httpx.AsyncClient``; an async context manager."""

    _http: httpx.AsyncClient
    _owns_http: bool

    async def aclose(self) -> None:
        """Close the connection pool (only if the client created it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class SyncResource:
    """Base of a sync API group (``rooms``, ``auth``...): runs flows on the executor."""

    def __init__(self, executor: SyncExecutor) -> None:
        self._run = executor.run
        self._core = executor.core


class AsyncResource:
    """Base of an async API group: runs flows on the async executor."""

    def __init__(self, executor: AsyncExecutor) -> None:
        self._run = executor.run
        self._core = executor.core
