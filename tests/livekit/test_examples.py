"""The examples run as their docstrings say, against the reference server and real LiveKit."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from tests.support.refserver import SRC_DIR

from streamlink_sdk import StreamLink

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_STATS = re.compile(r"^\s*(\d+\.\d) fps .* viewers=\d+ +reconnects=\d+$", re.M)


def test_screen_broadcast_example_publishes_and_ends_its_room(refserver: Any) -> None:
    email = f"example-{uuid.uuid4().hex[:8]}@example.test"
    password = "correct horse battery"
    with StreamLink(refserver.streamlink_url) as sl:
        sl.auth.signup(email=email, password=password)
    env = {
        **os.environ,
        "STREAMLINK_BASE_URL": refserver.streamlink_url,
        "STREAMLINK_EMAIL": email,
        "STREAMLINK_PASSWORD": password,
        "PYTHONPATH": str(SRC_DIR),
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "screen_broadcast.py"), "--pattern", "--fps", "15"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(8)  # past the first 5-second statistics line
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    join = re.search(r"^live at (http://\S+/live/(rm_\w+))$", out, re.M)
    assert join is not None, out
    fps = [float(m) for m in _STATS.findall(out)]
    assert fps and fps[0] > 5.0, out
    assert httpx.get(join.group(1)).status_code == 200
    with StreamLink(refserver.streamlink_url) as sl:
        sl.auth.signin(email=email, password=password)
        assert sl.rooms.get(join.group(2)).status == "ended"  # the example ends its room
