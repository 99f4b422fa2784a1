"""Reading secrets from the user: hidden prompts (on stderr) or one line of stdin."""

from __future__ import annotations

import sys

import typer

from .errors import CliError
from .exitcodes import ExitCode


def read_stdin_line(what: str) -> str:
    """The first line of stdin without its line ending; a usage error when empty."""
    text = sys.stdin.readline().rstrip("\r\n")
    if not text:
        raise CliError(f"no {what} on stdin", ExitCode.USAGE)
    return text


def secret(what: str, *, from_stdin: bool, confirm: bool = False) -> str:
    """A secret from stdin (``--...-stdin``) or a hidden prompt written to stderr."""
    if from_stdin:
        return read_stdin_line(what)
    value: str = typer.prompt(
        what.capitalize(), hide_input=True, confirmation_prompt=confirm, err=True
    )
    return value


def text(what: str, value: str | None) -> str:
    """``value``, or a prompt (on stderr) for it."""
    if value:
        return value
    answer: str = typer.prompt(what.capitalize(), err=True)
    return answer
