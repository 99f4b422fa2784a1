"""Schemathesis against the reference server's own OpenAPI document: no 5xx, status codes,
content types and bodies as documented, each call within a time bound.

Auth per route family: a bearer token from signup for StreamLink (``/api/...``), a
tenant's Basic credentials for GoLive (``/api/v1/...``), the operator token for ``/admin``.
Quick mode generates a handful of cases per operation; ``SLCTL_LONG=1`` many more.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.support.refserver import RELAXED_LIMITS, ServerHandle, start_reference_server

from .budget import size

MAX_SECONDS = 5.0
"""Upper bound for any single response (a loopback server with SQLite)."""
CHECKS = [
    checks.not_a_server_error,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


class Creds:
    """Authorization headers for each route family, from a live server."""

    def __init__(self, srv: ServerHandle) -> None:
        with httpx.Client(base_url=srv.url, timeout=10) as http:
            r = http.post(
                "/api/auth/signup",
                json={"email": "schema@example.test", "password": "schemathesis-pass-1"},
            )
            r.raise_for_status()
            self.bearer = r.json()["data"]["accessToken"]
            r = http.post(
                "/admin/tenants",
                json={"name": "Schema"},
                headers={"Authorization": f"Bearer {srv.operator_token}"},
            )
            r.raise_for_status()
            tenant = r.json()
            self.basic = httpx.BasicAuth(tenant["api_key"], tenant["api_secret"])
            # Give generated cases something to find: one room on each API.
            http.post(
                "/api/rooms",
                json={"name": "Schema room"},
                headers={"Authorization": f"Bearer {self.bearer}"},
            ).raise_for_status()
            http.post(
                "/api/v1/rooms", json={"name": "schema-room"}, auth=self.basic
            ).raise_for_status()
        self.operator = srv.operator_token

    def for_path(self, path: str) -> dict[str, str]:
        if path.startswith("/admin"):
            return {"Authorization": f"Bearer {self.operator}"}
        if path.startswith("/api/v1"):
            request = httpx.Request("GET", "http://x")
            return {"Authorization": next(self.basic.auth_flow(request)).headers["Authorization"]}
        if path.startswith("/api/"):
            return {"Authorization": f"Bearer {self.bearer}"}
        return {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    # The operator may rotate or deactivate tenants, so the schema run gets its own server.
    with start_reference_server(tmp_path_factory.mktemp("schema"), **RELAXED_LIMITS) as srv:
        yield srv


@pytest.fixture(scope="module")
def creds(server: ServerHandle) -> Creds:
    return Creds(server)


def _openapi_document() -> dict[str, Any]:
    """The server's OpenAPI document, built from the app at collection time.

    (schemathesis' ``pytest.from_fixture`` does not work with the installed pytest 9, so
    the schema cannot come from the live server's fixture; a test below checks the live
    ``/openapi.json`` is the same document.)
    """
    from slctl.server.app import create_app
    from slctl.server.settings import ServerSettings

    with tempfile.TemporaryDirectory() as data:
        settings = ServerSettings(data_dir=data, operator_token="x" * 32).resolved()
        app = create_app(settings)
        document: dict[str, Any] = app.openapi()
        app.state.ctx.store.engine.dispose()
    return document


DOCUMENT = _openapi_document()
schema = schemathesis.openapi.from_dict(DOCUMENT)


@schema.parametrize()
@settings(
    max_examples=size(8, 150), deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
def test_api_conforms_to_its_openapi(case: Any, creds: Creds, server: ServerHandle) -> None:
    headers = creds.for_path(case.path)
    response = case.call(base_url=server.url, headers=headers, timeout=MAX_SECONDS)
    assert response.elapsed < MAX_SECONDS
    case.validate_response(response, checks=CHECKS)


def test_live_openapi_is_the_tested_document(server: ServerHandle) -> None:
    live = httpx.get(server.url + "/openapi.json").json()
    assert live == DOCUMENT
    paths = set(live["paths"])
    for path in (
        "/api/auth/signup",
        "/api/auth/refresh",
        "/api/rooms",
        "/api/rooms/{room_id}/join",
        "/api/v1/rooms",
        "/api/v1/rooms/{room}/tokens",
        "/admin/tenants",
    ):
        assert path in paths


@schema.parametrize()
@settings(
    max_examples=size(4, 50), deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
def test_status_codes_are_documented(case: Any, creds: Creds, server: ServerHandle) -> None:
    response = case.call(
        base_url=server.url, headers=creds.for_path(case.path), timeout=MAX_SECONDS
    )
    case.validate_response(response, checks=[checks.status_code_conformance])


def test_auth_is_declared_as_security_schemes() -> None:
    schemes = DOCUMENT.get("components", {}).get("securitySchemes") or {}
    kinds = {(v.get("type"), v.get("scheme")) for v in schemes.values()}
    assert {("http", "bearer"), ("http", "basic")} <= kinds


def test_success_responses_have_schemas() -> None:
    empty = [
        f"{method.upper()} {path} {status}"
        for path, ops in DOCUMENT["paths"].items()
        for method, op in ops.items()
        for status, resp in op["responses"].items()
        if status.startswith("2")
        and resp.get("content", {}).get("application/json", {}).get("schema", None) == {}
    ]
    assert empty == []
