"""Rendering: Rich tables on a terminal, plain text when piped, JSON with ``--json``.

Data goes to stdout, everything else (warnings, progress, errors) to stderr, so
``slctl ... --json | jq`` always sees exactly one JSON document.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from .state import get_state

Cell = str | int | float | bool | None


def stdout_is_tty() -> bool:
    """True when stdout is an interactive terminal."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _stderr_is_tty() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


def _text(value: Cell) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class Output:
    """Where and how one command prints its result."""

    def __init__(self, json_mode: bool, tty: bool | None = None) -> None:
        self.json = json_mode
        self.tty = stdout_is_tty() if tty is None else tty

    def print_json(self, data: Any) -> None:
        """Write one JSON document (and a newline) to stdout."""
        sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")

    def line(self, text: str) -> None:
        """One line of data, printed as-is."""
        sys.stdout.write(text + "\n")

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        """A Rich table on a terminal; a header line and tab-separated rows otherwise."""
        if not self.tty:
            self.line("\t".join(columns))
            for row in rows:
                self.line("\t".join(_text(cell) for cell in row))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns, header_style="bold cyan")
        for row in rows:
            table.add_row(*(_text(cell) for cell in row))
        Console().print(table)

    def fields(self, pairs: Mapping[str, Cell]) -> None:
        """``key: value`` lines, keys highlighted on a terminal."""
        if not self.tty:
            for key, value in pairs.items():
                self.line(f"{key}: {_text(value)}")
            return
        from rich.console import Console
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold cyan", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in pairs.items():
            grid.add_row(key, _text(value))
        Console().print(grid)


def output(json_flag: bool = False) -> Output:
    """The output for the current command (``--json`` given globally or on the command)."""
    return Output(json_flag or get_state().json)


def _stderr(label: str, style: str, message: str) -> None:
    if _stderr_is_tty():
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True).print(f"[{style}]{label}:[/] {escape(message)}", highlight=False)
    else:
        sys.stderr.write(f"{label}: {message}\n")


def warn(message: str) -> None:
    """A warning on stderr."""
    _stderr("warning", "bold yellow", message)


def error(message: str, hint: str | None = None) -> None:
    """An error line (and its hint) on stderr."""
    _stderr("error", "bold red", message)
    if hint:
        _stderr("hint", "cyan", hint)


def info(message: str) -> None:
    """A progress or confirmation note on stderr (never mixed into data)."""
    sys.stderr.write(message + "\n")
