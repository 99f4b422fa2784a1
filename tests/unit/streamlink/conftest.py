"""Fixtures for the StreamLink SDK unit tests: one test body runs against both clients."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import respx

from streamlink_sdk import AsyncStreamLink, MemoryTokenStore, StreamLink, Tokens
from tests.support.sdk import call as call  # re-exported for the test modules
from tests.support.sdk import record_sleeps

BASE = "http://streamlink.test/api"


def ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data}


def fail(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": message}}


USER = {"id": "usr_1", "email": "ada@example.com", "displayName": "Ada"}
ROOM = {
    "id": "rm_1",
    "name": "Demo",
    "type": "public",
    "status": "live",
    "ownerId": "usr_1",
    "createdAt": "2026-11-25T10:00:00Z",
    "endedAt": None,
    "joinUrl": "http://streamlink.test/live/rm_1",
    "somethingNew": {"tolerated": True},
}


def auth_payload(access: str = "acc-1", refresh: str = "ref-1", ttl: int = 900) -> dict[str, Any]:
    return ok(
        {"user": USER, "accessToken": access, "refreshToken": refresh, "accessTokenExpiresIn": ttl}
    )


def tokens(access: str = "acc-1", refresh: str = "ref-1", left: float = 900) -> Tokens:
    return Tokens(access_token=access, refresh_token=refresh, access_expires_at=time.time() + left)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry sleeps instead of sleeping."""
    return record_sleeps(monkeypatch)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make(kind: str) -> Any:
    """Factory: ``make(store=..., **options)`` builds the sync or async client."""
    created: list[Any] = []

    def factory(store: Any = None, **options: Any) -> Any:
        cls = StreamLink if kind == "sync" else AsyncStreamLink
        client = cls(BASE, token_store=store or MemoryTokenStore(), **options)
        created.append(client)
        return client

    return factory


@pytest.fixture
def signed_in(make: Any) -> Any:
    """A client holding fresh tokens."""
    return make(store=MemoryTokenStore(tokens()))
