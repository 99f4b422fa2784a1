"""The OpenAPI document: FastAPI's, completed with the errors and auth the server really has.

Routes declare what is theirs alone: the success body (``responses={200: {"model": ...}}``,
documentation only, see :mod:`.schemas`), the auth they enforce (``openapi_extra=`` one of
:data:`STREAMLINK_AUTH`, :data:`TENANT_AUTH`, :data:`OPERATOR_AUTH`) and the error statuses
only they produce, each with a description naming its codes
(``responses={404: {"description": "NOT_FOUND: ..."}}``). :func:`install_openapi` then
applies the rules every operation shares, in one place:

- a secured operation can answer 401;
- every POST/PUT/PATCH/DELETE can answer 400 (bad ``Content-Length``, malformed JSON,
  failed validation), 413 (too large) and 415 (not JSON); query parameters can give 400;
- StreamLink and viewer paths can answer 429 (per-IP limits), GoLive paths too (when a
  per-tenant limit is set); a 429 always carries ``Retry-After`` and ``X-RateLimit-*``;
- every error response without content of its own gets the JSON envelope of its API
  (:func:`.errors.is_golive_path`), like the error handlers do;
- FastAPI's 422 entries go (validation errors are 400 here), and the security schemes are
  declared in ``components.securitySchemes``.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI

from .errors import is_golive_path
from .ratelimit import RateLimits
from .schemas import GoLiveError, StreamLinkError

STREAMLINK_BEARER = "StreamLinkBearer"
TENANT_BASIC = "TenantBasic"
OPERATOR_BEARER = "OperatorBearer"

SECURITY_SCHEMES: dict[str, dict[str, str]] = {
    STREAMLINK_BEARER: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "StreamLink access token (RS256, 15 min) from signup, signin or refresh",
    },
    TENANT_BASIC: {
        "type": "http",
        "scheme": "basic",
        "description": "GoLive tenant credentials: api_key as user name, api_secret as password",
    },
    OPERATOR_BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "The server's operator token (SLCTL_SERVER_OPERATOR_TOKEN or the "
        "server-operator-token file)",
    },
}

STREAMLINK_AUTH: dict[str, Any] = {"security": [{STREAMLINK_BEARER: []}]}
"""``openapi_extra`` of a StreamLink route that needs the user's access token."""
TENANT_AUTH: dict[str, Any] = {"security": [{TENANT_BASIC: []}]}
"""``openapi_extra`` of a GoLive route (tenant Basic credentials)."""
OPERATOR_AUTH: dict[str, Any] = {"security": [{OPERATOR_BEARER: []}]}
"""``openapi_extra`` of an admin route (operator token)."""

_BODY_METHODS = {"post", "put", "patch", "delete"}

_DEFAULT_DESCRIPTIONS = {
    400: "INVALID_INPUT: malformed JSON, a value that fails validation, or a bad Content-Length",
    401: "UNAUTHORIZED: missing or wrong credentials",
    413: "PAYLOAD_TOO_LARGE: the body is larger than max_body_bytes",
    415: "INVALID_INPUT: a body whose Content-Type is not application/json",
    429: "RATE_LIMITED: a rate limit is exhausted; retry after Retry-After seconds",
}
_STREAMLINK_401 = "UNAUTHORIZED or TOKEN_EXPIRED: missing, invalid or expired access token"
_GOLIVE_429 = "RATE_LIMITED: the tenant's request limit (rate_limit_tenant, when set) is reached"

_INTEGER = {"schema": {"type": "integer"}}
_RATE_LIMIT_HEADERS = {
    "Retry-After": {
        "description": "seconds until a retry can succeed",
        "required": True,
        **_INTEGER,
    },
    "X-RateLimit-Limit": {
        "description": "requests allowed in the window",
        "required": True,
        **_INTEGER,
    },
    "X-RateLimit-Remaining": {
        "description": "requests left in the window",
        "required": True,
        **_INTEGER,
    },
    "X-RateLimit-Reset": {
        "description": "epoch seconds when a slot frees up",
        "required": True,
        **_INTEGER,
    },
}


def _ref(model: type[Any]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _error_statuses(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    statuses = {int(s) for s in operation.get("responses", {}) if s[:1] in "45"}
    if operation.get("security"):
        statuses.add(401)
    if method in _BODY_METHODS:
        statuses |= {400, 413, 415}
    if any(p.get("in") == "query" for p in operation.get("parameters", [])):
        statuses.add(400)
    per_tenant = is_golive_path(path) and not path.startswith("/admin")  # rate_limit_tenant
    if RateLimits.is_limited_path(path) or per_tenant:
        statuses.add(429)
    return statuses


def _complete_operation(path: str, method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    responses.pop("422", None)
    golive = is_golive_path(path)
    envelope = _ref(GoLiveError if golive else StreamLinkError)
    streamlink_bearer = {STREAMLINK_BEARER: []} in operation.get("security", [])
    for status in sorted(_error_statuses(path, method, operation)):
        entry: dict[str, Any] = responses.setdefault(str(status), {})
        if "description" not in entry:
            if status == 401 and streamlink_bearer:
                entry["description"] = _STREAMLINK_401
            elif status == 429 and golive:
                entry["description"] = _GOLIVE_429
            else:
                entry["description"] = _DEFAULT_DESCRIPTIONS.get(status, "error")
        entry.setdefault("content", {"application/json": {"schema": envelope}})
        if status == 429:
            entry.setdefault("headers", copy.deepcopy(_RATE_LIMIT_HEADERS))
    operation["responses"] = dict(sorted(responses.items()))


def complete_openapi(document: dict[str, Any]) -> None:
    """Add errors, envelopes and security schemes to FastAPI's ``document`` (in place)."""
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            _complete_operation(path, method, operation)
    components: dict[str, Any] = document.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):  # only 422 referred to them
        schemas.pop(unused, None)
    for model in (StreamLinkError, GoLiveError):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    components["securitySchemes"] = copy.deepcopy(SECURITY_SCHEMES)


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and so ``/openapi.json`` and ``/docs``) serve the full document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            complete_openapi(FastAPI.openapi(app))  # FastAPI's own, cached on the app
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
