"""GoLive API under ``/api/v1``: tenant rooms and LiveKit token minting (bare JSON).

Token minting is the hot path: tenant credentials and rooms come from in-memory TTL caches,
so a warm request does no database round trip and no thread hop.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError
from starlette.concurrency import run_in_threadpool

from . import schemas
from .common import iso
from .context import ServerContext, ctx_of, get_ctx
from .errors import ApiError
from .openapi import TENANT_AUTH
from .security import digest_matches
from .store import AlreadyExists, Row

router = APIRouter(prefix="/api/v1", tags=["GoLive"])

ROOM_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_BASIC = {"WWW-Authenticate": 'Basic realm="golive"'}
_UNAUTHORIZED = "invalid API key or secret, or the tenant is deactivated; check GET /api/v1/me"
Ctx = Annotated[ServerContext, Depends(get_ctx)]


class CreateRoomBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    max_participants: int | None = Field(default=None, ge=1, le=100_000)


class TokenBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    identity: str = Field(min_length=1, max_length=256)
    name: str | None = Field(default=None, max_length=256)
    can_publish: StrictBool = True
    can_subscribe: StrictBool = True
    can_publish_data: StrictBool = True
    ttl_seconds: int = Field(default=3600, ge=60, le=86_400)


def tenant_json(row: Row) -> dict[str, Any]:
    """A tenant as the API shows it (never the secret)."""
    return {
        "id": row["id"],
        "name": row["name"],
        "api_key": row["api_key"],
        "active": bool(row["active"]),
        "created_at": iso(row["created_us"]),
    }


def livekit_room_name(tenant_id: str, room: str) -> str:
    """The LiveKit room behind a tenant room: ``<tenant>__<room>``."""
    return f"{tenant_id}__{room}"


def room_json(row: Row) -> dict[str, Any]:
    """A tenant room as the API shows it."""
    return {
        "name": row["name"],
        "livekit_room": livekit_room_name(row["tenant_id"], row["name"]),
        "max_participants": row["max_participants"],
        "created_at": iso(row["created_us"]),
    }


def check_room_name(name: str) -> None:
    """:class:`ApiError` 400 unless ``name`` is a valid GoLive room name."""
    if not ROOM_NAME_RE.match(name):
        raise ApiError(
            400, "INVALID_INPUT", "room name must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'"
        )
    if "__" in name:
        raise ApiError(
            400, "INVALID_INPUT", "room name must not contain '__' (reserved for the tenant prefix)"
        )


def _parse_basic(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    key, sep, secret = decoded.partition(":")
    if not sep or not key or not secret:
        return None
    return key, secret


async def current_tenant(request: Request) -> Row:
    """FastAPI dependency: the active tenant authenticated by HTTP Basic ``key:secret``."""
    ctx = ctx_of(request)
    creds = _parse_basic(request.headers.get("authorization", ""))
    if creds is None:
        raise ApiError(401, "UNAUTHORIZED", _UNAUTHORIZED, _BASIC)
    key, secret = creds
    row = ctx.tenant_auth.get(key)
    if row is None:
        row = await run_in_threadpool(ctx.store.tenant_by_key, key)
        if row is None:
            raise ApiError(401, "UNAUTHORIZED", _UNAUTHORIZED, _BASIC)
        ctx.tenant_auth.put(key, row)
    if not digest_matches(secret, row["secret_digest"]) or not row["active"]:
        raise ApiError(401, "UNAUTHORIZED", _UNAUTHORIZED, _BASIC)
    rule = ctx.limits.tenant
    if rule is not None and ctx.limits.enabled:
        state = ctx.limits.hit([rule], row["id"])
        request.state.slctl_rate_limit = state
        if not state.allowed:
            raise ApiError(429, "RATE_LIMITED", "tenant request limit reached", state.headers())
    return row


Tenant = Annotated[Row, Depends(current_tenant)]

_NO_ROOM = {"description": "NOT_FOUND: the tenant has no room with this name"}
_BAD_NAME = {"description": "INVALID_INPUT: not a valid room name"}
_BAD_BODY_OR_NAME = {
    "description": "INVALID_INPUT: malformed JSON, a field that fails validation, or not a "
    "valid room name"
}


async def _room(ctx: ServerContext, tenant_id: str, name: str) -> Row | None:
    key = (tenant_id, name)
    row = ctx.golive_rooms.get(key)
    if row is None:
        row = await run_in_threadpool(ctx.store.get_golive_room, tenant_id, name)
        if row is not None:
            ctx.golive_rooms.put(key, row)
    return row


@router.get(
    "/me",
    summary="The authenticated tenant",
    responses={
        200: {"model": schemas.Tenant},
        401: {"description": "UNAUTHORIZED: wrong key or secret, or the tenant is deactivated"},
    },
    openapi_extra=TENANT_AUTH,
)
async def me(tenant: Tenant) -> JSONResponse:
    return JSONResponse(tenant_json(tenant))


@router.post(
    "/rooms",
    status_code=201,
    summary="Create a room (409 if it exists)",
    responses={
        201: {"model": schemas.GoLiveRoom},
        409: {"description": "ROOM_EXISTS: the tenant has a room with this name"},
    },
    openapi_extra=TENANT_AUTH,
)
async def create_room(body: CreateRoomBody, tenant: Tenant, ctx: Ctx) -> JSONResponse:
    check_room_name(body.name)
    try:
        row = await run_in_threadpool(
            ctx.store.create_golive_room, tenant["id"], body.name, body.max_participants
        )
    except AlreadyExists as exc:
        raise ApiError(409, "ROOM_EXISTS", f"room {body.name!r} already exists") from exc
    ctx.golive_rooms.put((tenant["id"], body.name), row)
    await ctx.livekit.create_room(
        livekit_room_name(tenant["id"], body.name), max_participants=body.max_participants
    )
    return JSONResponse(room_json(row), status_code=201)


@router.get(
    "/rooms",
    summary="The tenant's rooms",
    responses={200: {"model": schemas.GoLiveRoomList}},
    openapi_extra=TENANT_AUTH,
)
async def list_rooms(tenant: Tenant, ctx: Ctx) -> JSONResponse:
    rows = await run_in_threadpool(ctx.store.list_golive_rooms, tenant["id"])
    return JSONResponse({"rooms": [room_json(r) for r in rows]})


@router.get(
    "/rooms/{room}",
    summary="One room",
    responses={200: {"model": schemas.GoLiveRoom}, 400: _BAD_NAME, 404: _NO_ROOM},
    openapi_extra=TENANT_AUTH,
)
async def get_room(room: str, tenant: Tenant, ctx: Ctx) -> JSONResponse:
    check_room_name(room)
    row = await run_in_threadpool(ctx.store.get_golive_room, tenant["id"], room)
    if row is None:
        raise ApiError(404, "NOT_FOUND", f"room {room!r} not found")
    return JSONResponse(room_json(row))


@router.delete(
    "/rooms/{room}",
    status_code=204,
    summary="Delete a room (and its LiveKit room)",
    responses={400: _BAD_NAME, 404: _NO_ROOM},
    openapi_extra=TENANT_AUTH,
)
async def delete_room(room: str, tenant: Tenant, ctx: Ctx) -> Response:
    check_room_name(room)
    deleted = await run_in_threadpool(ctx.store.delete_golive_room, tenant["id"], room)
    ctx.golive_rooms.drop((tenant["id"], room))
    if not deleted:
        raise ApiError(404, "NOT_FOUND", f"room {room!r} not found")
    await ctx.livekit.delete_room(livekit_room_name(tenant["id"], room))
    return Response(status_code=204)


_TOKEN_BODY_DOC = {
    **TENANT_AUTH,
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": TokenBody.model_json_schema()}},
    },
}


@router.post(
    "/rooms/{room}/tokens",
    summary="Mint a LiveKit access token for a room",
    openapi_extra=_TOKEN_BODY_DOC,
    responses={200: {"model": schemas.RoomToken}, 400: _BAD_BODY_OR_NAME, 404: _NO_ROOM},
)
async def mint_token(room: str, request: Request) -> JSONResponse:
    # The hot path: authenticate first, then parse the body ourselves; cheaper than FastAPI's
    # dependency and body machinery, and a bad body never reveals anything before auth.
    tenant = await current_tenant(request)
    ctx = ctx_of(request)
    try:
        body = TokenBody.model_validate_json(await request.body() or b"null")
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_input=False)) from exc
    check_room_name(room)
    if await _room(ctx, tenant["id"], room) is None:
        raise ApiError(
            404, "NOT_FOUND", f"room {room!r} not found; create the room first (POST /api/v1/rooms)"
        )
    lk_room = livekit_room_name(tenant["id"], room)
    token = ctx.livekit.mint(
        room=lk_room,
        identity=body.identity,
        name=body.name,
        ttl_seconds=body.ttl_seconds,
        can_publish=body.can_publish,
        can_subscribe=body.can_subscribe,
        can_publish_data=body.can_publish_data,
    )
    return JSONResponse(
        {
            "token": token,
            "ws_url": ctx.livekit.ws_url,
            "room": lk_room,
            "identity": body.identity,
            "expires_in": body.ttl_seconds,
        }
    )
