"""Property-based tests (hypothesis): header parsing, response decoding and JWT inspection
never crash on any input; they return a well-typed result or raise the SDK's typed error.

Sizes: ``budget.size(quick, long)`` examples per property (``SLCTL_LONG=1`` for long).
"""

from __future__ import annotations

import base64
import json
import math
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golive_sdk import _api as gl_api
from golive_sdk import inspect_token
from golive_sdk.errors import FAMILY as GL_FAMILY
from golive_sdk.token_info import TokenInfo
from streamlink_sdk import _api as sl_api
from streamlink_sdk._core.decode import decode_success, status_error
from streamlink_sdk._core.errors import APIStatusError, InvalidInputError
from streamlink_sdk._core.ratelimit import (
    RateLimitInfo,
    parse_rate_limit,
    parse_reset,
    parse_retry_after,
)
from streamlink_sdk._core.retry import RetryPolicy
from streamlink_sdk.errors import FAMILY as SL_FAMILY

from .budget import size

EXAMPLES = settings(
    max_examples=size(150, 5000),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
NOW = 1_767_000_000.0

# ---- header values ----

numbers_as_text = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["inf", "-inf", "nan", "1e400", "0x10", " 5 ", "1_000", "٣", "", "  "]),
)
http_dates = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
).map(lambda d: format_datetime(d, usegmt=True))
header_values = st.one_of(
    st.text(), numbers_as_text, http_dates, st.text(alphabet="0123456789 ,:-GMTMonJan")
)


def nonneg_finite(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isfinite(value) and value >= 0)


@EXAMPLES
@given(header_values, st.floats(min_value=0, max_value=4e9))
def test_retry_after_is_none_or_finite_nonnegative(value: str, now: float) -> None:
    assert nonneg_finite(parse_retry_after(value, now))


@EXAMPLES
@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_retry_after_seconds_round_trip(seconds: float) -> None:
    assert parse_retry_after(repr(seconds), NOW) == pytest.approx(seconds)


@EXAMPLES
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )
)
def test_retry_after_http_date_is_the_time_until_then(when: datetime) -> None:
    waited = parse_retry_after(format_datetime(when, usegmt=True), NOW)
    expected = max(0.0, when.replace(microsecond=0).timestamp() - NOW)
    assert waited == pytest.approx(expected)


@EXAMPLES
@given(header_values, st.floats(min_value=0, max_value=4e9))
def test_reset_is_none_or_finite_nonnegative(value: str, now: float) -> None:
    assert nonneg_finite(parse_reset(value, now))


@EXAMPLES
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "x-ratelimit-limit",
                "x-ratelimit-remaining",
                "x-ratelimit-reset",
                "retry-after",
                "content-type",
            ]
        ),
        header_values,
    )
)
def test_rate_limit_headers_parse_to_typed_info(headers: dict[str, str]) -> None:
    info = parse_rate_limit(headers, NOW)
    relevant = set(headers) - {"content-type"}
    assert (info is None) == (not relevant)
    if info is not None:
        assert isinstance(info, RateLimitInfo)
        for count in (info.limit, info.remaining):
            assert count is None or (isinstance(count, int) and count >= 0)
        assert nonneg_finite(info.reset_at) and nonneg_finite(info.retry_after)


@EXAMPLES
@given(
    attempt=st.integers(min_value=0, max_value=10),
    retry_safe=st.booleans(),
    status=st.one_of(st.none(), st.integers(min_value=400, max_value=599)),
    retry_after=st.one_of(st.none(), st.floats(min_value=0, max_value=1e7)),
    waited=st.floats(min_value=0, max_value=60),
)
def test_retry_delay_respects_the_budget(
    attempt: int, retry_safe: bool, status: int | None, retry_after: float | None, waited: float
) -> None:
    policy = RetryPolicy(max_retries=3, max_wait=30.0)
    rate = RateLimitInfo(retry_after=retry_after) if retry_after is not None else None
    delay = policy.delay(
        attempt=attempt,
        retry_safe=retry_safe,
        status=status,
        rate_limit=rate,
        waited=waited,
        now=NOW,
    )
    if delay is not None:
        assert delay >= 0 and waited + delay <= policy.max_wait
        assert attempt < policy.max_retries
        assert status == 429 or (retry_safe and (status is None or status >= 500))


