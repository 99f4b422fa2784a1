"""StreamLink auth over HTTP: signup, signin, refresh rotation and reuse, signout, me, JWTs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.e2e.conftest import bearer, signup, unique_email
from tests.support.refserver import ServerHandle

ISO_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def assert_error(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(header: dict[str, Any], claims: dict[str, Any], signer: Any = None) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    sig = signer(signing_input.encode()) if signer else b""
    return f"{signing_input}.{b64(sig)}"


def private_key(server: ServerHandle) -> rsa.RSAPrivateKey:
    pem = (Path(server.settings.data_dir) / "server-signing-key.pem").read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def kid_of(http: httpx.Client) -> str:
    return str(http.get("/.well-known/jwks.json").json()["keys"][0]["kid"])


def good_claims(subject: str, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "sub": subject,
        "iss": "streamlink",
        "aud": "streamlink-api",
        "iat": now,
        "exp": now + 600,
        "jti": "x1",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


# --- signup / signin -----------------------------------------------------------------------


def test_signup_returns_201_with_user_and_tokens(http: httpx.Client) -> None:
    email = unique_email("Mixed.Case")
    r = http.post(
        "/api/auth/signup",
        json={"email": f"  {email.upper()} ", "password": "hunter2hunter2", "displayName": "Jane"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["ok"] is True
    data = body["data"]
    assert set(data) == {"user", "accessToken", "refreshToken", "accessTokenExpiresIn"}
    assert data["accessTokenExpiresIn"] == 900
    user = data["user"]
    assert set(user) == {"id", "email", "displayName", "createdAt"}
    assert user["id"].startswith("usr_")
    assert user["email"] == email.lower()
    assert user["displayName"] == "Jane"
    assert ISO_RE.match(user["createdAt"])


def test_signup_defaults_display_name_to_local_part(http: httpx.Client) -> None:
    data = signup(http, email="carol.smith@example.test", display_name=None)
    assert data["user"]["displayName"] == "carol.smith"


def test_signup_duplicate_email_is_409(http: httpx.Client) -> None:
    email = unique_email()
    signup(http, email=email)
    r = http.post("/api/auth/signup", json={"email": email.upper(), "password": "another-pass"})
    assert_error(r, 409, "EMAIL_TAKEN")


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "password": "long enough"},
        {"email": "a@b.test", "password": "short"},
        {"email": "a@b.test", "password": "x" * 257},
        {"email": "a@b.test", "password": "long enough", "displayName": "x" * 65},
        {"email": "a@b.test", "password": "long enough", "displayName": ""},
        {"password": "long enough"},
        {"email": 5, "password": "long enough"},
        [],
    ],
)
def test_signup_invalid_input_is_400(http: httpx.Client, body: Any) -> None:
    assert_error(http.post("/api/auth/signup", json=body), 400, "INVALID_INPUT")


def test_signin_ok_and_wrong_credentials_look_the_same(http: httpx.Client) -> None:
    data = signup(http)
    email = data["user"]["email"]
    r = http.post("/api/auth/signin", json={"email": email.upper(), "password": data["password"]})
    assert r.status_code == 200
    assert r.json()["data"]["user"] == data["user"]
    assert r.json()["data"]["accessTokenExpiresIn"] == 900
    wrong = http.post("/api/auth/signin", json={"email": email, "password": "wrong password"})
    unknown = http.post(
        "/api/auth/signin", json={"email": unique_email("ghost"), "password": "wrong password"}
    )
    assert_error(wrong, 401, "INVALID_CREDENTIALS")
    assert_error(unknown, 401, "INVALID_CREDENTIALS")
    assert wrong.json() == unknown.json()


def test_unknown_email_still_spends_password_hashing_time(http: httpx.Client) -> None:
    data = signup(http)
    t0 = time.perf_counter()
    http.post("/api/auth/signin", json={"email": data["user"]["email"], "password": "nope-nope"})
    known = time.perf_counter() - t0
    t0 = time.perf_counter()
    http.post("/api/auth/signin", json={"email": unique_email("none"), "password": "nope-nope"})
    unknown = time.perf_counter() - t0
    assert unknown > known * 0.3  # both pay argon2, not a fast path for unknown emails


# --- refresh / signout ---------------------------------------------------------------------


def test_refresh_rotates_and_old_token_is_spent(http: httpx.Client) -> None:
    data = signup(http)
    r = http.post("/api/auth/refresh", json={"refreshToken": data["refreshToken"]})
    assert r.status_code == 200, r.text
    fresh = r.json()["data"]
    assert set(fresh) == {"accessToken", "refreshToken", "accessTokenExpiresIn"}
    assert fresh["refreshToken"] != data["refreshToken"]
    assert http.get("/api/auth/me", headers=bearer(fresh["accessToken"])).status_code == 200
    again = http.post("/api/auth/refresh", json={"refreshToken": fresh["refreshToken"]})
    assert again.status_code == 200


def test_spent_refresh_token_reuse_revokes_the_whole_family(http: httpx.Client) -> None:
    data = signup(http)
    first = data["refreshToken"]
    second = http.post("/api/auth/refresh", json={"refreshToken": first}).json()["data"]
    third = http.post("/api/auth/refresh", json={"refreshToken": second["refreshToken"]}).json()[
        "data"
    ]
    reuse = http.post("/api/auth/refresh", json={"refreshToken": first})
    assert_error(reuse, 401, "INVALID_REFRESH_TOKEN")
    # The newest descendant is dead too.
    r = http.post("/api/auth/refresh", json={"refreshToken": third["refreshToken"]})
    assert_error(r, 401, "INVALID_REFRESH_TOKEN")
    # Another session of the same user (another family) is unaffected.
    other = http.post(
        "/api/auth/signin", json={"email": data["user"]["email"], "password": data["password"]}
    )
    r = http.post("/api/auth/refresh", json={"refreshToken": other.json()["data"]["refreshToken"]})
    assert r.status_code == 200


@pytest.mark.parametrize("token", ["", "garbage", "x" * 600])
def test_refresh_unknown_or_invalid(http: httpx.Client, token: str) -> None:
    r = http.post("/api/auth/refresh", json={"refreshToken": token})
    expected = "INVALID_REFRESH_TOKEN" if token == "garbage" else "INVALID_INPUT"
    assert_error(r, 401 if token == "garbage" else 400, expected)


def test_signout_revokes_family_and_is_idempotent(http: httpx.Client) -> None:
    data = signup(http)
    rotated = http.post("/api/auth/refresh", json={"refreshToken": data["refreshToken"]}).json()[
        "data"
    ]
    r = http.post("/api/auth/signout", json={"refreshToken": data["refreshToken"]})
    assert r.status_code == 204 and r.content == b""
    r = http.post("/api/auth/refresh", json={"refreshToken": rotated["refreshToken"]})
    assert_error(r, 401, "INVALID_REFRESH_TOKEN")
    assert http.post("/api/auth/signout", json={"refreshToken": "unknown"}).status_code == 204
    r = http.post("/api/auth/signout", json={"refreshToken": rotated["refreshToken"]})
    assert r.status_code == 204


def test_expired_refresh_token(make_refserver: Any) -> None:
    srv = make_refserver(refresh_token_ttl_seconds=1)
    with httpx.Client(base_url=srv.url) as client:
        data = signup(client)
        time.sleep(1.2)
        r = client.post("/api/auth/refresh", json={"refreshToken": data["refreshToken"]})
        assert_error(r, 401, "INVALID_REFRESH_TOKEN")


# --- me and access tokens ------------------------------------------------------------------


def test_me(http: httpx.Client) -> None:
    data = signup(http)
    r = http.get("/api/auth/me", headers=bearer(data["accessToken"]))
    assert r.status_code == 200
    assert r.json() == {"ok": True, "data": {"user": data["user"]}}


@pytest.mark.parametrize("header", [None, "Bearer", "Token abc", "Basic abc", "Bearer not.a.jwt"])
def test_me_without_valid_bearer_is_401(http: httpx.Client, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    r = http.get("/api/auth/me", headers=headers)
    assert_error(r, 401, "UNAUTHORIZED")
    assert r.headers["www-authenticate"] == "Bearer"


def test_access_token_claims_and_jwks(http: httpx.Client) -> None:
    data = signup(http)
    token = data["accessToken"]
    jwks = http.get("/.well-known/jwks.json").json()
    (key,) = jwks["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert jwt.get_unverified_header(token)["kid"] == key["kid"]
    public = jwt.PyJWK(key).key
    claims = jwt.decode(
        token, public, algorithms=["RS256"], audience="streamlink-api", issuer="streamlink"
    )
    assert claims["sub"] == data["user"]["id"]
    assert claims["exp"] - claims["iat"] == 900
    assert set(claims) >= {"sub", "iss", "aud", "iat", "exp", "jti"}


def test_expired_access_token_is_token_expired(http: httpx.Client, refserver: ServerHandle) -> None:
    data = signup(http)
    key = private_key(refserver)
    past = int(time.time()) - 3600
    token = jwt.encode(
        good_claims(data["user"]["id"], iat=past, exp=past + 900),
        key,
        algorithm="RS256",
        headers={"kid": kid_of(http)},
    )
    r = http.get("/api/auth/me", headers=bearer(token))
    assert_error(r, 401, "TOKEN_EXPIRED")


def test_properly_forged_token_with_real_key_is_accepted(
    http: httpx.Client, refserver: ServerHandle
) -> None:
    # Control for the attack tests below: the forging helper itself is right.
    data = signup(http)
    token = jwt.encode(
        good_claims(data["user"]["id"]),
        private_key(refserver),
        algorithm="RS256",
        headers={"kid": kid_of(http)},
    )
    assert http.get("/api/auth/me", headers=bearer(token)).status_code == 200


def test_alg_none_is_rejected(http: httpx.Client) -> None:
    data = signup(http)
    token = forge(
        {"alg": "none", "typ": "JWT", "kid": kid_of(http)}, good_claims(data["user"]["id"])
    )
    assert_error(http.get("/api/auth/me", headers=bearer(token)), 401, "UNAUTHORIZED")
    token_no_kid = forge({"alg": "none"}, good_claims(data["user"]["id"]))
    assert_error(http.get("/api/auth/me", headers=bearer(token_no_kid)), 401, "UNAUTHORIZED")


def test_hs256_signed_with_the_public_key_is_rejected(
    http: httpx.Client, refserver: ServerHandle
) -> None:
    data = signup(http)
    public_pem = (
        private_key(refserver)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    jwk_n = http.get("/.well-known/jwks.json").json()["keys"][0]["n"].encode()
    for secret in (public_pem, jwk_n):
        token = forge(
            {"alg": "HS256", "typ": "JWT", "kid": kid_of(http)},
            good_claims(data["user"]["id"]),
            lambda msg, s=secret: hmac.new(s, msg, hashlib.sha256).digest(),
        )
        assert_error(http.get("/api/auth/me", headers=bearer(token)), 401, "UNAUTHORIZED")


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "someone-else"},
        {"iss": "evil"},
        {"aud": None},
        {"iss": None},
        {"sub": None},
        {"iat": None},
        {"exp": None},
    ],
)
def test_wrong_or_missing_claims_are_rejected(
    http: httpx.Client, refserver: ServerHandle, changes: dict[str, Any]
) -> None:
    data = signup(http)
    token = jwt.encode(
        good_claims(data["user"]["id"], **changes),
        private_key(refserver),
        algorithm="RS256",
        headers={"kid": kid_of(http)},
    )
    assert_error(http.get("/api/auth/me", headers=bearer(token)), 401, "UNAUTHORIZED")


def test_wrong_kid_or_foreign_key_is_rejected(http: httpx.Client, refserver: ServerHandle) -> None:
    data = signup(http)
    claims = good_claims(data["user"]["id"])
    wrong_kid = jwt.encode(
        claims, private_key(refserver), algorithm="RS256", headers={"kid": "another-key"}
    )
    assert_error(http.get("/api/auth/me", headers=bearer(wrong_kid)), 401, "UNAUTHORIZED")
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    foreign = jwt.encode(claims, other, algorithm="RS256", headers={"kid": kid_of(http)})
    assert_error(http.get("/api/auth/me", headers=bearer(foreign)), 401, "UNAUTHORIZED")


def test_tampered_payload_is_rejected(http: httpx.Client) -> None:
    a, b = signup(http), signup(http)
    head, _, sig = a["accessToken"].split(".")
    payload = b["accessToken"].split(".")[1]
    r = http.get("/api/auth/me", headers=bearer(f"{head}.{payload}.{sig}"))
    assert_error(r, 401, "UNAUTHORIZED")
