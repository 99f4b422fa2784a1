"""``import golive_sdk`` stays light and exposes the documented names."""

from __future__ import annotations

import json
import subprocess
import sys

import golive_sdk

HEAVY = ("rich", "typer", "livekit", "fastapi", "uvicorn", "sqlalchemy", "slctl")


def test_import_does_not_load_cli_livekit_or_server() -> None:
    code = (
        "import json, sys, golive_sdk\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & set(heavy))\n"
        "print(json.dumps(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []


def test_public_names() -> None:
    for name in golive_sdk.__all__:
        assert getattr(golive_sdk, name) is not None
    assert {"GoLive", "AsyncGoLive", "GoLiveAdmin", "AsyncGoLiveAdmin", "inspect_token"} <= set(
        golive_sdk.__all__
    )
