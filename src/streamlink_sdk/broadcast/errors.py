"""Errors raised by the broadcast API."""

from __future__ import annotations

RTC_INSTALL_HINT = "pip install 'streamlink-sdk[rtc]'"


class BroadcastError(Exception):
    """A broadcast could not start or could not go on."""


class BroadcastSourceError(BroadcastError):
    """A video source is unusable (no display, missing codec library, unreadable file)."""


class PublishRefusedError(BroadcastError):
    """LiveKit did not let this participant publish (the token lacks canPublish)."""


class MissingDependencyError(BroadcastError, ImportError):
    """An optional dependency of the broadcast API is not installed."""

    def __init__(self, package: str, purpose: str, hint: str = RTC_INSTALL_HINT) -> None:
        super().__init__(f"{purpose} needs the '{package}' package; install it with: {hint}")
        self.package = package
