"""A minimal StreamLink-shaped ASGI app for benchmarks: fixed JSON, rotating refresh.

Run as ``python benchmarks/_stub_server.py PORT``; it counts refresh calls at /stats.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn

ROOM = json.dumps({"ok": True, "data": {"room": {
    "id": "rm_1", "name": "Demo", "type": "public", "status": "live", "ownerId": "usr_1",
    "createdAt": "2026-11-25T10:00:00Z", "endedAt": None,
    "joinUrl": "http://127.0.0.1/live/rm_1"}}}).encode()
stats = {"refresh": 0, "refresh_tokens": 0}
seen: set[str] = set()

Send = Callable[[dict[str, Any]], Awaitable[None]]


async def app(scope: dict[str, Any], receive: Callable[[], Awaitable[dict[str, Any]]],
              send: Send) -> None:
    if scope["type"] != "http":
        return
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    path = scope["path"]
    if path == "/api/auth/refresh":
        stats["refresh"] += 1
        token = json.loads(body)["refreshToken"]
        seen.add(token)
        stats["refresh_tokens"] = len(seen)
        n = stats["refresh"]
        payload = json.dumps({"ok": True, "data": {"accessToken": f"acc-{n}",
                              "refreshToken": f"ref-{n}", "accessTokenExpiresIn": 900}}).encode()
    elif path == "/stats":
        payload = json.dumps(stats).encode()
    elif path == "/reset":
        stats.update(refresh=0, refresh_tokens=0)
        seen.clear()
        payload = b"{}"
    else:
        payload = ROOM
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"),
                            (b"x-ratelimit-limit", b"300"), (b"x-ratelimit-remaining", b"299"),
                            (b"x-ratelimit-reset", b"1900000000")]})
    await send({"type": "http.response.body", "body": payload})


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                access_log=False)
