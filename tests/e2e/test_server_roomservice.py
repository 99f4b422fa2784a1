"""The server's RoomService calls, observed on a loopback stand-in for livekit-server.

The stand-in answers every Twirp call with an empty protobuf message (200) and records it;
tests with a real livekit-server live in tests/livekit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from livekit import api as lkapi

from tests.e2e.conftest import bearer, create_tenant, signup

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")


@dataclass
class Call:
    method: str
    body: bytes
    authorization: str


class FakeRoomService:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.status = 200
        calls, owner = self.calls, self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                calls.append(
                    Call(self.path.rsplit("/", 1)[-1], body, self.headers.get("authorization", ""))
                )
                self.send_response(owner.status)
                payload = b"" if owner.status == 200 else b'{"code":"internal","msg":"boom"}'
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"ws://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def named(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]


@pytest.fixture
def fake_livekit() -> Iterator[FakeRoomService]:
    fake = FakeRoomService()
    yield fake
    fake.server.shutdown()


def test_room_service_calls(make_refserver: Any, fake_livekit: FakeRoomService) -> None:
    srv = make_refserver(
        livekit_url=fake_livekit.url,
        livekit_api_key="lk-key",
        livekit_api_secret="a-long-enough-livekit-secret-for-hs256",
    )
    with httpx.Client(base_url=srv.url) as client:
        user = signup(client)
        room = client.post(
            "/api/rooms", json={"name": "R"}, headers=bearer(user["accessToken"])
        ).json()["data"]["room"]
        (create,) = fake_livekit.named("CreateRoom")
        assert lkapi.CreateRoomRequest.FromString(create.body).name == room["livekitRoom"]
        scheme, _, token = create.authorization.partition(" ")
        assert scheme == "Bearer"
        claims = jwt.decode(token, "a-long-enough-livekit-secret-for-hs256", algorithms=["HS256"])
        assert claims["iss"] == "lk-key" and claims["video"]["roomCreate"] is True

        assert (
            client.post(
                f"/api/rooms/{room['id']}/end", headers=bearer(user["accessToken"])
            ).status_code
            == 204
        )
        (delete,) = fake_livekit.named("DeleteRoom")
        assert lkapi.DeleteRoomRequest.FromString(delete.body).room == room["livekitRoom"]

        t = create_tenant(client, srv.operator_token, "RS", tenant_id="rs")
        auth = (t["api_key"], t["api_secret"])
        r = client.post("/api/v1/rooms", json={"name": "meet", "max_participants": 7}, auth=auth)
        assert r.status_code == 201
        gl_create = lkapi.CreateRoomRequest.FromString(fake_livekit.named("CreateRoom")[1].body)
        assert gl_create.name == "rs__meet" and gl_create.max_participants == 7
        assert gl_create.empty_timeout > 0
        assert client.delete("/api/v1/rooms/meet", auth=auth).status_code == 204
        gl_delete = lkapi.DeleteRoomRequest.FromString(fake_livekit.named("DeleteRoom")[1].body)
        assert gl_delete.room == "rs__meet"


def test_livekit_errors_never_fail_the_api(
    make_refserver: Any, fake_livekit: FakeRoomService
) -> None:
    fake_livekit.status = 500
    srv = make_refserver(livekit_url=fake_livekit.url)
    with httpx.Client(base_url=srv.url) as client:
        user = signup(client)
        r = client.post("/api/rooms", json={"name": "R"}, headers=bearer(user["accessToken"]))
        assert r.status_code == 201
        rid = r.json()["data"]["room"]["id"]
        r = client.post(f"/api/rooms/{rid}/end", headers=bearer(user["accessToken"]))
        assert r.status_code == 204
        t = create_tenant(client, srv.operator_token, "Down")
        auth = (t["api_key"], t["api_secret"])
        assert client.post("/api/v1/rooms", json={"name": "x"}, auth=auth).status_code == 201
        assert client.delete("/api/v1/rooms/x", auth=auth).status_code == 204
    assert len(fake_livekit.calls) == 4


def test_unreachable_livekit_is_not_an_error(make_refserver: Any) -> None:
    from tests.support.refserver import free_port

    srv = make_refserver(livekit_url=f"ws://127.0.0.1:{free_port()}")
    with httpx.Client(base_url=srv.url) as client:
        user = signup(client)
        r = client.post("/api/rooms", json={"name": "R"}, headers=bearer(user["accessToken"]))
        assert r.status_code == 201
