"""Two slctl processes sharing a profile refresh at the same moment: one refresh, no burn.

The stored access token is made to look expired, so every process must refresh. Without
the SDK's cross-process lock both would send the same single-use refresh token; the
server would then revoke the whole token family and at least one process would fail.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import unique_email
from tests.e2e.test_cli_flow import NO_KEYRING, Cli
from tests.support.refserver import ServerHandle

PROCESSES = 4


def _expire_file_tokens(home: Path) -> str:
    path = home / "state" / "slctl" / "tokens" / "default.json"
    data = json.loads(path.read_text())
    data["access_expires_at"] = time.time() - 5
    path.write_text(json.dumps(data))
    return str(data["refresh_token"])


def _expire_keyring_tokens(home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    from keyrings.alt.file import PlaintextKeyring

    keyring = PlaintextKeyring()
    data = json.loads(keyring.get_password("slctl", "default") or "{}")
    data["access_expires_at"] = time.time() - 5
    keyring.set_password("slctl", "default", json.dumps(data))
    return str(data["refresh_token"])


@pytest.mark.parametrize("storage", ["keyring", "file"])
def test_concurrent_refresh_spends_the_refresh_token_once(
    tmp_path: Path, refserver: ServerHandle, monkeypatch: pytest.MonkeyPatch, storage: str
) -> None:
    home = tmp_path / "home"
    cli = Cli(home, refserver, **({"keyring": NO_KEYRING} if storage == "file" else {}))
    cli.signup(unique_email(f"race-{storage}"))
    before = cli("auth", "token").stdout.strip()
    if storage == "file":
        spent = _expire_file_tokens(home)
    else:
        spent = _expire_keyring_tokens(home, monkeypatch)

    procs = [
        subprocess.Popen(
            cli.command("auth", "token"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli.env,
        )
        for _ in range(PROCESSES)
    ]
    results = [proc.communicate(timeout=60) for proc in procs]
    codes = [proc.returncode for proc in procs]
    assert codes == [0] * PROCESSES, [err for _, err in results]

    tokens = {out.strip() for out, _ in results}
    assert len(tokens) == 1, "every process must end up with the one refreshed token"
    assert tokens != {before}

    # The family is intact: the stored refresh token is new and still works.
    assert cli("rooms", "list").returncode == 0
    refreshed = cli.json("auth", "status")
    assert refreshed["signed_in"] is True
    if storage == "file":
        assert _expire_file_tokens(home) != spent
    else:
        assert _expire_keyring_tokens(home, monkeypatch) != spent
    again = cli("auth", "token")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() not in tokens | {before}
