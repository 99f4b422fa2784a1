"""examples/ci-smoke.yml calls slctl smoke with options that exist."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from slctl.app import app

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "ci-smoke.yml"


def test_ci_example_runs_slctl_smoke_with_real_options() -> None:
    workflow: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    steps = workflow["jobs"]["smoke"]["steps"]
    commands = [step["run"] for step in steps if "slctl smoke" in step.get("run", "")]
    assert len(commands) == 1
    words = shlex.split(commands[0])
    assert words[:2] == ["slctl", "smoke"]
    help_text = CliRunner().invoke(app, ["smoke", "--help"], env={"COLUMNS": "200"}).output
    for option in (w for w in words[2:] if w.startswith("--")):
        assert option in help_text, option
    install = next(step["run"] for step in steps if "pip install" in step.get("run", ""))
    assert "streamlink-sdk[rtc]" in install
