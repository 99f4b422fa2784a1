"""Token stores: file mode 0600, keyring round trip, fallback warning, shared lock."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from streamlink_sdk import Tokens
from streamlink_sdk import token_store as ts
from tests.support.memory_keyring import MemoryKeyring

TOKENS = Tokens(access_token="a", refresh_token="r", access_expires_at=123.5)


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(ts, "_state_dir", lambda: tmp_path / "state")
    return tmp_path / "state"


def test_file_store_round_trip_with_mode_0600(tmp_path: Path) -> None:
    store = ts.FileTokenStore(tmp_path / "deep" / "tokens.json")
    assert store.load() is None
    store.save(TOKENS)
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600
    assert store.load() == TOKENS
    store.clear()
    assert store.load() is None
    store.clear()  # idempotent


def test_file_store_ignores_garbage(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text("{not json")
    assert ts.FileTokenStore(tmp_path / "t.json").load() is None


def test_keyring_store_round_trip(state_dir: Path) -> None:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        assert ts.keyring_available()
        store = ts.default_store("work")
        assert isinstance(store, ts.KeyringTokenStore)
        store.save(TOKENS)
        assert ("slctl", "work") in backend.entries
        assert store.load() == TOKENS
        store.clear()
        store.clear()
        assert store.load() is None
    finally:
        keyring.set_keyring(previous)


def test_fallback_to_file_warns_without_keyring(state_dir: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not ts.keyring_available()
        with pytest.warns(UserWarning, match="no OS keyring backend"):
            store = ts.default_store("ci")
        assert isinstance(store, ts.FileTokenStore)
        assert store.path == state_dir / "tokens" / "ci.json"
    finally:
        keyring.set_keyring(previous)


def test_insecure_file_is_explicit_and_silent(state_dir: Path, recwarn: Any) -> None:
    store = ts.default_store("x", insecure_file=True)
    assert isinstance(store, ts.FileTokenStore)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_store_lock_excludes_other_holders(tmp_path: Path) -> None:
    store = ts.FileTokenStore(tmp_path / "t.json")
    other = ts.FileTokenStore(tmp_path / "t.json")
    order: list[str] = []
    with store.lock():
        thread = threading.Thread(target=lambda: (other.lock().__enter__(), order.append("other")))
        thread.start()
        time.sleep(0.2)
        order.append("first")
    thread.join(5)
    assert order == ["first", "other"]


def test_keyring_reads_wait_for_a_writer_holding_the_lock(state_dir: Path) -> None:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        writer = ts.KeyringTokenStore("p")
        reader = ts.KeyringTokenStore("p")  # another client, as another process would be
        seen: list[Tokens | None] = []
        with writer.lock():
            thread = threading.Thread(target=lambda: seen.append(reader.load()))
            thread.start()
            time.sleep(0.2)
            assert seen == []  # blocked while the writer holds the lock
            writer.save(TOKENS)  # re-entrant for the holder
        thread.join(5)
        assert seen == [TOKENS]
    finally:
        keyring.set_keyring(previous)
