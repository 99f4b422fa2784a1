"""Operator API under ``/admin``: GoLive tenant lifecycle (bare JSON, Bearer operator token)."""

from __future__ import annotations

import re
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from . import schemas
from .context import ServerContext, get_ctx
from .errors import ApiError
from .golive_routes import tenant_json
from .openapi import OPERATOR_AUTH
from .store import AlreadyExists, Row

router = APIRouter(prefix="/admin", tags=["Admin"])

TENANT_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
Ctx = Annotated[ServerContext, Depends(get_ctx)]


class CreateTenantBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(min_length=1, max_length=100)
    id: str | None = None


async def require_operator(request: Request, ctx: Ctx) -> None:
    """FastAPI dependency: ``Authorization: Bearer <operator token>``."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or not ctx.operator_ok(token.strip()):
        raise ApiError(
            401, "UNAUTHORIZED", "missing or wrong operator token", {"WWW-Authenticate": "Bearer"}
        )


Operator = Depends(require_operator)
_NO_TENANT = {"description": "NOT_FOUND: no such tenant"}


def derive_tenant_id(name: str) -> str:
    """A tenant id from a display name: lower-case, runs of other characters become '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:32].rstrip("-")
    return slug or "tenant"


def _credentials(row: Row, secret: str) -> dict[str, Any]:
    return {"tenant": tenant_json(row), "api_key": row["api_key"], "api_secret": secret}


@router.post(
    "/tenants",
    status_code=201,
    dependencies=[Operator],
    summary="Create a tenant",
    responses={
        201: {"model": schemas.TenantCredentials},
        409: {"description": "TENANT_EXISTS: a tenant with this id exists"},
    },
    openapi_extra=OPERATOR_AUTH,
)
async def create_tenant(body: CreateTenantBody, ctx: Ctx) -> JSONResponse:
    name = body.name.strip()
    if not name:
        raise ApiError(400, "INVALID_INPUT", "name: must not be blank")
    if body.id is not None:
        if not TENANT_ID_RE.match(body.id) or "__" in body.id:
            raise ApiError(
                400, "INVALID_INPUT", "id must match ^[a-z0-9][a-z0-9-]{0,31}$ (no '__')"
            )
        candidates = [body.id]
    else:
        base = derive_tenant_id(name)
        candidates = [base] + [f"{base[:27]}-{secrets.token_hex(2)}" for _ in range(5)]
    for candidate in candidates:
        try:
            row, secret = await run_in_threadpool(ctx.store.create_tenant, candidate, name)
        except AlreadyExists:
            continue
        return JSONResponse(_credentials(row, secret), status_code=201)
    raise ApiError(409, "TENANT_EXISTS", "a tenant with this id already exists")


@router.get(
    "/tenants",
    dependencies=[Operator],
    summary="All tenants",
    responses={200: {"model": schemas.TenantList}},
    openapi_extra=OPERATOR_AUTH,
)
async def list_tenants(ctx: Ctx) -> JSONResponse:
    rows = await run_in_threadpool(ctx.store.list_tenants)
    return JSONResponse({"tenants": [tenant_json(r) for r in rows]})


async def _set_active(ctx: ServerContext, tenant_id: str, active: bool) -> JSONResponse:
    row = await run_in_threadpool(ctx.store.set_tenant_active, tenant_id, active)
    ctx.forget_tenant(tenant_id)
    if row is None:
        raise ApiError(404, "NOT_FOUND", "tenant not found")
    return JSONResponse(tenant_json(row))


@router.post(
    "/tenants/{tenant_id}/deactivate",
    dependencies=[Operator],
    summary="Deactivate",
    responses={200: {"model": schemas.Tenant}, 404: _NO_TENANT},
    openapi_extra=OPERATOR_AUTH,
)
async def deactivate(tenant_id: str, ctx: Ctx) -> JSONResponse:
    return await _set_active(ctx, tenant_id, False)


@router.post(
    "/tenants/{tenant_id}/activate",
    dependencies=[Operator],
    summary="Activate",
    responses={200: {"model": schemas.Tenant}, 404: _NO_TENANT},
    openapi_extra=OPERATOR_AUTH,
)
async def activate(tenant_id: str, ctx: Ctx) -> JSONResponse:
    return await _set_active(ctx, tenant_id, True)


@router.post(
    "/tenants/{tenant_id}/rotate-secret",
    dependencies=[Operator],
    summary="New api_secret",
    responses={200: {"model": schemas.TenantCredentials}, 404: _NO_TENANT},
    openapi_extra=OPERATOR_AUTH,
)
async def rotate_secret(tenant_id: str, ctx: Ctx) -> JSONResponse:
    result = await run_in_threadpool(ctx.store.rotate_tenant_secret, tenant_id)
    ctx.forget_tenant(tenant_id)
    if result is None:
        raise ApiError(404, "NOT_FOUND", "tenant not found")
    row, secret = result
    return JSONResponse(_credentials(row, secret))
