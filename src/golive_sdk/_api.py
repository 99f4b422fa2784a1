"""GoLive operations, declared once: endpoint specs and the flows built on them.

The sync and async clients (``client.py``, ``admin.py``) are thin facades that run these
flows through the shared core's executors.
"""

from __future__ import annotations

from typing import Any

from streamlink_sdk._core.endpoint import Endpoint, no_content
from streamlink_sdk._core.flow import ClientCore, Flow, call_flow
from streamlink_sdk._core.validation import validate

from ._hints import MINT
from .errors import FAMILY, ConflictError, NotFoundError
from .models import (
    Room,
    RoomInput,
    RoomList,
    RoomRef,
    RoomToken,
    Tenant,
    TenantCredentials,
    TenantInput,
    TenantList,
    TenantRef,
    TokenInput,
)


def _rooms(data: Any) -> list[Room]:
    return RoomList.model_validate(data).rooms


def _tenants(data: Any) -> list[Tenant]:
    return TenantList.model_validate(data).tenants


# Tenant API (HTTP Basic api_key:api_secret). Minting is safe to repeat: a second token
# for the same grant does no harm, unlike creating a room twice.
ROOM_CREATE = Endpoint("POST", "/api/v1/rooms", Room.model_validate, name="rooms.create")
ROOM_LIST = Endpoint("GET", "/api/v1/rooms", _rooms, retry_safe=True, name="rooms.list")
ROOM_GET = Endpoint(
    "GET", "/api/v1/rooms/{room}", Room.model_validate, retry_safe=True, name="rooms.get"
)
ROOM_DELETE = no_content("DELETE", "/api/v1/rooms/{room}", retry_safe=True, name="rooms.delete")
TOKEN_CREATE = Endpoint(
    "POST", "/api/v1/rooms/{room}/tokens", RoomToken.model_validate, retry_safe=True, name=MINT
)
ME = Endpoint("GET", "/api/v1/me", Tenant.model_validate, retry_safe=True, name="me")

# Operator API (Bearer operator token). Rotating a secret is not retried: a lost answer
# would leave the caller without the only copy of the new secret.
TENANT_CREATE = Endpoint(
    "POST", "/admin/tenants", TenantCredentials.model_validate, name="tenants.create"
)
TENANT_LIST = Endpoint("GET", "/admin/tenants", _tenants, retry_safe=True, name="tenants.list")
TENANT_DEACTIVATE = Endpoint(
    "POST",
    "/admin/tenants/{id}/deactivate",
    Tenant.model_validate,
    retry_safe=True,
    name="tenants.deactivate",
)
TENANT_ACTIVATE = Endpoint(
    "POST",
    "/admin/tenants/{id}/activate",
    Tenant.model_validate,
    retry_safe=True,
    name="tenants.activate",
)
TENANT_ROTATE = Endpoint(
    "POST",
    "/admin/tenants/{id}/rotate-secret",
    TenantCredentials.model_validate,
    name="tenants.rotate_secret",
)


def _room(name: str) -> dict[str, str]:
    return {"room": validate(RoomRef, FAMILY, room=name).room}


def _tenant(tenant_id: str) -> dict[str, str]:
    return {"id": validate(TenantRef, FAMILY, id=tenant_id).id}


# ---- rooms and tokens ----


def create_room(core: ClientCore, name: str, max_participants: int | None) -> Flow[Room]:
    """Create a room; ``ConflictError`` if it exists."""
    body = validate(RoomInput, FAMILY, name=name, max_participants=max_participants)
    return call_flow(core, ROOM_CREATE.call(json=body.model_dump(exclude_none=True)))


def ensure_room(core: ClientCore, name: str, max_participants: int | None) -> Flow[Room]:
    """Create a room, or return the existing one of that name (its settings unchanged)."""
    body = validate(RoomInput, FAMILY, name=name, max_participants=max_participants)
    create = ROOM_CREATE.call(json=body.model_dump(exclude_none=True))
    get = ROOM_GET.call({"room": body.name})
    for attempt in range(2):
        try:
            return (yield from call_flow(core, create))
        except ConflictError:
            pass
        try:
            return (yield from call_flow(core, get))
        except NotFoundError:
            if attempt:  # deleted between our create and get, twice: give up
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def list_rooms(core: ClientCore) -> Flow[list[Room]]:
    """Every room of the tenant."""
    return call_flow(core, ROOM_LIST.call())


def get_room(core: ClientCore, name: str) -> Flow[Room]:
    """One room by its plain name."""
    return call_flow(core, ROOM_GET.call(_room(name)))


def delete_room(core: ClientCore, name: str) -> Flow[None]:
    """Delete a room; LiveKit disconnects its participants."""
    return call_flow(core, ROOM_DELETE.call(_room(name)))


def create_token(
    core: ClientCore,
    room: str,
    identity: str,
    name: str | None,
    can_publish: bool,
    can_subscribe: bool,
    can_publish_data: bool,
    ttl_seconds: int,
) -> Flow[RoomToken]:
    """Mint a LiveKit token for one participant of an existing room."""
    path = _room(room)
    body = validate(
        TokenInput,
        FAMILY,
        identity=identity,
        name=name,
        can_publish=can_publish,
        can_subscribe=can_subscribe,
        can_publish_data=can_publish_data,
        ttl_seconds=ttl_seconds,
    )
    return call_flow(core, TOKEN_CREATE.call(path, json=body.model_dump(exclude_none=True)))


def me(core: ClientCore) -> Flow[Tenant]:
    """The tenant the credentials belong to."""
    return call_flow(core, ME.call())


# ---- tenants (operator) ----


def create_tenant(core: ClientCore, name: str, tenant_id: str | None) -> Flow[TenantCredentials]:
    """Create a tenant; its api_secret is shown only in this answer."""
    body = validate(TenantInput, FAMILY, name=name, id=tenant_id)
    return call_flow(core, TENANT_CREATE.call(json=body.model_dump(exclude_none=True)))


def list_tenants(core: ClientCore) -> Flow[list[Tenant]]:
    """Every tenant."""
    return call_flow(core, TENANT_LIST.call())


def deactivate_tenant(core: ClientCore, tenant_id: str) -> Flow[Tenant]:
    """Deactivate a tenant: its credentials get 401 until activated again."""
    return call_flow(core, TENANT_DEACTIVATE.call(_tenant(tenant_id)))


def activate_tenant(core: ClientCore, tenant_id: str) -> Flow[Tenant]:
    """Activate a deactivated tenant."""
    return call_flow(core, TENANT_ACTIVATE.call(_tenant(tenant_id)))


def rotate_secret(core: ClientCore, tenant_id: str) -> Flow[TenantCredentials]:
    """Issue a new api_secret; the old one stops working."""
    return call_flow(core, TENANT_ROTATE.call(_tenant(tenant_id)))
