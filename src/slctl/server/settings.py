"""Server settings: command-line flags and ``SLCTL_SERVER_*`` environment variables."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_PREFIX = "SLCTL_SERVER_"
DEFAULT_LIVEKIT_CLIENT_URL = (
    "https://cdn.jsdelivr.net/npm/livekit-client@2.23.0/dist/livekit-client.umd.js"
)

# Settings that may also come from the LiveKit CLI's usual variable names.
_ALT_ENV = {
    "livekit_url": "LIVEKIT_URL",
    "livekit_api_key": "LIVEKIT_API_KEY",
    "livekit_api_secret": "LIVEKIT_API_SECRET",
}


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("slctl")


@dataclass(frozen=True)
class ServerSettings:
    """All knobs of the reference server.

    Empty strings for ``data_dir``, ``database_url`` and ``public_url`` mean "derive the
    default" (see :meth:`resolved`).
    """

    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: str = ""
    database_url: str = ""
    public_url: str = ""
    operator_token: str | None = field(default=None, repr=False)
    livekit_url: str = "ws://127.0.0.1:7880"
    livekit_api_key: str = "devkey"
    livekit_api_secret: str = field(default="secret", repr=False)
    livekit_client_url: str = DEFAULT_LIVEKIT_CLIENT_URL
    livekit_timeout_seconds: float = 3.0
    rate_limit_enabled: bool = True
    rate_limit_storage: str = "memory://"
    rate_limit_global: str = "300/minute"
    rate_limit_auth: str = "10/minute"
    rate_limit_refresh: str = "30/minute"
    rate_limit_signin_failures: str = "10/15minutes"
    rate_limit_tenant: str = ""  # e.g. "6000/minute"; empty = no per-tenant limit
    trust_forwarded_for: bool = False
    max_body_bytes: int = 65536
    issuer: str = "streamlink"
    audience: str = "streamlink-api"
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    host_token_ttl_seconds: int = 6 * 3600
    viewer_token_ttl_seconds: int = 2 * 3600
    cache_ttl_seconds: float = 5.0
    # argon2id cost for human passwords (argon2-cffi defaults); tests may lower them.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    access_log: bool = True
    log_level: str = "info"

    def resolved(self) -> ServerSettings:
        """Return a copy with every derived default filled in."""
        data_dir = self.data_dir or _default_data_dir()
        database_url = self.database_url or f"sqlite:///{Path(data_dir) / 'server.db'}"
        public_url = (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
        return dataclasses.replace(
            self, data_dir=data_dir, database_url=database_url, public_url=public_url
        )

    @property
    def livekit_http_url(self) -> str:
        """The LiveKit URL with an HTTP scheme, as RoomService wants it."""
        url = self.livekit_url
        if url.startswith("ws://"):
            return "http://" + url[5:]
        if url.startswith("wss://"):
            return "https://" + url[6:]
        return url

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ServerSettings:
        """Build settings from ``SLCTL_SERVER_*`` (and ``LIVEKIT_*``) variables plus overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None and f.name in _ALT_ENV:
                raw = env.get(_ALT_ENV[f.name])
            if raw is not None:
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """Render these settings as ``SLCTL_SERVER_*`` variables (for a child process)."""
        out: dict[str, str] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            out[ENV_PREFIX + f.name.upper()] = str(value)
        return out


def _coerce(f: dataclasses.Field[Any], raw: str) -> Any:
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if kind == "bool":
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    return raw
