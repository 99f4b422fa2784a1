"""The app shell: version, help, exit codes, error display, registration, startup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import slctl
from slctl.__main__ import main
from slctl.app import app
from slctl.cli.errors import CliError, describe
from slctl.cli.exitcodes import ExitCode

from .helpers import run


def test_version_fast_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"slctl {slctl.__version__}\n"


def test_version_through_typer(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--profile", "x", "--version"])
    assert result.stdout == f"slctl {slctl.__version__}\n"


def test_main_returns_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "nope", "x"]) == 2
    assert main(["rooms", "--bogus"]) == 2
    assert main(["--help"]) == 0
    assert "Exit codes" in capsys.readouterr().out


def test_every_group_has_help(runner: CliRunner) -> None:
    for group in ("auth", "rooms", "golive", "golive rooms", "golive admin tenants", "token",
                  "config", "server"):  # fmt: skip
        result = runner.invoke(app, [*group.split(), "--help"])
        assert result.exit_code == 0, group


def test_cli_errors_map_to_exit_codes() -> None:
    from streamlink_sdk import errors as sl

    assert describe(CliError("x", ExitCode.NOT_FOUND)).code == ExitCode.NOT_FOUND
    assert describe(sl.SessionExpiredError("gone")).code == ExitCode.NOT_SIGNED_IN
    assert describe(sl.APITimeoutError("slow")).code == ExitCode.UNREACHABLE
    boom = describe(ValueError("password=hunter2"))
    assert boom.code == ExitCode.ERROR and "hunter2" not in boom.message


def test_unexpected_error_is_one_line_without_traceback(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode() -> None:
        raise RuntimeError("secret-in-message")

    monkeypatch.setattr("slctl.commands.config.store.config_path", explode)
    result = run(runner, "config", "path")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unexpected error: RuntimeError")
    assert "Traceback" not in result.output and "secret-in-message" not in result.output
    verbose = run(runner, "-v", "config", "path")
    assert verbose.exit_code == 1 and "Traceback" in verbose.stderr


def test_server_delegates_to_reference_server(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []

    def fake_main(argv: list[str]) -> int:
        seen.append(argv)
        return 0

    monkeypatch.setattr("slctl.server.main", fake_main)
    result = runner.invoke(
        app, ["server", "--host", "0.0.0.0", "--port", "9000", "--database-url", "sqlite://",
              "--public-url", "http://x.test", "--no-rate-limits"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert seen == [
        ["--host", "0.0.0.0", "--port", "9000", "--database-url", "sqlite://",
         "--public-url", "http://x.test", "--no-rate-limits"]
    ]  # fmt: skip


SRC = Path(__file__).resolve().parents[3] / "src"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a child Python on this checkout's sources."""
    path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False, env=env)


def test_python_m_version_matches_console_script() -> None:
    module = _run(sys.executable, "-m", "slctl", "--version")
    script = _run(sys.executable, "-c", "import sys; from slctl.__main__ import main; "
                  "sys.argv[0] = 'slctl'; sys.exit(main())", "--version")  # fmt: skip
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout == f"slctl {slctl.__version__}\n"


HEAVY = ("livekit", "fastapi", "sqlalchemy", "uvicorn", "starlette")


def test_help_imports_no_heavy_modules() -> None:
    probe = (
        "import sys, json\n"
        "from slctl.__main__ import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    done = _run(sys.executable, "-c", probe)
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    heavy = [m for m in loaded if m.split(".")[0] in HEAVY]
    assert heavy == []
    assert "streamlink_sdk" not in loaded and "httpx" not in loaded


def test_version_imports_neither_typer_nor_httpx() -> None:
    done = _run(sys.executable, "-X", "importtime", "-m", "slctl", "--version")
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert not {"typer", "httpx", "rich", "streamlink_sdk"} & imported


def test_keyring_failure_is_explained(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring.errors

    def locked(*args: object) -> None:
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr("keyring.get_password", locked)
    result = run(runner, "auth", "token")
    assert result.exit_code == 1
    assert "the OS keyring failed: KeyringLocked" in result.stderr
    assert "--insecure-storage" in result.stderr
