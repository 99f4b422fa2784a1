"""Quick (default, CI) versus long (``SLCTL_LONG=1``, local) sizes for fuzzing and load."""

from __future__ import annotations

import os

LONG = os.environ.get("SLCTL_LONG", "").strip().lower() in {"1", "true", "yes"}


def size(quick: int, long: int) -> int:
    """``quick`` normally, ``long`` when SLCTL_LONG=1."""
    return long if LONG else quick
