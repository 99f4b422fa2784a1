"""Turning exceptions into one clear line and an exit code."""

from __future__ import annotations

from dataclasses import dataclass

from .exitcodes import ExitCode


class CliError(Exception):
    """An error the CLI itself detects (missing credentials, bad config...)."""

    def __init__(self, message: str, code: ExitCode = ExitCode.ERROR, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Failure:
    """What to tell the user about an exception."""

    code: ExitCode
    message: str
    hint: str | None = None


def _sdk_failure(exc: BaseException) -> Failure | None:
    # Imported here: only the error path pays for loading the SDK's error module.
    from streamlink_sdk._core import errors as sdk

    if not isinstance(exc, sdk.SDKError):
        return None
    hint = exc.hint
    if isinstance(exc, sdk.APIStatusError):
        where = f"HTTP {exc.status}" if exc.response is not None else "refused locally"
        message = f"{exc.message} ({where}, {exc.code})"
        if isinstance(exc, sdk.RateLimitError) and exc.retry_after is not None:
            message += f"; retry after {exc.retry_after:g}s"
    else:
        message = exc.message
    if isinstance(exc, sdk.SessionExpiredError):
        code, hint = ExitCode.NOT_SIGNED_IN, "run `slctl auth login`"
    elif isinstance(exc, sdk.AuthenticationError):
        code = ExitCode.NOT_SIGNED_IN
    elif isinstance(exc, sdk.NotFoundError):
        code = ExitCode.NOT_FOUND
    elif isinstance(exc, sdk.RateLimitError):
        code = ExitCode.RATE_LIMITED
    elif isinstance(exc, sdk.APIConnectionError):
        code = ExitCode.UNREACHABLE
    elif isinstance(exc, sdk.InvalidInputError) and exc.response is None:
        code = ExitCode.USAGE
    else:
        code = ExitCode.ERROR
    return Failure(code, message, hint)


def describe(exc: BaseException) -> Failure:
    """The exit code, message and hint for any exception a command raised."""
    if isinstance(exc, CliError):
        return Failure(exc.code, exc.message, exc.hint)
    failure = _sdk_failure(exc)
    if failure is not None:
        return failure
    if type(exc).__module__.startswith("keyring"):
        return Failure(
            ExitCode.ERROR,
            f"the OS keyring failed: {type(exc).__name__}",
            "unlock the keyring, or use --insecure-storage / `slctl config set "
            "insecure_storage true` to keep secrets in 0600 files",
        )
    if isinstance(exc, OSError) and exc.strerror:
        name = f" {exc.filename}" if exc.filename else ""
        return Failure(ExitCode.ERROR, f"{exc.strerror}{name}")
    return Failure(
        ExitCode.ERROR,
        f"unexpected error: {type(exc).__name__}",
        "run again with --verbose for the traceback",
    )
