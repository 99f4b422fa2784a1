"""Arguments are checked locally: ``InvalidInputError`` before any request, values never echoed."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from golive_sdk import InvalidInputError

from .conftest import ROOM, TOKEN, call

LONG_SECRETISH = "Zq" * 40  # a distinctive value that must not appear in messages


def _mint(**overrides: Any) -> Any:
    options: dict[str, Any] = {"room": "team-standup", "identity": "user-123", **overrides}
    return lambda gl: gl.tokens.create(**options)


BAD_TENANT_CALLS = [
    pytest.param(lambda gl: gl.rooms.create(""), id="create-empty-name"),
    pytest.param(lambda gl: gl.rooms.create("x" * 65), id="create-65-chars"),
    pytest.param(lambda gl: gl.rooms.create("has space"), id="create-space"),
    pytest.param(lambda gl: gl.rooms.create("a/b"), id="create-slash"),
    pytest.param(lambda gl: gl.rooms.create("caf\u00e9"), id="create-non-ascii"),
    pytest.param(lambda gl: gl.rooms.create("ok", max_participants=0), id="create-max-0"),
    pytest.param(lambda gl: gl.rooms.create("ok", max_participants=-3), id="create-max-neg"),
    pytest.param(lambda gl: gl.rooms.create("ok", max_participants=2.5), id="create-max-float"),
    pytest.param(lambda gl: gl.rooms.create("ok", max_participants=True), id="create-max-bool"),
    pytest.param(lambda gl: gl.rooms.ensure("a b"), id="ensure-space"),
    pytest.param(lambda gl: gl.rooms.ensure("ok", max_participants=0), id="ensure-max-0"),
    pytest.param(lambda gl: gl.rooms.get(""), id="get-empty"),
    pytest.param(lambda gl: gl.rooms.get("../me"), id="get-traversal"),
    pytest.param(lambda gl: gl.rooms.delete("a?b"), id="delete-query"),
    pytest.param(_mint(room="bad room"), id="mint-room"),
    pytest.param(_mint(identity=""), id="mint-identity-empty"),
    pytest.param(_mint(identity="   "), id="mint-identity-blank"),
    pytest.param(_mint(identity="u" * 257), id="mint-identity-257"),
    pytest.param(_mint(ttl_seconds=59), id="mint-ttl-59"),
    pytest.param(_mint(ttl_seconds=86401), id="mint-ttl-86401"),
    pytest.param(_mint(ttl_seconds=0), id="mint-ttl-0"),
    pytest.param(_mint(ttl_seconds="3600"), id="mint-ttl-str"),
    pytest.param(_mint(can_publish="no"), id="mint-can-publish-str"),
    pytest.param(_mint(can_subscribe=None), id="mint-can-subscribe-none"),
    pytest.param(_mint(can_publish_data=1), id="mint-can-publish-data-int"),
]


@pytest.mark.parametrize("invoke", BAD_TENANT_CALLS)
async def test_bad_arguments_are_refused_locally(
    gl: Any, api: respx.MockRouter, invoke: Any
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await call(invoke(gl))
    assert api.calls.call_count == 0
    assert info.value.status == 400
    assert info.value.code == "INVALID_INPUT"
    assert info.value.response is None
    assert "local check" in str(info.value)


@pytest.mark.parametrize(
    "invoke",
    [
        lambda gl: gl.rooms.create("acme__standup"),
        lambda gl: gl.rooms.ensure("acme__standup"),
        lambda gl: gl.rooms.get("acme__standup"),
        lambda gl: gl.rooms.delete("acme__standup"),
        lambda gl: gl.tokens.create("acme__standup", identity="u"),
    ],
)
async def test_internal_livekit_name_is_explained(
    gl: Any, api: respx.MockRouter, invoke: Any
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await call(invoke(gl))
    text = str(info.value)
    assert "<tenant>__<room>" in text
    assert "plain room name" in text
    assert api.calls.call_count == 0


async def test_messages_never_echo_the_values(gl: Any, api: respx.MockRouter) -> None:
    for invoke in (
        lambda: gl.tokens.create("team-standup", identity=LONG_SECRETISH * 4),
        lambda: gl.rooms.create(LONG_SECRETISH + " !"),
        lambda: gl.rooms.get(LONG_SECRETISH + "__x"),
    ):
        with pytest.raises(InvalidInputError) as info:
            await call(invoke())
        assert LONG_SECRETISH not in str(info.value)
        assert LONG_SECRETISH not in repr(info.value)
    assert api.calls.call_count == 0


async def test_boundary_values_are_accepted(gl: Any, api: respx.MockRouter) -> None:
    name = "A-z_0" + "x" * 59  # 64 characters
    api.post("/api/v1/rooms").respond(201, json={**ROOM, "name": name})
    mint = api.post(f"/api/v1/rooms/{name}/tokens").respond(200, json=TOKEN)
    await call(gl.rooms.create(name, max_participants=1))
    await call(gl.tokens.create(name, identity="u" * 256, ttl_seconds=60))
    await call(gl.tokens.create(name, identity="u", ttl_seconds=86400))
    assert mint.call_count == 2


BAD_ADMIN_CALLS = [
    pytest.param(lambda a: a.tenants.create(""), id="create-empty-name"),
    pytest.param(lambda a: a.tenants.create("   "), id="create-blank-name"),
    pytest.param(lambda a: a.tenants.create("Acme", id="Acme"), id="create-upper-id"),
    pytest.param(lambda a: a.tenants.create("Acme", id="-acme"), id="create-leading-dash"),
    pytest.param(lambda a: a.tenants.create("Acme", id="a_b"), id="create-underscore"),
    pytest.param(lambda a: a.tenants.create("Acme", id="a" * 33), id="create-33-chars"),
    pytest.param(lambda a: a.tenants.create("Acme", id=""), id="create-empty-id"),
    pytest.param(lambda a: a.tenants.deactivate("A"), id="deactivate"),
    pytest.param(lambda a: a.tenants.activate("a/b"), id="activate"),
    pytest.param(lambda a: a.tenants.rotate_secret("acme__x"), id="rotate"),
]


@pytest.mark.parametrize("invoke", BAD_ADMIN_CALLS)
async def test_bad_admin_arguments_are_refused_locally(
    admin: Any, api: respx.MockRouter, invoke: Any
) -> None:
    with pytest.raises(InvalidInputError):
        await call(invoke(admin))
    assert api.calls.call_count == 0
