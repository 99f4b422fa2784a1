"""Small in-process TTL caches for the GoLive hot path (tenant auth and room lookups).

Entries are dropped explicitly when this process changes them (deactivate, rotate, delete)
and expire after ``ttl`` seconds so that several workers converge on changes made elsewhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TTLCache(Generic[K, V]):
    """A dict with per-entry expiry and a size bound (oldest entries evicted first)."""

    def __init__(self, ttl: float, max_entries: int = 10_000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._data: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        """The cached value, or ``None`` if absent or expired."""
        hit = self._data.get(key)
        if hit is None:
            return None
        expires, value = hit
        if expires < time.monotonic():
            self._data.pop(key, None)
            return None
        return value

    def put(self, key: K, value: V) -> None:
        """Cache ``value`` (no-op when the TTL is zero)."""
        if self.ttl <= 0:
            return
        if len(self._data) >= self.max_entries:
            self._data.pop(next(iter(self._data)), None)
        self._data[key] = (time.monotonic() + self.ttl, value)

    def drop(self, key: K) -> None:
        """Forget ``key``."""
        self._data.pop(key, None)

    def drop_where(self, predicate: Callable[[V], bool]) -> None:
        """Forget every entry whose value satisfies ``predicate``."""
        for key in [k for k, (_, v) in self._data.items() if predicate(v)]:
            self._data.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        self._data.clear()
