"""Response bodies of both APIs as pydantic models, for the OpenAPI document only.

Routes build their JSON by hand and return it as a ``JSONResponse`` (no ``response_model``
serialisation, which would cost time on the GoLive token hot path). These models describe
the same bodies so that ``/openapi.json`` documents them and schemathesis checks every
response against them; ``extra="forbid"`` makes an undocumented key a schema violation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class _Bare(BaseModel):
    """GoLive and admin bodies: snake_case keys as written."""

    model_config = ConfigDict(extra="forbid")


class _Camel(BaseModel):
    """StreamLink bodies: camelCase keys."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True)


# --- errors --------------------------------------------------------------------------------


class ErrorInfo(_Bare):
    """A machine-readable ``code`` (e.g. ``INVALID_INPUT``) and a human ``message``."""

    code: str
    message: str


class StreamLinkError(_Bare):
    """StreamLink error envelope (``/api/*`` except ``/api/v1/*``, and ``/live/*``)."""

    ok: Literal[False]
    error: ErrorInfo


class GoLiveError(_Bare):
    """GoLive and admin error body (``/api/v1/*``, ``/admin/*``)."""

    error: ErrorInfo


# --- StreamLink ----------------------------------------------------------------------------


class User(_Camel):
    id: str
    email: str
    display_name: str
    created_at: datetime


class Room(_Camel):
    id: str
    name: str
    type: Literal["public", "private"]
    status: Literal["live", "ended"]
    owner_id: str
    created_at: datetime
    ended_at: datetime | None
    join_url: str
    livekit_room: str


class LiveKitAccess(_Camel):
    """Where to connect (``url``) and the LiveKit access token to connect with."""

    url: str
    token: str


class Session(_Camel):
    user: User
    access_token: str
    refresh_token: str
    access_token_expires_in: int


class TokenPair(_Camel):
    access_token: str
    refresh_token: str
    access_token_expires_in: int


class UserData(_Camel):
    user: User


class CreatedRoom(_Camel):
    room: Room
    join_url: str
    livekit: LiveKitAccess


class RoomPage(_Camel):
    rooms: list[Room]
    next_cursor: str | None


class RoomData(_Camel):
    room: Room


class LiveKitData(_Camel):
    livekit: LiveKitAccess


class _Ok(_Bare):
    ok: Literal[True]


class SessionOk(_Ok):
    data: Session


class TokenPairOk(_Ok):
    data: TokenPair


class UserOk(_Ok):
    data: UserData


class CreatedRoomOk(_Ok):
    data: CreatedRoom


class RoomPageOk(_Ok):
    data: RoomPage


class RoomOk(_Ok):
    data: RoomData


class LiveKitOk(_Ok):
    data: LiveKitData


class Jwk(_Bare):
    kty: Literal["RSA"]
    n: str
    e: str
    kid: str
    alg: Literal["RS256"]
    use: Literal["sig"]


class Jwks(_Bare):
    keys: list[Jwk]


# --- GoLive and admin ----------------------------------------------------------------------


class Tenant(_Bare):
    id: str
    name: str
    api_key: str
    active: bool
    created_at: datetime


class TenantList(_Bare):
    tenants: list[Tenant]


class TenantCredentials(_Bare):
    """A tenant with its credentials; ``api_secret`` is shown only in this answer."""

    tenant: Tenant
    api_key: str
    api_secret: str


class GoLiveRoom(_Bare):
    name: str
    livekit_room: str
    max_participants: int | None
    created_at: datetime


class GoLiveRoomList(_Bare):
    rooms: list[GoLiveRoom]


class RoomToken(_Bare):
    """A LiveKit access token for ``room`` (the LiveKit name ``<tenant>__<room>``)."""

    token: str
    ws_url: str
    room: str
    identity: str
    expires_in: int
