"""slctl golive: rooms, token, me, admin tenants; credential resolution."""

from __future__ import annotations

import base64
import json

import respx
from typer.testing import CliRunner

from slctl.cli import config, secrets

from .conftest import MemoryKeyring
from .helpers import GL, run

KEY, SECRET, OPERATOR = "glk_test", "gls-secret-value", "operator-secret-token"
CREDS = ["golive", "--api-key", KEY, "--api-secret", SECRET, "--base-url", GL]
ADMIN = ["golive", "--base-url", GL, "admin", "--operator-token", OPERATOR]
ROOM = {"name": "standup", "livekit_room": "acme__standup", "max_participants": 5}
TENANT = {"id": "acme", "name": "Acme", "api_key": KEY, "active": True}
MINTED = {
    "token": "lk-participant-token",
    "ws_url": "ws://lk.test:7880",
    "room": "acme__standup",
    "identity": "user-1",
    "expires_in": 600,
}


def basic() -> str:
    return "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()


@respx.mock
def test_rooms_create_ensure_list_get_delete(runner: CliRunner) -> None:
    create = respx.post(f"{GL}/api/v1/rooms").respond(201, json=ROOM)
    respx.get(f"{GL}/api/v1/rooms").respond(200, json={"rooms": [ROOM]})
    respx.get(f"{GL}/api/v1/rooms/standup").respond(200, json=ROOM)
    delete = respx.delete(f"{GL}/api/v1/rooms/standup").respond(204)

    made = run(runner, *CREDS, "rooms", "create", "standup", "--max-participants", "5")
    assert made.exit_code == 0, made.output
    assert "livekit_room: acme__standup" in made.stdout
    assert create.calls[0].request.headers["Authorization"] == basic()
    assert json.loads(create.calls[0].request.content) == {"name": "standup", "max_participants": 5}

    ensured = run(runner, *CREDS, "rooms", "ensure", "standup", "--json")
    assert json.loads(ensured.stdout)["name"] == "standup"
    listed = run(runner, *CREDS, "rooms", "list")
    assert listed.stdout.splitlines()[1].startswith("standup\tacme__standup\t5")
    assert json.loads(run(runner, "--json", *CREDS, "rooms", "list").stdout)["rooms"][0] == {
        **ROOM,
        "created_at": None,
    }
    assert json.loads(run(runner, *CREDS, "rooms", "get", "standup", "--json").stdout) == {
        **ROOM,
        "created_at": None,
    }
    deleted = run(runner, *CREDS, "rooms", "delete", "standup", "--json")
    assert delete.called and json.loads(deleted.stdout) == {"name": "standup", "deleted": True}
    for result in (made, ensured, listed, deleted):
        assert SECRET not in result.output


@respx.mock
def test_ensure_existing_room(runner: CliRunner) -> None:
    respx.post(f"{GL}/api/v1/rooms").respond(
        409, json={"error": {"code": "ROOM_EXISTS", "message": "exists"}}
    )
    respx.get(f"{GL}/api/v1/rooms/standup").respond(200, json=ROOM)
    result = run(runner, *CREDS, "rooms", "ensure", "standup")
    assert result.exit_code == 0
    conflict = run(runner, *CREDS, "rooms", "create", "standup")
    assert conflict.exit_code == 1 and "exists" in conflict.stderr


