"""The operator client: every tenant method, sync and async."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from golive_sdk import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ServerError,
    Tenant,
    TenantCredentials,
)

from .conftest import API_KEY, OPERATOR_TOKEN, TENANT, call, error

NEW_SECRET = "gl-secret-NEW-DO-NOT-LEAK-42"
CREDENTIALS = {"tenant": TENANT, "api_key": API_KEY, "api_secret": NEW_SECRET}


async def test_create_tenant(admin: Any, api: respx.MockRouter) -> None:
    route = api.post("/admin/tenants").respond(201, json=CREDENTIALS)
    created = await call(admin.tenants.create("Acme Inc", id="acme"))
    assert isinstance(created, TenantCredentials)
    assert created.tenant.id == "acme"
    assert created.api_key == API_KEY
    assert created.api_secret == NEW_SECRET
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {OPERATOR_TOKEN}"
    assert json.loads(request.content) == {"name": "Acme Inc", "id": "acme"}
    assert NEW_SECRET not in repr(created)
    assert NEW_SECRET not in str(created)


async def test_create_tenant_without_id(admin: Any, api: respx.MockRouter) -> None:
    route = api.post("/admin/tenants").respond(201, json=CREDENTIALS)
    await call(admin.tenants.create("Acme Inc"))
    assert json.loads(route.calls.last.request.content) == {"name": "Acme Inc"}


async def test_create_tenant_is_not_retried(
    admin: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post("/admin/tenants").respond(503)
    with pytest.raises(ServerError):
        await call(admin.tenants.create("Acme Inc"))
    assert route.call_count == 1


async def test_list_tenants(admin: Any, api: respx.MockRouter) -> None:
    inactive = {**TENANT, "id": "old", "active": False}
    api.get("/admin/tenants").respond(200, json={"tenants": [TENANT, inactive]})
    tenants = await call(admin.tenants.list())
    assert [(t.id, t.active) for t in tenants] == [("acme", True), ("old", False)]
    assert all(isinstance(t, Tenant) for t in tenants)


@pytest.mark.parametrize(("method", "active"), [("deactivate", False), ("activate", True)])
async def test_deactivate_and_activate(
    admin: Any, api: respx.MockRouter, method: str, active: bool
) -> None:
    route = api.post(f"/admin/tenants/acme/{method}").respond(
        200, json={**TENANT, "active": active}
    )
    tenant = await call(getattr(admin.tenants, method)("acme"))
    assert tenant.active is active
    assert route.call_count == 1


async def test_deactivate_is_retried_after_5xx(
    admin: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post("/admin/tenants/acme/deactivate").mock(
        side_effect=[httpx.Response(502), httpx.Response(200, json={**TENANT, "active": False})]
    )
    assert (await call(admin.tenants.deactivate("acme"))).active is False
    assert route.call_count == 2


async def test_rotate_secret(admin: Any, api: respx.MockRouter) -> None:
    api.post("/admin/tenants/acme/rotate-secret").respond(200, json=CREDENTIALS)
    rotated = await call(admin.tenants.rotate_secret("acme"))
    assert rotated.api_secret == NEW_SECRET
    assert NEW_SECRET not in repr(rotated)


async def test_rotate_secret_is_not_retried(
    admin: Any, api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.post("/admin/tenants/acme/rotate-secret").respond(500)
    with pytest.raises(ServerError):
        await call(admin.tenants.rotate_secret("acme"))
    assert route.call_count == 1


async def test_wrong_operator_token_hint(admin: Any, api: respx.MockRouter) -> None:
    api.get("/admin/tenants").respond(401, json=error("UNAUTHORIZED", "bad operator token"))
    with pytest.raises(AuthenticationError) as info:
        await call(admin.tenants.list())
    assert "GOLIVE_OPERATOR_TOKEN" in (info.value.hint or "")
    assert OPERATOR_TOKEN not in str(info.value)


async def test_unknown_tenant_hint(admin: Any, api: respx.MockRouter) -> None:
    api.post("/admin/tenants/ghost/activate").respond(404, json=error("NOT_FOUND", "no tenant"))
    with pytest.raises(NotFoundError) as info:
        await call(admin.tenants.activate("ghost"))
    assert "tenants.list()" in str(info.value)


async def test_existing_tenant_id_hint(admin: Any, api: respx.MockRouter) -> None:
    api.post("/admin/tenants").respond(409, json=error("TENANT_EXISTS", "exists"))
    with pytest.raises(ConflictError) as info:
        await call(admin.tenants.create("Acme", id="acme"))
    assert "pick another id" in str(info.value)
