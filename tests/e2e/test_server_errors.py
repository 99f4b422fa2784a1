"""Every error in the right envelope: routing, methods, bodies, content types, sizes; docs."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import bearer
from tests.support.refserver import ServerHandle

SL_PATHS = ["/api/auth/signup", "/api/rooms"]
GL_PATHS = ["/api/v1/rooms", "/admin/tenants"]


def assert_envelope(r: httpx.Response, path: str, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    if path.startswith(("/api/v1", "/admin")):
        assert set(body) == {"error"}
    else:
        assert body["ok"] is False and set(body) == {"ok", "error"}
    assert body["error"]["code"] == code and body["error"]["message"]
    assert "Traceback" not in r.text and "detail" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/api/nope",
        "/api/v1/nope",
        "/admin/nope",
        "/api/rooms/x/y/z",
        "/api/v1/rooms/a/b/c",
    ],
)
def test_unknown_route_is_404_in_envelope(http: httpx.Client, path: str) -> None:
    assert_envelope(http.get(path), path, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/auth/signup"),
        ("DELETE", "/api/rooms"),
        ("PUT", "/api/v1/rooms"),
        ("PATCH", "/admin/tenants"),
        ("GET", "/api/v1/rooms/x/tokens"),
    ],
)
def test_wrong_method_is_405_in_envelope(http: httpx.Client, method: str, path: str) -> None:
    r = http.request(method, path)
    assert_envelope(r, path, 405, "METHOD_NOT_ALLOWED")
    assert r.headers["allow"]


@pytest.mark.parametrize("path", SL_PATHS + GL_PATHS)
def test_malformed_json_is_400(http: httpx.Client, operator_token: str, path: str) -> None:
    r = http.post(
        path,
        content=b'{"name": ',
        headers={"Content-Type": "application/json", **bearer(operator_token)},
    )
    # Auth may be checked first on protected routes; either way the envelope is right.
    assert r.status_code in (400, 401)
    assert_envelope(
        r, path, r.status_code, "INVALID_INPUT" if r.status_code == 400 else "UNAUTHORIZED"
    )


def test_malformed_json_on_public_routes(http: httpx.Client, operator_token: str) -> None:
    for path, headers in [("/api/auth/signup", {}), ("/admin/tenants", bearer(operator_token))]:
        r = http.post(
            path, content=b"{not json", headers={"Content-Type": "application/json", **headers}
        )
        assert_envelope(r, path, 400, "INVALID_INPUT")
        assert "JSON" in r.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/api/auth/signup", "/admin/tenants"])
def test_wrong_content_type_is_415(http: httpx.Client, operator_token: str, path: str) -> None:
    r = http.post(
        path,
        content=b"name=x",
        headers={"Content-Type": "application/x-www-form-urlencoded", **bearer(operator_token)},
    )
    assert_envelope(r, path, 415, "INVALID_INPUT")


@pytest.mark.parametrize("path", ["/api/auth/signup", "/admin/tenants"])
def test_validation_failure_is_400_not_422(
    http: httpx.Client, operator_token: str, path: str
) -> None:
    r = http.post(path, json={"unexpected": True}, headers=bearer(operator_token))
    assert_envelope(r, path, 400, "INVALID_INPUT")


@pytest.mark.parametrize("path", ["/api/auth/signup", "/api/v1/rooms"])
def test_oversize_body_is_413_by_content_length(http: httpx.Client, path: str) -> None:
    body = b'{"email":"' + b"a" * 70_000 + b'"}'
    r = http.post(path, content=body, headers={"Content-Type": "application/json"})
    assert_envelope(r, path, 413, "PAYLOAD_TOO_LARGE")


def _chunks() -> Iterator[bytes]:
    yield b'{"email":"'
    for _ in range(20):
        yield b"a" * 8192
    yield b'"}'


def test_oversize_chunked_body_is_413(http: httpx.Client) -> None:
    r = http.post(
        "/api/auth/signup", content=_chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in r.request.headers
    assert_envelope(r, "/api/auth/signup", 413, "PAYLOAD_TOO_LARGE")


def test_body_limit_is_configurable(make_refserver: object) -> None:
    assert callable(make_refserver)
    srv: ServerHandle = make_refserver(max_body_bytes=100)
    with httpx.Client(base_url=srv.url) as client:
        r = client.post("/api/auth/signin", json={"email": "a@b.test", "password": "p" * 120})
        assert_envelope(r, "/api/auth/signin", 413, "PAYLOAD_TOO_LARGE")
        r = client.post("/api/auth/signin", json={"email": "a@b.test", "password": "p" * 10})
        assert r.status_code == 401


def test_bad_content_length_is_400(refserver: ServerHandle) -> None:
    with socket.create_connection(("127.0.0.1", refserver.port), timeout=5) as s:
        s.sendall(
            b"POST /api/auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
            b"\r\nContent-Length: abc\r\n\r\n{}"
        )
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 400")


def test_openapi_and_docs(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    for path in [
        "/api/auth/signup",
        "/api/rooms/{room_id}/join",
        "/api/v1/rooms/{room}/tokens",
        "/admin/tenants",
        "/live/{room_id}",
        "/.well-known/jwks.json",
    ]:
        assert path in spec["paths"], path
    docs = http.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "/openapi.json" in docs.text


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            yield path, method.upper(), op


def test_openapi_documents_errors_in_their_envelope(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    for path, method, op in _operations(spec):
        statuses = set(op["responses"])
        assert "422" not in statuses, (method, path)  # validation errors are 400 here
        if method == "POST":
            assert {"400", "413", "415"} <= statuses, (method, path)
        golive = path.startswith(("/api/v1/", "/admin/"))
        envelope = "GoLiveError" if golive else "StreamLinkError"
        for status, response in op["responses"].items():
            json_schema = response.get("content", {}).get("application/json", {}).get("schema")
            if status.startswith(("4", "5")) and json_schema is not None:
                assert json_schema == {"$ref": f"#/components/schemas/{envelope}"}, (path, status)
            if status.startswith("2") and json_schema is not None:
                assert json_schema != {}, (method, path, status)
    assert set(schemas["StreamLinkError"]["required"]) == {"ok", "error"}
    assert schemas["GoLiveError"]["required"] == ["error"]
    signin = spec["paths"]["/api/auth/signin"]["post"]["responses"]
    assert "INVALID_CREDENTIALS" in signin["401"]["description"]
    assert set(signin["429"]["headers"]) >= {"Retry-After", "X-RateLimit-Reset"}
    assert "429" not in spec["paths"]["/admin/tenants"]["get"]["responses"]  # admin: no limits


def test_openapi_declares_the_auth_each_route_enforces(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    kinds = {name: (s["type"], s["scheme"]) for name, s in schemes.items()}
    assert kinds == {
        "StreamLinkBearer": ("http", "bearer"),
        "OperatorBearer": ("http", "bearer"),
        "TenantBasic": ("http", "basic"),
    }
    public = {
        ("POST", "/api/auth/signup"),
        ("POST", "/api/auth/signin"),
        ("POST", "/api/auth/refresh"),
        ("POST", "/api/auth/signout"),
        ("POST", "/api/rooms/{room_id}/join"),
        ("GET", "/live/{room_id}"),
        ("GET", "/.well-known/jwks.json"),
    }
    for path, method, op in _operations(spec):
        if path.startswith("/admin/"):
            expected = [{"OperatorBearer": []}]
        elif path.startswith("/api/v1/"):
            expected = [{"TenantBasic": []}]
        elif (method, path) in public:
            expected = None
        else:
            expected = [{"StreamLinkBearer": []}]
        assert op.get("security") == expected, (method, path)
        if expected is not None:
            assert "401" in op["responses"], (method, path)


def test_responses_never_leak_server_details(http: httpx.Client) -> None:
    r = http.get("/api/rooms/x", headers={"Authorization": "Bearer " + "e" * 5000})
    assert r.status_code == 401
    assert "Traceback" not in r.text and "site-packages" not in r.text


def test_internal_errors_are_500_without_details(make_refserver: object) -> None:
    import sqlite3

    assert callable(make_refserver)
    srv: ServerHandle = make_refserver()
    with httpx.Client(base_url=srv.url) as client:
        t = client.post(
            "/admin/tenants", json={"name": "Broken"}, headers=bearer(srv.operator_token)
        ).json()
        # Break the database underneath the running server.
        db_path = srv.settings.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(db_path) as conn:
            conn.execute("DROP TABLE golive_rooms")
            conn.execute("DROP TABLE rooms")
        r = client.get("/api/v1/rooms", auth=(t["api_key"], t["api_secret"]))
        assert_envelope(r, "/api/v1/rooms", 500, "INTERNAL")
        assert r.json()["error"]["message"] == "internal error"
        signed = client.post(
            "/api/auth/signup", json={"email": "e@x.test", "password": "long enough"}
        ).json()
        r = client.get("/api/rooms", headers=bearer(signed["data"]["accessToken"]))
        assert_envelope(r, "/api/rooms", 500, "INTERNAL")
        assert "x-ratelimit-limit" in r.headers
        for text in ("sqlite", "golive_rooms", "OperationalError", "no such table"):
            assert text not in r.text
