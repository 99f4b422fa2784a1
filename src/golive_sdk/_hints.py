"""Troubleshooting hints attached to GoLive errors (from the GoLive troubleshooting table)."""

from __future__ import annotations

from typing import Any

from streamlink_sdk._core.endpoint import Endpoint

BAD_CREDENTIALS = (
    "wrong api_key/api_secret, or the tenant is deactivated; "
    "check the credentials with GET /api/v1/me (gl.me())"
)
CREATE_ROOM_FIRST = (
    "the room does not exist yet: create it first with rooms.create(name) or rooms.ensure(name)"
)
PERMISSION = (
    "the token was minted with can_publish=False, or the internal '<tenant>__<room>' "
    "LiveKit name was used instead of the plain room name"
)
BAD_OPERATOR_TOKEN = (
    "wrong operator token: pass operator_token= or set GOLIVE_OPERATOR_TOKEN "
    "(the server's operator token)"
)
NO_TENANT = "no tenant with this id; tenants.list() shows the existing ones"
TENANT_EXISTS = "a tenant with this id exists: pick another id, or leave id out to derive one"

MINT = "tokens.create"


def tenant_hint(endpoint: Endpoint[Any], status: int, code: str) -> str | None:
    """Hint for an error answered to a tenant (Basic auth) call."""
    if status == 401:
        return BAD_CREDENTIALS
    if status == 403:
        return PERMISSION
    if status == 404 and endpoint.name == MINT:
        return CREATE_ROOM_FIRST
    return None


def admin_hint(endpoint: Endpoint[Any], status: int, code: str) -> str | None:
    """Hint for an error answered to an operator (admin) call."""
    if status in (401, 403):
        return BAD_OPERATOR_TOKEN
    if status == 404:
        return NO_TENANT
    if status == 409:
        return TENANT_EXISTS
    return None
