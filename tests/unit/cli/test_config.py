"""slctl config and the TOML profile store."""

from __future__ import annotations

import json
import os
import stat
import tomllib

import pytest
from typer.testing import CliRunner

from slctl.cli import config, secrets

from .conftest import MemoryKeyring
from .helpers import run


@pytest.mark.parametrize(
    "value",
    ["plain", 'quote " and back\\slash', "new\nline\ttab", "ünïcødé ✓", "", "\x7f\x01"],
)
def test_writer_round_trips_through_tomllib(value: str) -> None:
    profiles: dict[str, dict[str, str | bool]] = {
        "default": {"base_url": value, "insecure_storage": True},
        "we ird": {"k": False},
    }
    assert tomllib.loads(config.dump(profiles))["profiles"] == profiles


def test_set_get_show_unset(runner: CliRunner) -> None:
    assert run(runner, "config", "set", "golive_base_url", "http://gl.test").exit_code == 0
    assert run(runner, "config", "set", "insecure_storage", "yes").exit_code == 0
    assert run(runner, "config", "get", "golive_base_url").stdout == "http://gl.test\n"
    assert run(runner, "config", "get", "insecure_storage").stdout == "true\n"
    shown = json.loads(run(runner, "config", "show", "--json").stdout)
    assert shown["values"]["golive_base_url"] == "http://gl.test"
    assert shown["values"]["insecure_storage"] is True
    assert shown["values"]["golive_api_secret"] is None
    path = config.config_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert run(runner, "config", "unset", "golive_base_url").exit_code == 0
    missing = run(runner, "config", "get", "golive_base_url")
    assert missing.exit_code == 4


def test_profiles_and_path(runner: CliRunner) -> None:
    run(runner, "--profile", "work", "config", "set", "email", "w@example.com")
    run(runner, "config", "set", "email", "d@example.com")
    assert run(runner, "config", "profiles").stdout.split() == ["default", "work"]
    assert json.loads(run(runner, "--json", "config", "profiles").stdout) == {
        "profiles": ["default", "work"]
    }
    assert run(runner, "config", "path").stdout.strip() == str(config.config_path())
    assert run(runner, "--profile", "work", "config", "get", "email").stdout == "w@example.com\n"


def test_env_override_of_config_path(runner: CliRunner, tmp_path: os.PathLike[str]) -> None:
    target = os.path.join(tmp_path, "elsewhere.toml")
    run(runner, "config", "set", "email", "x@example.com", SLCTL_CONFIG=target)
    with open(target) as handle:
        assert "x@example.com" in handle.read()


def test_unknown_key_and_bad_bool_are_usage_errors(runner: CliRunner) -> None:
    unknown = run(runner, "config", "set", "colour", "blue")
    assert unknown.exit_code == 2 and "unknown config key" in unknown.stderr
    secret = run(runner, "config", "set", "golive_api_secret", "s3cret")
    assert secret.exit_code == 2 and "set-secret" in secret.stderr
    assert "s3cret" not in secret.output
    assert run(runner, "config", "set", "insecure_storage", "maybe").exit_code == 2


def test_set_secret_goes_to_keyring(runner: CliRunner, memory_keyring: MemoryKeyring) -> None:
    result = run(runner, "config", "set-secret", "golive_api_secret", "--stdin", input="s3cret\n")
    assert result.exit_code == 0, result.output
    assert memory_keyring.entries[("slctl", "default:golive_api_secret")] == "s3cret"
    shown = run(runner, "config", "show")
    assert "golive_api_secret: set" in shown.stdout and "s3cret" not in shown.output
    assert not config.config_path().exists() or "s3cret" not in config.config_path().read_text()
    run(runner, "config", "unset", "golive_api_secret")
    assert memory_keyring.entries == {}
    assert run(runner, "config", "set-secret", "nope", "--stdin", input="x\n").exit_code == 2


def test_set_secret_prompt(runner: CliRunner, memory_keyring: MemoryKeyring) -> None:
    result = run(runner, "config", "set-secret", "operator_token", input="op-token\n")
    assert result.exit_code == 0
    assert memory_keyring.entries[("slctl", "default:operator_token")] == "op-token"
    assert "op-token" not in result.output


def test_secrets_without_keyring_go_to_0600_file(runner: CliRunner, no_keyring: None) -> None:
    result = run(runner, "config", "set-secret", "operator_token", "--stdin", input="op\n")
    assert result.exit_code == 0
    assert "plain text" in result.stderr
    path = secrets.state_dir() / "secrets" / "default.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert secrets.get_secret("default", "operator_token") == "op"


def test_broken_config_file_is_reported(runner: CliRunner) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.default\n")
    result = run(runner, "config", "show")
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
