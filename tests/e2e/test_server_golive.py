"""GoLive API and tenant administration over HTTP: rooms, token grants, isolation, lifecycle."""

from __future__ import annotations

import time
from typing import Any

import httpx
import jwt
import pytest

from tests.e2e.conftest import bearer, create_tenant
from tests.e2e.test_server_auth import ISO_RE
from tests.support.refserver import ServerHandle

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


def creds(t: dict[str, Any]) -> tuple[str, str]:
    return (t["api_key"], t["api_secret"])


def assert_gl_error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body


# --- admin ---------------------------------------------------------------------------------


def test_admin_create_tenant_shows_secret_once(http: httpx.Client, operator_token: str) -> None:
    r = http.post(
        "/admin/tenants", json={"name": "Acme Video, Inc."}, headers=bearer(operator_token)
    )
    assert r.status_code == 201
    body = r.json()
    assert set(body) == {"tenant", "api_key", "api_secret"}
    tenant = body["tenant"]
    assert set(tenant) == {"id", "name", "api_key", "active", "created_at"}
    assert tenant["id"].startswith("acme-video-inc")
    assert tenant["name"] == "Acme Video, Inc." and tenant["active"] is True
    assert tenant["api_key"] == body["api_key"] and ISO_RE.match(tenant["created_at"])
    assert len(body["api_secret"]) >= 40
    listed = http.get("/admin/tenants", headers=bearer(operator_token)).json()
    assert tenant in listed["tenants"]
    assert body["api_secret"] not in str(listed)


