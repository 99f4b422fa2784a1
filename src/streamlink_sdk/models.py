"""StreamLink response models: camelCase on the wire, snake_case in Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from ._core.tokens import Tokens

RoomType = Literal["public", "private"]
RoomStatus = Literal["live", "ended"]


class APIModel(BaseModel):
    """Base of the wire models: camelCase aliases, unknown fields ignored, immutable."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True
    )


class User(APIModel):
    """A StreamLink account."""

    id: str
    email: str
    display_name: str | None = None
    created_at: datetime | None = None


class Room(APIModel):
    """A broadcast room."""

    id: str
    name: str
    type: str
    status: str = "live"
    owner_id: str | None = None
    created_at: datetime | None = None
    ended_at: datetime | None = None
    join_url: str | None = None
    livekit_room: str | None = None


class LiveKitAccess(APIModel):
    """Where and with which token to connect to LiveKit."""

    url: str
    token: str = Field(repr=False)


class RoomCreated(APIModel):
    """The answer to ``rooms.create``: the room, its public join URL, and host access."""

    room: Room
    join_url: str
    livekit: LiveKitAccess


class RoomPage(APIModel):
    """One page of ``rooms.list``; pass ``next_cursor`` back for the next one."""

    rooms: list[Room]
    next_cursor: str | None = None


@dataclass(frozen=True, slots=True)
class AuthSession:
    """The result of signup/signin: who signed in, and their tokens."""

    user: User
    tokens: Tokens


class SignupInput(APIModel):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    password: str = Field(min_length=8, max_length=256, repr=False)
    display_name: str | None = Field(default=None, min_length=1, max_length=64)


class SigninInput(APIModel):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    password: str = Field(min_length=1, max_length=256, repr=False)


class RoomInput(APIModel):
    name: str = Field(min_length=1, max_length=100)
    type: RoomType = "public"


class RoomId(APIModel):
    room_id: str = Field(min_length=1, max_length=128, pattern=r"^[^/\s]+$")


class ListInput(APIModel):
    status: RoomStatus | None = None
    limit: int | None = Field(default=None, ge=1, le=100)
    cursor: str | None = Field(default=None, min_length=1)
