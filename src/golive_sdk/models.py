"""GoLive wire models (snake_case on the wire) and the argument models checked locally."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt

ROOM_NAME_RULE = "1-64 characters of A-Z, a-z, 0-9, '_' and '-', without '__'"
TENANT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,31}$"
MIN_TTL, MAX_TTL = 60, 86400


class GoLiveModel(BaseModel):
    """Base of the wire models: unknown fields ignored, immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Room(GoLiveModel):
    """A GoLive room. ``livekit_room`` is the internal ``<tenant>__<name>`` LiveKit name."""

    name: str
    livekit_room: str
    max_participants: int | None = None
    created_at: datetime | None = None


class RoomList(GoLiveModel):
    rooms: list[Room]


class RoomToken(GoLiveModel):
    """A LiveKit access token for one participant; ``token`` never appears in ``repr``."""

    token: str = Field(repr=False)
    ws_url: str
    room: str
    """The LiveKit room name (``<tenant>__<room>``), which is what the JWT grants."""
    identity: str
    expires_in: int
    """Seconds of validity from minting."""


class Tenant(GoLiveModel):
    """A GoLive tenant (one customer, one api_key)."""

    id: str
    name: str
    api_key: str
    active: bool
    created_at: datetime | None = None


class TenantList(GoLiveModel):
    tenants: list[Tenant]


class TenantCredentials(GoLiveModel):
    """A tenant with its credentials; the server shows ``api_secret`` only once."""

    tenant: Tenant
    api_key: str
    api_secret: str = Field(repr=False)


# ---- arguments, validated before any request (messages never echo the values) ----


def _room_name(value: str) -> str:
    if "__" in value:
        raise ValueError(
            "room names cannot contain '__'; this looks like the internal "
            "'<tenant>__<room>' LiveKit name: pass the plain room name instead"
        )
    return value


RoomName = Annotated[
    str,
    Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$"),
    AfterValidator(_room_name),
]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


class RoomRef(GoLiveModel):
    room: RoomName


class RoomInput(GoLiveModel):
    name: RoomName
    max_participants: StrictInt | None = Field(default=None, gt=0)


class TokenInput(GoLiveModel):
    identity: Annotated[str, Field(min_length=1, max_length=256), AfterValidator(_not_blank)]
    name: str | None = None
    can_publish: StrictBool = True
    can_subscribe: StrictBool = True
    can_publish_data: StrictBool = True
    ttl_seconds: StrictInt = Field(default=3600, ge=MIN_TTL, le=MAX_TTL)


class TenantRef(GoLiveModel):
    id: str = Field(pattern=TENANT_ID_PATTERN)


class TenantInput(GoLiveModel):
    name: Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
    id: str | None = Field(default=None, pattern=TENANT_ID_PATTERN)
