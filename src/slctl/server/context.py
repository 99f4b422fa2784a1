"""The per-app bundle of services that routes reach through ``request.app.state.ctx``."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from .cache import TTLCache
from .livekit import LiveKitGateway
from .ratelimit import RateLimits
from .security import AccessTokenSigner, PasswordHashing, digest
from .settings import ServerSettings
from .store import Row, Store


@dataclass
class ServerContext:
    """Everything a request handler needs, built once by ``create_app``."""

    settings: ServerSettings
    store: Store
    signer: AccessTokenSigner
    passwords: PasswordHashing
    limits: RateLimits
    livekit: LiveKitGateway
    operator_digest: str = field(repr=False)
    operator_token_file: Path | None = None  # set when the token was generated/kept on disk
    tenant_auth: TTLCache[str, Row] = field(init=False)
    golive_rooms: TTLCache[tuple[str, str], Row] = field(init=False)

    def __post_init__(self) -> None:
        ttl = self.settings.cache_ttl_seconds
        self.tenant_auth = TTLCache(ttl)
        self.golive_rooms = TTLCache(ttl)

    def operator_ok(self, presented: str) -> bool:
        """Constant-time check of a presented operator token."""
        return hmac.compare_digest(digest(presented), self.operator_digest)

    def forget_tenant(self, tenant_id: str) -> None:
        """Drop cached auth data of ``tenant_id`` (after deactivate/activate/rotate)."""
        self.tenant_auth.drop_where(lambda row: row["id"] == tenant_id)


async def get_ctx(request: Request) -> ServerContext:
    """FastAPI dependency: the app's :class:`ServerContext` (async: no thread hop)."""
    return ctx_of(request)


def ctx_of(request: Request) -> ServerContext:
    """The app's :class:`ServerContext`, for code that has the request at hand."""
    ctx: Any = request.app.state.ctx
    assert isinstance(ctx, ServerContext)
    return ctx
