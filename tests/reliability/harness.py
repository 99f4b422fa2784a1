"""One test body, four clients: StreamLink and GoLive, each sync and async.

``Harness.call(op)`` runs a named operation against the fault server and returns its
result (or raises); sync clients run in a worker thread so storms are truly concurrent.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

import golive_sdk
import streamlink_sdk
from streamlink_sdk import MemoryTokenStore, RetryPolicy, Tokens
from streamlink_sdk._core.errors import SDKError

from .faultserver import FaultServer, Reply

TIMEOUT = 0.4
"""Client read timeout in the fault tests (seconds)."""
FAST = RetryPolicy(max_retries=2, max_wait=2.0, backoff_base=0.02, backoff_cap=0.05)

ROOM = {
    "id": "rm_1",
    "name": "Demo",
    "type": "public",
    "status": "live",
    "ownerId": "usr_1",
    "joinUrl": "http://x/live/rm_1",
}
LK = {"url": "ws://127.0.0.1:7880", "token": "lk.jwt.token"}
GL_ROOM = {"name": "demo", "livekit_room": "t1__demo", "max_participants": 5}


def sl_ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data}


@dataclass(frozen=True)
class Op:
    """One operation: its route, a good answer, and how to invoke it on a client."""

    method: str
    path: str
    ok: Reply
    invoke: Callable[[Any], Any]
    retry_safe: bool


OPS: dict[str, dict[str, Op]] = {
    "streamlink": {
        "safe": Op(
            "GET",
            "/api/rooms/rm_1",
            Reply(200, sl_ok({"room": ROOM})),
            lambda c: c.rooms.get("rm_1"),
            True,
        ),
        "unsafe": Op(
            "POST",
            "/api/rooms",
            Reply(201, sl_ok({"room": ROOM, "joinUrl": ROOM["joinUrl"], "livekit": LK})),
            lambda c: c.rooms.create("Demo"),
            False,
        ),
    },
    "golive": {
        "safe": Op(
            "GET", "/api/v1/rooms/demo", Reply(200, GL_ROOM), lambda c: c.rooms.get("demo"), True
        ),
        "unsafe": Op(
            "POST", "/api/v1/rooms", Reply(201, GL_ROOM), lambda c: c.rooms.create("demo"), False
        ),
    },
}

ROOTS: dict[str, type[SDKError]] = {
    "streamlink": streamlink_sdk.StreamLinkError,
    "golive": golive_sdk.GoLiveError,
}


def errors(sdk: str) -> Any:
    """The SDK's module, to name its concrete error classes (``errors(sdk).ServerError``)."""
    return streamlink_sdk if sdk == "streamlink" else golive_sdk


class Harness:
    """A client of one SDK and kind, pointed at ``server``."""

    def __init__(
        self,
        sdk: str,
        kind: str,
        server: FaultServer,
        *,
        tokens: Tokens | None = None,
        timeout: float = TIMEOUT,
        policy: RetryPolicy = FAST,
    ) -> None:
        self.sdk, self.kind, self.server = sdk, kind, server
        self.store = MemoryTokenStore(tokens or fresh_tokens())
        self.client = self._make(httpx.Timeout(timeout, connect=2.0), policy)

    def _make(self, timeout: httpx.Timeout, policy: RetryPolicy) -> Any:
        opts: dict[str, Any] = {"timeout": timeout, "retry_policy": policy}
        if self.sdk == "streamlink":
            cls: Any = (
                streamlink_sdk.StreamLink if self.kind == "sync" else streamlink_sdk.AsyncStreamLink
            )
            return cls(base_url=self.server.url + "/api", token_store=self.store, **opts)
        cls = golive_sdk.GoLive if self.kind == "sync" else golive_sdk.AsyncGoLive
        return cls(api_key="key_1", api_secret="s3cret-value", base_url=self.server.url, **opts)

    def op(self, name: str) -> Op:
        return OPS[self.sdk][name]

    async def run(self, fn: Callable[[Any], Any]) -> Any:
        """Invoke ``fn(client)``: in a thread for sync clients, awaited for async ones."""
        if self.kind == "sync":
            return await asyncio.to_thread(fn, self.client)
        return await fn(self.client)

    async def call(self, name: str) -> Any:
        return await self.run(self.op(name).invoke)

    async def outcome(self, fn: Callable[[Any], Any]) -> Any:
        """The result, or the exception (never raised), of ``fn(client)``."""
        try:
            return await self.run(fn)
        except Exception as exc:
            return exc

    async def close(self) -> None:
        if self.kind == "sync":
            self.client.close()
        else:
            await self.client.aclose()


def fresh_tokens(access: str = "a1", refresh: str = "r1", left: float = 900.0) -> Tokens:
    return Tokens(access_token=access, refresh_token=refresh, access_expires_at=time.time() + left)


class Elapsed:
    """``with Elapsed() as t: ...; t.seconds``."""

    def __enter__(self) -> Elapsed:
        self._start = time.monotonic()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.monotonic() - self._start
