"""StreamLink SDK exceptions (see DESIGN.md section 4).

Each class also derives from the shared core class of the same name, so
``except streamlink_sdk._core.errors.SDKError`` catches errors of both SDKs.
"""

from __future__ import annotations

from ._core import errors as core


class StreamLinkError(core.SDKError):
    """Root of every StreamLink SDK error."""


class APIConnectionError(StreamLinkError, core.APIConnectionError):
    """The server could not be reached or the connection broke."""


class APITimeoutError(APIConnectionError, core.APITimeoutError):
    """The request timed out."""


class SessionExpiredError(StreamLinkError, core.SessionExpiredError):
    """Not signed in, or the refresh token was refused: sign in again."""


class APIStatusError(StreamLinkError, core.APIStatusError):
    """The API answered with an error status."""


class InvalidInputError(APIStatusError, core.InvalidInputError):
    """400/422, or arguments refused locally before any request."""


class AuthenticationError(APIStatusError, core.AuthenticationError):
    """401."""


class PermissionDeniedError(APIStatusError, core.PermissionDeniedError):
    """403."""


class NotFoundError(APIStatusError, core.NotFoundError):
    """404."""


class ConflictError(APIStatusError, core.ConflictError):
    """409 (for example ``EMAIL_TAKEN``)."""


class RateLimitError(APIStatusError, core.RateLimitError):
    """429 after the allowed retries; see ``retry_after`` and ``rate_limit``."""


class ServerError(APIStatusError, core.ServerError):
    """5xx."""


FAMILY = core.ErrorFamily(
    connection=APIConnectionError,
    timeout=APITimeoutError,
    session_expired=SessionExpiredError,
    status=APIStatusError,
    invalid_input=InvalidInputError,
    authentication=AuthenticationError,
    permission_denied=PermissionDeniedError,
    not_found=NotFoundError,
    conflict=ConflictError,
    rate_limit=RateLimitError,
    server=ServerError,
)
