"""slctl token inspect: offline decoding of LiveKit tokens."""

from __future__ import annotations

import json
import time

from typer.testing import CliRunner

from .helpers import jwt, run


def livekit_token(expires_in: int = 600) -> str:
    now = int(time.time())
    return jwt(
        {
            "sub": "user-1",
            "name": "Jane",
            "iss": "devkey",
            "nbf": now,
            "exp": now + expires_in,
            "video": {"room": "acme__standup", "roomJoin": True, "canPublishData": False},
        }
    )


def test_inspect_plain(runner: CliRunner) -> None:
    result = run(runner, "token", "inspect", livekit_token())
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "identity: user-1" in out and "room: acme__standup" in out
    assert "expires: in 9m" in out or "expires: in 10m" in out
    assert "grants: room_join, can_publish, can_subscribe" in out


def test_inspect_json_from_stdin(runner: CliRunner) -> None:
    result = run(runner, "--json", "token", "inspect", "-", input=livekit_token(-30) + "\n")
    data = json.loads(result.stdout)
    assert data["identity"] == "user-1" and data["name"] == "Jane"
    assert data["expired"] is True and data["seconds_left"] < 0
    assert data["grants"]["room_join"] is True
    assert data["grants"]["can_publish_data"] is False


def test_inspect_garbage_is_usage_error_without_echo(runner: CliRunner) -> None:
    secret_looking = "not-a-jwt-secret-value"
    result = run(runner, "token", "inspect", secret_looking)
    assert result.exit_code == 2
    assert "not a LiveKit token" in result.stderr
    assert secret_looking not in result.output


def test_inspect_empty_stdin(runner: CliRunner) -> None:
    assert run(runner, "token", "inspect", "-", input="").exit_code == 2
