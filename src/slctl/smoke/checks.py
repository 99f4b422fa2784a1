"""Checks on what the API handed out: LiveKit token grants, read without verification."""

from __future__ import annotations

from dataclasses import dataclass

from golive_sdk import TokenInfo, inspect_token

from .steps import StepFailed


@dataclass(frozen=True)
class Expected:
    """What a token must grant; ``None`` means "not checked"."""

    room: str | None = None
    identity: str | None = None
    can_publish: bool | None = None
    can_subscribe: bool | None = None
    can_publish_data: bool | None = None
    ttl: float | None = None
    """Seconds of life the token should have left, within 60 s."""


def _mismatch(what: str, got: object, want: object) -> StepFailed:
    return StepFailed(f"token {what} is {got!r}, expected {want!r}")


def check_token(token: str, want: Expected) -> TokenInfo:
    """Decode ``token`` and compare it with ``want``; raises :class:`StepFailed`."""
    info = inspect_token(token)
    if not info.grants.room_join:
        raise StepFailed("token does not grant roomJoin")
    pairs: list[tuple[str, object, object]] = [
        ("room", info.room, want.room),
        ("identity", info.identity, want.identity),
        ("canPublish", info.grants.can_publish, want.can_publish),
        ("canSubscribe", info.grants.can_subscribe, want.can_subscribe),
        ("canPublishData", info.grants.can_publish_data, want.can_publish_data),
    ]
    for what, got, expected in pairs:
        if expected is not None and got != expected:
            raise _mismatch(what, got, expected)
    if want.ttl is not None:
        left = info.seconds_left()
        if left is None or abs(left - want.ttl) > 60:
            raise _mismatch("lifetime", None if left is None else round(left), want.ttl)
    return info


def grants_text(info: TokenInfo) -> str:
    """``publish+subscribe`` style summary of a token's grants."""
    parts = [
        name
        for name, on in (
            ("publish", info.grants.can_publish),
            ("subscribe", info.grants.can_subscribe),
            ("data", info.grants.can_publish_data),
        )
        if on
    ]
    return "+".join(parts) or "no media"
