"""Turning HTTP responses into models or typed exceptions."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import ValidationError

from .errors import APIStatusError, ErrorFamily
from .ratelimit import RateLimitInfo

if TYPE_CHECKING:
    import httpx

    from .endpoint import Endpoint

T = TypeVar("T")

_MAX_TEXT = 200


class HintFunction(Protocol):
    """Adds a troubleshooting hint to an error (GoLive uses it)."""

    def __call__(self, endpoint: Endpoint[Any], status: int, code: str) -> str | None: ...


def _json_or_none(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return None


def _error_fields(body: Any) -> tuple[str | None, str | None]:
    """(code, message) from an error envelope of either API, if the body is one."""
    if not isinstance(body, dict):
        return None, None
    error = body.get("error")
    if not isinstance(error, dict):
        return None, None
    code = error.get("code")
    message = error.get("message")
    return (
        code if isinstance(code, str) and code else None,
        message if isinstance(message, str) and message else None,
    )


def _fallback_text(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    if not text:
        return f"{response.status_code} {response.reason_phrase}".strip()
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT] + "..."
    kind = response.headers.get("content-type", "").split(";")[0] or "unknown content type"
    return f"unexpected {kind} response: {text}"


def status_error(
    response: httpx.Response,
    endpoint: Endpoint[Any],
    family: ErrorFamily,
    rate_limit: RateLimitInfo | None,
    hint: HintFunction | None = None,
) -> APIStatusError:
    """The typed exception for a non-2xx response, envelope or not."""
    code, message = _error_fields(_json_or_none(response.content))
    status = response.status_code
    code = code or f"HTTP_{status}"
    message = message or _fallback_text(response)
    return family.for_status(status)(
        message,
        status=status,
        code=code,
        request_id=response.headers.get("x-request-id"),
        rate_limit=rate_limit,
        response=response,
        hint=hint(endpoint, status, code) if hint else None,
    )


def decode_success(
    response: httpx.Response,
    endpoint: Endpoint[T],
    family: ErrorFamily,
    envelope: bool,
) -> T:
    """The response model of a 2xx answer.

    ``envelope`` selects StreamLink's ``{"ok":true,"data":...}`` wrapping; GoLive's bodies
    are bare JSON.
    """
    body: Any = None
    if response.content:
        body = _json_or_none(response.content)
        if envelope:
            if not isinstance(body, dict) or body.get("ok") is not True or "data" not in body:
                raise _bad_success(response, family, "the success envelope is missing")
            body = body["data"]
        elif body is None:
            raise _bad_success(response, family, "the body is not JSON")
    try:
        return endpoint.parse(body)  # endpoints without a body accept None
    except ValidationError as exc:
        problem = (
            "the body is empty"
            if not response.content
            else f"the body does not match the expected shape ({exc.error_count()} errors)"
        )
        raise _bad_success(response, family, problem) from None


def _bad_success(response: httpx.Response, family: ErrorFamily, problem: str) -> APIStatusError:
    return family.status(
        f"unexpected response from {response.request.method} {response.request.url.path}: "
        f"{problem}",
        status=response.status_code,
        code="INVALID_RESPONSE",
        response=response,
    )
