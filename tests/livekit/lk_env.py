"""Locating and running the external pieces the LiveKit tests need.

Kept out of conftest.py so the benchmark and the fixtures share one implementation.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
LIVEKIT_CLIENT_UMD = (
    REPO / ".cache" / "npm" / "node_modules" / "livekit-client" / "dist" / "livekit-client.umd.js"
)
DEV_KEY = "devkey"
DEV_SECRET = "secret"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(reason: str) -> None:
    """Skip on a developer machine, fail under CI=true: CI must never silently skip."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: required)", pytrace=False)
    pytest.skip(reason)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def find_livekit_server() -> Path | None:
    """LIVEKIT_SERVER_BIN, then .cache/livekit (scripts/install-livekit-server), then PATH."""
    env = os.environ.get("LIVEKIT_SERVER_BIN")
    if env:
        return Path(env) if os.access(env, os.X_OK) else None
    cached = REPO / ".cache" / "livekit" / "livekit-server"
    if os.access(cached, os.X_OK):
        return cached
    on_path = shutil.which("livekit-server")
    return Path(on_path) if on_path else None


@dataclass(frozen=True)
class LiveKitServer:
    url: str  # ws:// URL the SDKs connect to
    http_url: str  # same port, http:// for RoomService
    api_key: str
    api_secret: str
    log_path: Path


def _wait_http_ok(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"livekit-server exited early with code {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1) as resp:
            if resp.status == 200 and resp.read().strip() == b"OK":
                return
        time.sleep(0.05)
    raise TimeoutError(f"livekit-server did not answer OK on {url} within {timeout}s")


@contextlib.contextmanager
def run_livekit_server(binary: Path) -> Iterator[LiveKitServer]:
    """Run `livekit-server --dev` on free loopback ports until the block ends."""
    port, tcp_port, udp_port = free_port(), free_port(), free_port(socket.SOCK_DGRAM)
    config = f"port: {port}\nrtc:\n  tcp_port: {tcp_port}\n  udp_port: {udp_port}\n"
    log_dir = Path(tempfile.mkdtemp(prefix="livekit-"))
    log_path = log_dir / "livekit-server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                str(binary), "--dev", "--bind", "127.0.0.1", "--node-ip", "127.0.0.1",
                "--config-body", config,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_http_ok(f"http://127.0.0.1:{port}/", proc, timeout=20)
        yield LiveKitServer(
            url=f"ws://127.0.0.1:{port}",
            http_url=f"http://127.0.0.1:{port}",
            api_key=DEV_KEY,
            api_secret=DEV_SECRET,
            log_path=log_path,
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def free_display() -> int:
    """A display number with no X socket or lock file."""
    for n in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number in 90..199")


@contextlib.contextmanager
def run_xvfb(width: int = 1280, height: int = 720) -> Iterator[str]:
    """Start Xvfb on a free display; yields the DISPLAY value (":N")."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise FileNotFoundError("Xvfb")
    n = free_display()
    proc = subprocess.Popen(
        [xvfb, f":{n}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb :{n} did not start")
            time.sleep(0.05)
        yield f":{n}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
