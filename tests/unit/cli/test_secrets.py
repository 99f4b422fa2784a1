"""The CLI picks the SDK token store of a profile (keyring, or a file when insecure)."""

from __future__ import annotations

import time

from slctl.cli import secrets
from streamlink_sdk import Tokens
from streamlink_sdk.token_store import FileTokenStore, KeyringTokenStore


def test_keyring_store_is_reentrant_under_its_lock() -> None:
    store = secrets.token_store("default")
    assert isinstance(store, KeyringTokenStore)
    tokens = Tokens("a", "r", time.time() + 60)
    with store.lock():  # as the SDK does around a refresh: reads and saves inside
        assert store.load() is None
        store.save(tokens)
        assert store.load() == tokens
    store.clear()
    assert store.load() is None


def test_file_store_when_insecure() -> None:
    store = secrets.token_store("default", insecure=True)
    assert isinstance(store, FileTokenStore)
    assert "default.json" in repr(store)
