"""The retry policy: a pure function from a failed attempt to a delay (or give up)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .ratelimit import RateLimitInfo

RETRYABLE_STATUS = frozenset({500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry.

    429 is always retried (the server did not process the request). 5xx answers and
    connection errors are retried only for requests that are safe to repeat.
    """

    max_retries: int = 2
    max_wait: float = 30.0
    """Total seconds the client may spend sleeping between attempts of one call."""
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    rand: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def backoff(self, attempt: int) -> float:
        """Capped exponential backoff with full jitter."""
        ceiling = min(self.backoff_cap, self.backoff_base * (2.0**attempt))
        return self.rand() * ceiling

    def delay(
        self,
        *,
        attempt: int,
        retry_safe: bool,
        status: int | None,
        rate_limit: RateLimitInfo | None,
        waited: float,
        now: float,
    ) -> float | None:
        """Seconds to sleep before retry number ``attempt + 1``, or ``None`` to give up.

        ``status`` is ``None`` for a connection error. ``waited`` is the time already spent
        sleeping for this call; the delay never takes it past ``max_wait``.
        """
        if attempt >= self.max_retries:
            return None
        if status == 429:
            wait = self._server_hint(rate_limit, now)
        elif retry_safe and (status is None or status in RETRYABLE_STATUS):
            hint = rate_limit.retry_after if rate_limit else None
            wait = hint if hint is not None else self.backoff(attempt)
        else:
            return None
        if wait is None:
            wait = self.backoff(attempt)
        if waited + wait > self.max_wait:
            return None
        return wait

    @staticmethod
    def _server_hint(rate_limit: RateLimitInfo | None, now: float) -> float | None:
        if rate_limit is None:
            return None
        if rate_limit.retry_after is not None:
            return rate_limit.retry_after
        if rate_limit.reset_at is not None:
            return max(0.0, rate_limit.reset_at - now)
        return None
