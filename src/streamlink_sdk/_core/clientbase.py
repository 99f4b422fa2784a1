"""Construction helpers shared by the SDK clients (HTTP client ownership, defaults)."""

from __future__ import annotations

import os
from typing import Any, TypeVar

import httpx

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = "streamlink-sdk/0.1.0"

C = TypeVar("C", httpx.Client, httpx.AsyncClient)


def resolve(value: str | None, env: str, default: str | None = None) -> str | None:
    """An explicit value, else the environment variable, else the default."""
    if value:
        return value
    return os.environ.get(env) or default


def make_http_client(
    kind: type[C], supplied: C | None, timeout: float | httpx.Timeout | None, **options: Any
) -> tuple[C, bool]:
    """The HTTP client to use, and whether the SDK owns (and must close) it."""
    if supplied is not None:
        return supplied, False
    client = kind(
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        headers={"User-Agent": USER_AGENT},
        **options,
    )
    return client, True
