"""Construction: arguments, environment variables, defaults, lifecycle and repr."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from golive_sdk import AsyncGoLive, AsyncGoLiveAdmin, GoLive, GoLiveAdmin, InvalidInputError

from .conftest import API_KEY, API_SECRET, BASE, OPERATOR_TOKEN, TENANT, call

ENV = ("GOLIVE_API_KEY", "GOLIVE_API_SECRET", "GOLIVE_BASE_URL", "GOLIVE_OPERATOR_TOKEN")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=[GoLive, AsyncGoLive], ids=["sync", "async"])
def tenant_cls(request: pytest.FixtureRequest) -> Any:
    return request.param


@pytest.fixture(params=[GoLiveAdmin, AsyncGoLiveAdmin], ids=["sync", "async"])
def admin_cls(request: pytest.FixtureRequest) -> Any:
    return request.param


async def _close(client: Any) -> None:
    await call(client.close() if hasattr(client, "close") else client.aclose())


async def test_credentials_and_base_url_from_env(
    tenant_cls: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOLIVE_API_KEY", API_KEY)
    monkeypatch.setenv("GOLIVE_API_SECRET", API_SECRET)
    monkeypatch.setenv("GOLIVE_BASE_URL", BASE)
    client = tenant_cls()
    with respx.mock(base_url=BASE) as api:
        route = api.get("/api/v1/me").respond(200, json=TENANT)
        assert (await call(client.me())).id == "acme"
    assert route.calls.last.request.headers["authorization"].startswith("Basic ")
    assert client.base_url == BASE
    await _close(client)


async def test_default_base_url(tenant_cls: Any) -> None:
    client = tenant_cls(API_KEY, API_SECRET)
    assert client.base_url == "https://live.superskynet.com"
    await _close(client)


async def test_arguments_win_over_env(tenant_cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_API_KEY", "env-key")
    monkeypatch.setenv("GOLIVE_BASE_URL", "https://env.invalid")
    client = tenant_cls(API_KEY, API_SECRET, BASE)
    assert client.base_url == BASE
    assert f"api_key={API_KEY!r}" in repr(client)
    await _close(client)


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "GOLIVE_API_KEY"),
        ({"GOLIVE_API_KEY": API_KEY}, "GOLIVE_API_SECRET"),
        ({"GOLIVE_API_SECRET": API_SECRET}, "GOLIVE_API_KEY"),
        ({"GOLIVE_API_KEY": "  ", "GOLIVE_API_SECRET": API_SECRET}, "GOLIVE_API_KEY"),
    ],
)
def test_missing_credentials_fail_at_construction(
    tenant_cls: Any, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], missing: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(InvalidInputError) as info:
        tenant_cls()
    assert missing in str(info.value)
    assert API_SECRET not in str(info.value)


@pytest.mark.parametrize(
    ("key", "secret"), [("a:b", API_SECRET), ("has space", API_SECRET), (API_KEY, "s\u00e9cret")]
)
def test_unusable_credentials_fail_at_construction(tenant_cls: Any, key: str, secret: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        tenant_cls(key, secret)
    assert secret not in str(info.value)


async def test_env_var_credentials_are_stripped(
    tenant_cls: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOLIVE_API_KEY", API_KEY + "\n")
    monkeypatch.setenv("GOLIVE_API_SECRET", API_SECRET + "\n")
    client = tenant_cls(base_url=BASE)
    with respx.mock(base_url=BASE) as api:
        route = api.get("/api/v1/me").respond(200, json=TENANT)
        await call(client.me())
    expected = httpx.BasicAuth(API_KEY, API_SECRET)._auth_header
    assert route.calls.last.request.headers["authorization"] == expected
    await _close(client)


async def test_admin_token_from_env(admin_cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_OPERATOR_TOKEN", OPERATOR_TOKEN)
    monkeypatch.setenv("GOLIVE_BASE_URL", BASE)
    client = admin_cls()
    with respx.mock(base_url=BASE) as api:
        route = api.get("/admin/tenants").respond(200, json={"tenants": []})
        assert await call(client.tenants.list()) == []
    assert route.calls.last.request.headers["authorization"] == f"Bearer {OPERATOR_TOKEN}"
    await _close(client)


def test_admin_without_token_fails(admin_cls: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        admin_cls(base_url=BASE)
    assert "GOLIVE_OPERATOR_TOKEN" in str(info.value)


def test_sync_context_manager_closes_owned_pool() -> None:
    with GoLive(API_KEY, API_SECRET, BASE) as gl:
        http = gl._http
        assert not http.is_closed
    assert http.is_closed
    with GoLiveAdmin(OPERATOR_TOKEN, BASE) as admin:
        http = admin._http
    assert http.is_closed


async def test_async_context_manager_closes_owned_pool() -> None:
    async with AsyncGoLive(API_KEY, API_SECRET, BASE) as gl:
        http = gl._http
        assert not http.is_closed
    assert http.is_closed
    async with AsyncGoLiveAdmin(OPERATOR_TOKEN, BASE) as admin:
        http = admin._http
    assert http.is_closed


def test_borrowed_http_client_is_left_open() -> None:
    borrowed = httpx.Client()
    GoLive(API_KEY, API_SECRET, BASE, http_client=borrowed).close()
    assert not borrowed.is_closed
    borrowed.close()


async def test_borrowed_async_http_client_is_left_open() -> None:
    aborrowed = httpx.AsyncClient()
    async with AsyncGoLive(API_KEY, API_SECRET, BASE, http_client=aborrowed):
        pass
    assert not aborrowed.is_closed
    await aborrowed.aclose()


async def test_borrowed_client_is_used(api: respx.MockRouter) -> None:
    api.get("/api/v1/me").respond(200, json=TENANT)
    with httpx.Client(headers={"X-Trace": "t-1"}) as borrowed:
        gl = GoLive(API_KEY, API_SECRET, BASE, http_client=borrowed)
        gl.me()
    assert api.calls.last.request.headers["x-trace"] == "t-1"


def test_timeout_is_passed_to_the_pool() -> None:
    with GoLive(API_KEY, API_SECRET, BASE, timeout=3.5) as gl:
        assert gl._http.timeout.read == 3.5


def test_repr_shows_key_and_url_but_never_the_secret() -> None:
    with GoLive(API_KEY, API_SECRET, BASE) as gl:
        text = repr(gl)
    assert text == f"GoLive(base_url={BASE!r}, api_key={API_KEY!r})"
    with GoLiveAdmin(OPERATOR_TOKEN, BASE) as admin:
        assert repr(admin) == f"GoLiveAdmin(base_url={BASE!r})"
