"""Error envelopes for both APIs and the exception handlers that produce them."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger("slctl.server")

_STATUS_CODES = {
    400: "INVALID_INPUT",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "INVALID_INPUT",
    429: "RATE_LIMITED",
}


class ApiError(Exception):
    """An error answer: HTTP status, machine code, human message, extra headers."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def is_golive_path(path: str) -> bool:
    """GoLive (bare JSON) paths: ``/api/v1/*`` and ``/admin/*``; the rest is StreamLink."""
    return (
        path == "/api/v1"
        or path.startswith("/api/v1/")
        or path == "/admin"
        or path.startswith("/admin/")
    )


def error_body(path: str, code: str, message: str) -> bytes:
    """The error body in the envelope of the API that ``path`` belongs to."""
    err = {"code": code, "message": message}
    body: dict[str, Any] = {"error": err} if is_golive_path(path) else {"ok": False, "error": err}
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def error_response(
    path: str, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON error response in the right envelope."""
    return Response(
        content=error_body(path, code, message),
        status_code=status,
        media_type="application/json",
        headers=dict(headers or {}),
    )


def _validation_message(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "invalid input"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return "malformed JSON body"
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    where = ".".join(loc)
    msg = str(first.get("msg", "invalid value"))
    if first.get("type") in ("model_type", "model_attributes_type", "dict_type") and not where:
        return "request body must be a JSON object"
    if first.get("type") == "missing":
        return f"{where or 'body'}: field required" if where else "request body required"
    return f"{where}: {msg}" if where else msg


def install_error_handlers(app: FastAPI) -> None:
    """Map every error (ours, routing, validation) onto the path's envelope."""

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(request.url.path, exc.status, exc.code, exc.message, exc.headers)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        code = _STATUS_CODES.get(status, "INTERNAL" if status >= 500 else "ERROR")
        if status == 404:
            message = "no such route"
        elif status == 405:
            message = f"method {request.method} not allowed here"
        elif status >= 500:
            message = "internal error"
        else:
            message = str(exc.detail) if isinstance(exc.detail, str) else "request failed"
        return error_response(request.url.path, status, code, message, exc.headers)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request.url.path, 400, "INVALID_INPUT", _validation_message(exc))

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
