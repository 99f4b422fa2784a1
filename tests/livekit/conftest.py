"""Fixtures for tests against a real livekit-server (and, for some, Xvfb or Chromium).

Missing binaries skip the tests with a reason on a developer machine and fail them
under CI=true (see docs/testing.md).
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import itertools
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lk_env import (
    CHROMIUM,
    LIVEKIT_CLIENT_UMD,
    REPO,
    LiveKitServer,
    find_livekit_server,
    missing,
    run_livekit_server,
    run_xvfb,
)

HERE = Path(__file__).resolve().parent
if str(REPO) not in sys.path:  # `tests.support` must import under plain `pytest tests/livekit`
    sys.path.insert(0, str(REPO))

# Tests of a module share one reference server on 127.0.0.1; keep its limits out of the way.


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.livekit)
            # `--dev` signs with the 6-byte secret "secret"; PyJWT warns on every token.
            item.add_marker(
                pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
            )


@pytest.fixture(scope="session")
def livekit_server() -> Iterator[LiveKitServer]:
    """One `livekit-server --dev` on free loopback ports for the whole session."""
    binary = find_livekit_server()
    if binary is None and os.environ.get("LIVEKIT_SERVER_BIN"):
        missing(f"LIVEKIT_SERVER_BIN={os.environ['LIVEKIT_SERVER_BIN']} is not an executable file")
    if binary is None:
        missing(
            "no livekit-server binary: run scripts/install-livekit-server or set LIVEKIT_SERVER_BIN"
        )
    assert binary is not None
    with run_livekit_server(binary) as server:
        yield server


_room_numbers = itertools.count(1)


@pytest.fixture
def room_name(request: pytest.FixtureRequest) -> str:
    """A LiveKit room name unique to this test (the server is shared by the session)."""
    return f"t{next(_room_numbers)}-{request.node.name[:40]}".replace("[", "-").replace("]", "")


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """DISPLAY of a 1280x720 Xvfb started for this session."""
    if shutil.which("Xvfb") is None:
        missing("Xvfb is not installed: run scripts/install-browser-deps")
    with run_xvfb(1280, 720) as display:
        yield display


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def livekit_client_url() -> Iterator[str | None]:
    """URL of the npm copy of livekit-client served from loopback, or None if not installed."""
    if not LIVEKIT_CLIENT_UMD.is_file():
        yield None
        return
    handler = functools.partial(_QuietHandler, directory=str(LIVEKIT_CLIENT_UMD.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="livekit-client")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/{LIVEKIT_CLIENT_UMD.name}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def refserver(
    livekit_server: LiveKitServer,
    livekit_client_url: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Any]:
    """The reference server (StreamLink + GoLive) pointed at this session's livekit-server,
    with its viewer page loading the local livekit-client copy when installed."""
    from tests.support.refserver import RELAXED_LIMITS, start_reference_server

    overrides: dict[str, Any] = {
        **RELAXED_LIMITS,
        "livekit_url": livekit_server.url,
        "livekit_api_key": livekit_server.api_key,
        "livekit_api_secret": livekit_server.api_secret,
    }
    if livekit_client_url is not None:
        overrides["livekit_client_url"] = livekit_client_url
    with start_reference_server(tmp_path_factory.mktemp("refserver"), **overrides) as server:
        yield server


@pytest.fixture(scope="session")
def browser_ready(livekit_client_url: str | None) -> str:
    """Checks Chromium, Playwright and the local livekit-client; returns Chromium's path."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} not found: run scripts/install-browser-deps")
    if livekit_client_url is None:
        missing("livekit-client is not in .cache/npm: run scripts/install-browser-deps")
    if importlib.util.find_spec("playwright") is None:
        missing("the playwright package is not installed (pip install -e '.[test]')")
    return str(CHROMIUM)
