"""Fixtures for the slctl unit tests: isolated dirs, an in-memory keyring, a runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from typer.testing import CliRunner

from tests.support.memory_keyring import MemoryKeyring

ENV_TO_CLEAR = (
    "STREAMLINK_BASE_URL",
    "SLCTL_PROFILE",
    "GOLIVE_API_KEY",
    "GOLIVE_API_SECRET",
    "GOLIVE_BASE_URL",
    "GOLIVE_OPERATOR_TOKEN",
    "PYTHON_KEYRING_BACKEND",
)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and XDG dirs under tmp_path; no SDK environment variables."""
    for name in ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    for var, sub in (
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.delenv("SLCTL_CONFIG", raising=False)
    return tmp_path


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Replace the keyring backend by an in-memory one for each test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No usable keyring backend (headless Linux, CI)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
