"""Rate limits: per-IP windows with X-RateLimit-* on every response, 429 + Retry-After,
and per-account protection against password guessing."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import bearer, signup, unique_email


def limit_headers(r: httpx.Response) -> tuple[int, int, int]:
    return (
        int(r.headers["x-ratelimit-limit"]),
        int(r.headers["x-ratelimit-remaining"]),
        int(r.headers["x-ratelimit-reset"]),
    )


def test_eleventh_signin_in_a_minute_is_429(make_refserver: Any) -> None:
    srv = make_refserver()  # default limits: auth 10/minute per IP
    with httpx.Client(base_url=srv.url) as client:
        responses = [
            client.post(
                "/api/auth/signin", json={"email": unique_email("rl"), "password": "wrong password"}
            )
            for _ in range(11)
        ]
    assert [r.status_code for r in responses] == [401] * 10 + [429]
    for i, r in enumerate(responses[:10]):
        limit, remaining, reset = limit_headers(r)
        assert (limit, remaining) == (10, 9 - i)
        assert time.time() < reset <= time.time() + 61
    last = responses[10]
    assert last.json()["ok"] is False and last.json()["error"]["code"] == "RATE_LIMITED"
    limit, remaining, reset = limit_headers(last)
    assert (limit, remaining) == (10, 0)
    assert 1 <= int(last.headers["retry-after"]) <= 60


def test_signup_and_signin_share_the_auth_limit(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_auth="3/minute")
    with httpx.Client(base_url=srv.url) as client:
        signup(client)
        signup(client)
        r = client.post("/api/auth/signin", json={"email": "x@y.test", "password": "whatever1"})
        assert r.status_code == 401
        r = client.post("/api/auth/signup", json={"email": "z@y.test", "password": "whatever1"})
        assert r.status_code == 429 and "retry-after" in r.headers


def test_headers_on_every_response_report_the_tightest_limit(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_global="50/minute", rate_limit_refresh="2/minute")
    with httpx.Client(base_url=srv.url) as client:
        me = client.get("/api/auth/me")  # an error response still carries them
        assert me.status_code == 401 and limit_headers(me)[:2] == (50, 49)
        missing = client.get("/api/does-not-exist")
        assert missing.status_code == 404 and limit_headers(missing)[:2] == (50, 48)
        bad = client.post(
            "/api/auth/refresh", content=b"{", headers={"Content-Type": "application/json"}
        )
        assert bad.status_code == 400 and limit_headers(bad)[:2] == (2, 1)
        again = client.post("/api/auth/refresh", json={"refreshToken": "nope"})
        assert again.status_code == 401 and limit_headers(again)[:2] == (2, 0)
        third = client.post("/api/auth/refresh", json={"refreshToken": "nope"})
        assert third.status_code == 429
        assert third.json()["error"]["code"] == "RATE_LIMITED"
        assert int(third.headers["retry-after"]) >= 1
        page = client.get("/live/rm_unknown")
        assert page.status_code == 404 and "x-ratelimit-remaining" in page.headers


def test_global_limit(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_global="5/minute")
    with httpx.Client(base_url=srv.url) as client:
        codes = [client.get("/api/rooms").status_code for _ in range(6)]
        assert codes == [401] * 5 + [429]
        r = client.get("/api/rooms")
        assert limit_headers(r)[:2] == (5, 0) and "retry-after" in r.headers
        # GoLive, admin, JWKS and OpenAPI are outside the StreamLink IP limit.
        assert client.get("/.well-known/jwks.json").status_code == 200
        assert client.get("/admin/tenants", headers=bearer(srv.operator_token)).status_code == 200
        assert client.get("/api/v1/me").status_code == 401


def test_limits_can_be_switched_off(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_enabled=False, rate_limit_global="2/minute")
    with httpx.Client(base_url=srv.url) as client:
        codes = {client.get("/api/rooms").status_code for _ in range(5)}
    assert codes == {401}


def test_per_account_signin_failures_lock_the_account_not_the_ip(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_signin_failures="3/15minutes", rate_limit_auth="100/minute")
    with httpx.Client(base_url=srv.url) as client:
        victim = signup(client)
        bystander = signup(client)
        email = victim["user"]["email"]
        for _ in range(3):
            r = client.post("/api/auth/signin", json={"email": email, "password": "guess-guess"})
            assert r.status_code == 401
        # Locked now, even with the right password (and in another letter case).
        r = client.post(
            "/api/auth/signin", json={"email": email.upper(), "password": victim["password"]}
        )
        assert r.status_code == 429 and r.json()["error"]["code"] == "RATE_LIMITED"
        assert int(r.headers["retry-after"]) > 60
        assert r.headers["x-ratelimit-limit"] == "3" and r.headers["x-ratelimit-remaining"] == "0"
        # Other accounts from the same IP are fine.
        r = client.post(
            "/api/auth/signin",
            json={"email": bystander["user"]["email"], "password": bystander["password"]},
        )
        assert r.status_code == 200


def test_successful_signin_resets_the_failure_count(make_refserver: Any) -> None:
    srv = make_refserver(rate_limit_signin_failures="2/15minutes")
    with httpx.Client(base_url=srv.url) as client:
        u = signup(client)
        email = u["user"]["email"]
        for _ in range(3):
            r = client.post("/api/auth/signin", json={"email": email, "password": "bad-guess"})
            assert r.status_code == 401
            r = client.post("/api/auth/signin", json={"email": email, "password": u["password"]})
            assert r.status_code == 200


def signin_from(client: httpx.Client, forwarded_for: str) -> int:
    """A failing sign-in (fresh email) that claims to come from ``forwarded_for``."""
    r = client.post(
        "/api/auth/signin",
        json={"email": unique_email("xff"), "password": "wrong password"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return r.status_code


@pytest.mark.parametrize("mode", ["thread", "subprocess"])
def test_untrusted_forwarded_for_does_not_evade_the_ip_limit(
    make_refserver: Any, mode: str
) -> None:
    # trust_forwarded_for is off (the default): a loopback client rotating X-Forwarded-For
    # is still one IP. (uvicorn would trust the header from 127.0.0.1 by default; both the
    # in-thread server and `python -m slctl.server` must turn that off.)
    srv = make_refserver(mode=mode, rate_limit_auth="3/minute")
    with httpx.Client(base_url=srv.url) as client:
        codes = [signin_from(client, f"192.0.2.{i}") for i in range(5)]
    assert codes == [401] * 3 + [429] * 2


@pytest.mark.parametrize("mode", ["thread", "subprocess"])
def test_trusted_forwarded_for_keys_the_ip_limit(make_refserver: Any, mode: str) -> None:
    srv = make_refserver(mode=mode, rate_limit_auth="3/minute", trust_forwarded_for=True)
    with httpx.Client(base_url=srv.url) as client:
        # Each forwarded address has its own window ...
        assert [signin_from(client, f"198.51.100.{i}") for i in range(5)] == [401] * 5
        # ... and one address is limited however the hops after it look.
        hops = ["203.0.113.7", "203.0.113.7, 10.0.0.1", "203.0.113.7, 10.0.0.2", "203.0.113.7"]
        assert [signin_from(client, h) for h in hops] == [401] * 3 + [429]


def test_uvicorn_proxy_headers_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from slctl.server import cli

    monkeypatch.delenv("SLCTL_SERVER_TRUST_FORWARDED_FOR", raising=False)
    seen: list[Any] = []
    monkeypatch.setattr(cli, "serve", seen.append)
    assert cli.main(["--port", "1"]) == 0
    assert cli.main(["--port", "1", "--trust-forwarded-for"]) == 0
    off, on = seen
    assert cli.uvicorn_proxy_options(off)["proxy_headers"] is False
    assert cli.uvicorn_proxy_options(on) == {"proxy_headers": True, "forwarded_allow_ips": "*"}
