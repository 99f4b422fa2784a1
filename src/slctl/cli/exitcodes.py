"""The documented exit codes of ``slctl``."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit status; scripts may rely on these values."""

    OK = 0
    ERROR = 1
    """The API refused the request, or an unexpected error."""
    USAGE = 2
    """Bad flags or arguments (also arguments the SDK refuses before sending)."""
    NOT_SIGNED_IN = 3
    """Not signed in, session expired, or credentials rejected (HTTP 401)."""
    NOT_FOUND = 4
    RATE_LIMITED = 5
    """Still rate limited after the allowed retries."""
    UNREACHABLE = 6
    """The server could not be reached (connection refused, DNS, timeout)."""
