"""What a smoke run targets and how (credentials, cleanup, media)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RtcMode = Literal["auto", "on", "off"]


@dataclass(frozen=True)
class SmokeConfig:
    """Settings of one smoke run. Secrets never appear in ``repr``.

    ``base_url`` is the StreamLink API base (``https://host/api``); ``golive_url`` the
    GoLive origin, by default ``base_url`` without its ``/api`` suffix.
    """

    base_url: str
    golive_url: str | None = None
    email: str | None = None
    password: str | None = field(default=None, repr=False)
    golive_key: str | None = None
    golive_secret: str | None = field(default=None, repr=False)
    operator_token: str | None = field(default=None, repr=False)
    require_golive: bool = False
    keep: bool = False
    rtc: RtcMode = "auto"
    publish_seconds: float = 1.5
    timeout: float = 15.0

    @property
    def golive_origin(self) -> str:
        """The GoLive base URL to use."""
        if self.golive_url:
            return self.golive_url.rstrip("/")
        base = self.base_url.rstrip("/")
        return base[: -len("/api")] if base.endswith("/api") else base
