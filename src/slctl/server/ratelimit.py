"""Rate limiting on top of the ``limits`` library (moving window; memory or Redis storage)."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .settings import ServerSettings


@dataclass(frozen=True)
class LimitState:
    """Where one limit stands for one key after a request."""

    limit: int
    remaining: int
    reset: int  # epoch seconds (rounded up) when a slot frees up
    allowed: bool
    reset_at: float = 0.0  # the same, unrounded

    def headers(self) -> dict[str, str]:
        """``X-RateLimit-*`` (and ``Retry-After`` when refused) for this state."""
        out = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            out["Retry-After"] = str(max(1, math.ceil((self.reset_at or self.reset) - time.time())))
        return out


@dataclass(frozen=True)
class Rule:
    """A named limit applied to a key namespace."""

    name: str
    item: RateLimitItem


class RateLimits:
    """The server's limits: per IP for StreamLink, per account for failed signins."""

    def __init__(self, settings: ServerSettings) -> None:
        self.enabled = settings.rate_limit_enabled
        storage = storage_from_string(settings.rate_limit_storage)
        self._limiter = MovingWindowRateLimiter(storage)
        self.global_ip = Rule("global", parse(settings.rate_limit_global))
        self.auth_ip = Rule("auth", parse(settings.rate_limit_auth))
        self.refresh_ip = Rule("refresh", parse(settings.rate_limit_refresh))
        self.signin_failures = Rule("signin-fail", parse(settings.rate_limit_signin_failures))
        tenant = settings.rate_limit_tenant
        self.tenant = Rule("tenant", parse(tenant)) if tenant else None

    @staticmethod
    def is_limited_path(path: str) -> bool:
        """StreamLink API paths (``/api/*`` but not GoLive's ``/api/v1/*``) and viewer pages."""
        if path.startswith("/api/v1/") or path == "/api/v1":
            return False
        return path.startswith(("/api/", "/live/")) or path == "/api"

    def rules_for(self, method: str, path: str) -> list[Rule]:
        """Per-IP rules that apply to a StreamLink-side request."""
        rules = [self.global_ip]
        if method == "POST":
            if path in ("/api/auth/signin", "/api/auth/signup"):
                rules.append(self.auth_ip)
            elif path == "/api/auth/refresh":
                rules.append(self.refresh_ip)
        return rules

    def _state(self, rule: Rule, key: str, allowed: bool) -> LimitState:
        stats = self._limiter.get_window_stats(rule.item, rule.name, key)
        return LimitState(
            limit=rule.item.amount,
            remaining=max(0, stats.remaining),
            reset=math.ceil(stats.reset_time),
            allowed=allowed,
            reset_at=stats.reset_time,
        )

    def hit(self, rules: Sequence[Rule], key: str) -> LimitState:
        """Count one request against every rule, or none if any is exhausted.

        Returns the state of the refused rule, else of the tightest one (fewest remaining).
        """
        for rule in rules:
            if not self._limiter.test(rule.item, rule.name, key):
                return self._state(rule, key, allowed=False)
        for rule in rules:
            self._limiter.hit(rule.item, rule.name, key)
        states = [self._state(rule, key, allowed=True) for rule in rules]
        return min(states, key=lambda s: (s.remaining, -s.reset))

    def check(self, rule: Rule, key: str) -> LimitState:
        """State of ``rule`` for ``key`` without counting a request."""
        return self._state(rule, key, allowed=self._limiter.test(rule.item, rule.name, key))

    def record(self, rule: Rule, key: str) -> None:
        """Count one event (e.g. a failed signin) against ``rule``."""
        self._limiter.hit(rule.item, rule.name, key)

    def clear(self, rule: Rule, key: str) -> None:
        """Forget the events counted for ``key`` (e.g. after a successful signin)."""
        self._limiter.clear(rule.item, rule.name, key)