@respx.mock
def test_token_flags_and_output(runner: CliRunner) -> None:
    route = respx.post(f"{GL}/api/v1/rooms/standup/tokens").respond(200, json=MINTED)
    result = run(
        runner, *CREDS, "token", "standup", "--identity", "user-1", "--name", "Jane",
        "--no-publish", "--no-data", "--ttl", "600",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "lk-participant-token\n"
    assert json.loads(route.calls[0].request.content) == {
        "identity": "user-1",
        "name": "Jane",
        "can_publish": False,
        "can_subscribe": True,
        "can_publish_data": False,
        "ttl_seconds": 600,
    }
    data = json.loads(run(runner, *CREDS, "token", "standup", "-i", "user-1", "--json").stdout)
    assert data == MINTED


@respx.mock
def test_token_for_missing_room_exits_4_with_hint(runner: CliRunner) -> None:
    respx.post(f"{GL}/api/v1/rooms/nope/tokens").respond(
        404, json={"error": {"code": "NOT_FOUND", "message": "room 'nope' not found"}}
    )
    result = run(runner, *CREDS, "token", "nope", "-i", "x")
    assert result.exit_code == 4
    assert "hint:" in result.stderr


def test_token_bad_ttl_is_usage_error(runner: CliRunner) -> None:
    result = run(runner, *CREDS, "token", "standup", "-i", "x", "--ttl", "5")
    assert result.exit_code == 2
    assert "ttl_seconds" in result.stderr


@respx.mock
def test_credentials_from_environment(runner: CliRunner) -> None:
    route = respx.get(f"{GL}/api/v1/me").respond(200, json=TENANT)
    result = run(
        runner, "golive", "me", GOLIVE_API_KEY=KEY, GOLIVE_API_SECRET=SECRET, GOLIVE_BASE_URL=GL
    )
    assert result.exit_code == 0, result.output
    assert "id: acme" in result.stdout
    assert route.calls[0].request.headers["Authorization"] == basic()


@respx.mock
def test_credentials_from_profile_and_keyring(runner: CliRunner) -> None:
    route = respx.get(f"{GL}/api/v1/me").respond(200, json=TENANT)
    config.update("default", golive_api_key=KEY, golive_base_url=GL)
    secrets.set_secret("default", "golive_api_secret", SECRET)
    result = run(runner, "--json", "golive", "me")
    assert json.loads(result.stdout)["id"] == "acme"
    assert route.calls[0].request.headers["Authorization"] == basic()


def test_missing_credentials_exit_3(runner: CliRunner) -> None:
    result = run(runner, "golive", "--base-url", GL, "me")
    assert result.exit_code == 3
    assert "no GoLive API key" in result.stderr and "GOLIVE_API_KEY" in result.stderr
    no_secret = run(runner, "golive", "--api-key", KEY, "--base-url", GL, "me")
    assert no_secret.exit_code == 3 and "API secret" in no_secret.stderr


@respx.mock
def test_rejected_credentials_exit_3_without_secret(runner: CliRunner) -> None:
    respx.get(f"{GL}/api/v1/me").respond(
        401, json={"error": {"code": "UNAUTHORIZED", "message": "invalid API key or secret"}}
    )
    result = run(runner, "-v", *CREDS, "me")
    assert result.exit_code == 3
    assert SECRET not in result.output
    assert basic() not in result.output


@respx.mock
def test_admin_tenant_create_prints_secret_once_and_saves(
    runner: CliRunner, memory_keyring: MemoryKeyring
) -> None:
    route = respx.post(f"{GL}/admin/tenants").respond(
        201, json={"tenant": TENANT, "api_key": KEY, "api_secret": SECRET}
    )
    result = run(runner, *ADMIN, "tenants", "create", "Acme", "--id", "acme", "--save", "acme")
    assert result.exit_code == 0, result.output
    assert route.calls[0].request.headers["Authorization"] == f"Bearer {OPERATOR}"
    assert json.loads(route.calls[0].request.content) == {"name": "Acme", "id": "acme"}
    assert result.stdout.count(SECRET) == 1
    assert "shown only once" in result.stderr
    assert OPERATOR not in result.output
    assert config.profile("acme") == {"golive_api_key": KEY, "golive_base_url": GL}
    assert memory_keyring.entries[("slctl", "acme:golive_api_secret")] == SECRET
    assert SECRET not in (config.config_path()).read_text()


@respx.mock
def test_admin_list_deactivate_activate_rotate(runner: CliRunner) -> None:
    respx.get(f"{GL}/admin/tenants").respond(200, json={"tenants": [TENANT]})
    respx.post(f"{GL}/admin/tenants/acme/deactivate").respond(200, json={**TENANT, "active": False})
    respx.post(f"{GL}/admin/tenants/acme/activate").respond(200, json=TENANT)
    respx.post(f"{GL}/admin/tenants/acme/rotate-secret").respond(
        200, json={"tenant": TENANT, "api_key": KEY, "api_secret": "new-secret"}
    )
    listed = run(runner, *ADMIN, "tenants", "list")
    assert listed.stdout.splitlines()[1] == f"acme\tAcme\t{KEY}\tyes\t-"
    assert (
        json.loads(run(runner, "--json", *ADMIN, "tenants", "list").stdout)["tenants"][0]["id"]
        == "acme"
    )
    off = run(runner, *ADMIN, "tenants", "deactivate", "acme", "--json")
    assert json.loads(off.stdout)["active"] is False
    on = run(runner, *ADMIN, "tenants", "activate", "acme")
    assert "active: yes" in on.stdout
    rotated = run(runner, *ADMIN, "tenants", "rotate-secret", "acme", "--json")
    assert json.loads(rotated.stdout)["api_secret"] == "new-secret"


@respx.mock
def test_operator_token_from_env_and_profile(runner: CliRunner) -> None:
    route = respx.get(f"{GL}/admin/tenants").respond(200, json={"tenants": []})
    env = run(runner, "golive", "--base-url", GL, "admin", "tenants", "list",
              GOLIVE_OPERATOR_TOKEN=OPERATOR)  # fmt: skip
    assert env.exit_code == 0, env.output
    secrets.set_secret("default", "operator_token", OPERATOR)
    stored = run(runner, "golive", "--base-url", GL, "admin", "tenants", "list")
    assert stored.exit_code == 0
    assert all(c.request.headers["Authorization"] == f"Bearer {OPERATOR}" for c in route.calls)


def test_missing_operator_token_exits_3(runner: CliRunner) -> None:
    result = run(runner, "golive", "--base-url", GL, "admin", "tenants", "list")
    assert result.exit_code == 3
    assert "operator token" in result.stderr