def test_admin_tenant_ids(http: httpx.Client, operator_token: str) -> None:
    t = create_tenant(http, operator_token, "Explicit", tenant_id="explicit-1")
    assert t["tenant"]["id"] == "explicit-1"
    r = http.post(
        "/admin/tenants", json={"name": "Again", "id": "explicit-1"}, headers=bearer(operator_token)
    )
    assert r.status_code == 409
    for bad in ["Upper", "a__b", "-lead", "x" * 33, "sp ace"]:
        r = http.post(
            "/admin/tenants", json={"name": "Bad", "id": bad}, headers=bearer(operator_token)
        )
        assert_gl_error(r, 400, "INVALID_INPUT")
    # Same derived name twice: the second gets a distinct id.
    a = create_tenant(http, operator_token, "Same Name")
    b = create_tenant(http, operator_token, "Same Name")
    assert a["tenant"]["id"] != b["tenant"]["id"]
    weird = create_tenant(http, operator_token, "__ !!! __")
    assert "__" not in weird["tenant"]["id"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic Zm9vOmJhcg=="])
def test_admin_needs_operator_token(http: httpx.Client, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    assert_gl_error(http.get("/admin/tenants", headers=headers), 401, "UNAUTHORIZED")
    r = http.post("/admin/tenants", json={"name": "x"}, headers=headers)
    assert_gl_error(r, 401, "UNAUTHORIZED")


def test_admin_unknown_tenant_is_404(http: httpx.Client, operator_token: str) -> None:
    for action in ("deactivate", "activate", "rotate-secret"):
        r = http.post(f"/admin/tenants/nope/{action}", headers=bearer(operator_token))
        assert_gl_error(r, 404, "NOT_FOUND")


def test_deactivate_and_activate(
    http: httpx.Client, operator_token: str, tenant: dict[str, Any]
) -> None:
    auth = creds(tenant)
    assert http.get("/api/v1/me", auth=auth).status_code == 200  # warms the auth cache
    tid = tenant["tenant"]["id"]
    r = http.post(f"/admin/tenants/{tid}/deactivate", headers=bearer(operator_token))
    assert r.status_code == 200 and r.json()["active"] is False
    r = http.get("/api/v1/me", auth=auth)
    assert_gl_error(r, 401, "UNAUTHORIZED")
    assert r.headers["www-authenticate"].startswith("Basic")
    assert_gl_error(http.post("/api/v1/rooms", json={"name": "r"}, auth=auth), 401, "UNAUTHORIZED")
    r = http.post(f"/admin/tenants/{tid}/activate", headers=bearer(operator_token))
    assert r.status_code == 200 and r.json()["active"] is True
    assert http.get("/api/v1/me", auth=auth).status_code == 200


def test_rotate_secret(http: httpx.Client, operator_token: str, tenant: dict[str, Any]) -> None:
    old = creds(tenant)
    assert http.get("/api/v1/me", auth=old).status_code == 200
    r = http.post(
        f"/admin/tenants/{tenant['tenant']['id']}/rotate-secret", headers=bearer(operator_token)
    )
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"tenant", "api_key", "api_secret"}
    assert body["api_key"] == tenant["api_key"] and body["api_secret"] != tenant["api_secret"]
    assert_gl_error(http.get("/api/v1/me", auth=old), 401, "UNAUTHORIZED")
    assert http.get("/api/v1/me", auth=creds(body)).status_code == 200


# --- tenant API ----------------------------------------------------------------------------


def test_me(http: httpx.Client, tenant: dict[str, Any]) -> None:
    r = http.get("/api/v1/me", auth=creds(tenant))
    assert r.status_code == 200 and r.json() == tenant["tenant"]


@pytest.mark.parametrize(
    "auth",
    [None, ("nokey", "nosecret"), "wrong-secret", "Basic !!!notbase64", "Basic Zm9v", "Bearer abc"],
)
def test_bad_basic_auth_is_401(http: httpx.Client, tenant: dict[str, Any], auth: Any) -> None:
    kwargs: dict[str, Any] = {}
    if auth == "wrong-secret":
        kwargs["auth"] = (tenant["api_key"], "x" * 43)
    elif isinstance(auth, tuple):
        kwargs["auth"] = auth
    elif isinstance(auth, str):
        kwargs["headers"] = {"Authorization": auth}
    r = http.get("/api/v1/rooms", **kwargs)
    body = assert_gl_error(r, 401, "UNAUTHORIZED")
    assert r.headers["www-authenticate"].startswith("Basic")
    assert "/api/v1/me" in body["error"]["message"]


def test_room_lifecycle(http: httpx.Client, tenant: dict[str, Any]) -> None:
    auth = creds(tenant)
    tid = tenant["tenant"]["id"]
    r = http.post("/api/v1/rooms", json={"name": "team-standup", "max_participants": 25}, auth=auth)
    assert r.status_code == 201, r.text
    room = r.json()
    assert set(room) == {"name", "livekit_room", "max_participants", "created_at"}
    assert room["name"] == "team-standup" and room["max_participants"] == 25
    assert room["livekit_room"] == f"{tid}__team-standup" and ISO_RE.match(room["created_at"])
    dup = http.post("/api/v1/rooms", json={"name": "team-standup"}, auth=auth)
    assert_gl_error(dup, 409, "ROOM_EXISTS")
    r2 = http.post("/api/v1/rooms", json={"name": "Other_Room-2"}, auth=auth)
    assert r2.status_code == 201 and r2.json()["max_participants"] is None
    listed = http.get("/api/v1/rooms", auth=auth).json()
    assert [x["name"] for x in listed["rooms"]] == ["team-standup", "Other_Room-2"]
    assert http.get("/api/v1/rooms/team-standup", auth=auth).json() == room
    assert_gl_error(http.get("/api/v1/rooms/missing", auth=auth), 404, "NOT_FOUND")
    r = http.delete("/api/v1/rooms/team-standup", auth=auth)
    assert r.status_code == 204 and r.content == b""
    assert_gl_error(http.delete("/api/v1/rooms/team-standup", auth=auth), 404, "NOT_FOUND")
    assert_gl_error(http.get("/api/v1/rooms/team-standup", auth=auth), 404, "NOT_FOUND")
    r = http.post("/api/v1/rooms/team-standup/tokens", json={"identity": "u"}, auth=auth)
    assert_gl_error(r, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "body",
    [
        {"name": "a__b"},
        {"name": ""},
        {"name": "x" * 65},
        {"name": "sp ace"},
        {"name": "ünï"},
        {"name": "ok", "max_participants": 0},
        {"name": "ok", "max_participants": "many"},
        {},
    ],
)
def test_create_room_invalid(http: httpx.Client, tenant: dict[str, Any], body: Any) -> None:
    r = http.post("/api/v1/rooms", json=body, auth=creds(tenant))
    err = assert_gl_error(r, 400, "INVALID_INPUT")
    if body.get("name") == "a__b":
        assert "__" in err["error"]["message"] and "tenant" in err["error"]["message"]


def test_token_carries_exact_grants_ttl_and_room(
    http: httpx.Client, refserver: ServerHandle, tenant: dict[str, Any]
) -> None:
    auth = creds(tenant)
    tid = tenant["tenant"]["id"]
    http.post("/api/v1/rooms", json={"name": "grants"}, auth=auth)
    r = http.post(
        "/api/v1/rooms/grants/tokens",
        json={
            "identity": "user-123",
            "name": "Jane Doe",
            "can_publish": False,
            "can_subscribe": True,
            "can_publish_data": False,
            "ttl_seconds": 120,
        },
        auth=auth,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"token", "ws_url", "room", "identity", "expires_in"}
    assert body["ws_url"] == refserver.settings.livekit_url
    assert body["room"] == f"{tid}__grants"
    assert body["identity"] == "user-123" and body["expires_in"] == 120
    claims = jwt.decode(body["token"], refserver.settings.livekit_api_secret, algorithms=["HS256"])
    assert claims["sub"] == "user-123" and claims["name"] == "Jane Doe"
    assert claims["iss"] == refserver.settings.livekit_api_key
    assert claims["video"] == {
        "roomJoin": True,
        "room": f"{tid}__grants",
        "canPublish": False,
        "canSubscribe": True,
        "canPublishData": False,
    }
    assert claims["exp"] - claims["nbf"] == 120
    assert abs(claims["exp"] - (time.time() + 120)) < 5
    default = http.post("/api/v1/rooms/grants/tokens", json={"identity": "x"}, auth=auth).json()
    dclaims = jwt.decode(
        default["token"], refserver.settings.livekit_api_secret, algorithms=["HS256"]
    )
    assert default["expires_in"] == 3600 and dclaims["exp"] - dclaims["nbf"] == 3600
    assert dclaims["video"]["canPublish"] is True and dclaims["video"]["canPublishData"] is True
    assert "name" not in dclaims or not dclaims["name"]


@pytest.mark.parametrize(
    "body",
    [
        {"identity": ""},
        {"identity": "x" * 257},
        {"identity": "u", "ttl_seconds": 59},
        {"identity": "u", "ttl_seconds": 86401},
        {"identity": "u", "can_publish": "yes"},
        {},
    ],
)
def test_token_invalid_input(http: httpx.Client, tenant: dict[str, Any], body: Any) -> None:
    auth = creds(tenant)
    http.post("/api/v1/rooms", json={"name": "validate"}, auth=auth)
    r = http.post("/api/v1/rooms/validate/tokens", json=body, auth=auth)
    assert_gl_error(r, 400, "INVALID_INPUT")


def test_token_checks_auth_before_the_body(http: httpx.Client, tenant: dict[str, Any]) -> None:
    r = http.post(
        "/api/v1/rooms/any/tokens",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert_gl_error(r, 401, "UNAUTHORIZED")
    r = http.post(
        "/api/v1/rooms/any/tokens",
        content=b"[]",
        auth=creds(tenant),
        headers={"Content-Type": "application/json"},
    )
    assert assert_gl_error(r, 400, "INVALID_INPUT")["error"]["message"] == (
        "request body must be a JSON object"
    )


def test_token_for_missing_room_says_create_it_first(
    http: httpx.Client, tenant: dict[str, Any]
) -> None:
    r = http.post("/api/v1/rooms/never-made/tokens", json={"identity": "u"}, auth=creds(tenant))
    body = assert_gl_error(r, 404, "NOT_FOUND")
    assert "create the room first" in body["error"]["message"]


def test_tenant_isolation(http: httpx.Client, operator_token: str) -> None:
    a = create_tenant(http, operator_token, "Iso A")
    b = create_tenant(http, operator_token, "Iso B")
    assert http.post("/api/v1/rooms", json={"name": "shared"}, auth=creds(a)).status_code == 201
    assert http.post("/api/v1/rooms", json={"name": "only-a"}, auth=creds(a)).status_code == 201
    # B sees none of A's rooms and cannot read, mint for or delete them.
    assert http.get("/api/v1/rooms", auth=creds(b)).json() == {"rooms": []}
    assert_gl_error(http.get("/api/v1/rooms/only-a", auth=creds(b)), 404, "NOT_FOUND")
    r = http.post("/api/v1/rooms/only-a/tokens", json={"identity": "x"}, auth=creds(b))
    assert_gl_error(r, 404, "NOT_FOUND")
    assert_gl_error(http.delete("/api/v1/rooms/only-a", auth=creds(b)), 404, "NOT_FOUND")
    assert http.get("/api/v1/rooms/only-a", auth=creds(a)).status_code == 200
    # The same room name in B is a different LiveKit room.
    rb = http.post("/api/v1/rooms", json={"name": "shared"}, auth=creds(b))
    assert rb.status_code == 201
    ta = http.post("/api/v1/rooms/shared/tokens", json={"identity": "x"}, auth=creds(a)).json()
    tb = http.post("/api/v1/rooms/shared/tokens", json={"identity": "x"}, auth=creds(b)).json()
    assert ta["room"] == f"{a['tenant']['id']}__shared"
    assert tb["room"] == f"{b['tenant']['id']}__shared"
    assert ta["room"] != tb["room"]


def test_golive_routes_are_not_ip_rate_limited(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_global="3/minute")
    with httpx.Client(base_url=srv.url) as client:
        t = create_tenant(client, srv.operator_token, "Busy")
        client.post("/api/v1/rooms", json={"name": "hot"}, auth=creds(t))
        for _ in range(20):
            r = client.post("/api/v1/rooms/hot/tokens", json={"identity": "u"}, auth=creds(t))
            assert r.status_code == 200
            assert "x-ratelimit-limit" not in r.headers
        assert client.get("/api/auth/me").status_code == 401
        assert client.get("/api/auth/me").status_code == 401
        assert client.get("/api/auth/me").status_code == 401
        assert client.get("/api/auth/me").status_code == 429


def test_optional_per_tenant_limit(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_tenant="3/minute")
    with httpx.Client(base_url=srv.url) as client:
        t = create_tenant(client, srv.operator_token, "Limited")
        statuses = [client.get("/api/v1/me", auth=creds(t)) for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert statuses[0].headers["x-ratelimit-limit"] == "3"
    assert statuses[2].headers["x-ratelimit-remaining"] == "0"
    assert_gl_error(statuses[3], 429, "RATE_LIMITED")
    assert int(statuses[3].headers["retry-after"]) >= 1
