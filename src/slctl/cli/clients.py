"""Building SDK clients from the global options, the profile and the environment.

Every client shares one ``httpx.Client`` that carries the ``-v`` trace hooks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import config, secrets
from .errors import CliError
from .exitcodes import ExitCode
from .state import get_state

if TYPE_CHECKING:
    import httpx

    from golive_sdk import GoLive, GoLiveAdmin
    from streamlink_sdk import StreamLink


@contextmanager
def http_client() -> Iterator[httpx.Client]:
    """An ``httpx.Client`` with the SDK's timeouts, tracing when ``-v`` was given."""
    import httpx

    from slctl import __version__

    hooks = None
    if get_state().verbose:
        from .trace import event_hooks

        hooks = event_hooks()
    with httpx.Client(
        timeout=httpx.Timeout(30.0, connect=10.0),
        headers={"User-Agent": f"slctl/{__version__}"},
        event_hooks=hooks,
    ) as client:
        yield client


def streamlink_base_url() -> str | None:
    """``--base-url``/``STREAMLINK_BASE_URL``, else the profile's, else the SDK default."""
    state = get_state()
    return state.base_url or config.get_str(config.profile(state.profile), "base_url")


@contextmanager
def streamlink(*, insecure: bool = False) -> Iterator[StreamLink]:
    """A StreamLink client on the profile's token store."""
    from streamlink_sdk import StreamLink

    state = get_state()
    store = secrets.token_store(state.profile, insecure)
    with http_client() as http:
        yield StreamLink(streamlink_base_url(), token_store=store, http_client=http)


@dataclass(frozen=True)
class GoLiveFlags:
    """What ``slctl golive`` was given on the command line (or through the environment)."""

    api_key: str | None = None
    api_secret: str | None = field(default=None, repr=False)
    base_url: str | None = None
    operator_token: str | None = field(default=None, repr=False)


def golive_base_url(flags: GoLiveFlags) -> str | None:
    """``--base-url``/``GOLIVE_BASE_URL``, else the profile's ``golive_base_url``."""
    profile = config.profile(get_state().profile)
    return flags.base_url or config.get_str(profile, "golive_base_url")


def _missing(what: str, flag: str, env: str, where: str) -> CliError:
    return CliError(
        f"no GoLive {what} configured",
        ExitCode.NOT_SIGNED_IN,
        f"pass {flag}, set {env}, or save it in the profile ({where})",
    )


@contextmanager
def golive(flags: GoLiveFlags) -> Iterator[GoLive]:
    """A GoLive tenant client; credentials from flags/env, else the profile."""
    from golive_sdk import GoLive

    profile_name = get_state().profile
    profile = config.profile(profile_name)
    api_key = flags.api_key or config.get_str(profile, "golive_api_key")
    if not api_key:
        hint = "slctl config set golive_api_key KEY"
        raise _missing("API key", "--api-key", "GOLIVE_API_KEY", hint)
    api_secret = flags.api_secret or secrets.get_secret(profile_name, "golive_api_secret")
    if not api_secret:
        hint = "slctl config set-secret golive_api_secret"
        raise _missing("API secret", "--api-secret", "GOLIVE_API_SECRET", hint)
    with http_client() as http:
        yield GoLive(api_key, api_secret, golive_base_url(flags), http_client=http)


@contextmanager
def golive_admin(flags: GoLiveFlags) -> Iterator[GoLiveAdmin]:
    """A GoLive operator client; token from flag/env, else the profile's keyring entry."""
    from golive_sdk import GoLiveAdmin

    token = flags.operator_token or secrets.get_secret(get_state().profile, "operator_token")
    if not token:
        hint = "slctl config set-secret operator_token"
        raise _missing("operator token", "--operator-token", "GOLIVE_OPERATOR_TOKEN", hint)
    with http_client() as http:
        yield GoLiveAdmin(token, golive_base_url(flags), http_client=http)
