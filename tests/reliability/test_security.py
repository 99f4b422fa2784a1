"""Security regressions the server tests (tests/e2e/test_server_*.py) do not already pin:
brute force from rotating addresses, spoofed X-Forwarded-For, refresh-family revocation as
the SDK sees it, credentials of one API used on another, and secrets kept out of logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import golive_sdk
import streamlink_sdk as sl
from streamlink_sdk import MemoryTokenStore, StreamLink
from tests.support.refserver import RELAXED_LIMITS, ServerHandle, start_reference_server

PASSWORD = "right-password-42"


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with start_reference_server(tmp_path_factory.mktemp("sec"), **RELAXED_LIMITS) as handle:
        yield handle


def signup(http: httpx.Client, email: str) -> dict[str, Any]:
    r = http.post("/api/auth/signup", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def signin(http: httpx.Client, email: str, password: str, ip: str) -> int:
    r = http.post(
        "/api/auth/signin",
        json={"email": email, "password": password},
        headers={"X-Forwarded-For": ip},
    )
    return r.status_code


def test_account_locks_even_when_each_guess_comes_from_a_new_address(tmp_path: Path) -> None:
    # Forwarded-for is trusted here (behind a proxy), so every guess has its own IP and the
    # per-IP limit never triggers; the per-account limit must.
    with (
        start_reference_server(
            tmp_path,
            trust_forwarded_for=True,
            rate_limit_auth="4/minute",
            rate_limit_signin_failures="5/15minutes",
        ) as s,
        httpx.Client(base_url=s.url) as http,
    ):
        signup(http, "victim@example.test")
        guesses = [
            signin(http, "victim@example.test", f"guess-{i}", f"198.51.100.{i}") for i in range(8)
        ]
        assert guesses == [401] * 5 + [429] * 3
        assert signin(http, "victim@example.test", PASSWORD, "203.0.113.9") == 429
        # The limit is per account: someone else signs in fine from a fresh address.
        signup(http, "other@example.test")
        assert signin(http, "other@example.test", PASSWORD, "203.0.113.10") == 200


def test_spoofed_forwarded_for_does_not_evade_the_ip_limit(tmp_path: Path) -> None:
    with (
        start_reference_server(tmp_path, rate_limit_auth="3/minute") as s,
        httpx.Client(base_url=s.url) as http,
    ):
        codes = [signin(http, f"u{i}@example.test", "whatever-1", f"192.0.2.{i}") for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_reused_refresh_token_ends_both_sdk_sessions(srv: ServerHandle) -> None:
    with StreamLink(base_url=srv.streamlink_url) as alice:
        alice.auth.signup(email="family@example.test", password=PASSWORD)
        stolen = alice.tokens
        assert stolen is not None
        alice.auth.refresh()  # rotates: the stolen refresh token is now spent
        with StreamLink(base_url=srv.streamlink_url, token_store=MemoryTokenStore(stolen)) as thief:
            with pytest.raises(sl.SessionExpiredError):
                thief.auth.refresh()  # reuse detected: the whole family is revoked
            assert thief.tokens is None
        with pytest.raises(sl.SessionExpiredError):
            alice.auth.refresh()  # the legitimate holder is signed out too
        assert alice.tokens is None


def test_credentials_of_one_api_are_refused_by_the_others(srv: ServerHandle) -> None:
    with httpx.Client(base_url=srv.url) as http:
        user = signup(http, "cross@example.test")
        bearer = {"Authorization": f"Bearer {user['accessToken']}"}
        op = {"Authorization": f"Bearer {srv.operator_token}"}
        tenant = http.post("/admin/tenants", json={"name": "Cross"}, headers=op).json()
        basic = (tenant["api_key"], tenant["api_secret"])
        assert http.get("/api/v1/me", headers=bearer).status_code == 401
        assert http.get("/admin/tenants", headers=bearer).status_code == 401
        assert http.get("/admin/tenants", auth=basic).status_code == 401
        assert http.get("/api/v1/me", headers=op).status_code == 401
        assert http.get("/api/auth/me", auth=basic).status_code == 401
        assert http.get("/api/auth/me", headers=op).status_code == 401
        # A refresh token is not an access token, and a tenant secret is not a password.
        refresh_as_bearer = {"Authorization": f"Bearer {user['refreshToken']}"}
        assert http.get("/api/auth/me", headers=refresh_as_bearer).status_code == 401
        assert http.get("/api/v1/me", auth=(tenant["api_key"], PASSWORD)).status_code == 401


def test_secrets_never_reach_server_or_sdk_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with start_reference_server(
        tmp_path, mode="subprocess", access_log=True, log_level="debug", **RELAXED_LIMITS
    ) as s:
        with StreamLink(base_url=s.streamlink_url) as client:
            session = client.auth.signup(email="logs@example.test", password=PASSWORD)
            with pytest.raises(sl.AuthenticationError):
                client.auth.signin(email="logs@example.test", password="Wrong-Secret-77")
            created = client.rooms.create("Logged room")
            fresh = client.auth.refresh()
        with golive_sdk.GoLiveAdmin(operator_token=s.operator_token, base_url=s.url) as admin:
            creds = admin.tenants.create("Logs")
        with golive_sdk.GoLive(creds.api_key, creds.api_secret, base_url=s.url) as gl:
            gl.rooms.create("logged")
            minted = gl.tokens.create("logged", identity="u")
            with pytest.raises(golive_sdk.AuthenticationError) as bad:
                golive_sdk.GoLive(creds.api_key, "not-the-secret", base_url=s.url).me()
        server_log = (Path(s.settings.data_dir) / "server.log").read_text()
    assert "POST /api/auth/signup" in server_log  # the access log is on and captured
    secrets = [
        PASSWORD,
        "Wrong-Secret-77",
        session.tokens.access_token,
        session.tokens.refresh_token,
        fresh.refresh_token,
        created.livekit.token,
        s.operator_token,
        creds.api_secret,
        minted.token,
        "not-the-secret",
    ]
    sdk_log = caplog.text + str(bad.value) + repr(bad.value)
    for secret in secrets:
        assert secret not in server_log
        assert secret not in sdk_log
