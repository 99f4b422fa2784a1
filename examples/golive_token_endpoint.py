"""Expose GoLive call tokens from your own backend ("/api/get-call-token").

Your frontend never sees the GoLive api_secret: it asks this endpoint for a token and
connects to LiveKit with ``{token, ws_url}``. One ``AsyncGoLive`` (one connection pool) is
created at startup and shared by every request; it is closed at shutdown.

Run it::

    export GOLIVE_API_KEY=... GOLIVE_API_SECRET=... GOLIVE_BASE_URL=https://live.superskynet.com
    uvicorn examples.golive_token_endpoint:app --port 8000

    curl -X POST localhost:8000/api/get-call-token \\
         -H 'content-type: application/json' -d '{"room": "team-standup", "identity": "user-123"}'

In a real app the identity comes from your own session (cookie, JWT), not from the body;
the body is used here to keep the example self-contained.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, Field

from golive_sdk import AsyncGoLive, GoLiveError, InvalidInputError, NotFoundError, RoomToken


class CallTokenRequest(BaseModel):
    """What the caller may choose. Everything else (grants, lifetime) is decided here."""

    room: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    identity: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.@-]+$")]
    name: Annotated[str | None, Field(max_length=64)] = None


class CallToken(BaseModel):
    token: str
    ws_url: str


async def mint(golive: AsyncGoLive, body: CallTokenRequest) -> RoomToken:
    """A one-hour token that may publish camera, microphone and data."""
    return await golive.tokens.create(
        body.room, identity=body.identity, name=body.name, ttl_seconds=3600
    )


def create_app(golive_factory: Callable[[], AsyncGoLive] = AsyncGoLive) -> FastAPI:
    """The ASGI app; ``golive_factory`` builds the shared client (env config by default)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with golive_factory() as golive:
            app.state.golive = golive
            yield

    app = FastAPI(title="call-token endpoint", lifespan=lifespan)

    @app.post("/api/get-call-token")
    async def get_call_token(body: CallTokenRequest, request: Request) -> CallToken:
        golive: AsyncGoLive = request.app.state.golive
        try:
            try:
                minted = await mint(golive, body)
            except NotFoundError:
                # First call for this room: create it (idempotently), then mint. Minting
                # first keeps the common case at one round trip to GoLive.
                await golive.rooms.ensure(body.room)
                minted = await mint(golive, body)
        except InvalidInputError as exc:
            raise HTTPException(status_code=400, detail=exc.message) from None
        except GoLiveError:
            # Details (and hints) belong in your logs, not in the answer to the browser.
            raise HTTPException(status_code=502, detail="video service unavailable") from None
        return CallToken(token=minted.token, ws_url=minted.ws_url)

    return app


app = create_app()
