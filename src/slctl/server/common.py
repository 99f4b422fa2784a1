"""Small shared helpers: ids, clocks and timestamps."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime


def new_id(prefix: str, nbytes: int = 10) -> str:
    """A random identifier such as ``usr_3f9a...``."""
    return f"{prefix}_{secrets.token_hex(nbytes)}"


def now_us() -> int:
    """Current time as integer microseconds since the epoch (how the DB stores times)."""
    return time.time_ns() // 1000


def iso(us: int | None) -> str | None:
    """Microseconds since the epoch as ISO-8601 UTC with a ``Z`` suffix."""
    if us is None:
        return None
    dt = datetime.fromtimestamp(us / 1_000_000, tz=UTC)
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")
