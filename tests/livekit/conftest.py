"""Fixtures for tests against a real livekit-server (and, for some, Xvfb or Chromium).

Missing binaries skip the tests with a reason on a developer machine and fail them
under CI=true (see docs/testing.md).
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from lk_env import LiveKitServer, find_livekit_server, missing, run_livekit_server, run_xvfb

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.livekit)
            # `--dev` signs with the 6-byte secret "secret"; PyJWT warns on every token.
            item.add_marker(pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning"))


@pytest.fixture(scope="session")
def livekit_server() -> Iterator[LiveKitServer]:
    """One `livekit-server --dev` on free loopback ports for the whole session."""
    binary = find_livekit_server()
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
