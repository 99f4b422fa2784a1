"""``-v``: an HTTP trace on stderr through httpx event hooks.

Only the request line, the status and headers are shown; credentials are redacted and
bodies (which carry passwords and tokens) are never read or logged.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)
_START = "slctl.trace.start"


def _headers(headers: httpx.Headers) -> list[str]:
    return [
        f"  {name}: {REDACTED if name.lower() in SECRET_HEADERS else value}"
        for name, value in headers.multi_items()
    ]


def _url(url: httpx.URL) -> str:
    return str(url.copy_with(username=None, password=None)) if url.userinfo else str(url)


def _write(lines: list[str]) -> None:
    sys.stderr.write("\n".join(lines) + "\n")


def on_request(request: httpx.Request) -> None:
    """Log the request line and its (redacted) headers."""
    request.extensions[_START] = time.monotonic()
    _write([f"> {request.method} {_url(request.url)}", *_headers(request.headers)])


def on_response(response: httpx.Response) -> None:
    """Log the status, the time taken and the (redacted) headers."""
    request = response.request
    started = request.extensions.get(_START)
    took = f" in {(time.monotonic() - started) * 1000:.0f} ms" if started else ""
    line = f"< {response.status_code} {response.reason_phrase} {request.method} {_url(request.url)}"
    _write([line + took, *_headers(response.headers)])


def event_hooks() -> dict[str, list[Callable[[Any], Any]]]:
    """The hooks to pass to ``httpx.Client(event_hooks=...)``."""
    return {"request": [on_request], "response": [on_response]}
