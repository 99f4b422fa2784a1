"""The api_secret and the operator token never appear in repr, exception text or logs."""

from __future__ import annotations

import base64
import logging
from typing import Any

import httpx
import pytest
import respx

from golive_sdk import GoLiveError

from .conftest import API_KEY, API_SECRET, OPERATOR_TOKEN, TENANT, TOKEN, call, error

NEW_SECRET = "gl-secret-ROTATED-DO-NOT-LEAK-99"
BASIC_BLOB = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
SECRETS = [API_SECRET, OPERATOR_TOKEN, NEW_SECRET, BASIC_BLOB, "LK-TOKEN-SECRET"]


def _exception_texts(exc: BaseException) -> list[str]:
    texts = [str(exc), repr(exc)]
    if exc.__cause__ is not None:
        texts += [str(exc.__cause__), repr(exc.__cause__)]
    return texts


async def test_no_secret_in_reprs_errors_or_logs(
    make: Any,
    make_admin: Any,
    api: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
    sleeps: list[float],
) -> None:
    caplog.set_level(logging.DEBUG)
    gl = make()
    admin = make_admin()
    api.get("/api/v1/me").respond(401, json=error("UNAUTHORIZED", "bad credentials"))
    api.get("/api/v1/rooms").respond(500, text="<html>oops</html>")
    api.post("/api/v1/rooms").mock(side_effect=httpx.ConnectError("refused"))
    api.get("/api/v1/rooms/team-standup").respond(
        429, json=error("RATE_LIMITED", "slow"), headers={"Retry-After": "1"}
    )
    api.post("/api/v1/rooms/team-standup/tokens").mock(
        side_effect=[
            httpx.Response(404, json=error("NOT_FOUND", "no room")),
            httpx.Response(403, json=error("FORBIDDEN", "no")),
            httpx.Response(200, json=TOKEN),
        ]
    )
    api.get("/admin/tenants").respond(401, json=error("UNAUTHORIZED", "bad operator token"))
    api.post("/admin/tenants/acme/rotate-secret").respond(
        200, json={"tenant": TENANT, "api_key": API_KEY, "api_secret": NEW_SECRET}
    )

    texts = [repr(gl), str(gl), repr(admin), str(admin), repr(gl._core), repr(admin._core)]
    failing = [
        lambda: gl.me(),
        lambda: gl.rooms.list(),
        lambda: gl.rooms.create("team-standup"),
        lambda: gl.rooms.get("team-standup"),
        lambda: gl.tokens.create("team-standup", identity="u"),
        lambda: gl.tokens.create("team-standup", identity="u"),
        lambda: gl.tokens.create("team-standup", identity=""),  # local check
        lambda: admin.tenants.list(),
        lambda: admin.tenants.create(""),  # local check
    ]
    for invoke in failing:
        with pytest.raises(GoLiveError) as info:
            await call(invoke())
        texts += _exception_texts(info.value)
    token = await call(gl.tokens.create("team-standup", identity="u"))
    rotated = await call(admin.tenants.rotate_secret("acme"))
    texts += [repr(token), str(token), repr(rotated), str(rotated), repr(rotated.tenant)]
    texts += [record.getMessage() for record in caplog.records]
    texts.append(caplog.text)

    assert caplog.records, "expected debug logging from the SDK and httpx"
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"a secret leaked into: {text[:80]!r}"


def test_construction_errors_do_not_echo_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    from golive_sdk import GoLive, GoLiveAdmin, InvalidInputError

    monkeypatch.delenv("GOLIVE_API_KEY", raising=False)
    monkeypatch.delenv("GOLIVE_OPERATOR_TOKEN", raising=False)
    with pytest.raises(InvalidInputError) as info:
        GoLive(api_secret=API_SECRET)
    assert API_SECRET not in str(info.value)
    with pytest.raises(InvalidInputError) as info:
        GoLiveAdmin(OPERATOR_TOKEN + " with space")
    assert OPERATOR_TOKEN not in str(info.value)
