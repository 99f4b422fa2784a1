"""LiveKit: access tokens (``livekit-api``) and best-effort RoomService calls."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import time
from typing import Any

import aiohttp
from livekit import api as lkapi

from .settings import ServerSettings

log = logging.getLogger("slctl.server.livekit")

_JWT_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class LiveKitGateway:
    """Mints LiveKit JWTs and creates/deletes rooms when the LiveKit server is reachable.

    RoomService failures never fail the API call that caused them: they are logged.
    After a connection failure, room *creation* (an optimisation: LiveKit also creates rooms
    on first join) is skipped for ``retry_after`` seconds; deletion is always attempted.
    """

    retry_after = 5.0

    def __init__(self, settings: ServerSettings) -> None:
        self.ws_url = settings.livekit_url
        self._http_url = settings.livekit_http_url
        self._key = settings.livekit_api_key
        self._secret = settings.livekit_api_secret
        self._secret_bytes = settings.livekit_api_secret.encode("utf-8")
        self._timeout = settings.livekit_timeout_seconds
        self._api: lkapi.LiveKitAPI | None = None
        self._down_until = 0.0

    def _failed(self, what: str, exc: BaseException) -> None:
        unreachable = isinstance(exc, aiohttp.ClientConnectionError | OSError | TimeoutError)
        if unreachable:
            if self._down_until == 0.0:
                log.warning(
                    "LiveKit at %s unreachable (%s): %s", self._http_url, what, type(exc).__name__
                )
            self._down_until = time.monotonic() + self.retry_after
        else:
            log.warning("LiveKit %s failed: %s", what, type(exc).__name__)

    def _succeeded(self) -> None:
        if self._down_until:
            log.info("LiveKit at %s reachable again", self._http_url)
        self._down_until = 0.0

    def mint(
        self,
        *,
        room: str,
        identity: str,
        name: str | None,
        ttl_seconds: int,
        can_publish: bool,
        can_subscribe: bool,
        can_publish_data: bool,
    ) -> str:
        """A LiveKit access token that joins ``room`` with exactly these grants.

        Produces the same claims as ``livekit.api.AccessToken(...).to_jwt()`` (the tests
        compare the two), signed HS256 directly: ``to_jwt`` spends most of its ~110 us
        deep-copying dataclasses, which is a large share of the GoLive hot path.
        """
        now = int(time.time())
        claims: dict[str, Any] = {}
        if name:
            claims["name"] = name
        claims["video"] = {
            "roomJoin": True,
            "room": room,
            "canPublish": can_publish,
            "canSubscribe": can_subscribe,
            "canPublishData": can_publish_data,
        }
        claims.update(sub=identity, iss=self._key, nbf=now, exp=now + ttl_seconds)
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
        signing_input = f"{_JWT_HEADER}.{payload}"
        signature = hmac.new(self._secret_bytes, signing_input.encode("ascii"), hashlib.sha256)
        return f"{signing_input}.{_b64(signature.digest())}"

    def _client(self) -> lkapi.LiveKitAPI:
        if self._api is None:
            self._api = lkapi.LiveKitAPI(
                self._http_url,
                self._key,
                self._secret,
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                failover=False,
            )
        return self._api

    async def create_room(
        self, name: str, *, max_participants: int | None = None, empty_timeout: int = 300
    ) -> bool:
        """Create ``name`` in LiveKit; ``False`` (and a log line) when that fails."""
        if self._down_until > time.monotonic():
            return False
        request = lkapi.CreateRoomRequest(
            name=name, empty_timeout=empty_timeout, max_participants=max_participants or 0
        )
        try:
            await asyncio.wait_for(self._client().room.create_room(request), self._timeout)
        except Exception as exc:
            self._failed(f"create_room({name})", exc)
            return False
        self._succeeded()
        return True

    async def delete_room(self, name: str) -> bool:
        """Delete ``name`` in LiveKit (disconnecting everyone); ``False`` when that fails."""
        request = lkapi.DeleteRoomRequest(room=name)
        try:
            await asyncio.wait_for(self._client().room.delete_room(request), self._timeout)
        except lkapi.TwirpError as exc:
            self._succeeded()
            if exc.code == "not_found":
                return True
            log.warning("LiveKit delete_room(%s) failed: %s", name, exc.code)
            return False
        except Exception as exc:
            self._failed(f"delete_room({name})", exc)
            return False
        self._succeeded()
        return True

    async def aclose(self) -> None:
        """Close the HTTP session, if one was opened."""
        if self._api is not None:
            await self._api.aclose()
            self._api = None
