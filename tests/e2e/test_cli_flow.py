"""slctl end to end: real ``python -m slctl`` processes against the reference server.

Each test gets its own HOME/XDG dirs, so nothing touches the real user config or keyring;
the keyring is keyrings.alt's plain-text backend inside those dirs (or none at all).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import unique_email
from tests.support.refserver import SRC_DIR, ServerHandle, free_port

PASSWORD = "correct horse 1"
FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"
NO_KEYRING = "keyring.backends.fail.Keyring"


class Cli:
    """Runs ``python -m slctl`` with an isolated environment."""

    def __init__(self, home: Path, server: ServerHandle, keyring: str = FILE_KEYRING) -> None:
        self.home = home
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("GOLIVE_", "STREAMLINK_", "SLCTL_", "XDG_"))
        }
        self.env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CACHE_HOME=str(home / "cache"),
            PYTHON_KEYRING_BACKEND=keyring,
            STREAMLINK_BASE_URL=server.streamlink_url,
            GOLIVE_BASE_URL=server.url,
            NO_COLOR="1",
            # This checkout's slctl, whatever the editable install points at.
            PYTHONPATH=os.pathsep.join(filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")])),
        )

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "slctl", *args]

    def __call__(
        self, *args: str, input: str | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args),
            input=input,
            capture_output=True,
            text=True,
            env={**self.env, **env},
            timeout=60,
            check=False,
        )

    def json(self, *args: str, **env: str) -> Any:
        done = self("--json", *args, **env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)  # exactly one JSON document, or this fails

    def signup(self, email: str) -> None:
        done = self("auth", "signup", "-e", email, "--password-stdin", input=PASSWORD + "\n")
        assert done.returncode == 0, done.stderr


@pytest.fixture
def cli(tmp_path: Path, refserver: ServerHandle) -> Cli:
    return Cli(tmp_path / "home", refserver)


def test_streamlink_flow(cli: Cli) -> None:
    email = unique_email("cli")
    cli.signup(email)
    assert cli("auth", "logout").returncode == 0
    login = cli("auth", "login", "-e", email, "--password-stdin", input=PASSWORD + "\n")
    assert login.returncode == 0, login.stderr
    assert PASSWORD not in login.stdout + login.stderr

    status = cli.json("auth", "status")
    assert status["signed_in"] is True and status["email"] == email
    assert 800 < status["access_token_expires_in"] <= 900

    created = cli.json("rooms", "create", "CLI demo", "--type", "private")
    room_id = created["room"]["id"]
    assert created["join_url"].endswith(room_id) or room_id in created["join_url"]
    assert created["livekit"]["url"].startswith("ws")

    listed = cli.json("rooms", "list")
    assert [r["id"] for r in listed["rooms"]] == [room_id]
    assert cli.json("rooms", "end", room_id) == {"id": room_id, "status": "ended"}
    assert cli.json("rooms", "get", room_id)["status"] == "ended"
    assert cli.json("rooms", "list", "--status", "live")["rooms"] == []

    token = cli("auth", "token")
    assert token.returncode == 0 and token.stdout.count(".") == 2

    assert cli("auth", "logout").returncode == 0
    after = cli("rooms", "list")
    assert after.returncode == 3
    assert "slctl auth login" in after.stderr


def test_golive_flow(cli: Cli, refserver: ServerHandle) -> None:
    operator = {"GOLIVE_OPERATOR_TOKEN": refserver.operator_token}
    tenant_id = f"cli-{free_port()}"
    created = cli("golive", "admin", "tenants", "create", "CLI Co", "--id", tenant_id,
                  "--save", "default", **operator)  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert "shown only once" in created.stderr
    secret_line = next(x for x in created.stdout.splitlines() if x.startswith("api_secret:"))
    secret = secret_line.split(":", 1)[1].strip()
    assert refserver.operator_token not in created.stdout + created.stderr

    # Credentials now come from the profile (key in config, secret in the keyring).
    assert cli.json("golive", "me")["id"] == tenant_id
    assert cli.json("golive", "rooms", "ensure", "standup")["livekit_room"] == (
        f"{tenant_id}__standup"
    )
    minted = cli("golive", "token", "standup", "--identity", "user-1", "--name", "Jane",
                 "--no-data", "--ttl", "600")  # fmt: skip
    assert minted.returncode == 0, minted.stderr
    jwt = minted.stdout.strip()

    inspected = cli.json("token", "inspect", jwt)
    assert inspected["identity"] == "user-1" and inspected["name"] == "Jane"
    assert inspected["room"] == f"{tenant_id}__standup"
    assert inspected["grants"]["can_publish_data"] is False
    assert 550 < inspected["seconds_left"] <= 600
    piped = cli("token", "inspect", "-", input=jwt)
    assert "identity: user-1" in piped.stdout

    tenants = cli.json("golive", "admin", "tenants", "list", **operator)["tenants"]
    assert tenant_id in [t["id"] for t in tenants]
    assert cli.json("golive", "rooms", "delete", "standup")["deleted"] is True
    for done in (minted, piped):
        assert secret not in done.stdout + done.stderr


def test_keyringless_fallback(tmp_path: Path, refserver: ServerHandle) -> None:
    cli = Cli(tmp_path / "home", refserver, keyring=NO_KEYRING)
    done = cli("auth", "signup", "-e", unique_email("nokr"), "--password-stdin",
               input=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "warning: no OS keyring backend found" in done.stderr
    path = tmp_path / "home" / "state" / "slctl" / "tokens" / "default.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cli.json("auth", "status")["storage"] == "file"
    assert cli("rooms", "list").returncode == 0


def test_exit_codes(tmp_path: Path, cli: Cli, make_refserver: Any) -> None:
    email = unique_email("codes")
    cli.signup(email)
    assert cli("rooms", "list").returncode == 0  # 0
    assert cli("golive", "--api-key", "nope:x", "--api-secret", "x", "me").returncode == 2

    conflict_email = cli("auth", "signup", "-e", email, "--password-stdin", input="whatever1\n")
    assert conflict_email.returncode == 1 and "whatever1" not in conflict_email.stderr  # 1
    assert cli("rooms", "create", "x", "--type", "nope").returncode == 2  # 2
    assert cli("--profile", "other", "rooms", "list").returncode == 3  # 3
    missing = cli("--json", "rooms", "get", "rm_doesnotexist")
    assert missing.returncode == 4 and missing.stdout == ""  # 4

    strict = make_refserver(rate_limit_auth="1/hour")
    limited = Cli(tmp_path / "limited", strict)
    limited.signup(unique_email("limited"))
    again = limited("auth", "login", "-e", "x@example.com", "--password-stdin",
                    input=PASSWORD + "\n")  # fmt: skip
    assert again.returncode == 5, again.stderr  # 5
    assert "retry after" in again.stderr
    assert PASSWORD not in again.stdout + again.stderr

    closed = f"http://127.0.0.1:{free_port()}/api"
    down = cli("-v", "auth", "login", "-e", email, "--password-stdin", input=PASSWORD + "\n",
               STREAMLINK_BASE_URL=closed)  # fmt: skip
    assert down.returncode == 6, down.stderr  # 6
    assert "cannot reach" in down.stderr
    assert PASSWORD not in down.stdout + down.stderr
    assert "Traceback" in down.stderr  # -v shows it
    quiet = cli("auth", "login", "-e", email, "--password-stdin", input=PASSWORD + "\n",
                STREAMLINK_BASE_URL=closed)  # fmt: skip
    assert quiet.returncode == 6 and "Traceback" not in quiet.stderr
    assert len(quiet.stderr.strip().splitlines()) <= 2


def test_verbose_trace_redacts(cli: Cli) -> None:
    cli.signup(unique_email("trace"))
    token = cli("auth", "token").stdout.strip()
    traced = cli("-v", "rooms", "create", "Traced")
    assert traced.returncode == 0, traced.stderr
    assert "authorization: [redacted]" in traced.stderr
    assert token not in traced.stdout + traced.stderr
    assert '"livekit"' not in traced.stderr  # bodies are never logged
