"""Reporting a failed command: one line (plus hint) on stderr, then the exit code."""

from __future__ import annotations

import sys
import traceback
from typing import NoReturn

import typer

from .errors import describe
from .output import error
from .state import get_state


def fail(exc: BaseException) -> NoReturn:
    """Print ``exc`` for a human (traceback only with ``--verbose``) and exit."""
    failure = describe(exc)
    if get_state().verbose:
        traceback.print_exception(exc, file=sys.stderr)
    error(failure.message, failure.hint)
    raise typer.Exit(int(failure.code))
