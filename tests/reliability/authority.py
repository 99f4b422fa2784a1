"""A scripted StreamLink token authority for the fault server.

It rotates refresh tokens like the real server (``r1 -> r2 -> ...``, one valid at a time)
and answers the resource route only for the current access token. Refresh requests are
recorded by the fault server, so a test can check that no refresh token was sent again
after the server accepted or refused it.
"""

from __future__ import annotations

import threading
from typing import Any

from .faultserver import FaultServer, Reply, Request
from .harness import OPS, sl_ok

REFRESH = ("POST", "/api/auth/refresh")
SPENT_BY = frozenset({200, 400, 401, 403})
"""Answers after which a refresh token is spent (accepted, or refused for good)."""


def sl_error(status: int, code: str) -> Reply:
    return Reply(status, {"ok": False, "error": {"code": code, "message": code.lower()}})


class Authority:
    """Current tokens ``a<n>``/``r<n>``; ``expire()`` makes the access token stale."""

    def __init__(self, refresh_delay: float = 0.0) -> None:
        self.generation = 1
        self.access_valid = True
        self.refresh_delay = refresh_delay
        self._lock = threading.Lock()

    @property
    def access(self) -> str:
        return f"a{self.generation}"

    def expire(self) -> None:
        with self._lock:
            self.access_valid = False

    def refresh(self, request: Request) -> Reply:
        token = (request.json() or {}).get("refreshToken")
        with self._lock:
            if token != f"r{self.generation}":
                return sl_error(401, "INVALID_REFRESH_TOKEN")
            self.generation += 1
            self.access_valid = True
            n = self.generation
        data = {"accessToken": f"a{n}", "refreshToken": f"r{n}", "accessTokenExpiresIn": 900}
        return Reply(200, sl_ok(data), delay=self.refresh_delay)

    def resource(self, request: Request) -> Reply:
        with self._lock:
            good = self.access_valid and request.headers.get("authorization") == (
                f"Bearer {self.access}"
            )
        return OPS["streamlink"]["safe"].ok if good else sl_error(401, "TOKEN_EXPIRED")


def refresh_tokens_sent(server: FaultServer) -> list[str]:
    return [str((r.json() or {}).get("refreshToken")) for r in server.hits(*REFRESH)]


def assert_no_spent_token_resent(server: FaultServer) -> None:
    """No refresh token went out again after the server accepted or refused it."""
    spent: set[str] = set()
    for request in server.hits(*REFRESH):
        token: Any = (request.json() or {}).get("refreshToken")
        assert token not in spent, f"refresh token {token} sent again after it was spent"
        if request.answered and request.status in SPENT_BY:
            spent.add(token)
