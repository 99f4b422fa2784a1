"""Token stores: memory (default), the OS keyring, and a 0600 file fallback.

The keyring and file stores share a cross-process lock file, so two processes using the
same profile never both spend its single-use refresh token.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock

from ._core.tokens import MemoryTokenStore, Tokens, TokenStore

__all__ = [
    "FileTokenStore",
    "KeyringTokenStore",
    "MemoryTokenStore",
    "TokenStore",
    "Tokens",
    "default_store",
    "keyring_available",
]

KEYRING_SERVICE = "slctl"
LOCK_TIMEOUT = 60.0


def _state_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("slctl"))


class _LockedStore:
    """Base for persistent stores: one cross-process file lock per profile.

    Every load, save and clear runs under the lock too: some keyring backends rewrite
    their file in place, and a process reading mid-write would find no tokens. The lock is
    re-entrant within a thread, as the refresh holds it while it reads and saves.
    """

    def __init__(self, lock_path: Path) -> None:
        self.lock_path = lock_path
        self._lock = FileLock(str(lock_path), timeout=LOCK_TIMEOUT)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield


class FileTokenStore(_LockedStore):
    """Tokens in a JSON file readable only by its owner (mode 0600).

    For machines without a keyring backend (headless Linux, CI). The tokens are stored in
    plain text: anyone who can read the file as you can use your session.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        super().__init__(self.path.with_name(self.path.name + ".lock"))

    def load(self) -> Tokens | None:
        try:
            return Tokens.from_json(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def save(self, tokens: Tokens) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = self.path.with_name(self.path.name + ".tmp")
        with self.lock():  # one writer of the temp file at a time
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(tokens.to_json())
            os.chmod(temp, 0o600)
            os.replace(temp, self.path)  # atomic: readers never see a partial file

    def clear(self) -> None:
        with self.lock(), contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"


class KeyringTokenStore(_LockedStore):
    """Tokens in the OS credential store (service ``slctl``, one entry per profile)."""

    def __init__(self, profile: str = "default", *, service: str = KEYRING_SERVICE) -> None:
        self.profile = profile
        self.service = service
        super().__init__(_state_dir() / "locks" / f"{profile}.lock")

    def load(self) -> Tokens | None:
        import keyring

        with self.lock():
            text = keyring.get_password(self.service, self.profile)
        return Tokens.from_json(text) if text else None

    def save(self, tokens: Tokens) -> None:
        import keyring

        with self.lock():
            keyring.set_password(self.service, self.profile, tokens.to_json())

    def clear(self) -> None:
        import keyring
        import keyring.errors

        with self.lock(), contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(self.service, self.profile)

    def __repr__(self) -> str:
        return f"KeyringTokenStore(profile={self.profile!r})"


def keyring_available() -> bool:
    """True when the OS has a usable keyring backend (not the fail/null ones)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    priority = getattr(backend, "priority", 0)
    return isinstance(priority, (int, float)) and priority > 0


def default_store(profile: str = "default", *, insecure_file: bool = False) -> TokenStore:
    """The keyring store, or a 0600 file (with a warning) when no keyring exists."""
    if not insecure_file and keyring_available():
        return KeyringTokenStore(profile)
    path = _state_dir() / "tokens" / f"{profile}.json"
    if not insecure_file:
        warnings.warn(
            f"no OS keyring backend found; storing tokens in {path} (mode 0600)",
            stacklevel=2,
        )
    return FileTokenStore(path)
