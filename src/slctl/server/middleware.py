"""Pure ASGI middleware: rate-limit headers, body size and content-type checks, last-resort 500."""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body
from .ratelimit import LimitState, RateLimits

log = logging.getLogger("slctl.server")

STATE_KEY = "slctl_rate_limit"  # scope["state"][STATE_KEY] = LimitState to report


def _client_ip(scope: Scope, trust_forwarded_for: bool) -> str:
    if trust_forwarded_for:
        for name, value in scope.get("headers", []):
            if name == b"x-forwarded-for":
                return str(value.decode("latin-1").split(",")[0].strip())
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def _send_error(
    send: Send, path: str, status: int, code: str, message: str, headers: dict[str, str]
) -> None:
    body = error_body(path, code, message)
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *[(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class RateLimitMiddleware:
    """Counts StreamLink requests per IP, refuses with 429, stamps X-RateLimit-* headers.

    Only ``/api/*`` (not ``/api/v1/*``) and ``/live/*`` are limited per IP; a route may still
    leave a :class:`LimitState` in ``scope["state"]`` (per-tenant or per-account limits),
    which wins.
    Also turns any unhandled exception into a 500 ``INTERNAL`` envelope without details.
    """

    def __init__(self, app: ASGIApp, limits: RateLimits, trust_forwarded_for: bool) -> None:
        self.app = app
        self.limits = limits
        self.trust_forwarded_for = trust_forwarded_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        ip_state: LimitState | None = None
        if self.limits.enabled and self.limits.is_limited_path(path):
            rules = self.limits.rules_for(scope["method"], path)
            ip_state = self.limits.hit(rules, _client_ip(scope, self.trust_forwarded_for))
            if not ip_state.allowed:
                await _send_error(
                    send,
                    path,
                    429,
                    "RATE_LIMITED",
                    "too many requests; slow down",
                    ip_state.headers(),
                )
                return
        state = scope.setdefault("state", {})
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                chosen: LimitState | None = state.get(STATE_KEY) or ip_state
                if chosen is not None:
                    present = {k.lower() for k, _ in message.get("headers", [])}
                    if b"x-ratelimit-limit" not in present:
                        extra = [
                            (k.lower().encode("latin-1"), v.encode("latin-1"))
                            for k, v in chosen.headers().items()
                        ]
                        message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], path)
            if not started:
                headers = ip_state.headers() if ip_state else {}
                await _send_error(send, path, 500, "INTERNAL", "internal error", headers)


_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BodyLimitMiddleware:
    """Refuses bodies over ``max_bytes`` (413) before parsing and non-JSON bodies (415).

    The body is read here (bounded) and replayed to the app, so an oversize request is
    stopped by Content-Length or while streaming, never buffered past the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        content_type = b""
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_error(send, path, 400, "INVALID_INPUT", "bad Content-Length", {})
                    return
                if declared > self.max_bytes:
                    await self._too_large(send, path)
                    return
            elif name == b"content-type":
                content_type = value
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send, path)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body:
            media = content_type.split(b";")[0].strip().lower()
            if not (media == b"application/json" or media.endswith(b"+json")):
                await _send_error(
                    send, path, 415, "INVALID_INPUT", "Content-Type must be application/json", {}
                )
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send, path: str) -> None:
        await _send_error(
            send,
            path,
            413,
            "PAYLOAD_TOO_LARGE",
            f"request body larger than {self.max_bytes} bytes",
            {"Connection": "close"},
        )
