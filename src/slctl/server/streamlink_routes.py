"""StreamLink API under ``/api``: auth, rooms, host and viewer tokens (envelope JSON)."""

from __future__ import annotations

import hmac
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from . import schemas
from .common import iso, new_id
from .context import ServerContext, get_ctx
from .errors import ApiError
from .openapi import STREAMLINK_AUTH
from .security import TokenExpired, TokenInvalid
from .store import AlreadyExists, BadCursor, RefreshRejected, Row

router = APIRouter(prefix="/api", tags=["StreamLink"])

_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_BEARER = {"WWW-Authenticate": "Bearer"}
Ctx = Annotated[ServerContext, Depends(get_ctx)]


class _Body(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class SignupBody(_Body):
    email: str = Field(max_length=254)
    password: str = Field(min_length=8, max_length=256)
    display_name: str | None = Field(default=None, alias="displayName", min_length=1, max_length=64)


class SigninBody(_Body):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


class RefreshBody(_Body):
    refresh_token: str = Field(alias="refreshToken", min_length=1, max_length=512)


class CreateRoomBody(_Body):
    name: str = Field(min_length=1, max_length=100)
    type: Literal["public", "private"] = "public"


class JoinBody(_Body):
    key: str | None = Field(default=None, max_length=256)


def ok(data: Any, status: int = 200) -> JSONResponse:
    """The StreamLink success envelope."""
    return JSONResponse({"ok": True, "data": data}, status_code=status)


def user_json(row: Row) -> dict[str, Any]:
    """A user as the API shows it."""
    return {
        "id": row["id"],
        "email": row["email"],
        "displayName": row["display_name"],
        "createdAt": iso(row["created_us"]),
    }


def join_url(ctx: ServerContext, row: Row) -> str:
    """Public viewer URL of a room (private rooms carry their key)."""
    url = f"{ctx.settings.public_url}/live/{row['id']}"
    return f"{url}?key={row['join_key']}" if row["type"] == "private" else url


def room_json(ctx: ServerContext, row: Row) -> dict[str, Any]:
    """A room as the API shows it to its owner."""
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "status": row["status"],
        "ownerId": row["owner_id"],
        "createdAt": iso(row["created_us"]),
        "endedAt": iso(row["ended_us"]),
        "joinUrl": join_url(ctx, row),
        "livekitRoom": row["livekit_room"],
    }


def normalise_email(raw: str) -> str:
    """Lower-case and trim an email; :class:`ApiError` if it does not look like one."""
    email = raw.strip().lower()
    if not _EMAIL_RE.match(email):
        raise ApiError(400, "INVALID_INPUT", "email: not a valid email address")
    return email


