"""The GoLive SDK (admin and tenant clients, sync and async) against the reference server."""

from __future__ import annotations

import inspect
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from golive_sdk import (
    AsyncGoLive,
    AsyncGoLiveAdmin,
    AuthenticationError,
    ConflictError,
    GoLive,
    GoLiveAdmin,
    InvalidInputError,
    NotFoundError,
    inspect_token,
)
from tests.support.refserver import ServerHandle

_ids = itertools.count(1)


async def call(value: Any) -> Any:
    """Await async results, pass sync ones through: one test body for both clients."""
    return await value if inspect.isawaitable(value) else value


async def close(client: Any) -> None:
    await call(client.close() if hasattr(client, "close") else client.aclose())


@pytest.fixture(params=["sync", "async"])
def clients(request: pytest.FixtureRequest, refserver: ServerHandle) -> Iterator[Any]:
    """(admin client, tenant-client factory) of the requested kind."""
    sync = request.param == "sync"
    admin_cls = GoLiveAdmin if sync else AsyncGoLiveAdmin
    tenant_cls = GoLive if sync else AsyncGoLive
    made: list[Any] = []

    def tenant_client(api_key: str, api_secret: str) -> Any:
        made.append(tenant_cls(api_key, api_secret, refserver.url))
        return made[-1]

    admin = admin_cls(refserver.operator_token, refserver.url)
    made.append(admin)
    yield admin, tenant_client, made


async def _finish(made: list[Any]) -> None:
    for client in made:
        await close(client)


async def test_tenant_lifecycle_rooms_and_tokens(clients: Any) -> None:
    admin, tenant_client, made = clients
    tenant_id = f"e2e-{next(_ids)}"
    try:
        created = await call(admin.tenants.create("E2E Tenant", id=tenant_id))
        assert created.tenant.id == tenant_id
        assert created.tenant.active is True
        assert created.api_secret not in repr(created)
        assert tenant_id in [t.id for t in await call(admin.tenants.list())]

        gl = tenant_client(created.api_key, created.api_secret)
        me = await call(gl.me())
        assert (me.id, me.api_key) == (tenant_id, created.api_key)

        room = await call(gl.rooms.create("standup", max_participants=5))
        assert room.livekit_room == f"{tenant_id}__standup"
        assert room.max_participants == 5
        with pytest.raises(ConflictError):
            await call(gl.rooms.create("standup"))
        again = await call(gl.rooms.ensure("standup", max_participants=9))
        assert again.max_participants == 5  # the existing room, unchanged
        fresh = await call(gl.rooms.ensure("retro"))
        assert fresh.name == "retro"
        assert sorted(r.name for r in await call(gl.rooms.list())) == ["retro", "standup"]
        assert (await call(gl.rooms.get("standup"))).name == "standup"

        minted = await call(
            gl.tokens.create(
                "standup", identity="viewer-1", name="Viewer", can_publish=False, ttl_seconds=120
            )
        )
        assert minted.room == f"{tenant_id}__standup"
        assert minted.identity == "viewer-1"
        assert minted.expires_in == 120
        info = inspect_token(minted.token)
        assert (info.identity, info.name, info.room) == ("viewer-1", "Viewer", minted.room)
        assert info.grants.room_join is True
        assert info.grants.can_publish is False
        assert info.grants.can_subscribe is True
        left = info.seconds_left()
        assert left is not None and 100 < left <= 120

        await call(gl.rooms.delete("retro"))
        with pytest.raises(NotFoundError) as missing:
            await call(gl.tokens.create("retro", identity="u"))
        assert "rooms.ensure" in str(missing.value)
        with pytest.raises(NotFoundError):
            await call(gl.rooms.get("retro"))
        with pytest.raises(InvalidInputError):
            await call(gl.tokens.create(f"{tenant_id}__standup", identity="u"))

        # Deactivated tenants get 401 with the troubleshooting hint; activation restores.
        assert (await call(admin.tenants.deactivate(tenant_id))).active is False
        with pytest.raises(AuthenticationError) as denied:
            await call(gl.me())
        assert "GET /api/v1/me" in str(denied.value)
        assert created.api_secret not in str(denied.value)
        assert (await call(admin.tenants.activate(tenant_id))).active is True
        assert (await call(gl.me())).id == tenant_id

        # Rotation: the old secret stops working, the new one works.
        rotated = await call(admin.tenants.rotate_secret(tenant_id))
        assert rotated.api_secret != created.api_secret
        with pytest.raises(AuthenticationError):
            await call(gl.rooms.list())
        gl2 = tenant_client(rotated.api_key, rotated.api_secret)
        assert [r.name for r in await call(gl2.rooms.list())] == ["standup"]
    finally:
        await _finish(made)


