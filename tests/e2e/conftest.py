"""Fixtures for end-to-end tests against the bundled reference server over real HTTP.

- ``refserver``: one server per test module with generous rate limits (tests share 127.0.0.1).
- ``make_refserver(**overrides)``: a fresh server for this test only (e.g. strict limits).
- ``operator_token``: the operator token of ``refserver``.
- ``http``: an ``httpx.Client`` on ``refserver.url``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.refserver import RELAXED_LIMITS, ServerHandle, start_reference_server

_emails = itertools.count(1)


@pytest.fixture(scope="module")
def refserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """A reference server shared by the tests of one module (relaxed rate limits)."""
    with start_reference_server(tmp_path_factory.mktemp("refserver"), **RELAXED_LIMITS) as srv:
        yield srv


@pytest.fixture
def make_refserver(tmp_path: Path) -> Iterator[Callable[..., ServerHandle]]:
    """Factory for fresh servers (settings overrides as keyword arguments)."""
    numbers = itertools.count(1)
    with ExitStack() as stack:

        def make(**overrides: Any) -> ServerHandle:
            sub = tmp_path / f"srv{next(numbers)}"
            sub.mkdir()
            return stack.enter_context(start_reference_server(sub, **overrides))

        yield make


@pytest.fixture
def operator_token(refserver: ServerHandle) -> str:
    """The operator token of ``refserver``."""
    return refserver.operator_token


@pytest.fixture
def http(refserver: ServerHandle) -> Iterator[httpx.Client]:
    """An HTTP client on ``refserver``'s origin."""
    with httpx.Client(base_url=refserver.url, timeout=10) as client:
        yield client


def unique_email(prefix: str = "user") -> str:
    """An email address no other test in this process uses."""
    return f"{prefix}{next(_emails)}@example.test"


def signup(
    client: httpx.Client,
    email: str | None = None,
    password: str = "correct horse 1",
    display_name: str | None = "Tester",
) -> dict[str, Any]:
    """Sign up a fresh user; returns the response ``data`` plus the ``password``."""
    body: dict[str, Any] = {"email": email or unique_email(), "password": password}
    if display_name is not None:
        body["displayName"] = display_name
    r = client.post("/api/auth/signup", json=body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    data["password"] = password
    return data


def bearer(token: str) -> dict[str, str]:
    """An Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def create_tenant(
    client: httpx.Client, operator_token: str, name: str, tenant_id: str | None = None
) -> dict[str, Any]:
    """Create a GoLive tenant; returns ``{tenant, api_key, api_secret}``."""
    body: dict[str, Any] = {"name": name}
    if tenant_id:
        body["id"] = tenant_id
    r = client.post("/admin/tenants", json=body, headers=bearer(operator_token))
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


@pytest.fixture
def user(http: httpx.Client) -> dict[str, Any]:
    """A freshly signed-up StreamLink user (``user``, tokens, ``password``)."""
    return signup(http)


_tenant_ids = itertools.count(1)


@pytest.fixture
def tenant(http: httpx.Client, operator_token: str) -> dict[str, Any]:
    """A fresh GoLive tenant with credentials."""
    return create_tenant(http, operator_token, f"Tenant {next(_tenant_ids)}")
