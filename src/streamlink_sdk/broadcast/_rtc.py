"""Lazy access to `livekit.rtc`, so importing the SDK never pays for (or needs) it."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError


def load_rtc() -> ModuleType:
    """Return `livekit.rtc`, or raise MissingDependencyError with the install hint."""
    try:
        return importlib.import_module("livekit.rtc")
    except ImportError as exc:
        raise MissingDependencyError("livekit", "Broadcasting") from exc
