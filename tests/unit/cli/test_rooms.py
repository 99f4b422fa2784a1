"""slctl rooms: create, list, get, end, token; error exit codes."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from typer.testing import CliRunner

from .helpers import ACCESS, ROOM, SL, envelope, error_body, run, sign_in

LIVEKIT = {"url": "ws://lk.test:7880", "token": "lk-host-token"}
CREATED = envelope({"room": ROOM, "joinUrl": ROOM["joinUrl"], "livekit": LIVEKIT})


@pytest.fixture(autouse=True)
def signed_in() -> None:
    sign_in()


@respx.mock
def test_create_prints_join_and_livekit_urls(runner: CliRunner) -> None:
    route = respx.post(f"{SL}/rooms").respond(201, json=CREATED)
    result = run(runner, "rooms", "create", "Demo", "--type", "private")
    assert result.exit_code == 0, result.output
    assert json.loads(route.calls[0].request.content) == {"name": "Demo", "type": "private"}
    assert route.calls[0].request.headers["Authorization"] == f"Bearer {ACCESS}"
    assert "join_url: http://sl.test/live/rm_1" in result.stdout
    assert "livekit_url: ws://lk.test:7880" in result.stdout
    assert "lk-host-token" not in result.stdout


@respx.mock
@pytest.mark.parametrize("where", ["global", "command"])
def test_create_json_is_the_full_object(runner: CliRunner, where: str) -> None:
    respx.post(f"{SL}/rooms").respond(201, json=CREATED)
    args = ["--json", "rooms", "create", "Demo"] if where == "global" else [
        "rooms", "create", "Demo", "--json"
    ]  # fmt: skip
    result = run(runner, *args)
    data = json.loads(result.stdout)  # exactly one JSON document
    assert data["room"]["id"] == "rm_1"
    assert data["join_url"] == ROOM["joinUrl"]
    assert data["livekit"] == LIVEKIT


@respx.mock
def test_list_plain_is_tab_separated(runner: CliRunner) -> None:
    respx.get(f"{SL}/rooms").respond(200, json=envelope({"rooms": [ROOM], "nextCursor": "c2"}))
    result = run(runner, "rooms", "list", "--status", "live", "--limit", "10")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "id\tname\ttype\tstatus\tcreated_at"
    assert lines[1].startswith("rm_1\tDemo\tpublic\tlive\t")
    assert "--cursor c2" in result.stderr
    request = respx.calls[0].request
    assert request.url.params["status"] == "live" and request.url.params["limit"] == "10"


@respx.mock
def test_list_all_follows_cursors(runner: CliRunner) -> None:
    second = {**ROOM, "id": "rm_2"}
    respx.get(f"{SL}/rooms", params={"cursor": "c2"}).respond(
        200, json=envelope({"rooms": [second], "nextCursor": None})
    )
    respx.get(f"{SL}/rooms").respond(200, json=envelope({"rooms": [ROOM], "nextCursor": "c2"}))
    result = run(runner, "--json", "rooms", "list", "--all")
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["rooms"]] == ["rm_1", "rm_2"]
    assert data["next_cursor"] is None


@respx.mock
def test_get_and_end(runner: CliRunner) -> None:
    respx.get(f"{SL}/rooms/rm_1").respond(200, json=envelope({"room": ROOM}))
    end = respx.post(f"{SL}/rooms/rm_1/end").respond(204)
    got = run(runner, "rooms", "get", "rm_1")
    assert "name: Demo" in got.stdout
    assert json.loads(run(runner, "rooms", "get", "rm_1", "--json").stdout)["id"] == "rm_1"
    ended = run(runner, "--json", "rooms", "end", "rm_1")
    assert ended.exit_code == 0 and end.called
    assert json.loads(ended.stdout) == {"id": "rm_1", "status": "ended"}
    assert "ended" in ended.stderr


@respx.mock
def test_token_piped_prints_just_the_token(runner: CliRunner) -> None:
    respx.post(f"{SL}/rooms/rm_1/token").respond(200, json=envelope({"livekit": LIVEKIT}))
    assert run(runner, "rooms", "token", "rm_1").stdout == "lk-host-token\n"
    data = json.loads(run(runner, "rooms", "token", "rm_1", "--json").stdout)
    assert data == LIVEKIT


@respx.mock
def test_not_found_exits_4(runner: CliRunner) -> None:
    respx.get(f"{SL}/rooms/nope").respond(404, json=error_body("NOT_FOUND", "room not found"))
    result = run(runner, "--json", "rooms", "get", "nope")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert "room not found (HTTP 404, NOT_FOUND)" in result.stderr
    assert "Traceback" not in result.output


@respx.mock
def test_rate_limited_exits_5(runner: CliRunner) -> None:
    route = respx.get(f"{SL}/rooms").respond(
        429, json=error_body("RATE_LIMITED", "slow down"), headers={"Retry-After": "3600"}
    )
    result = run(runner, "rooms", "list")
    assert result.exit_code == 5
    assert "retry after 3600s" in result.stderr
    assert route.call_count == 1  # a wait beyond the budget is not attempted


@respx.mock
def test_unreachable_exits_6(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    respx.get(f"{SL}/rooms").mock(side_effect=httpx.ConnectError("refused"))
    result = run(runner, "rooms", "list")
    assert result.exit_code == 6
    assert "cannot reach" in result.stderr


@respx.mock
def test_server_error_exits_1(runner: CliRunner) -> None:
    respx.post(f"{SL}/rooms").respond(500, json=error_body("INTERNAL", "boom"))
    result = run(runner, "rooms", "create", "Demo")
    assert result.exit_code == 1
    assert "boom (HTTP 500, INTERNAL)" in result.stderr


def test_bad_type_is_usage_error(runner: CliRunner) -> None:
    assert run(runner, "rooms", "create", "Demo", "--type", "secret").exit_code == 2


def test_locally_refused_argument_is_usage_error(runner: CliRunner) -> None:
    result = run(runner, "rooms", "create", "")
    assert result.exit_code == 2
    assert "refused locally" in result.stderr


def test_not_signed_in_exits_3(runner: CliRunner) -> None:
    result = run(runner, "--profile", "other", "rooms", "list")
    assert result.exit_code == 3
    assert "slctl auth login" in result.stderr


@respx.mock
def test_verbose_trace_redacts_authorization_and_skips_bodies(runner: CliRunner) -> None:
    respx.post(f"{SL}/rooms").respond(201, json=CREATED)
    result = run(runner, "-v", "rooms", "create", "Demo")
    assert result.exit_code == 0
    assert f"> POST {SL}/rooms" in result.stderr
    assert "< 201 Created POST" in result.stderr
    assert "authorization: [redacted]" in result.stderr
    assert ACCESS not in result.output
    assert "lk-host-token" not in result.stderr  # response body never logged
