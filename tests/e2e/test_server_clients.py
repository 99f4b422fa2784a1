"""The server from outside Python: the Node snippet, curl, and ``python -m slctl.server``."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from tests.e2e.conftest import bearer, create_tenant
from tests.support.refserver import ServerHandle, start_reference_server

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

NODE_SNIPPET = Path(__file__).parent / "node" / "getToken.mjs"


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is required under CI")
        pytest.skip(f"{tool} not installed")
    return path


def test_node_get_token_snippet(
    http: httpx.Client, refserver: ServerHandle, operator_token: str
) -> None:
    node = need("node")
    t = create_tenant(http, operator_token, "Node Corp")
    auth = (t["api_key"], t["api_secret"])
    assert http.post("/api/v1/rooms", json={"name": "node-room"}, auth=auth).status_code == 201
    env = {
        **os.environ,
        "GOLIVE_BASE_URL": refserver.url + "/",
        "GOLIVE_API_KEY": t["api_key"],
        "GOLIVE_API_SECRET": t["api_secret"],
    }
    run = subprocess.run(
        [node, str(NODE_SNIPPET), "node-room", "user-42", "Ada"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["room"] == f"{t['tenant']['id']}__node-room"
    assert out["identity"] == "user-42" and out["expires_in"] == 3600
    assert out["ws_url"] == refserver.settings.livekit_url
    claims = jwt.decode(out["token"], refserver.settings.livekit_api_secret, algorithms=["HS256"])
    assert claims["sub"] == "user-42" and claims["name"] == "Ada"
    assert claims["video"]["room"] == out["room"] and claims["video"]["canPublish"] is True
    # Errors come back as the documented envelope.
    missing = subprocess.run(
        [node, str(NODE_SNIPPET), "no-such-room", "u"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert missing.returncode == 1
    assert json.loads(missing.stderr)["code"] == "NOT_FOUND"
    env["GOLIVE_API_SECRET"] = "wrong"
    denied = subprocess.run(
        [node, str(NODE_SNIPPET), "node-room", "u"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert json.loads(denied.stderr)["status"] == 401


def test_curl_create_room_and_mint_token(
    http: httpx.Client, refserver: ServerHandle, operator_token: str
) -> None:
    curl = need("curl")
    t = create_tenant(http, operator_token, "Curl Corp")
    user = f"{t['api_key']}:{t['api_secret']}"

    def call(*args: str) -> tuple[int, Any]:
        run = subprocess.run(
            [curl, "-sS", "-u", user, "-w", "\n%{http_code}", *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        body, _, code = run.stdout.rpartition("\n")
        return int(code), json.loads(body) if body else None

    code, room = call(
        "-X",
        "POST",
        f"{refserver.url}/api/v1/rooms",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"name":"curl-room","max_participants":10}',
    )
    assert code == 201 and room["livekit_room"] == f"{t['tenant']['id']}__curl-room"
    code, again = call(
        "-X",
        "POST",
        f"{refserver.url}/api/v1/rooms",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"name":"curl-room"}',
    )
    assert code == 409 and again["error"]["code"] == "ROOM_EXISTS"
    code, token = call(
        "-X",
        "POST",
        f"{refserver.url}/api/v1/rooms/curl-room/tokens",
        "-H",
        "Content-Type: application/json",
        "-d",
        '{"identity":"curl-user","can_publish":false,"ttl_seconds":600}',
    )
    assert code == 200 and token["identity"] == "curl-user" and token["expires_in"] == 600
    claims = jwt.decode(token["token"], refserver.settings.livekit_api_secret, algorithms=["HS256"])
    assert claims["video"]["canPublish"] is False
    code, me = call(f"{refserver.url}/api/v1/me")
    assert code == 200 and me["id"] == t["tenant"]["id"]


def test_viewer_page_script_is_valid_javascript(
    http: httpx.Client, tmp_path: Path, operator_token: str
) -> None:
    node = need("node")
    signed = http.post(
        "/api/auth/signup", json={"email": "viewer-js@example.test", "password": "long enough"}
    ).json()["data"]
    room = http.post(
        "/api/rooms", json={"name": "JS"}, headers=bearer(signed["accessToken"])
    ).json()["data"]["room"]
    page = http.get(f"/live/{room['id']}").text
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 1
    script = tmp_path / "viewer.js"
    script.write_text(scripts[0])
    run = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr


def test_python_m_server_with_generated_operator_token(tmp_path: Path) -> None:
    with start_reference_server(tmp_path, mode="subprocess", operator_token=None) as srv:
        token_file = Path(srv.settings.data_dir) / "server-operator-token"
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        key_file = Path(srv.settings.data_dir) / "server-signing-key.pem"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        token = token_file.read_text().strip()
        with httpx.Client(base_url=srv.url) as client:
            assert client.get("/admin/tenants", headers=bearer(token)).status_code == 200
            kid = client.get("/.well-known/jwks.json").json()["keys"][0]["kid"]
            srv.restart()  # same data dir: same key and token survive a restart
            assert client.get("/.well-known/jwks.json").json()["keys"][0]["kid"] == kid
            assert client.get("/admin/tenants", headers=bearer(token)).status_code == 200
        log = (Path(srv.settings.data_dir) / "server.log").read_text()
    assert str(token_file) in log
    assert token not in log


def test_python_m_server_help() -> None:
    run = subprocess.run(
        ["python", "-m", "slctl.server", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")},
    )
    assert run.returncode == 0 and "--database-url" in run.stdout and "SLCTL_SERVER_" in run.stdout
