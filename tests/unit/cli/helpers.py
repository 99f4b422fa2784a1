"""Helpers for the slctl unit tests: invoking the app, canned API payloads, fake JWTs."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from typer.testing import CliRunner, Result

from slctl.app import app
from streamlink_sdk import Tokens
from streamlink_sdk.token_store import KeyringTokenStore

SL = "http://sl.test/api"
GL = "http://gl.test"
PASSWORD = "correct horse battery"
ACCESS = "access-token-AAAA"
REFRESH = "refresh-token-RRRR"


def run(runner: CliRunner, *args: str, input: str | None = None, **env: str) -> Result:
    """Invoke slctl with ``args`` (StreamLink base URL preset to the mock)."""
    return runner.invoke(app, ["--base-url", SL, *args], input=input, env=env or None)


def sign_in(
    profile: str = "default", expires_in: float = 900.0, access: str = ACCESS
) -> KeyringTokenStore:
    """Put tokens for ``profile`` in the (memory) keyring, as `auth login` would."""
    store = KeyringTokenStore(profile)
    store.save(Tokens(access, REFRESH, time.time() + expires_in))
    return store


def envelope(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": message}}


USER = {"id": "usr_1", "email": "me@example.com", "displayName": "Me"}
ROOM = {
    "id": "rm_1",
    "name": "Demo",
    "type": "public",
    "status": "live",
    "ownerId": "usr_1",
    "createdAt": "2026-01-01T00:00:00Z",
    "joinUrl": "http://sl.test/live/rm_1",
    "livekitRoom": "rm_1",
}


def auth_payload(access: str = ACCESS, refresh: str = REFRESH) -> dict[str, Any]:
    return envelope(
        {"user": USER, "accessToken": access, "refreshToken": refresh, "accessTokenExpiresIn": 900}
    )


def jwt(claims: dict[str, Any]) -> str:
    """An unsigned-looking JWT with ``claims`` (enough for offline inspection)."""

    def part(data: dict[str, Any]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"
