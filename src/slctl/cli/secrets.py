"""Where a profile keeps its secrets: tokens, the GoLive api_secret, the operator token.

The OS keyring when one exists; otherwise (or when the profile asks for
``insecure_storage``) files readable only by their owner (mode 0600), with a warning.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import config
from .output import warn

if TYPE_CHECKING:
    from streamlink_sdk import TokenStore

KEYRING_SERVICE = "slctl"


def state_dir() -> Path:
    """The platformdirs state directory of slctl (token files, lock files)."""
    import platformdirs

    return Path(platformdirs.user_state_dir("slctl"))


def use_files(profile: str, insecure: bool = False) -> bool:
    """True when secrets of ``profile`` go to 0600 files instead of the keyring."""
    if insecure or config.profile(profile).get("insecure_storage") is True:
        return True
    from streamlink_sdk.token_store import keyring_available

    return not keyring_available()


def warn_plaintext(path: Path, insecure: bool) -> None:
    """The visible warning printed whenever a secret is written to a file."""
    why = "--insecure-storage given" if insecure else "no OS keyring backend found"
    warn(f"{why}: storing secrets in plain text in {path} (mode 0600)")


def token_store(profile: str, insecure: bool = False) -> TokenStore:
    """The StreamLink token store of ``profile``."""
    from streamlink_sdk.token_store import FileTokenStore, KeyringTokenStore

    store: TokenStore
    if use_files(profile, insecure):
        store = FileTokenStore(token_file(profile))
    else:
        store = KeyringTokenStore(profile, service=KEYRING_SERVICE)
    return store


def token_file(profile: str) -> Path:
    """The 0600 file that holds ``profile``'s tokens when there is no keyring."""
    return state_dir() / "tokens" / f"{profile}.json"


def _secrets_file(profile: str) -> Path:
    return state_dir() / "secrets" / f"{profile}.json"


def _read_file(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _write_file(path: Path, data: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(temp, path)


def get_secret(profile: str, name: str) -> str | None:
    """A named secret of ``profile`` (``golive_api_secret``, ``operator_token``)."""
    if use_files(profile):
        return _read_file(_secrets_file(profile)).get(name)
    import keyring

    return keyring.get_password(KEYRING_SERVICE, f"{profile}:{name}")


def set_secret(profile: str, name: str, value: str) -> None:
    """Store a named secret (warns when it has to go to a plain-text file)."""
    if use_files(profile):
        path = _secrets_file(profile)
        warn_plaintext(path, insecure=config.profile(profile).get("insecure_storage") is True)
        data = _read_file(path)
        data[name] = value
        _write_file(path, data)
        return
    import keyring

    keyring.set_password(KEYRING_SERVICE, f"{profile}:{name}", value)


def delete_secret(profile: str, name: str) -> None:
    """Forget a named secret (no error if it was not set)."""
    if use_files(profile):
        path = _secrets_file(profile)
        data = _read_file(path)
        if data.pop(name, None) is not None:
            _write_file(path, data)
        return
    import keyring
    import keyring.errors

    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(KEYRING_SERVICE, f"{profile}:{name}")
