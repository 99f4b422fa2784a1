"""Endpoint specs: each operation declared once, as data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

T = TypeVar("T")


def _none(_: Any) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[T]):
    """One HTTP operation of an API.

    ``parse`` turns the decoded success payload into the response model. ``bearer`` says
    the call needs the session's access token; ``retry_safe`` that repeating it after a
    5xx or a broken connection cannot do harm (GET/DELETE and idempotent POSTs).
    """

    method: str
    path: str
    parse: Callable[[Any], T]
    bearer: bool = False
    retry_safe: bool = False
    name: str = ""

    def call(
        self,
        path_params: Mapping[str, str] | None = None,
        *,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
    ) -> Call[T]:
        """Bind arguments to this endpoint."""
        return Call(self, dict(path_params or {}), json, dict(params or {}))


def no_content(method: str, path: str, **options: Any) -> Endpoint[None]:
    """An endpoint whose success has no body (204)."""
    return Endpoint(method, path, _none, **options)


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """An endpoint with its arguments, ready to become a request."""

    endpoint: Endpoint[T]
    path_params: dict[str, str] = field(default_factory=dict)
    json: Any = None
    params: dict[str, str | int] = field(default_factory=dict)

    def url(self, base_url: str) -> str:
        """The absolute URL, with path parameters percent-encoded."""
        path = self.endpoint.path.format(
            **{key: quote(value, safe="") for key, value in self.path_params.items()}
        )
        return base_url.rstrip("/") + path
