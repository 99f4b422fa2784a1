"""StreamLink rooms over HTTP: create, list/paginate, get, host token, end, join, viewer page."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import jwt
import pytest

from tests.e2e.conftest import bearer, signup
from tests.e2e.test_server_auth import ISO_RE, assert_error
from tests.support.refserver import ServerHandle

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


def livekit_claims(server: ServerHandle, token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(
        token,
        server.settings.livekit_api_secret,
        algorithms=["HS256"],
        options={"verify_aud": False},
    )
    assert claims["iss"] == server.settings.livekit_api_key
    return claims


def create(
    http: httpx.Client, user: dict[str, Any], name: str = "Demo", room_type: str = "public"
) -> dict[str, Any]:
    r = http.post(
        "/api/rooms", json={"name": name, "type": room_type}, headers=bearer(user["accessToken"])
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def test_create_public_room_shape_and_host_token(
    http: httpx.Client, refserver: ServerHandle, user: dict[str, Any]
) -> None:
    data = create(http, user, "Friday stream")
    assert set(data) == {"room", "joinUrl", "livekit"}
    room = data["room"]
    assert set(room) == {
        "id",
        "name",
        "type",
        "status",
        "ownerId",
        "createdAt",
        "endedAt",
        "joinUrl",
        "livekitRoom",
    }
    assert room["id"].startswith("rm_")
    assert (room["name"], room["type"], room["status"]) == ("Friday stream", "public", "live")
    assert room["ownerId"] == user["user"]["id"]
    assert ISO_RE.match(room["createdAt"]) and room["endedAt"] is None
    assert data["joinUrl"] == room["joinUrl"] == f"{refserver.url}/live/{room['id']}"
    assert data["livekit"]["url"] == refserver.settings.livekit_url
    claims = livekit_claims(refserver, data["livekit"]["token"])
    assert claims["sub"] == user["user"]["id"]
    assert claims["name"] == "Tester"
    video = claims["video"]
    assert video["roomJoin"] is True and video["room"] == room["livekitRoom"]
    assert video["canPublish"] is True and video["canSubscribe"] is True
    assert video["canPublishData"] is True
    assert 5 * 3600 < claims["exp"] - time.time() <= 6 * 3600 + 5


def test_create_private_room_has_key_in_join_url(
    http: httpx.Client, refserver: ServerHandle, user: dict[str, Any]
) -> None:
    data = create(http, user, "Secret", "private")
    url = urlparse(data["joinUrl"])
    assert url.path == f"/live/{data['room']['id']}"
    assert len(parse_qs(url.query)["key"][0]) >= 16


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "type": "public"},
        {"name": "x" * 101},
        {"name": "ok", "type": "secret"},
        {"type": "public"},
        {"name": "   "},
    ],
)
def test_create_room_invalid_input(http: httpx.Client, user: dict[str, Any], body: Any) -> None:
    r = http.post("/api/rooms", json=body, headers=bearer(user["accessToken"]))
    assert_error(r, 400, "INVALID_INPUT")


def test_rooms_need_auth(http: httpx.Client) -> None:
    assert_error(http.post("/api/rooms", json={"name": "x"}), 401, "UNAUTHORIZED")
    assert_error(http.get("/api/rooms"), 401, "UNAUTHORIZED")
    assert_error(http.get("/api/rooms/rm_x"), 401, "UNAUTHORIZED")


def test_list_paginates_newest_first_and_filters(http: httpx.Client, user: dict[str, Any]) -> None:
    ids = [create(http, user, f"room {i}")["room"]["id"] for i in range(5)]
    other = signup(http)
    create(http, other, "not mine")
    h = bearer(user["accessToken"])
    assert http.post(f"/api/rooms/{ids[1]}/end", headers=h).status_code == 204
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        r = http.get("/api/rooms", params=params, headers=h)
        assert r.status_code == 200, r.text
        page = r.json()["data"]
        assert set(page) == {"rooms", "nextCursor"}
        seen += [room["id"] for room in page["rooms"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    live = http.get("/api/rooms", params={"status": "live"}, headers=h).json()["data"]
    assert [r["id"] for r in live["rooms"]] == [i for i in reversed(ids) if i != ids[1]]
    assert live["nextCursor"] is None
    ended = http.get("/api/rooms", params={"status": "ended"}, headers=h).json()["data"]
    assert [r["id"] for r in ended["rooms"]] == [ids[1]]
    assert ended["rooms"][0]["status"] == "ended" and ISO_RE.match(ended["rooms"][0]["endedAt"])


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "WzEsMl0"},
        {"limit": 0},
        {"limit": 101},
        {"limit": "x"},
        {"status": "paused"},
    ],
)
def test_list_bad_params_are_400(
    http: httpx.Client, user: dict[str, Any], params: dict[str, Any]
) -> None:
    r = http.get("/api/rooms", params=params, headers=bearer(user["accessToken"]))
    assert_error(r, 400, "INVALID_INPUT")


def test_get_own_room_and_foreign_room_is_404(http: httpx.Client, user: dict[str, Any]) -> None:
    room = create(http, user)["room"]
    r = http.get(f"/api/rooms/{room['id']}", headers=bearer(user["accessToken"]))
    assert r.status_code == 200 and r.json() == {"ok": True, "data": {"room": room}}
    stranger = signup(http)
    foreign = http.get(f"/api/rooms/{room['id']}", headers=bearer(stranger["accessToken"]))
    missing = http.get("/api/rooms/rm_doesnotexist", headers=bearer(stranger["accessToken"]))
    assert_error(foreign, 404, "NOT_FOUND")
    assert foreign.json() == missing.json()


def test_host_token_owner_only_and_not_after_end(
    http: httpx.Client, refserver: ServerHandle, user: dict[str, Any]
) -> None:
    room = create(http, user)["room"]
    h = bearer(user["accessToken"])
    r = http.post(f"/api/rooms/{room['id']}/token", headers=h)
    assert r.status_code == 200
    lk = r.json()["data"]["livekit"]
    assert lk["url"] == refserver.settings.livekit_url
    assert livekit_claims(refserver, lk["token"])["video"]["canPublish"] is True
    stranger = signup(http)
    r = http.post(f"/api/rooms/{room['id']}/token", headers=bearer(stranger["accessToken"]))
    assert_error(r, 403, "FORBIDDEN")
    assert_error(http.post("/api/rooms/rm_nope/token", headers=h), 404, "NOT_FOUND")
    assert http.post(f"/api/rooms/{room['id']}/end", headers=h).status_code == 204
    assert_error(http.post(f"/api/rooms/{room['id']}/token", headers=h), 409, "ROOM_ENDED")


def test_end_is_owner_only_and_idempotent(http: httpx.Client, user: dict[str, Any]) -> None:
    room = create(http, user)["room"]
    h = bearer(user["accessToken"])
    stranger = signup(http)
    r = http.post(f"/api/rooms/{room['id']}/end", headers=bearer(stranger["accessToken"]))
    assert_error(r, 403, "FORBIDDEN")
    r = http.post(f"/api/rooms/{room['id']}/end", headers=h)
    assert r.status_code == 204 and r.content == b""
    first = http.get(f"/api/rooms/{room['id']}", headers=h).json()["data"]["room"]
    assert first["status"] == "ended" and first["endedAt"]
    assert http.post(f"/api/rooms/{room['id']}/end", headers=h).status_code == 204
    second = http.get(f"/api/rooms/{room['id']}", headers=h).json()["data"]["room"]
    assert second["endedAt"] == first["endedAt"]
    assert_error(http.post("/api/rooms/rm_nope/end", headers=h), 404, "NOT_FOUND")


def test_join_public_gives_subscribe_only_viewer_token(
    http: httpx.Client, refserver: ServerHandle, user: dict[str, Any]
) -> None:
    room = create(http, user)["room"]
    r = http.post(f"/api/rooms/{room['id']}/join")  # no body, no auth
    assert r.status_code == 200, r.text
    lk = r.json()["data"]["livekit"]
    assert lk["url"] == refserver.settings.livekit_url
    claims = livekit_claims(refserver, lk["token"])
    assert claims["sub"].startswith("viewer_")
    video = claims["video"]
    assert video["roomJoin"] is True and video["room"] == room["livekitRoom"]
    assert video["canPublish"] is False and video["canPublishData"] is False
    assert video["canSubscribe"] is True
    assert claims["exp"] - time.time() <= 2 * 3600 + 5
    again = http.post(f"/api/rooms/{room['id']}/join", json={})
    other = livekit_claims(refserver, again.json()["data"]["livekit"]["token"])
    assert other["sub"] != claims["sub"]


def test_join_private_needs_the_key(http: httpx.Client, user: dict[str, Any]) -> None:
    data = create(http, user, "Private", "private")
    key = parse_qs(urlparse(data["joinUrl"]).query)["key"][0]
    rid = data["room"]["id"]
    assert_error(http.post(f"/api/rooms/{rid}/join"), 403, "FORBIDDEN")
    assert_error(http.post(f"/api/rooms/{rid}/join", json={"key": "wrong"}), 403, "FORBIDDEN")
    assert_error(http.post(f"/api/rooms/{rid}/join", json={"key": key[:-1]}), 403, "FORBIDDEN")
    assert http.post(f"/api/rooms/{rid}/join", json={"key": key}).status_code == 200


def test_join_ended_and_unknown(http: httpx.Client, user: dict[str, Any]) -> None:
    room = create(http, user)["room"]
    http.post(f"/api/rooms/{room['id']}/end", headers=bearer(user["accessToken"]))
    assert_error(http.post(f"/api/rooms/{room['id']}/join"), 409, "ROOM_ENDED")
    assert_error(http.post("/api/rooms/rm_unknown/join"), 404, "NOT_FOUND")


# --- viewer page ---------------------------------------------------------------------------


def test_viewer_page_for_live_room(
    http: httpx.Client, refserver: ServerHandle, user: dict[str, Any]
) -> None:
    room = create(http, user, "<script>alert(1)</script> & co", "private")
    r = http.get(urlparse(room["joinUrl"]).path + "?" + urlparse(room["joinUrl"]).query)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["referrer-policy"] == "no-referrer"
    page = r.text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert '<video id="video" autoplay muted playsinline></video>' in page
    assert '<div id="status">' in page
    assert f'src="{refserver.settings.livekit_client_url}"' in page
    assert f"/api/rooms/{room['room']['id']}/join" in page
    assert "LivekitClient" in page and "stream ended" in page
    key = parse_qs(urlparse(room["joinUrl"]).query)["key"][0]
    assert key not in page  # the key is read from location.search by the script


def test_viewer_page_ended_and_unknown(http: httpx.Client, user: dict[str, Any]) -> None:
    room = create(http, user)["room"]
    http.post(f"/api/rooms/{room['id']}/end", headers=bearer(user["accessToken"]))
    r = http.get(f"/live/{room['id']}")
    assert r.status_code == 200
    assert '<div id="status">stream ended</div>' in r.text
    missing = http.get("/live/rm_nothing")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "not found" in missing.text.lower()


def test_livekit_client_url_is_configurable(make_refserver: Any) -> None:
    srv = make_refserver(livekit_client_url="http://127.0.0.1:9/livekit-client.umd.js")
    with httpx.Client(base_url=srv.url) as client:
        owner = signup(client)
        room = create(client, owner)["room"]
        page = client.get(f"/live/{room['id']}").text
    assert 'src="http://127.0.0.1:9/livekit-client.umd.js"' in page
