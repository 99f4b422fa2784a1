"""``import streamlink_sdk`` stays light."""

from __future__ import annotations

import subprocess
import sys


def test_import_pulls_no_cli_livekit_or_server() -> None:
    code = (
        "import sys, streamlink_sdk;"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'rich', 'typer', 'click', 'livekit', 'fastapi', 'sqlalchemy', 'uvicorn', 'keyring'});"
        "bad += [m for m in sys.modules if m.startswith('slctl')];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_httpx_cli_remains_importable_afterwards() -> None:
    code = "import streamlink_sdk, httpx._main; print(httpx._main.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "httpx._main"