async def test_tenants_are_isolated(clients: Any) -> None:
    admin, tenant_client, made = clients
    try:
        one = await call(admin.tenants.create("One", id=f"iso-a-{next(_ids)}"))
        two = await call(admin.tenants.create("Two", id=f"iso-b-{next(_ids)}"))
        gl1 = tenant_client(one.api_key, one.api_secret)
        gl2 = tenant_client(two.api_key, two.api_secret)
        await call(gl1.rooms.create("shared-name"))
        await call(gl2.rooms.create("shared-name"))  # no conflict across tenants
        with pytest.raises(NotFoundError):
            await call(gl2.rooms.get("only-in-one"))
        a = await call(gl1.rooms.get("shared-name"))
        b = await call(gl2.rooms.get("shared-name"))
        assert a.livekit_room != b.livekit_room
    finally:
        await _finish(made)


async def test_wrong_credentials(clients: Any, refserver: ServerHandle) -> None:
    admin, tenant_client, made = clients
    try:
        gl = tenant_client("no-such-key", "no-such-secret-VALUE")
        with pytest.raises(AuthenticationError) as info:
            await call(gl.me())
        assert "no-such-secret-VALUE" not in str(info.value)
        bad_admin_cls = GoLiveAdmin if isinstance(admin, GoLiveAdmin) else AsyncGoLiveAdmin
        bad = bad_admin_cls("wrong-operator-token", refserver.url)
        made.append(bad)
        with pytest.raises(AuthenticationError) as denied:
            await call(bad.tenants.list())
        assert "GOLIVE_OPERATOR_TOKEN" in str(denied.value)
        with pytest.raises(NotFoundError):
            await call(admin.tenants.deactivate("no-such-tenant"))
    finally:
        await _finish(made)


DOCS = Path(__file__).resolve().parents[2] / "docs" / "golive.md"


def test_docs_snippets_run_as_written(
    refserver: ServerHandle, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every ``python`` block of docs/golive.md, in order, in one namespace."""
    monkeypatch.setenv("GOLIVE_BASE_URL", refserver.url)
    monkeypatch.setenv("GOLIVE_OPERATOR_TOKEN", refserver.operator_token)
    for name in ("GOLIVE_API_KEY", "GOLIVE_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(), flags=re.S)
    assert len(blocks) >= 5
    namespace: dict[str, Any] = {"__name__": "golive_docs"}
    for index, block in enumerate(blocks):
        exec(compile(block, f"{DOCS.name}[block {index}]", "exec"), namespace)
    out = capsys.readouterr().out
    assert "__team-standup" in out
    assert namespace["creds"].api_secret not in out  # print(creds) hides it
    assert "create it first" in out


def test_inspect_token_reads_streamlink_tokens(refserver: ServerHandle) -> None:
    """The host and viewer tokens the StreamLink API hands out decode too."""
    from streamlink_sdk import StreamLink

    with StreamLink(refserver.streamlink_url) as sl:
        sl.auth.signup(
            email=f"golive-inspect-{next(_ids)}@example.test", password="correct horse 1"
        )
        created = sl.rooms.create("Inspect me")
        viewer = sl.rooms.join(created.room.id)
    host = inspect_token(created.livekit.token)
    assert host.room and host.grants.room_join and host.grants.can_publish
    seen = inspect_token(viewer.token)
    assert seen.room == host.room
    assert seen.grants.can_publish is False
    assert seen.grants.can_subscribe is True
    assert seen.identity != host.identity
