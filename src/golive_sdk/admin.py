"""``GoLiveAdmin`` and ``AsyncGoLiveAdmin``: the operator API (tenants)."""

from __future__ import annotations

import httpx

from streamlink_sdk._core.clientbase import (
    AsyncClient,
    AsyncResource,
    SyncClient,
    SyncResource,
    make_http_client,
)
from streamlink_sdk._core.executor import AsyncExecutor, SyncExecutor
from streamlink_sdk._core.retry import RetryPolicy

from . import _api
from ._config import bearer_header, new_core
from ._hints import admin_hint
from .models import Tenant, TenantCredentials


class Tenants(SyncResource):
    """Tenant administration (sync)."""

    def create(self, name: str, id: str | None = None) -> TenantCredentials:
        """Create a tenant; keep the returned api_secret, it is shown only once."""
        return self._run(_api.create_tenant(self._core, name, id))

    def list(self) -> list[Tenant]:
        """Every tenant."""
        return self._run(_api.list_tenants(self._core))

    def deactivate(self, id: str) -> Tenant:
        """Deactivate a tenant; its credentials get 401 until it is activated."""
        return self._run(_api.deactivate_tenant(self._core, id))

    def activate(self, id: str) -> Tenant:
        """Activate a tenant again."""
        return self._run(_api.activate_tenant(self._core, id))

    def rotate_secret(self, id: str) -> TenantCredentials:
        """Issue a new api_secret (shown once); the old one stops working."""
        return self._run(_api.rotate_secret(self._core, id))


class GoLiveAdmin(SyncClient):
    """Synchronous operator client (Bearer operator token, env ``GOLIVE_OPERATOR_TOKEN``)."""

    def __init__(
        self,
        operator_token: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        authorization = bearer_header(operator_token)
        self._core = new_core(authorization, base_url, max_retries, retry_policy, admin_hint)
        self._http, self._owns_http = make_http_client(httpx.Client, http_client, timeout)
        self.tenants = Tenants(SyncExecutor(self._core, self._http))


class AsyncTenants(AsyncResource):
    """Tenant administration (async)."""

    async def create(self, name: str, id: str | None = None) -> TenantCredentials:
        """Create a tenant; keep the returned api_secret, it is shown only once."""
        return await self._run(_api.create_tenant(self._core, name, id))

    async def list(self) -> list[Tenant]:
        """Every tenant."""
        return await self._run(_api.list_tenants(self._core))

    async def deactivate(self, id: str) -> Tenant:
        """Deactivate a tenant; its credentials get 401 until it is activated."""
        return await self._run(_api.deactivate_tenant(self._core, id))

    async def activate(self, id: str) -> Tenant:
        """Activate a tenant again."""
        return await self._run(_api.activate_tenant(self._core, id))

    async def rotate_secret(self, id: str) -> TenantCredentials:
        """Issue a new api_secret (shown once); the old one stops working."""
        return await self._run(_api.rotate_secret(self._core, id))


class AsyncGoLiveAdmin(AsyncClient):
    """Asynchronous operator client; same API as :class:`GoLiveAdmin` with ``await``."""

    def __init__(
        self,
        operator_token: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        authorization = bearer_header(operator_token)
        self._core = new_core(authorization, base_url, max_retries, retry_policy, admin_hint)
        self._http, self._owns_http = make_http_client(httpx.AsyncClient, http_client, timeout)
        self.tenants = AsyncTenants(AsyncExecutor(self._core, self._http))
