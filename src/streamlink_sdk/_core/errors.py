"""The exception hierarchy shared by both SDKs.

Each SDK subclasses these with its own root (``StreamLinkError``, ``GoLiveError``), so
``except SDKError`` catches both while ``except golive_sdk.NotFoundError`` stays precise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ratelimit import RateLimitInfo

if TYPE_CHECKING:
    import httpx


class SDKError(Exception):
    """Root of every error raised by the SDKs."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\nhint: {self.hint}" if self.hint else self.message


class APIConnectionError(SDKError):
    """The server could not be reached or the connection broke."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class SessionExpiredError(SDKError):
    """No usable session: refresh is impossible, sign in again."""


class APIStatusError(SDKError):
    """The server answered with a non-2xx status (or input was refused locally)."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str,
        request_id: str | None = None,
        rate_limit: RateLimitInfo | None = None,
        response: httpx.Response | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.code = code
        self.request_id = request_id
        self.rate_limit = rate_limit
        self.response = response

    def __str__(self) -> str:
        where = f"HTTP {self.status}" if self.response is not None else "local check"
        text = f"{self.message} ({where}, {self.code})"
        return f"{text}\nhint: {self.hint}" if self.hint else text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, code={self.code!r})"


class InvalidInputError(APIStatusError):
    """400/422, or arguments refused before any request was sent."""


class AuthenticationError(APIStatusError):
    """401."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class RateLimitError(APIStatusError):
    """429 after the retries allowed by the policy."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait, when it said."""
        return self.rate_limit.retry_after if self.rate_limit else None


class ServerError(APIStatusError):
    """5xx."""


@dataclass(frozen=True, slots=True)
class ErrorFamily:
    """The concrete exception classes of one SDK."""

    connection: type[APIConnectionError]
    timeout: type[APITimeoutError]
    session_expired: type[SessionExpiredError]
    status: type[APIStatusError]
    invalid_input: type[InvalidInputError]
    authentication: type[AuthenticationError]
    permission_denied: type[PermissionDeniedError]
    not_found: type[NotFoundError]
    conflict: type[ConflictError]
    rate_limit: type[RateLimitError]
    server: type[ServerError]

    def for_status(self, status: int) -> type[APIStatusError]:
        """The class for an HTTP status code."""
        by_status: dict[int, type[APIStatusError]] = {
            400: self.invalid_input,
            422: self.invalid_input,
            401: self.authentication,
            403: self.permission_denied,
            404: self.not_found,
            409: self.conflict,
            429: self.rate_limit,
        }
        if status in by_status:
            return by_status[status]
        return self.server if status >= 500 else self.status

    def invalid(self, message: str) -> InvalidInputError:
        """A local validation error, raised before any request."""
        return self.invalid_input(message, status=400, code="INVALID_INPUT")
