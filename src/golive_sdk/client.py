"""``GoLive`` and ``AsyncGoLive``: the tenant API, thin facades over the flows in ``_api``."""

from __future__ import annotations

import httpx

from streamlink_sdk._core.clientbase import (
    AsyncClient,
    AsyncResource,
    SyncClient,
    SyncResource,
    make_http_client,
)
from streamlink_sdk._core.executor import AsyncExecutor, SyncExecutor
from streamlink_sdk._core.retry import RetryPolicy

from . import _api
from ._config import basic_header, new_core
from ._hints import tenant_hint
from .models import Room, RoomToken, Tenant


class Rooms(SyncResource):
    """GoLive rooms (sync). Names are plain names, never ``<tenant>__<room>``."""

    def create(self, name: str, max_participants: int | None = None) -> Room:
        """Create a room; ``ConflictError`` if one of that name exists."""
        return self._run(_api.create_room(self._core, name, max_participants))

    def ensure(self, name: str, max_participants: int | None = None) -> Room:
        """Create a room, or return the existing one (left unchanged)."""
        return self._run(_api.ensure_room(self._core, name, max_participants))

    def list(self) -> list[Room]:
        """Every room of the tenant."""
        return self._run(_api.list_rooms(self._core))

    def get(self, name: str) -> Room:
        """One room by name."""
        return self._run(_api.get_room(self._core, name))

    def delete(self, name: str) -> None:
        """Delete a room; its participants are disconnected."""
        self._run(_api.delete_room(self._core, name))


class Tokens(SyncResource):
    """LiveKit access tokens for participants (sync)."""

    def create(
        self,
        room: str,
        identity: str,
        name: str | None = None,
        can_publish: bool = True,
        can_subscribe: bool = True,
        can_publish_data: bool = True,
        ttl_seconds: int = 3600,
    ) -> RoomToken:
        """Mint a token for ``identity`` in an existing room (60 <= ttl_seconds <= 86400)."""
        return self._run(
            _api.create_token(
                self._core,
                room,
                identity,
                name,
                can_publish,
                can_subscribe,
                can_publish_data,
                ttl_seconds,
            )
        )


class _ShowsApiKey:
    """``repr`` shows the api_key (an identifier), never the secret."""

    _api_key: str

    def _repr_fields(self) -> dict[str, object]:
        return {"api_key": self._api_key}


class GoLive(_ShowsApiKey, SyncClient):
    """Synchronous GoLive tenant client (HTTP Basic ``api_key:api_secret``).

    Arguments left out come from ``GOLIVE_API_KEY``, ``GOLIVE_API_SECRET`` and
    ``GOLIVE_BASE_URL``; a missing key or secret raises ``InvalidInputError``.

    >>> with GoLive() as gl:  # doctest: +SKIP
    ...     gl.rooms.ensure("team-standup")
    ...     access = gl.tokens.create("team-standup", identity="user-123")
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        key, authorization = basic_header(api_key, api_secret)
        self._api_key = key
        self._core = new_core(authorization, base_url, max_retries, retry_policy, tenant_hint)
        self._http, self._owns_http = make_http_client(httpx.Client, http_client, timeout)
        executor = SyncExecutor(self._core, self._http)
        self._run = executor.run
        self.rooms = Rooms(executor)
        self.tokens = Tokens(executor)

    def me(self) -> Tenant:
        """The tenant these credentials belong to (a quick credentials check)."""
        return self._run(_api.me(self._core))


class AsyncRooms(AsyncResource):
    """GoLive rooms (async). Names are plain names, never ``<tenant>__<room>``."""

    async def create(self, name: str, max_participants: int | None = None) -> Room:
        """Create a room; ``ConflictError`` if one of that name exists."""
        return await self._run(_api.create_room(self._core, name, max_participants))

    async def ensure(self, name: str, max_participants: int | None = None) -> Room:
        """Create a room, or return the existing one (left unchanged)."""
        return await self._run(_api.ensure_room(self._core, name, max_participants))

    async def list(self) -> list[Room]:
        """Every room of the tenant."""
        return await self._run(_api.list_rooms(self._core))

    async def get(self, name: str) -> Room:
        """One room by name."""
        return await self._run(_api.get_room(self._core, name))

    async def delete(self, name: str) -> None:
        """Delete a room; its participants are disconnected."""
        await self._run(_api.delete_room(self._core, name))


class AsyncTokens(AsyncResource):
    """LiveKit access tokens for participants (async)."""

    async def create(
        self,
        room: str,
        identity: str,
        name: str | None = None,
        can_publish: bool = True,
        can_subscribe: bool = True,
        can_publish_data: bool = True,
        ttl_seconds: int = 3600,
    ) -> RoomToken:
        """Mint a token for ``identity`` in an existing room (60 <= ttl_seconds <= 86400)."""
        return await self._run(
            _api.create_token(
                self._core,
                room,
                identity,
                name,
                can_publish,
                can_subscribe,
                can_publish_data,
                ttl_seconds,
            )
        )


class AsyncGoLive(_ShowsApiKey, AsyncClient):
    """Asynchronous GoLive tenant client; same API as :class:`GoLive` with ``await``."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        key, authorization = basic_header(api_key, api_secret)
        self._api_key = key
        self._core = new_core(authorization, base_url, max_retries, retry_policy, tenant_hint)
        self._http, self._owns_http = make_http_client(httpx.AsyncClient, http_client, timeout)
        executor = AsyncExecutor(self._core, self._http)
        self._run = executor.run
        self.rooms = AsyncRooms(executor)
        self.tokens = AsyncTokens(executor)

    async def me(self) -> Tenant:
        """The tenant these credentials belong to (a quick credentials check)."""
        return await self._run(_api.me(self._core))
