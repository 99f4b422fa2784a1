"""Request flows: the retry loop and the refresh protocol, written once as generators.

A flow yields *effects* (send this request, sleep this long, refresh the session) and
receives their results; the sync and async executors perform the effects. This keeps every
decision in one place while the I/O stays in two thin drivers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from .decode import HintFunction, decode_success, status_error
from .endpoint import Call
from .errors import APIConnectionError, APIStatusError, APITimeoutError, ErrorFamily, SDKError
from .ratelimit import RateLimitInfo, parse_rate_limit
from .retry import RetryPolicy
from .tokens import Snapshot, Tokens, TokenState

T = TypeVar("T")
log = logging.getLogger("streamlink_sdk.http")


@dataclass(frozen=True, slots=True)
class Send:
    """Effect: send one HTTP request; the executor answers with the ``httpx.Response``."""

    method: str
    url: str
    headers: dict[str, str] = field(repr=False)
    json: Any = field(default=None, repr=False)
    params: dict[str, str | int] | None = None


@dataclass(frozen=True, slots=True)
class Sleep:
    """Effect: wait before the next attempt."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Refresh:
    """Effect: refresh the session unless someone did (or failed to) since ``seen``.

    The executor runs :func:`refresh_flow` under its single-flight lock.
    """

    seen: Snapshot


Effect = Send | Sleep | Refresh
Flow = Generator[Effect, Any, T]


@dataclass(frozen=True, slots=True)
class Session:
    """Bearer-token session: the state machine plus how to build a refresh call."""

    state: TokenState
    refresh_call: Callable[[str], Call[Tokens]]


@dataclass(eq=False)
class ClientCore:
    """Everything a flow needs to know about one client; shared by sync and async."""

    base_url: str
    family: ErrorFamily
    envelope: bool
    policy: RetryPolicy
    clock: Callable[[], float]
    session: Session | None = None
    hint: HintFunction | None = None
    rate_limit: RateLimitInfo | None = None
    """The rate-limit headers of the last response seen."""
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    """Sent with every request, e.g. a static ``Authorization`` (GoLive Basic, operator)."""


def _session(core: ClientCore) -> Session:
    if core.session is None:  # pragma: no cover - a programming error in an SDK
        raise RuntimeError("this client has no bearer-token session")
    return core.session


def _signed_in_tokens(core: ClientCore, tokens: Tokens | None) -> Tokens:
    if tokens is None:
        raise core.family.session_expired(
            "not signed in", hint="sign in (auth.signin) or sign up first"
        )
    return tokens


