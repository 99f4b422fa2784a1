"""What every GoLive client shares: state properties, a safe ``repr``, and lifecycle."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import httpx

from streamlink_sdk._core.flow import ClientCore
from streamlink_sdk._core.ratelimit import RateLimitInfo


class ClientInfo:
    """State both kinds of client expose. ``repr`` never shows a secret."""

    _core: ClientCore
    _shown: dict[str, str]
    """Extra, non-secret fields for ``repr`` (e.g. the api_key)."""

    @property
    def base_url(self) -> str:
        """The server's base URL, e.g. ``https://live.superskynet.com``."""
        return self._core.base_url

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """Rate-limit headers of the last response."""
        return self._core.rate_limit

    def __repr__(self) -> str:
        extra = "".join(f", {key}={value!r}" for key, value in self._shown.items())
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
