"""Parsing of ``Retry-After`` and ``X-RateLimit-*`` headers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

# X-RateLimit-Reset values above this are epoch seconds; smaller ones are deltas.
_EPOCH_THRESHOLD = 1_000_000_000


@dataclass(frozen=True, slots=True)
class RateLimitInfo:
    """Rate-limit state reported by the server on the last response."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None
    """Epoch seconds at which the window resets."""
    retry_after: float | None = None
    """Seconds the server asked us to wait (429 only)."""


def _finite_nonneg(value: float) -> float | None:
    if math.isnan(value) or math.isinf(value):
        return None
    return max(0.0, value)


def _parse_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return _finite_nonneg(float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def parse_reset(value: str | None, now: float) -> float | None:
    """Epoch seconds of an ``X-RateLimit-Reset`` value (epoch if large, else a delta)."""
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    number_ok = _finite_nonneg(number)
    if number_ok is None:
        return None
    return number_ok if number_ok >= _EPOCH_THRESHOLD else now + number_ok


def parse_rate_limit(headers: Mapping[str, str], now: float) -> RateLimitInfo | None:
    """Read the rate-limit headers of a response; ``None`` when there are none."""
    limit = headers.get("x-ratelimit-limit")
    remaining = headers.get("x-ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset")
    retry_after = headers.get("retry-after")
    if limit is None and remaining is None and reset is None and retry_after is None:
        return None
    return RateLimitInfo(
        limit=_parse_int(limit),
        remaining=_parse_int(remaining),
        reset_at=parse_reset(reset, now),
        retry_after=parse_retry_after(retry_after, now),
    )
