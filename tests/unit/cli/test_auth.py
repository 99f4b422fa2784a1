"""slctl auth: signup, login, logout, status, token; token storage."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import httpx
import respx
from typer.testing import CliRunner

from slctl.cli import config, secrets
from streamlink_sdk.token_store import KeyringTokenStore

from .conftest import MemoryKeyring
from .helpers import ACCESS, PASSWORD, REFRESH, SL, auth_payload, envelope, run, sign_in


@respx.mock
def test_signup_with_password_stdin_stores_tokens_and_profile(
    runner: CliRunner, memory_keyring: MemoryKeyring
) -> None:
    route = respx.post(f"{SL}/auth/signup").respond(201, json=auth_payload())
    result = run(
        runner, "auth", "signup", "-e", "me@example.com", "--password-stdin", input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(route.calls[0].request.content) == {
        "email": "me@example.com",
        "password": PASSWORD,
    }
    assert "Signed in as me@example.com" in result.stdout
    stored = KeyringTokenStore("default").load()
    assert stored is not None and stored.refresh_token == REFRESH
    assert config.profile("default") == {"base_url": SL, "email": "me@example.com"}
    assert PASSWORD not in result.output and ACCESS not in result.output


@respx.mock
def test_login_prompts_for_hidden_password_on_stderr(runner: CliRunner) -> None:
    respx.post(f"{SL}/auth/signin").respond(200, json=auth_payload())
    result = run(runner, "--json", "auth", "login", "-e", "me@example.com", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # the prompt went to stderr, not into the JSON
    assert data["user"]["email"] == "me@example.com"
    assert "Password" in result.stderr
    assert PASSWORD not in result.output
    assert ACCESS not in result.stdout and REFRESH not in result.stdout


def test_password_stdin_needs_email(runner: CliRunner) -> None:
    result = run(runner, "auth", "login", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 2
    assert "--password-stdin needs --email" in result.stderr


@respx.mock
def test_failed_login_leaks_no_secret(runner: CliRunner) -> None:
    respx.post(f"{SL}/auth/signin").respond(
        401, json={"ok": False, "error": {"code": "UNAUTHORIZED", "message": "bad credentials"}}
    )
    result = run(
        runner, "-v", "auth", "login", "-e", "me@example.com", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 3
    assert "bad credentials" in result.stderr
    assert PASSWORD not in result.output
    assert "Traceback" in result.stderr  # --verbose shows it; the password is still absent


@respx.mock
def test_keyringless_fallback_warns_and_writes_0600_file(
    runner: CliRunner, no_keyring: None, isolated: Path
) -> None:
    respx.post(f"{SL}/auth/signin").respond(200, json=auth_payload())
    result = run(
        runner, "auth", "login", "-e", "me@example.com", "--password-stdin", input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "warning: no OS keyring backend found" in result.stderr
    path = secrets.token_file("default")
    assert path.is_relative_to(isolated)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["refresh_token"] == REFRESH
    status = run(runner, "--json", "auth", "status")
    assert json.loads(status.stdout)["storage"] == "file"


@respx.mock
def test_insecure_storage_flag_uses_file_even_with_keyring(
    runner: CliRunner, memory_keyring: MemoryKeyring
) -> None:
    respx.post(f"{SL}/auth/signin").respond(200, json=auth_payload())
    result = run(
        runner, "auth", "login", "-e", "me@example.com", "--password-stdin",
        "--insecure-storage", input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "--insecure-storage" in result.stderr
    assert memory_keyring.entries == {}
    assert secrets.token_file("default").exists()
    assert config.profile("default")["insecure_storage"] is True
    # Later commands keep using the file.
    assert run(runner, "auth", "token").stdout.strip() == ACCESS


def test_status_signed_in(runner: CliRunner) -> None:
    sign_in()
    config.update("default", email="me@example.com")
    result = run(runner, "--json", "auth", "status")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["signed_in"] is True and data["email"] == "me@example.com"
    assert data["base_url"] == SL and data["storage"] == "keyring"
    assert 890 <= data["access_token_expires_in"] <= 900
    plain = run(runner, "auth", "status")
    assert "access_token_expires_in: in 14m" in plain.stdout
    assert ACCESS not in plain.output


def test_status_not_signed_in_exits_3(runner: CliRunner) -> None:
    result = run(runner, "--json", "auth", "status")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["signed_in"] is False
    assert "not signed in" in result.stderr


def test_token_prints_fresh_access_token(runner: CliRunner) -> None:
    sign_in()
    result = run(runner, "auth", "token")
    assert result.exit_code == 0
    assert result.stdout == ACCESS + "\n"


@respx.mock
def test_token_refreshes_when_about_to_expire(runner: CliRunner) -> None:
    sign_in(expires_in=10)
    route = respx.post(f"{SL}/auth/refresh").respond(
        200, json=envelope({"accessToken": "new-access", "refreshToken": "new-refresh"})
    )
    result = run(runner, "auth", "token")
    assert result.exit_code == 0, result.output
    assert result.stdout == "new-access\n"
    assert route.call_count == 1
    assert json.loads(route.calls[0].request.content) == {"refreshToken": REFRESH}
    stored = KeyringTokenStore("default").load()
    assert stored is not None and stored.refresh_token == "new-refresh"


@respx.mock
def test_refused_refresh_is_session_expired(runner: CliRunner) -> None:
    sign_in(expires_in=-5)
    respx.post(f"{SL}/auth/refresh").respond(
        401, json={"ok": False, "error": {"code": "INVALID_REFRESH_TOKEN", "message": "spent"}}
    )
    result = run(runner, "auth", "token")
    assert result.exit_code == 3
    assert "session expired" in result.stderr and "slctl auth login" in result.stderr
    assert KeyringTokenStore("default").load() is None
    assert REFRESH not in result.output


def test_token_not_signed_in_exits_3(runner: CliRunner) -> None:
    result = run(runner, "auth", "token")
    assert result.exit_code == 3
    assert result.stdout == ""


@respx.mock
def test_logout_revokes_and_forgets(runner: CliRunner) -> None:
    sign_in()
    config.update("default", email="me@example.com")
    route = respx.post(f"{SL}/auth/signout").respond(204)
    result = run(runner, "auth", "logout")
    assert result.exit_code == 0, result.output
    assert json.loads(route.calls[0].request.content) == {"refreshToken": REFRESH}
    assert KeyringTokenStore("default").load() is None
    assert "email" not in config.profile("default")


@respx.mock
def test_logout_unreachable_server_still_forgets_locally(runner: CliRunner) -> None:
    sign_in()
    respx.post(f"{SL}/auth/signout").mock(side_effect=httpx.ConnectError("refused"))
    result = run(runner, "auth", "logout")
    assert result.exit_code == 6
    assert KeyringTokenStore("default").load() is None


def test_logout_when_signed_out_is_fine(runner: CliRunner) -> None:
    result = run(runner, "--json", "auth", "logout")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"profile": "default", "signed_in": False}


def test_profiles_are_separate(runner: CliRunner) -> None:
    sign_in("work", access="work-token")
    assert run(runner, "--profile", "work", "auth", "token").stdout == "work-token\n"
    assert run(runner, "auth", "token").exit_code == 3
    env = run(runner, "auth", "token", SLCTL_PROFILE="work")
    assert env.stdout == "work-token\n"
