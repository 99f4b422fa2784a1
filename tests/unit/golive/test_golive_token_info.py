"""``inspect_token``: decoding LiveKit JWTs without verification, and refusing garbage."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from golive_sdk import InvalidInputError, TokenInfo, inspect_token

IAT = 1_790_000_000


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(payload: Any, header: Any = None, raw_payload: bytes | None = None) -> str:
    head = _b64(json.dumps(header or {"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(raw_payload if raw_payload is not None else json.dumps(payload).encode())
    return f"{head}.{body}.{_b64(b'signature-not-checked')}"


CLAIMS = {
    "sub": "user-123",
    "name": "Jane Doe",
    "iss": "APIkey",
    "iat": IAT,
    "nbf": IAT,
    "exp": IAT + 3600,
    "video": {"room": "acme__team-standup", "roomJoin": True, "canPublish": True},
}


def test_decodes_identity_room_and_times() -> None:
    info = inspect_token(make_jwt(CLAIMS))
    assert isinstance(info, TokenInfo)
    assert info.identity == "user-123"
    assert info.name == "Jane Doe"
    assert info.room == "acme__team-standup"
    assert info.issuer == "APIkey"
    assert info.issued_at == datetime.fromtimestamp(IAT, UTC)
    assert info.not_before == info.issued_at
    assert info.expires_at == info.issued_at + timedelta(hours=1)
    assert info.grants.room_join is True
    assert info.claims["video"]["room"] == "acme__team-standup"


def test_seconds_left_and_expired() -> None:
    info = inspect_token(make_jwt(CLAIMS))
    assert info.seconds_left(IAT + 600) == 3000
    assert info.seconds_left(datetime.fromtimestamp(IAT + 3600, UTC)) == 0
    assert info.expired(IAT + 3600)
    assert not info.expired(IAT)
    no_exp = inspect_token(make_jwt({"sub": "x"}))
    assert no_exp.seconds_left(IAT) is None
    assert not no_exp.expired()


def test_absent_grants_take_livekit_defaults() -> None:
    info = inspect_token(make_jwt({"sub": "u", "video": {"room": "r", "roomJoin": True}}))
    assert info.grants.can_publish is True
    assert info.grants.can_subscribe is True
    assert info.grants.can_publish_data is True
    assert info.grants.room_admin is False
    assert "canPublish" not in info.grants.raw  # the raw claim stays as it was


def test_absent_publish_data_follows_can_publish() -> None:
    info = inspect_token(make_jwt({"video": {"room": "r", "roomJoin": True, "canPublish": False}}))
    assert info.grants.can_publish is False
    assert info.grants.can_publish_data is False
    assert info.grants.can_subscribe is True


def test_explicit_grants() -> None:
    video = {
        "room": "r",
        "roomJoin": True,
        "canPublish": True,
        "canSubscribe": False,
        "canPublishData": False,
        "roomAdmin": True,
        "hidden": True,
        "canPublishSources": ["camera", "microphone"],
    }
    grants = inspect_token(make_jwt({"video": video})).grants
    assert (grants.can_publish, grants.can_subscribe, grants.can_publish_data) == (
        True,
        False,
        False,
    )
    assert grants.room_admin and grants.hidden
    assert grants.can_publish_sources == ("camera", "microphone")


def test_token_without_video_claim() -> None:
    info = inspect_token(make_jwt({"sub": "svc"}))
    assert info.room is None
    assert info.grants.room_join is False


def test_surrounding_whitespace_is_ignored() -> None:
    assert inspect_token("  " + make_jwt(CLAIMS) + "\n").identity == "user-123"


def test_padded_segments_are_accepted() -> None:
    head, body, sig = make_jwt(CLAIMS).split(".")
    padded = body + "=" * (-len(body) % 4)
    assert inspect_token(f"{head}.{padded}.{sig}").identity == "user-123"


def test_livekit_api_tokens() -> None:
    api = pytest.importorskip("livekit.api")
    host = (
        api.AccessToken("devkey", "secret")
        .with_identity("host-1")
        .with_name("Host")
        .with_ttl(timedelta(minutes=10))
        .with_grants(api.VideoGrants(room_join=True, room="acme__demo"))
        .to_jwt()
    )
    info = inspect_token(host)
    assert (info.identity, info.name, info.room, info.issuer) == (
        "host-1",
        "Host",
        "acme__demo",
        "devkey",
    )
    assert info.grants.can_publish and info.grants.can_subscribe and info.grants.room_join
    left = info.seconds_left()
    assert left is not None and 590 < left <= 600

    # A StreamLink-style subscribe-only viewer token.
    viewer = (
        api.AccessToken("devkey", "secret")
        .with_identity("viewer-abc")
        .with_grants(
            api.VideoGrants(
                room_join=True, room="sl_rm_1", can_publish=False, can_publish_data=False
            )
        )
        .to_jwt()
    )
    grants = inspect_token(viewer).grants
    assert (grants.can_publish, grants.can_subscribe, grants.can_publish_data) == (
        False,
        True,
        False,
    )


GARBAGE = [
    pytest.param("", id="empty"),
    pytest.param("not a token", id="words"),
    pytest.param("a.b", id="two-segments"),
    pytest.param("a.b.c.d", id="four-segments"),
    pytest.param("..", id="empty-segments"),
    pytest.param("@@@.###.$$$", id="bad-alphabet"),
    pytest.param("eyJ.eyJ.sig", id="truncated-base64"),
    pytest.param("abcde.abcde.abc", id="impossible-length"),
    pytest.param(make_jwt(None, raw_payload=b"not json"), id="payload-not-json"),
    pytest.param(make_jwt(None, raw_payload=b"\xff\xfe"), id="payload-not-utf8"),
    pytest.param(make_jwt([1, 2, 3]), id="payload-array"),
    pytest.param(make_jwt("a string"), id="payload-string"),
    pytest.param(make_jwt(42), id="payload-number"),
    pytest.param(make_jwt({"sub": "x"}, header=[1]), id="header-array"),
    pytest.param(make_jwt({"sub": 7}), id="sub-not-string"),
    pytest.param(make_jwt({"exp": "tomorrow"}), id="exp-not-number"),
    pytest.param(make_jwt({"exp": True}), id="exp-bool"),
    pytest.param(make_jwt({"exp": 1e300}), id="exp-out-of-range"),
    pytest.param(make_jwt({"video": "room"}), id="video-not-object"),
    pytest.param(make_jwt({"video": {"canPublish": "yes"}}), id="grant-not-bool"),
    pytest.param(make_jwt({"video": {"canPublishSources": "camera"}}), id="sources-not-list"),
    pytest.param(make_jwt(None, raw_payload=b"[" * 100_000), id="deeply-nested"),
    pytest.param(None, id="none"),
    pytest.param(b"a.b.c", id="bytes"),
]


@pytest.mark.parametrize("token", GARBAGE)
def test_garbage_raises_invalid_input(token: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        inspect_token(token)
    assert str(info.value).startswith("not a LiveKit token")
    assert info.value.code == "INVALID_INPUT"


def test_messages_do_not_repeat_the_token() -> None:
    token = make_jwt(None, raw_payload=b"SECRET-PAYLOAD-NOT-JSON")
    with pytest.raises(InvalidInputError) as info:
        inspect_token(token)
    assert token not in str(info.value)
    assert "SECRET" not in str(info.value)
