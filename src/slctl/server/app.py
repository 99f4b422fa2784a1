"""``create_app(settings)``: wires settings, storage, keys, limits and routers into FastAPI."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from . import admin_routes, golive_routes, streamlink_routes, viewer
from .context import ServerContext
from .db import make_engine
from .errors import install_error_handlers
from .livekit import LiveKitGateway
from .middleware import BodyLimitMiddleware, RateLimitMiddleware
from .openapi import install_openapi
from .ratelimit import RateLimits
from .schemas import Jwks
from .security import AccessTokenSigner, PasswordHashing, digest, load_or_create_operator_token
from .settings import ServerSettings
from .store import Store

log = logging.getLogger("slctl.server")

_DESCRIPTION = """Reference server for the StreamLink API (`/api`, envelope JSON, camelCase)
and the GoLive API (`/api/v1`, bare JSON, HTTP Basic), plus GoLive tenant administration
(`/admin`, operator Bearer token) and the public viewer page (`/live/{id}`)."""


def build_context(settings: ServerSettings) -> ServerContext:
    """Open the database, load or create keys and the operator token, set up limits."""
    settings = settings.resolved()
    data_dir = Path(settings.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    token_file: Path | None = None
    if settings.operator_token:
        operator_digest = digest(settings.operator_token)
    else:
        token, path, created = load_or_create_operator_token(data_dir)
        operator_digest = digest(token)
        token_file = path
        log.info("operator token %s in %s (mode 0600)", "created" if created else "kept", path)
    signer = AccessTokenSigner.from_data_dir(
        data_dir, settings.issuer, settings.audience, settings.access_token_ttl_seconds
    )
    return ServerContext(
        settings=settings,
        store=Store(make_engine(settings.database_url), settings.refresh_token_ttl_seconds),
        signer=signer,
        passwords=PasswordHashing(
            settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
        ),
        limits=RateLimits(settings),
        livekit=LiveKitGateway(settings),
        operator_digest=operator_digest,
        operator_token_file=token_file,
    )


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The reference server as an ASGI app (settings default to the environment)."""
    ctx = build_context(settings or ServerSettings.from_env())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await ctx.livekit.aclose()
        ctx.store.engine.dispose()

    app = FastAPI(
        title="StreamLink / GoLive reference server",
        version="0.1.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.ctx = ctx
    install_error_handlers(app)
    app.include_router(golive_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(streamlink_routes.router)
    app.include_router(viewer.router)

    @app.get(
        "/.well-known/jwks.json",
        tags=["StreamLink"],
        summary="Access-token public key",
        responses={200: {"model": Jwks}},
    )
    async def jwks() -> JSONResponse:
        return JSONResponse(ctx.signer.jwks(), headers={"Cache-Control": "public, max-age=300"})

    install_openapi(app)

    # Added inside-out: the rate limiter wraps the body check, so 413/415 carry its headers.
    app.add_middleware(BodyLimitMiddleware, max_bytes=ctx.settings.max_body_bytes)
    app.add_middleware(
        RateLimitMiddleware,
        limits=ctx.limits,
        trust_forwarded_for=ctx.settings.trust_forwarded_for,
    )
    return app
