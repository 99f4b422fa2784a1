"""Human-readable times and durations."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(epoch: float | None) -> str | None:
    """Epoch seconds as an ISO 8601 UTC timestamp (second precision)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def duration(seconds: float) -> str:
    """``2h 5m``, ``14m 3s``, ``42s``."""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"


def time_left(seconds: float | None) -> str:
    """``in 14m 3s``, ``expired 2m 1s ago``, or ``never`` for no expiry."""
    if seconds is None:
        return "never"
    if seconds <= 0:
        return f"expired {duration(seconds)} ago"
    return f"in {duration(seconds)}"
