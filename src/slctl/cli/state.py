"""Global options, set by the root callback for every command to read."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

from .errors import CliError
from .exitcodes import ExitCode

PROFILE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class State:
    """What the global options said."""

    profile: str = "default"
    base_url: str | None = None
    json: bool = False
    verbose: bool = False


_current: ContextVar[State | None] = ContextVar("slctl_state", default=None)


def check_profile(name: str) -> str:
    """A valid profile name, or a usage error."""
    if not PROFILE_PATTERN.match(name):
        raise CliError(
            f"invalid profile name {name!r}",
            ExitCode.USAGE,
            "use 1-64 letters, digits, '_' or '-'",
        )
    return name


def set_state(state: State) -> None:
    """Record the global options of this invocation."""
    _current.set(state)


def get_state() -> State:
    """The global options of the running command (defaults outside a command)."""
    return _current.get() or State()
