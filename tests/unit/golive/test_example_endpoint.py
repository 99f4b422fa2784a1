"""The call-token endpoint example, through httpx's ASGITransport with GoLive mocked by respx."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import respx

from golive_sdk import AsyncGoLive

from .conftest import API_KEY, API_SECRET, BASE, ROOM, TOKEN, error, no_sleep_policy

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "golive_token_endpoint.py"


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golive_token_endpoint_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # The module-level ``app`` reads the environment when it starts, not at import.
    monkeypatch.setenv("GOLIVE_API_KEY", API_KEY)
    monkeypatch.setenv("GOLIVE_API_SECRET", API_SECRET)
    return _load_example()


@pytest.fixture
async def started(example: ModuleType) -> AsyncIterator[tuple[Any, list[AsyncGoLive]]]:
    """The app with its lifespan running; records the clients the factory built."""
    built: list[AsyncGoLive] = []

    def factory() -> AsyncGoLive:
        client = AsyncGoLive(API_KEY, API_SECRET, BASE, retry_policy=no_sleep_policy())
        built.append(client)
        return client

    app = example.create_app(factory)
    async with app.router.lifespan_context(app):
        yield app, built


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app")


async def test_returns_token_and_ws_url(started: Any, api: respx.MockRouter) -> None:
    app, built = started
    create = api.post("/api/v1/rooms").respond(201, json=ROOM)
    mint = api.post("/api/v1/rooms/team-standup/tokens").mock(
        side_effect=[
            httpx.Response(404, json=error("NOT_FOUND", "no such room")),  # first call
            httpx.Response(200, json=TOKEN),
            httpx.Response(200, json=TOKEN),  # the room exists now: one round trip
        ]
    )
    async with _client(app) as client:
        for identity in ("user-123", "user-456"):
            answer = await client.post(
                "/api/get-call-token",
                json={"room": "team-standup", "identity": identity, "name": "Jane"},
            )
            assert answer.status_code == 200
            assert answer.json() == {"token": TOKEN["token"], "ws_url": TOKEN["ws_url"]}
    assert len(built) == 1  # one shared client (one pool) for every request
    sent = json.loads(mint.calls.last.request.content)
    assert sent["identity"] == "user-456"
    assert sent["name"] == "Jane"
    assert mint.call_count == 3
    assert create.call_count == 1


async def test_room_created_by_someone_else_meanwhile(started: Any, api: respx.MockRouter) -> None:
    app, _ = started
    api.post("/api/v1/rooms").respond(409, json=error("ROOM_EXISTS", "exists"))
    api.get("/api/v1/rooms/team-standup").respond(200, json=ROOM)
    api.post("/api/v1/rooms/team-standup/tokens").mock(
        side_effect=[
            httpx.Response(404, json=error("NOT_FOUND", "no such room")),
            httpx.Response(200, json=TOKEN),
        ]
    )
    async with _client(app) as client:
        answer = await client.post(
            "/api/get-call-token", json={"room": "team-standup", "identity": "u"}
        )
    assert answer.status_code == 200
    assert answer.json()["token"] == TOKEN["token"]


async def test_shared_client_is_closed_at_shutdown(example: ModuleType) -> None:
    built: list[AsyncGoLive] = []

    def factory() -> AsyncGoLive:
        built.append(AsyncGoLive(API_KEY, API_SECRET, BASE))
        return built[-1]

    app = example.create_app(factory)
    async with app.router.lifespan_context(app):
        assert not built[0]._http.is_closed
    assert built[0]._http.is_closed


@pytest.mark.parametrize(
    "body",
    [
        {"room": "team-standup"},
        {"room": "team-standup", "identity": ""},
        {"room": "team-standup", "identity": "has spaces"},
        {"room": "team-standup", "identity": "x" * 129},
        {"room": "bad room", "identity": "u"},
        {"identity": "u"},
    ],
)
async def test_bad_caller_input_is_refused_before_golive(
    started: Any, api: respx.MockRouter, body: dict[str, Any]
) -> None:
    app, _ = started
    async with _client(app) as client:
        answer = await client.post("/api/get-call-token", json=body)
    assert answer.status_code == 422
    assert api.calls.call_count == 0


async def test_internal_room_name_is_a_400(started: Any, api: respx.MockRouter) -> None:
    app, _ = started
    async with _client(app) as client:
        answer = await client.post(
            "/api/get-call-token", json={"room": "acme__standup", "identity": "u"}
        )
    assert answer.status_code == 400
    assert "plain room name" in answer.json()["detail"]
    assert api.calls.call_count == 0


async def test_golive_failure_is_a_502_without_details(started: Any, api: respx.MockRouter) -> None:
    app, _ = started
    api.post("/api/v1/rooms/team-standup/tokens").respond(
        401, json=error("UNAUTHORIZED", "bad credentials")
    )
    async with _client(app) as client:
        answer = await client.post(
            "/api/get-call-token", json={"room": "team-standup", "identity": "u"}
        )
    assert answer.status_code == 502
    assert answer.json() == {"detail": "video service unavailable"}
    assert API_SECRET not in answer.text


def test_module_app_reads_the_environment_at_startup(example: ModuleType) -> None:
    assert example.app.title == "call-token endpoint"
