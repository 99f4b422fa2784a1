"""Reading a LiveKit access token (JWT) without verifying it.

Useful to see what a token grants when a connection is refused. The signature is NOT
checked (that needs the LiveKit API secret); never use the result to make access decisions.
Works for any LiveKit token, including StreamLink's.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .errors import InvalidInputError

_SEGMENT = re.compile(r"[A-Za-z0-9_-]+={0,2}")


@dataclass(frozen=True, slots=True)
class VideoGrants:
    """The ``video`` claim of a LiveKit token.

    LiveKit leaves false or unset permissions out of the token and reads them with its own
    defaults, which are applied here: an absent ``canPublish`` or ``canSubscribe`` means
    ``True``; an absent ``canPublishData`` follows ``canPublish``; absent admin-style
    grants (``roomJoin``, ``roomAdmin``, ...) mean ``False``.
    """

    room: str | None = None
    room_join: bool = False
    can_publish: bool = True
    can_subscribe: bool = True
    can_publish_data: bool = True
    room_admin: bool = False
    room_create: bool = False
    room_list: bool = False
    room_record: bool = False
    hidden: bool = False
    can_update_own_metadata: bool = False
    can_publish_sources: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The claim exactly as in the token (absent fields stay absent)."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What an (unverified) LiveKit token says."""

    identity: str | None
    name: str | None
    room: str | None
    grants: VideoGrants
    issuer: str | None
    """``iss``: the LiveKit API key that signed the token."""
    issued_at: datetime | None
    not_before: datetime | None
    expires_at: datetime | None
    metadata: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Every claim of the payload."""

    def seconds_left(self, now: datetime | float | None = None) -> float | None:
        """Seconds until expiry at ``now`` (default: the current time); negative once
        expired, ``None`` when the token has no ``exp``."""
        if self.expires_at is None:
            return None
        if now is None:
            moment = time.time()
        elif isinstance(now, datetime):
            moment = now.timestamp()
        else:
            moment = float(now)
        return self.expires_at.timestamp() - moment

    def expired(self, now: datetime | float | None = None) -> bool:
        """True once ``exp`` has passed (a token without ``exp`` never expires)."""
        left = self.seconds_left(now)
        return left is not None and left <= 0


def _invalid(problem: str) -> InvalidInputError:
    return InvalidInputError(f"not a LiveKit token: {problem}", status=400, code="INVALID_INPUT")


def _segment_json(segment: str, what: str) -> dict[str, Any]:
    if not _SEGMENT.fullmatch(segment):
        raise _invalid(f"the {what} is not base64url")
    try:
        raw = base64.urlsafe_b64decode(segment.rstrip("=") + "=" * (-len(segment) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise _invalid(f"the {what} is not base64url-encoded JSON") from None
    if not isinstance(value, dict):
        raise _invalid(f"the {what} is not a JSON object")
    return value


def _text(claims: dict[str, Any], key: str) -> str | None:
    value = claims.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(f"claim {key!r} is not a string")
    return value


def _time(claims: dict[str, Any], key: str) -> datetime | None:
    value = claims.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(f"claim {key!r} is not a number")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise _invalid(f"claim {key!r} is out of range") from None


def _flag(video: dict[str, Any], key: str, default: bool) -> bool:
    value = video.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _invalid(f"grant {key!r} is not a boolean")
    return value


def _grants(claims: dict[str, Any]) -> VideoGrants:
    video = claims.get("video")
    if video is None:
        video = {}
    if not isinstance(video, dict):
        raise _invalid("claim 'video' is not an object")
    sources = video.get("canPublishSources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise _invalid("grant 'canPublishSources' is not a list of strings")
    can_publish = _flag(video, "canPublish", True)
    return VideoGrants(
        room=_text(video, "room"),
        room_join=_flag(video, "roomJoin", False),
        can_publish=can_publish,
        can_subscribe=_flag(video, "canSubscribe", True),
        can_publish_data=_flag(video, "canPublishData", can_publish),
        room_admin=_flag(video, "roomAdmin", False),
        room_create=_flag(video, "roomCreate", False),
        room_list=_flag(video, "roomList", False),
        room_record=_flag(video, "roomRecord", False),
        hidden=_flag(video, "hidden", False),
        can_update_own_metadata=_flag(video, "canUpdateOwnMetadata", False),
        can_publish_sources=tuple(sources),
        raw=dict(video),
    )


def inspect_token(jwt: str) -> TokenInfo:
    """Decode a LiveKit JWT WITHOUT verifying its signature.

    Raises ``InvalidInputError`` for anything that is not a well-formed JWT with a JSON
    object payload; the message never repeats the token.
    """
    if not isinstance(jwt, str):
        raise _invalid("expected a string")
    parts = jwt.strip().split(".")
    if len(parts) != 3:
        raise _invalid(f"expected 3 dot-separated segments, got {len(parts)}")
    _segment_json(parts[0], "header")
    claims = _segment_json(parts[1], "payload")
    grants = _grants(claims)
    return TokenInfo(
        identity=_text(claims, "sub"),
        name=_text(claims, "name"),
        room=grants.room,
        grants=grants,
        issuer=_text(claims, "iss"),
        issued_at=_time(claims, "iat"),
        not_before=_time(claims, "nbf"),
        expires_at=_time(claims, "exp"),
        metadata=_text(claims, "metadata"),
        claims=claims,
    )
