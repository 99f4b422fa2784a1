"""Rendering: Rich on a terminal, plain when piped, JSON on request."""

from __future__ import annotations

import json

import pytest

from slctl.cli.output import Output
from slctl.cli.timefmt import duration, iso, time_left


def test_terminal_table_uses_rich(capsys: pytest.CaptureFixture[str]) -> None:
    Output(json_mode=False, tty=True).table(["id", "live"], [["rm_1", True], ["rm_2", None]])
    out = capsys.readouterr().out
    assert "┃" in out or "│" in out  # a box-drawn table
    assert "rm_1" in out and "yes" in out and "-" in out


def test_piped_table_is_tab_separated(capsys: pytest.CaptureFixture[str]) -> None:
    Output(json_mode=False, tty=False).table(["id", "live"], [["rm_1", False]])
    assert capsys.readouterr().out == "id\tlive\nrm_1\tno\n"


def test_terminal_fields_and_plain_fields(capsys: pytest.CaptureFixture[str]) -> None:
    Output(json_mode=False, tty=True).fields({"name": "Demo"})
    assert "name" in capsys.readouterr().out
    Output(json_mode=False, tty=False).fields({"name": "Demo", "n": 3})
    assert capsys.readouterr().out == "name: Demo\nn: 3\n"


def test_json_is_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    Output(json_mode=True, tty=True).print_json({"a": [1, 2], "b": None})
    assert json.loads(capsys.readouterr().out) == {"a": [1, 2], "b": None}


def test_time_formatting() -> None:
    assert iso(0) == "1970-01-01T00:00:00+00:00" and iso(None) is None
    assert duration(42) == "42s" and duration(842) == "14m 2s" and duration(7500) == "2h 5m"
    assert time_left(None) == "never"
    assert time_left(-61) == "expired 1m 1s ago" and time_left(5) == "in 5s"
