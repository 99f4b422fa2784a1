"""Tokens, the token-store protocol and the token state machine."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

REFRESH_MARGIN = 60.0
"""Refresh proactively when the access token has less than this many seconds left."""


@dataclass(frozen=True, slots=True)
class Tokens:
    """An access/refresh token pair. The tokens never appear in ``repr``."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    access_expires_at: float
    """Epoch seconds at which the access token expires."""

    def seconds_left(self, now: float) -> float:
        """Seconds of life the access token has left at ``now``."""
        return self.access_expires_at - now

    def to_json(self) -> str:
        """Serialise for a token store."""
        return json.dumps(
            {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "access_expires_at": self.access_expires_at,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Tokens | None:
        """Parse what ``to_json`` wrote; ``None`` for anything else."""
        try:
            data: Any = json.loads(text)
            return cls(
                access_token=str(data["access_token"]),
                refresh_token=str(data["refresh_token"]),
                access_expires_at=float(data["access_expires_at"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


class TokenStore(Protocol):
    """Where a session's tokens live between calls and processes."""

    def load(self) -> Tokens | None: ...

    def save(self, tokens: Tokens) -> None: ...

    def clear(self) -> None: ...

    def lock(self) -> AbstractContextManager[None]:
        """A lock held while refreshing, shared by every process using this store."""
        ...


class MemoryTokenStore:
    """Keeps tokens in this process only (the default)."""

    def __init__(self, tokens: Tokens | None = None) -> None:
        self._tokens = tokens

    def load(self) -> Tokens | None:
        return self._tokens

    def save(self, tokens: Tokens) -> None:
        self._tokens = tokens

    def clear(self) -> None:
        self._tokens = None

    @contextmanager
    def lock(self) -> Iterator[None]:
        yield

    def __repr__(self) -> str:
        return f"MemoryTokenStore(signed_in={self._tokens is not None})"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The tokens in use, the generation they belong to, and failed refreshes so far."""

    tokens: Tokens | None
    generation: int
    failures: int = 0


class TokenState:
    """The token state machine of one client.

    Every change bumps ``generation``; a caller that saw generation *g* before waiting for
    the refresh lock refreshes only if the generation is still *g*, so a crowd of callers
    with a stale token causes exactly one refresh.
    """

    def __init__(self, store: TokenStore, clock: Callable[[], float]) -> None:
        self.store = store
        self.clock = clock
        self._mutex = threading.Lock()
        self._snapshot = Snapshot(store.load(), 0)
        self.last_failure: BaseException | None = None

    def snapshot(self) -> Snapshot:
        """The current tokens and generation (one atomic read)."""
        return self._snapshot

    def needs_refresh(self, tokens: Tokens) -> bool:
        """True when the access token is expired or about to be."""
        return tokens.seconds_left(self.clock()) < REFRESH_MARGIN

    def set(self, tokens: Tokens | None) -> None:
        """Adopt new tokens (or none) and start a new generation."""
        with self._mutex:
            old = self._snapshot
            self._snapshot = Snapshot(tokens, old.generation + 1, old.failures)

    def note_failure(self, error: BaseException) -> None:
        """Record a refresh that timed out, for the callers waiting on it."""
        with self._mutex:
            old = self._snapshot
            self.last_failure = error
            self._snapshot = Snapshot(old.tokens, old.generation, old.failures + 1)

    def expiry_from_lifetime(self, seconds: float) -> float:
        """Epoch expiry of an access token issued now with ``seconds`` of life."""
        return self.clock() + seconds