def call_flow(core: ClientCore, call: Call[T]) -> Flow[T]:
    """Perform ``call``: attach auth, retry per policy, refresh once on 401, decode."""
    endpoint = call.endpoint
    tokens: Tokens | None = None
    generation = Snapshot(None, 0)
    if endpoint.bearer:
        state = _session(core).state
        snap = state.snapshot()
        tokens = _signed_in_tokens(core, snap.tokens)
        if state.needs_refresh(tokens):
            try:
                yield Refresh(snap)
            except (APIConnectionError, APIStatusError) as exc:
                # A proactive refresh that could not get through is no reason to fail a call
                # while the access token still has life left: use it and refresh next time.
                if tokens.seconds_left(core.clock()) <= 1:
                    raise
                log.debug(
                    "proactive refresh failed (%s); using the current token",
                    exc.code if isinstance(exc, APIStatusError) else type(exc).__name__,
                )
            snap = state.snapshot()
        tokens, generation = _signed_in_tokens(core, snap.tokens), snap

    url = call.url(core.base_url)
    refreshed_after_401 = False
    attempt = 0
    waited = 0.0
    while True:
        headers = {"Accept": "application/json", **core.headers}
        if tokens is not None:
            headers["Authorization"] = f"Bearer {tokens.access_token}"
        error: SDKError
        status: int | None = None
        try:
            response: httpx.Response = yield Send(
                endpoint.method, url, headers, call.json, call.params or None
            )
        except httpx.TimeoutException as exc:
            error = core.family.timeout(f"{endpoint.method} {url} timed out ({type(exc).__name__})")
            cause: BaseException = exc
        except httpx.TransportError as exc:
            error = core.family.connection(f"cannot reach {url}: {exc or type(exc).__name__}")
            cause = exc
        except httpx.HTTPError as exc:  # e.g. a body that does not match its Content-Encoding
            error = core.family.connection(f"unreadable response from {url}: {exc}")
            cause = exc
        else:
            status = response.status_code
            log.debug("%s %s -> %d", endpoint.method, url, status)
            rate_limit = parse_rate_limit(response.headers, core.clock())
            if rate_limit is not None:
                core.rate_limit = rate_limit
            if response.is_success:
                return decode_success(response, endpoint, core.family, core.envelope)
            if status == 401 and endpoint.bearer and not refreshed_after_401:
                refreshed_after_401 = True
                yield Refresh(generation)
                snap = _session(core).state.snapshot()
                tokens, generation = _signed_in_tokens(core, snap.tokens), snap
                continue
            error = status_error(response, endpoint, core.family, rate_limit, core.hint)
            cause = error
        delay = core.policy.delay(
            attempt=attempt,
            retry_safe=endpoint.retry_safe,
            status=status,
            rate_limit=error.rate_limit if isinstance(error, APIStatusError) else None,
            waited=waited,
            now=core.clock(),
        )
        if delay is None:
            if cause is error:
                raise error
            raise error from cause
        log.debug("retrying %s %s in %.2fs (attempt %d)", endpoint.method, url, delay, attempt + 1)
        yield Sleep(delay)
        waited += delay
        attempt += 1


_REJECTED_REFRESH = frozenset({400, 401, 403})


def refresh_flow(core: ClientCore, seen: Snapshot) -> Flow[None]:
    """Rotate the refresh token, at most once per generation, never sending it twice.

    Runs under the executor's in-process lock and the store's cross-process lock. Another
    process may already have rotated the token: then the store holds newer tokens, which
    are adopted instead of sending our (spent) refresh token. Callers that waited for a
    refresh that timed out get that timeout at once instead of each waiting it out again.
    """
    session = _session(core)
    state = session.state
    now = state.snapshot()
    if now.generation != seen.generation:
        return  # someone refreshed while we waited for the lock
    if now.failures != seen.failures and state.last_failure is not None:
        raise _clone(state.last_failure)
    with state.store.lock():
        current = state.snapshot().tokens
        stored = state.store.load()
        if stored is not None and (current is None or stored != current):
            state.set(stored)
            if not state.needs_refresh(stored):
                return
            current = stored
        tokens = _signed_in_tokens(core, current)
        try:
            fresh = yield from call_flow(core, session.refresh_call(tokens.refresh_token))
        except APIStatusError as exc:
            if exc.status not in _REJECTED_REFRESH:
                raise  # the server did not refuse the token itself; keep it
            state.store.clear()
            state.set(None)
            raise core.family.session_expired(
                f"session expired: the refresh token was refused ({exc.code})",
                hint="sign in again",
            ) from None
        except APITimeoutError as exc:
            # Waiters would each wait out the same timeout in turn; they get this error
            # instead. Quick failures (refused, dropped, 5xx) are left for the next to retry.
            state.note_failure(exc)
            raise
        # Persist before anyone can use the new tokens: a crash must not lose them.
        state.store.save(fresh)
        state.set(fresh)


def _clone(error: BaseException) -> BaseException:
    """A fresh instance of ``error`` (one exception object must not be raised twice)."""
    copy = type(error).__new__(type(error))
    copy.__dict__.update(error.__dict__)
    copy.args = error.args
    return copy


def establish(core: ClientCore, tokens: Tokens) -> None:
    """Adopt tokens from signup/signin: saved to the store first, then used."""
    state = _session(core).state
    state.store.save(tokens)
    state.set(tokens)


def forget(core: ClientCore) -> None:
    """Drop the session locally (after signout)."""
    state = _session(core).state
    state.store.clear()
    state.set(None)