# ---- response decoding ----

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
known_keys = st.fixed_dictionaries(
    {},
    optional={
        k: json_values
        for k in [
            "id",
            "name",
            "type",
            "status",
            "user",
            "room",
            "accessToken",
            "refreshToken",
            "accessTokenExpiresIn",
            "livekit",
            "joinUrl",
            "email",
            "token",
            "ws_url",
            "identity",
            "expires_in",
            "livekit_room",
            "rooms",
        ]
    },
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "ok": st.one_of(st.just(True), json_values),
        "data": st.one_of(known_keys, json_values),
        "error": st.one_of(
            st.fixed_dictionaries({}, optional={"code": json_values, "message": json_values}),
            json_values,
        ),
    },
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    envelopes.map(lambda v: json.dumps(v).encode()),
    known_keys.map(lambda v: json.dumps(v).encode()),
)
content_types = st.sampled_from(
    [
        "application/json",
        "text/html",
        "text/plain; charset=utf-8",
        "",
        "application/json; charset=latin-1",
    ]
)

# Endpoints whose parser is model_validate (the `_field` ones are tested separately below).
SAFE_PARSERS = [
    (sl_api.SIGNUP, SL_FAMILY, True),
    (sl_api.ROOM_CREATE, SL_FAMILY, True),
    (sl_api.ROOM_LIST, SL_FAMILY, True),
    (gl_api.ROOM_GET, GL_FAMILY, False),
    (gl_api.ROOM_LIST, GL_FAMILY, False),
    (gl_api.TOKEN_CREATE, GL_FAMILY, False),
    (gl_api.TENANT_CREATE, GL_FAMILY, False),
]
FIELD_PARSERS = [
    (sl_api.ME, SL_FAMILY, True),
    (sl_api.ROOM_GET, SL_FAMILY, True),
    (sl_api.ROOM_TOKEN, SL_FAMILY, True),
]


def response(status: int, body: bytes, content_type: str) -> httpx.Response:
    headers = {"content-type": content_type} if content_type else {}
    return httpx.Response(
        status, content=body, headers=headers, request=httpx.Request("GET", "http://api.test/x")
    )


@EXAMPLES
@given(
    st.integers(min_value=400, max_value=599),
    bodies,
    content_types,
    st.sampled_from(SAFE_PARSERS + FIELD_PARSERS),
)
def test_status_error_always_builds_a_typed_error(
    status: int, body: bytes, ctype: str, spec: Any
) -> None:
    endpoint, family, _ = spec
    error = status_error(response(status, body, ctype), endpoint, family, None)
    assert isinstance(error, APIStatusError) and error.status == status
    assert isinstance(error.code, str) and error.code
    assert isinstance(error.message, str) and error.message
    assert len(error.message) <= 1000  # non-envelope text is cut short
    assert type(error) is family.for_status(status)


def _decode_or_typed_error(spec: Any, status: int, body: bytes, ctype: str) -> None:
    endpoint, family, envelope = spec
    try:
        decode_success(response(status, body, ctype), endpoint, family, envelope)
    except APIStatusError as exc:
        assert exc.code == "INVALID_RESPONSE" and exc.status == status
        assert isinstance(exc, family.status)


nonempty = bodies.filter(bool)


@EXAMPLES
@given(st.sampled_from([200, 201]), nonempty, content_types, st.sampled_from(SAFE_PARSERS))
def test_decode_success_returns_a_model_or_invalid_response(
    status: int, body: bytes, ctype: str, spec: Any
) -> None:
    _decode_or_typed_error(spec, status, body, ctype)


