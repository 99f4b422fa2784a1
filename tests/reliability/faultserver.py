"""A deliberately misbehaving HTTP/1.1 server on loopback, scripted per test.

Raw sockets in a background thread (one thread per connection, keep-alive honoured), so a
test can do what no well-behaved framework would: close mid-response, announce more bytes
than it sends, stall past the client's timeout, or answer garbage.

    with FaultServer() as srv:
        srv.route("GET", "/api/rooms/rm_1", Drop(), Reply(200, {...}))
        ...  # 1st request: connection dropped; 2nd and later: the reply

Every request is recorded (``srv.requests``) together with whether it got a complete answer.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Request:
    """One request as the server read it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    answered: bool = False
    """True once a complete response was written (the client may have processed it)."""
    status: int | None = None
    """The status of the complete response, when there was one."""

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Reply:
    """A complete response; ``delay`` seconds of silence first."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    raw: bytes | None = None
    """Send these body bytes verbatim instead of ``json.dumps(body)``."""


@dataclass(frozen=True)
class Drop:
    """Read the request, then close the connection without a byte of response."""

    delay: float = 0.0


@dataclass(frozen=True)
class DropMidHeaders:
    """Send the status line and part of the headers, then close."""


@dataclass(frozen=True)
class Truncated:
    """Announce ``Content-Length`` larger than the body actually sent, then close."""

    status: int
    body: bytes
    declared: int


Action = Reply | Drop | DropMidHeaders | Truncated
Handler = Callable[[Request], Action]

_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def _head(status: int, headers: dict[str, str], length: int) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    merged = {"Content-Type": "application/json", **headers, "Content-Length": str(length)}
    lines += [f"{k}: {v}" for k, v in merged.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class _Route:
    """A sequence of actions; the last one repeats once the others are used up."""

    def __init__(self, actions: tuple[Action | Handler, ...]) -> None:
        self._actions = list(actions)
        self._lock = threading.Lock()

    def next(self, request: Request) -> Action:
        with self._lock:
            action = self._actions.pop(0) if len(self._actions) > 1 else self._actions[0]
        return action(request) if callable(action) else action


class FaultServer:
    """The scripted server; use as a context manager."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(128)
        self._sock.settimeout(0.05)  # so the accept loop notices a stop promptly
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[Request] = []
        self._routes: dict[tuple[str, str], _Route] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, name="faultserver", daemon=True)

    # -- scripting -----------------------------------------------------------------

    def route(self, method: str, path: str, *actions: Action | Handler) -> None:
        """Script the answers for ``method path`` (query strings are ignored)."""
        self._routes[(method, path)] = _Route(actions)

    def hits(self, method: str, path: str) -> list[Request]:
        """The recorded requests for one route."""
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path == path]

    # -- lifecycle -----------------------------------------------------------------

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()
        with self._lock:
            for conn in self._conns:
                _close(conn)

    # -- serving -------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while not self._stop.is_set():
                request = _read_request(reader)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                route = self._routes.get((request.method, request.path))
                action: Action = (
                    route.next(request)
                    if route
                    else Reply(404, {"error": {"code": "NOT_FOUND", "message": "unscripted route"}})
                )
                if not self._perform(conn, request, action):
                    return
        except OSError:
            return
        finally:
            reader.close()
            _close(conn)

    def _perform(self, conn: socket.socket, request: Request, action: Action) -> bool:
        """Send ``action``'s bytes; False when the connection is to be closed."""
        if isinstance(action, Drop):
            self._stop.wait(action.delay)
            return False
        if isinstance(action, DropMidHeaders):
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: appli")
            return False
        if isinstance(action, Truncated):
            conn.sendall(_head(action.status, {}, action.declared) + action.body)
            return False
        if action.delay and self._stop.wait(action.delay):
            return False
        body = (
            action.raw
            if action.raw is not None
            else (b"" if action.body is None else json.dumps(action.body).encode())
        )
        conn.sendall(_head(action.status, action.headers, len(body)) + body)
        request.answered, request.status = True, action.status
        return True


def _close(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)
    conn.close()


def _read_request(reader: Any) -> Request | None:
    line = reader.readline(65537)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        raw = reader.readline(65537)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = reader.read(length) if length else b""
    return Request(method, target.split("?", 1)[0], headers, body)
