"""Fixtures for the GoLive SDK unit tests: one test body runs against sync and async clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import respx

from golive_sdk import AsyncGoLive, AsyncGoLiveAdmin, GoLive, GoLiveAdmin, RetryPolicy
from tests.support.sdk import call as call  # re-exported for the test modules
from tests.support.sdk import record_sleeps

BASE = "https://golive.test"
API_KEY = "gl_key_acme"
API_SECRET = "gl-secret-DO-NOT-LEAK-7f3a91"
OPERATOR_TOKEN = "op-token-DO-NOT-LEAK-c0ffee"

ROOM = {
    "name": "team-standup",
    "livekit_room": "acme__team-standup",
    "max_participants": 25,
    "created_at": "2026-11-25T10:00:00Z",
    "future_field": {"tolerated": True},
}
TENANT = {
    "id": "acme",
    "name": "Acme Inc",
    "api_key": API_KEY,
    "active": True,
    "created_at": "2026-11-25T09:00:00Z",
}
TOKEN = {
    "token": "eyJhbGciOi.LK-TOKEN-SECRET.sig",
    "ws_url": "wss://lk.golive.test",
    "room": "acme__team-standup",
    "identity": "user-123",
    "expires_in": 3600,
}


def error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def no_sleep_policy(max_retries: int = 2) -> RetryPolicy:
    """Retries without jitter so backoff sleeps are zero."""
    return RetryPolicy(max_retries=max_retries, rand=lambda: 0.0)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the executors' retry sleeps instead of sleeping."""
    return record_sleeps(monkeypatch)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _close_all(created: list[Any]) -> None:
    for client in created:
        await call(client.close() if hasattr(client, "close") else client.aclose())


@pytest.fixture
async def make(kind: str) -> AsyncIterator[Callable[..., Any]]:
    """Factory for the sync or async tenant client: ``make(**options)``."""
    created: list[Any] = []

    def factory(**options: Any) -> Any:
        options.setdefault("retry_policy", no_sleep_policy())
        options.setdefault("base_url", BASE)
        cls = GoLive if kind == "sync" else AsyncGoLive
        client = cls(API_KEY, API_SECRET, **options)
        created.append(client)
        return client

    yield factory
    await _close_all(created)


@pytest.fixture
async def gl(make: Callable[..., Any]) -> Any:
    return make()


@pytest.fixture
async def make_admin(kind: str) -> AsyncIterator[Callable[..., Any]]:
    """Factory for the sync or async operator client."""
    created: list[Any] = []

    def factory(**options: Any) -> Any:
        options.setdefault("retry_policy", no_sleep_policy())
        options.setdefault("base_url", BASE)
        cls = GoLiveAdmin if kind == "sync" else AsyncGoLiveAdmin
        client = cls(OPERATOR_TOKEN, **options)
        created.append(client)
        return client

    yield factory
    await _close_all(created)


@pytest.fixture
async def admin(make_admin: Callable[..., Any]) -> Any:
    return make_admin()