@EXAMPLES
@given(st.sampled_from([200]), nonempty, content_types, st.sampled_from(FIELD_PARSERS))
def test_decode_success_of_single_key_payloads(
    status: int, body: bytes, ctype: str, spec: Any
) -> None:
    _decode_or_typed_error(spec, status, body, ctype)


@pytest.mark.parametrize("spec", SAFE_PARSERS, ids=lambda s: s[0].name or s[0].path)
def test_empty_success_body_is_invalid_response(spec: Any) -> None:
    _decode_or_typed_error(spec, 200, b"", "application/json")


# ---- JWT inspection ----


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


claim_values = st.one_of(
    json_values,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)
claims = st.fixed_dictionaries(
    {},
    optional={
        "sub": claim_values,
        "name": claim_values,
        "iss": claim_values,
        "iat": claim_values,
        "nbf": claim_values,
        "exp": claim_values,
        "metadata": claim_values,
        "video": st.one_of(
            json_values,
            st.fixed_dictionaries(
                {},
                optional={
                    k: st.one_of(st.booleans(), json_values)
                    for k in [
                        "room",
                        "roomJoin",
                        "canPublish",
                        "canSubscribe",
                        "canPublishData",
                        "roomAdmin",
                        "hidden",
                        "canPublishSources",
                    ]
                },
            ),
        ),
    },
)
segments = st.one_of(
    claims.map(lambda c: b64(json.dumps(c, allow_nan=True).encode())),
    json_values.map(lambda v: b64(json.dumps(v).encode())),
    st.binary(max_size=60).map(b64),
    st.text(max_size=40),
)
tokens = st.one_of(
    st.text(max_size=200),
    st.tuples(segments, segments, segments).map(".".join),
    st.tuples(st.just(b64(b'{"alg":"HS256"}')), segments, st.text(max_size=10)).map(".".join),
)


@EXAMPLES
@given(tokens)
def test_inspect_token_returns_info_or_invalid_input(token: str) -> None:
    try:
        info = inspect_token(token)
    except InvalidInputError as exc:
        assert exc.code == "INVALID_INPUT"
        assert len(token) < 8 or token not in str(exc)  # never echoes the token
        return
    assert isinstance(info, TokenInfo)
    for text in (info.identity, info.name, info.room, info.issuer, info.metadata):
        assert text is None or isinstance(text, str)
    for moment in (info.issued_at, info.not_before, info.expires_at):
        assert moment is None or isinstance(moment, datetime)
    assert all(
        isinstance(v, bool)
        for v in (
            info.grants.can_publish,
            info.grants.can_subscribe,
            info.grants.can_publish_data,
            info.grants.room_join,
        )
    )
    assert info.seconds_left(NOW) is None or math.isfinite(info.seconds_left(NOW) or 0.0)


@EXAMPLES
@given(
    st.text(min_size=1, max_size=40),
    st.text(max_size=40),
    st.integers(min_value=0, max_value=4_000_000_000),
    st.booleans(),
    st.booleans(),
)
def test_inspect_token_reads_back_well_formed_claims(
    identity: str, room: str, exp: int, publish: bool, subscribe: bool
) -> None:
    payload = {
        "sub": identity,
        "exp": exp,
        "video": {"room": room, "roomJoin": True, "canPublish": publish, "canSubscribe": subscribe},
    }
    token = ".".join(
        [b64(b'{"alg":"HS256","typ":"JWT"}'), b64(json.dumps(payload).encode()), b64(b"signature")]
    )
    info = inspect_token(token)
    assert (info.identity, info.room) == (identity, room)
    assert (info.grants.can_publish, info.grants.can_subscribe) == (publish, subscribe)
    assert info.grants.can_publish_data is publish  # absent: follows canPublish
    assert info.expires_at is not None and info.expires_at.timestamp() == exp
