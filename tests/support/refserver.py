"""Run the bundled reference server on a free loopback port for tests.

Usage::

    from tests.support.refserver import start_reference_server

    with start_reference_server(tmp_path) as server:
        httpx.get(server.streamlink_url + "/auth/me")        # StreamLink base: url + "/api"
        GoLiveAdmin(operator_token=server.operator_token, base_url=server.url)

Keyword overrides are :class:`slctl.server.ServerSettings` fields, e.g.
``rate_limit_auth="3/minute"``, ``rate_limit_enabled=False``, or LiveKit settings
``livekit_url=..., livekit_api_key=..., livekit_api_secret=...`` to point it at a real
``livekit-server``. ``mode="thread"`` (default, fast: uvicorn in a daemon thread of the test
process) or ``mode="subprocess"`` (``python -m slctl.server``; can be killed/restarted, e.g.
for reliability tests via :meth:`ServerHandle.kill` / :meth:`ServerHandle.restart`).
Each server gets its own data dir (keys, SQLite DB) under ``tmp_path``, the fixed operator
token :data:`DEFAULT_OPERATOR_TOKEN` (pass ``operator_token=None`` to have one generated),
no access log, and cheap argon2id parameters (override ``argon2_*`` for realistic cost).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from slctl.server.settings import ServerSettings

__all__ = ["RELAXED_LIMITS", "ServerHandle", "free_port", "start_reference_server"]

DEFAULT_OPERATOR_TOKEN = "test-operator-token-0123456789abcdef"
RELAXED_LIMITS: dict[str, Any] = {
    "rate_limit_global": "100000/minute",
    "rate_limit_auth": "100000/minute",
    "rate_limit_refresh": "100000/minute",
    "rate_limit_signin_failures": "100000/minute",
}
"""Rate limits high enough that tests sharing 127.0.0.1 never meet them."""
SRC_DIR = Path(__file__).resolve().parents[2] / "src"


def free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerHandle:
    """A running reference server.

    ``url`` is the origin (``http://127.0.0.1:PORT``, also the GoLive base URL),
    ``streamlink_url`` the StreamLink base (``url + "/api"``).
    """

    url: str
    streamlink_url: str
    operator_token: str
    settings: ServerSettings
    mode: str
    _stop: Any = field(repr=False)
    _restart: Any = field(default=None, repr=False)
    _kill: Any = field(default=None, repr=False)

    @property
    def port(self) -> int:
        """The TCP port."""
        return self.settings.port

    @property
    def golive_url(self) -> str:
        """GoLive base URL (the origin; routes live under ``/api/v1``)."""
        return self.url

    def stop(self) -> None:
        """Stop the server (idempotent)."""
        self._stop()

    def kill(self) -> None:
        """Subprocess mode only: SIGKILL the server process (simulates a crash)."""
        if self._kill is None:
            raise RuntimeError("kill() needs mode='subprocess'")
        self._kill()

    def restart(self) -> None:
        """Subprocess mode only: start it again on the same port, data dir and DB."""
        if self._restart is None:
            raise RuntimeError("restart() needs mode='subprocess'")
        self._restart()


def _wait_ready(url: str, timeout: float, alive: Any = None) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise RuntimeError("reference server exited during start-up")
        try:
            if httpx.get(url + "/.well-known/jwks.json", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.05)
    raise TimeoutError(f"reference server at {url} not ready in {timeout}s: {last!r}")


def _settings(tmp_path: Path, port: int, overrides: dict[str, Any]) -> ServerSettings:
    data_dir = Path(overrides.pop("data_dir", tmp_path / f"refserver-{port}"))
    values: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "data_dir": str(data_dir),
        "database_url": f"sqlite:///{data_dir / 'server.db'}",
        "operator_token": DEFAULT_OPERATOR_TOKEN,
        "access_log": False,
        "log_level": "warning",
        # Cheap argon2id so sign-ups don't dominate test time (still argon2id).
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "argon2_parallelism": 1,
    }
    values.update(overrides)
    return ServerSettings(**values).resolved()


@contextmanager
def start_reference_server(
    tmp_path: Path,
    *,
    mode: Literal["thread", "subprocess"] = "thread",
    startup_timeout: float = 20.0,
    **settings_overrides: Any,
) -> Iterator[ServerHandle]:
    """Start a reference server, yield its :class:`ServerHandle`, stop it on exit."""
    if mode == "thread":
        with _thread_server(tmp_path, startup_timeout, settings_overrides) as handle:
            yield handle
    else:
        with _subprocess_server(tmp_path, startup_timeout, settings_overrides) as handle:
            yield handle


@contextmanager
def _thread_server(
    tmp_path: Path, startup_timeout: float, overrides: dict[str, Any]
) -> Iterator[ServerHandle]:
    import uvicorn

    from slctl.server.app import create_app
    from slctl.server.cli import uvicorn_proxy_options

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    settings = _settings(tmp_path, port, dict(overrides))
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        **uvicorn_proxy_options(settings),  # as `python -m slctl.server` does
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"refserver-{port}", daemon=True
    )
    thread.start()
    stopped = False

    def stop() -> None:
        nonlocal stopped
        if stopped:
            return
        stopped = True
        server.should_exit = True
        thread.join(10)
        sock.close()

    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, startup_timeout, thread.is_alive)
        yield ServerHandle(
            url=url,
            streamlink_url=url + "/api",
            operator_token=settings.operator_token or "",
            settings=settings,
            mode="thread",
            _stop=stop,
        )
    finally:
        stop()


@contextmanager
def _subprocess_server(
    tmp_path: Path, startup_timeout: float, overrides: dict[str, Any]
) -> Iterator[ServerHandle]:
    port = free_port()
    settings = _settings(tmp_path, port, dict(overrides))
    env = {**os.environ, **settings.to_env()}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC_DIR), env.get("PYTHONPATH")]))
    log_path = Path(settings.data_dir) / "server.log"
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    proc: subprocess.Popen[bytes] | None = None

    def start() -> None:
        nonlocal proc
        with log_path.open("ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "slctl.server"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        current = proc
        _wait_ready(url, startup_timeout, lambda: current.poll() is None)

    def stop() -> None:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)

    def kill() -> None:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)

    def restart() -> None:
        stop()
        start()

    try:
        start()
        yield ServerHandle(
            url=url,
            streamlink_url=url + "/api",
            operator_token=settings.operator_token or "",
            settings=settings,
            mode="subprocess",
            _stop=stop,
            _restart=restart,
            _kill=kill,
        )
    finally:
        stop()
