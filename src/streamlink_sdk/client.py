"""``StreamLink`` and ``AsyncStreamLink``: thin facades over the flows in ``_api``."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx

from . import _api
from ._core.clientbase import (
    AsyncClient,
    AsyncResource,
    SyncClient,
    SyncResource,
    make_http_client,
    resolve,
)
from ._core.executor import AsyncExecutor, SyncExecutor
from ._core.flow import ClientCore
from ._core.retry import RetryPolicy
from ._core.tokens import MemoryTokenStore, Tokens, TokenState, TokenStore
from .errors import FAMILY
from .models import AuthSession, LiveKitAccess, Room, RoomCreated, RoomPage, RoomType, User

DEFAULT_BASE_URL = "https://saviourtool.com/api"
BASE_URL_ENV = "STREAMLINK_BASE_URL"


def _new_core(
    base_url: str | None,
    token_store: TokenStore | None,
    max_retries: int,
    retry_policy: RetryPolicy | None,
    clock: Callable[[], float],
) -> ClientCore:
    url = resolve(base_url, BASE_URL_ENV, DEFAULT_BASE_URL)
    assert url is not None
    state = TokenState(token_store or MemoryTokenStore(), clock)
    return ClientCore(
        base_url=url.rstrip("/"),
        family=FAMILY,
        envelope=True,
        policy=retry_policy or RetryPolicy(max_retries=max_retries),
        clock=clock,
        session=_api.new_session(state),
    )


class _Session:
    """What both StreamLink clients expose about their session."""

    _core: ClientCore

    @property
    def tokens(self) -> Tokens | None:
        """The session's current tokens (never printed by ``repr``)."""
        assert self._core.session is not None
        return self._core.session.state.snapshot().tokens

    def _repr_fields(self) -> dict[str, object]:
        return {"signed_in": self.tokens is not None}


class Auth(SyncResource):
    """Sign-up, sign-in and the session (sync)."""

    def signup(self, *, email: str, password: str, display_name: str | None = None) -> AuthSession:
        """Create an account; the client is signed in afterwards."""
        return self._run(_api.signup(self._core, email, password, display_name))

    def signin(self, *, email: str, password: str) -> AuthSession:
        """Sign in; tokens go to the client's token store."""
        return self._run(_api.signin(self._core, email, password))

    def refresh(self) -> Tokens:
        """Rotate the tokens now."""
        return self._run(_api.refresh(self._core))

    def signout(self) -> None:
        """Revoke the session on the server and clear the token store."""
        self._run(_api.signout(self._core))

    def me(self) -> User:
        """The signed-in user."""
        return self._run(_api.me(self._core))


class Rooms(SyncResource):
    """Broadcast rooms (sync)."""

    def create(self, name: str, type: RoomType = "public") -> RoomCreated:
        """Create a room; returns its join URL and the host's LiveKit access."""
        return self._run(_api.create_room(self._core, name, type))

    def list(
        self, *, status: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> RoomPage:
        """One page of your rooms; pass ``page.next_cursor`` for the next."""
        return self._run(_api.list_rooms(self._core, status, limit, cursor))

    def iter(self, *, status: str | None = None, page_size: int = 50) -> Iterator[Room]:
        """Every room, following cursors page by page."""
        cursor: str | None = None
        while True:
            page = self.list(status=status, limit=page_size, cursor=cursor)
            yield from page.rooms
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def get(self, room_id: str) -> Room:
        """One room by id."""
        return self._run(_api.get_room(self._core, room_id))

    def host_token(self, room_id: str) -> LiveKitAccess:
        """A fresh host token for a room you own."""
        return self._run(_api.host_token(self._core, room_id))

    def end(self, room_id: str) -> None:
        """End a room; everyone in it is disconnected."""
        self._run(_api.end_room(self._core, room_id))

    def join(self, room_id: str, *, key: str | None = None) -> LiveKitAccess:
        """A subscribe-only viewer token (public route; private rooms need ``key``)."""
        return self._run(_api.join_room(self._core, room_id, key))


class StreamLink(_Session, SyncClient):
    """Synchronous StreamLink client.

    >>> with StreamLink(base_url="http://127.0.0.1:8080/api") as sl:  # doctest: +SKIP
    ...     sl.auth.signin(email="me@example.com", password="...")
    ...     created = sl.rooms.create("Demo")
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token_store: TokenStore | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._core = _new_core(base_url, token_store, max_retries, retry_policy, clock)
        self._http, self._owns_http = make_http_client(httpx.Client, http_client, timeout)
        executor = SyncExecutor(self._core, self._http)
        self.auth = Auth(executor)
        self.rooms = Rooms(executor)


class AsyncAuth(AsyncResource):
    """Sign-up, sign-in and the session (async)."""

    async def signup(
        self, *, email: str, password: str, display_name: str | None = None
    ) -> AuthSession:
        """Create an account; the client is signed in afterwards."""
        return await self._run(_api.signup(self._core, email, password, display_name))

    async def signin(self, *, email: str, password: str) -> AuthSession:
        """Sign in; tokens go to the client's token store."""
        return await self._run(_api.signin(self._core, email, password))

    async def refresh(self) -> Tokens:
        """Rotate the tokens now."""
        return await self._run(_api.refresh(self._core))

    async def signout(self) -> None:
        """Revoke the session on the server and clear the token store."""
        await self._run(_api.signout(self._core))

    async def me(self) -> User:
        """The signed-in user."""
        return await self._run(_api.me(self._core))


class AsyncRooms(AsyncResource):
    """Broadcast rooms (async)."""

    async def create(self, name: str, type: RoomType = "public") -> RoomCreated:
        """Create a room; returns its join URL and the host's LiveKit access."""
        return await self._run(_api.create_room(self._core, name, type))

    async def list(
        self, *, status: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> RoomPage:
        """One page of your rooms; pass ``page.next_cursor`` for the next."""
        return await self._run(_api.list_rooms(self._core, status, limit, cursor))

    async def iter(self, *, status: str | None = None, page_size: int = 50) -> AsyncIterator[Room]:
        """Every room, following cursors page by page."""
        cursor: str | None = None
        while True:
            page = await self.list(status=status, limit=page_size, cursor=cursor)
            for room in page.rooms:
                yield room
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    async def get(self, room_id: str) -> Room:
        """One room by id."""
        return await self._run(_api.get_room(self._core, room_id))

    async def host_token(self, room_id: str) -> LiveKitAccess:
        """A fresh host token for a room you own."""
        return await self._run(_api.host_token(self._core, room_id))

    async def end(self, room_id: str) -> None:
        """End a room; everyone in it is disconnected."""
        await self._run(_api.end_room(self._core, room_id))

    async def join(self, room_id: str, *, key: str | None = None) -> LiveKitAccess:
        """A subscribe-only viewer token (public route; private rooms need ``key``)."""
        return await self._run(_api.join_room(self._core, room_id, key))


class AsyncStreamLink(_Session, AsyncClient):
    """Asynchronous StreamLink client; same API as :class:`StreamLink` with ``await``."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token_store: TokenStore | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._core = _new_core(base_url, token_store, max_retries, retry_policy, clock)
        self._http, self._owns_http = make_http_client(httpx.AsyncClient, http_client, timeout)
        executor = AsyncExecutor(self._core, self._http)
        self.auth = AsyncAuth(executor)
        self.rooms = AsyncRooms(executor)
