"""Building a client's core: credentials from arguments or the environment, auth header."""

from __future__ import annotations

import base64
import time

from streamlink_sdk._core.clientbase import resolve
from streamlink_sdk._core.decode import HintFunction
from streamlink_sdk._core.flow import ClientCore
from streamlink_sdk._core.retry import RetryPolicy

from .errors import FAMILY

DEFAULT_BASE_URL = "https://live.superskynet.com"
BASE_URL_ENV = "GOLIVE_BASE_URL"
API_KEY_ENV = "GOLIVE_API_KEY"
API_SECRET_ENV = "GOLIVE_API_SECRET"
OPERATOR_TOKEN_ENV = "GOLIVE_OPERATOR_TOKEN"


def _required(value: str | None, env: str, what: str, argument: str) -> str:
    text = (resolve(value, env) or "").strip()
    if not text:
        raise FAMILY.invalid(f"GoLive needs {what}: pass {argument}= or set {env}")
    if not text.isascii() or any(ch.isspace() for ch in text):
        raise FAMILY.invalid(f"{what} must be printable ASCII without spaces ({argument})")
    return text


def basic_header(api_key: str | None, api_secret: str | None) -> tuple[str, str]:
    """(api_key, ``Authorization`` value) for the tenant API's HTTP Basic auth."""
    key = _required(api_key, API_KEY_ENV, "an API key", "api_key")
    secret = _required(api_secret, API_SECRET_ENV, "an API secret", "api_secret")
    if ":" in key:
        raise FAMILY.invalid("an API key cannot contain ':' (api_key)")
    pair = base64.b64encode(f"{key}:{secret}".encode()).decode("ascii")
    return key, f"Basic {pair}"


def bearer_header(operator_token: str | None) -> str:
    """``Authorization`` value for the operator (admin) API."""
    token = _required(operator_token, OPERATOR_TOKEN_ENV, "an operator token", "operator_token")
    return f"Bearer {token}"


def new_core(
    authorization: str,
    base_url: str | None,
    max_retries: int,
    retry_policy: RetryPolicy | None,
    hint: HintFunction,
) -> ClientCore:
    """A bare-JSON core that sends ``authorization`` with every request."""
    url = resolve(base_url, BASE_URL_ENV, DEFAULT_BASE_URL)
    assert url is not None
    return ClientCore(
        base_url=url.rstrip("/"),
        family=FAMILY,
        envelope=False,
        policy=retry_policy or RetryPolicy(max_retries=max_retries),
        clock=time.time,
        session=None,
        hint=hint,
        headers={"Authorization": authorization},
    )
