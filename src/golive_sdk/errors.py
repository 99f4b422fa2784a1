"""GoLive SDK exceptions (see DESIGN.md section 4).

Each class also derives from the shared core class of the same name, so one
``except streamlink_sdk._core.errors.SDKError`` catches errors of both SDKs, while
``except golive_sdk.NotFoundError`` stays precise. Errors carry a troubleshooting
``hint`` where the GoLive docs have one; it is part of ``str(exc)``.
"""

from __future__ import annotations

from streamlink_sdk._core import errors as core


class GoLiveError(core.SDKError):
    """Root of every GoLive SDK error."""


class APIConnectionError(GoLiveError, core.APIConnectionError):
    """The GoLive server could not be reached or the connection broke."""


class APITimeoutError(APIConnectionError, core.APITimeoutError):
    """The request timed out."""


class SessionExpiredError(GoLiveError, core.SessionExpiredError):
    """Unused by GoLive (static credentials); present so the family is complete."""


class APIStatusError(GoLiveError, core.APIStatusError):
    """The API answered with an error status."""


class InvalidInputError(APIStatusError, core.InvalidInputError):
    """400/422, or arguments refused locally before any request."""


class AuthenticationError(APIStatusError, core.AuthenticationError):
    """401: wrong credentials, or the tenant is deactivated."""


class PermissionDeniedError(APIStatusError, core.PermissionDeniedError):
    """403."""


class NotFoundError(APIStatusError, core.NotFoundError):
    """404 (for example minting a token for a room that does not exist)."""


class ConflictError(APIStatusError, core.ConflictError):
    """409 (``ROOM_EXISTS``)."""


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