async def current_user_id(request: Request, ctx: Ctx) -> str:
    """FastAPI dependency: the user id from a valid ``Authorization: Bearer`` access token."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "UNAUTHORIZED", "missing bearer token", _BEARER)
    try:
        claims = ctx.signer.verify(token.strip())
    except TokenExpired as exc:
        raise ApiError(401, "TOKEN_EXPIRED", "access token expired; refresh it", _BEARER) from exc
    except TokenInvalid as exc:
        raise ApiError(401, "UNAUTHORIZED", "invalid access token", _BEARER) from exc
    return str(claims["sub"])


UserId = Annotated[str, Depends(current_user_id)]


async def _session(ctx: ServerContext, user: Row) -> dict[str, Any]:
    access = ctx.signer.issue(user["id"])
    refresh = await run_in_threadpool(ctx.store.issue_refresh, user["id"])
    return {
        "user": user_json(user),
        "accessToken": access.token,
        "refreshToken": refresh,
        "accessTokenExpiresIn": access.expires_in,
    }


def _livekit(ctx: ServerContext, token: str) -> dict[str, str]:
    return {"url": ctx.livekit.ws_url, "token": token}


def _host_token(ctx: ServerContext, room: Row, user: Row | None, user_id: str) -> str:
    return ctx.livekit.mint(
        room=room["livekit_room"],
        identity=user_id,
        name=user["display_name"] if user else None,
        ttl_seconds=ctx.settings.host_token_ttl_seconds,
        can_publish=True,
        can_subscribe=True,
        can_publish_data=True,
    )


async def _owned_room(ctx: ServerContext, room_id: str, user_id: str, *, hide: bool) -> Row:
    room = await run_in_threadpool(ctx.store.get_room, room_id)
    if room is None or (hide and room["owner_id"] != user_id):
        raise ApiError(404, "NOT_FOUND", "room not found")
    if room["owner_id"] != user_id:
        raise ApiError(403, "FORBIDDEN", "only the room's owner may do this")
    return room


# --- auth ----------------------------------------------------------------------------------


@router.post(
    "/auth/signup",
    status_code=201,
    summary="Create an account and sign in",
    responses={
        201: {"model": schemas.SessionOk},
        409: {"description": "EMAIL_TAKEN: an account with this email exists"},
    },
)
async def signup(body: SignupBody, ctx: Ctx) -> JSONResponse:
    email = normalise_email(body.email)
    display_name = (body.display_name or "").strip() or email.split("@", 1)[0][:64]
    password_hash = await run_in_threadpool(ctx.passwords.hash, body.password)
    try:
        user = await run_in_threadpool(ctx.store.create_user, email, display_name, password_hash)
    except AlreadyExists as exc:
        raise ApiError(409, "EMAIL_TAKEN", "an account with this email already exists") from exc
    return ok(await _session(ctx, user), 201)


@router.post(
    "/auth/signin",
    summary="Sign in with email and password",
    responses={
        200: {"model": schemas.SessionOk},
        401: {"description": "INVALID_CREDENTIALS: wrong email or password"},
        429: {
            "description": "RATE_LIMITED: per-IP sign-in limit, or too many failed "
            "sign-ins for this account"
        },
    },
)
async def signin(body: SigninBody, request: Request, ctx: Ctx) -> JSONResponse:
    email = body.email.strip().lower()
    rule = ctx.limits.signin_failures
    if ctx.limits.enabled:
        state = ctx.limits.check(rule, email)
        if not state.allowed:
            request.state.slctl_rate_limit = state  # reported instead of the IP limit
            raise ApiError(
                429,
                "RATE_LIMITED",
                "too many failed sign-ins for this account; try later",
                state.headers(),
            )
    user = await run_in_threadpool(ctx.store.user_by_email, email)
    stored_hash = user["password_hash"] if user else None
    valid = await run_in_threadpool(ctx.passwords.verify, stored_hash, body.password)
    if not valid or user is None:
        if ctx.limits.enabled:
            ctx.limits.record(rule, email)
        raise ApiError(401, "INVALID_CREDENTIALS", "wrong email or password")
    if ctx.limits.enabled:
        ctx.limits.clear(rule, email)
    return ok(await _session(ctx, user))


@router.post(
    "/auth/refresh",
    summary="Trade a refresh token for a new token pair",
    responses={
        200: {"model": schemas.TokenPairOk},
        401: {
            "description": "INVALID_REFRESH_TOKEN: unknown, expired, spent or revoked "
            "(a spent one revokes its whole family)"
        },
    },
)
async def refresh(body: RefreshBody, ctx: Ctx) -> JSONResponse:
    try:
        user_id, new_refresh = await run_in_threadpool(ctx.store.rotate_refresh, body.refresh_token)
    except RefreshRejected as exc:
        raise ApiError(
            401, "INVALID_REFRESH_TOKEN", "refresh token is invalid, expired or revoked; sign in"
        ) from exc
    access = ctx.signer.issue(user_id)
    return ok(
        {
            "accessToken": access.token,
            "refreshToken": new_refresh,
            "accessTokenExpiresIn": access.expires_in,
        }
    )


@router.post("/auth/signout", status_code=204, summary="Revoke the refresh token's family")
async def signout(body: RefreshBody, ctx: Ctx) -> Response:
    await run_in_threadpool(ctx.store.revoke_family_of, body.refresh_token)
    return Response(status_code=204)


@router.get(
    "/auth/me",
    summary="The signed-in user",
    responses={200: {"model": schemas.UserOk}},
    openapi_extra=STREAMLINK_AUTH,
)
async def me(user_id: UserId, ctx: Ctx) -> JSONResponse:
    user = await run_in_threadpool(ctx.store.user_by_id, user_id)
    if user is None:
        raise ApiError(401, "UNAUTHORIZED", "unknown user", _BEARER)
    return ok({"user": user_json(user)})


# --- rooms ---------------------------------------------------------------------------------

_NO_ROOM = {"description": "NOT_FOUND: no such room"}
_NOT_OWNER = {"description": "FORBIDDEN: only the room's owner may do this"}
_ENDED = {"description": "ROOM_ENDED: the room has ended"}


@router.post(
    "/rooms",
    status_code=201,
    summary="Create a live room and get a host token",
    responses={201: {"model": schemas.CreatedRoomOk}},
    openapi_extra=STREAMLINK_AUTH,
)
async def create_room(body: CreateRoomBody, user_id: UserId, ctx: Ctx) -> JSONResponse:
    name = body.name.strip()
    if not name:
        raise ApiError(400, "INVALID_INPUT", "name: must not be blank")
    created = await run_in_threadpool(ctx.store.create_room_for, user_id, name, body.type)
    if created is None:
        raise ApiError(401, "UNAUTHORIZED", "unknown user", _BEARER)
    user, room = created
    await ctx.livekit.create_room(room["livekit_room"])
    data = room_json(ctx, room)
    return ok(
        {
            "room": data,
            "joinUrl": data["joinUrl"],
            "livekit": _livekit(ctx, _host_token(ctx, room, user, user_id)),
        },
        201,
    )


@router.get(
    "/rooms",
    summary="Own rooms, newest first",
    responses={200: {"model": schemas.RoomPageOk}},
    openapi_extra=STREAMLINK_AUTH,
)
async def list_rooms(
    user_id: UserId,
    ctx: Ctx,
    status: Annotated[Literal["live", "ended"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> JSONResponse:
    try:
        rows, next_cursor = await run_in_threadpool(
            ctx.store.list_rooms, user_id, status, limit, cursor
        )
    except BadCursor as exc:
        raise ApiError(400, "INVALID_INPUT", "cursor: not a cursor from this server") from exc
    return ok({"rooms": [room_json(ctx, r) for r in rows], "nextCursor": next_cursor})


@router.get(
    "/rooms/{room_id}",
    summary="One own room (others' rooms are 404)",
    responses={200: {"model": schemas.RoomOk}, 404: _NO_ROOM},
    openapi_extra=STREAMLINK_AUTH,
)
async def get_room(room_id: str, user_id: UserId, ctx: Ctx) -> JSONResponse:
    room = await _owned_room(ctx, room_id, user_id, hide=True)
    return ok({"room": room_json(ctx, room)})


@router.post(
    "/rooms/{room_id}/token",
    summary="A fresh host token for an own live room",
    responses={200: {"model": schemas.LiveKitOk}, 403: _NOT_OWNER, 404: _NO_ROOM, 409: _ENDED},
    openapi_extra=STREAMLINK_AUTH,
)
async def host_token(room_id: str, user_id: UserId, ctx: Ctx) -> JSONResponse:
    room = await _owned_room(ctx, room_id, user_id, hide=False)
    if room["status"] != "live":
        raise ApiError(409, "ROOM_ENDED", "the room has ended")
    user = await run_in_threadpool(ctx.store.user_by_id, user_id)
    return ok({"livekit": _livekit(ctx, _host_token(ctx, room, user, user_id))})


@router.post(
    "/rooms/{room_id}/end",
    status_code=204,
    summary="End a room (idempotent)",
    responses={403: _NOT_OWNER, 404: _NO_ROOM},
    openapi_extra=STREAMLINK_AUTH,
)
async def end_room(room_id: str, user_id: UserId, ctx: Ctx) -> Response:
    room = await _owned_room(ctx, room_id, user_id, hide=False)
    if room["status"] == "live":
        await run_in_threadpool(ctx.store.end_room, room_id)
    await ctx.livekit.delete_room(room["livekit_room"])
    return Response(status_code=204)


@router.post(
    "/rooms/{room_id}/join",
    summary="A subscribe-only viewer token (no auth)",
    responses={
        200: {"model": schemas.LiveKitOk},
        403: {"description": "FORBIDDEN: a private room and a missing or wrong key"},
        404: _NO_ROOM,
        409: _ENDED,
    },
)
async def join_room(room_id: str, ctx: Ctx, body: JoinBody | None = None) -> JSONResponse:
    room = await run_in_threadpool(ctx.store.get_room, room_id)
    if room is None:
        raise ApiError(404, "NOT_FOUND", "room not found")
    if room["type"] == "private":
        presented = (body.key if body else None) or ""
        if not hmac.compare_digest(presented.encode(), str(room["join_key"]).encode()):
            raise ApiError(403, "FORBIDDEN", "this room is private; use the key from its joinUrl")
    if room["status"] != "live":
        raise ApiError(409, "ROOM_ENDED", "the room has ended")
    token = ctx.livekit.mint(
        room=room["livekit_room"],
        identity=new_id("viewer"),
        name=None,
        ttl_seconds=ctx.settings.viewer_token_ttl_seconds,
        can_publish=False,
        can_subscribe=True,
        can_publish_data=False,
    )
    return ok({"livekit": _livekit(ctx, token)})
