"""Every non-2xx answer becomes the DESIGN.md exception, envelope or not."""

from __future__ import annotations

from typing import Any

import pytest
import respx

import streamlink_sdk as sdk
from streamlink_sdk._core import errors as core

from .conftest import call, fail, ok

CASES = [
    (400, "INVALID_INPUT", sdk.InvalidInputError),
    (422, "INVALID_INPUT", sdk.InvalidInputError),
    (401, "UNAUTHORIZED", sdk.AuthenticationError),
    (403, "FORBIDDEN", sdk.PermissionDeniedError),
    (404, "NOT_FOUND", sdk.NotFoundError),
    (409, "EMAIL_TAKEN", sdk.ConflictError),
    (418, "TEAPOT", sdk.APIStatusError),
    (500, "INTERNAL", sdk.ServerError),
    (503, "INTERNAL", sdk.ServerError),
]


@pytest.mark.parametrize(("status", "code", "cls"), CASES)
async def test_envelope_errors_map_to_classes(
    make: Any,
    api: respx.MockRouter,
    status: int,
    code: str,
    cls: type[Exception],
    sleeps: list[float],
) -> None:
    api.post("/auth/signin").respond(
        status, json=fail(code, "it went wrong"), headers={"x-request-id": "req-7"}
    )
    with pytest.raises(cls) as info:
        await call(make().auth.signin(email="a@b.co", password="pw"))
    err = info.value
    assert type(err) is cls
    assert (err.status, err.code, err.message) == (status, code, "it went wrong")
    assert err.request_id == "req-7"
    assert isinstance(err, sdk.StreamLinkError) and isinstance(err, core.SDKError)
    assert isinstance(err, core.APIStatusError)
    assert f"HTTP {status}" in str(err) and code in str(err)
    assert sleeps == []  # signin is not safe to repeat after a 5xx


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (
            b"<html><body><h1>502 Bad Gateway</h1></body></html>",
            "text/html",
            "unexpected text/html response: <html><body><h1>502 Bad Gateway</h1></body></html>",
        ),
        (b"", "", "502 Bad Gateway"),
        (b"{not json", "application/json", "unexpected application/json response: {not json"),
        (b'{"ok":false}', "application/json", 'unexpected application/json response: {"ok":false}'),
    ],
)
async def test_non_envelope_bodies_still_give_typed_errors(
    make: Any, api: respx.MockRouter, body: bytes, content_type: str, expected: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    api.post("/auth/signin").respond(502, content=body, headers=headers)
    with pytest.raises(sdk.ServerError) as info:
        await call(make().auth.signin(email="a@b.co", password="pw"))
    assert info.value.status == 502
    assert info.value.code == "HTTP_502"
    assert info.value.message == expected


async def test_long_html_is_truncated(make: Any, api: respx.MockRouter) -> None:
    api.post("/auth/signin").respond(
        500, text="<p>" + "x" * 5000, headers={"content-type": "text/html"}
    )
    with pytest.raises(sdk.ServerError) as info:
        await call(make().auth.signin(email="a@b.co", password="pw"))
    assert len(info.value.message) < 300 and info.value.message.endswith("...")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"ok": true}',
        b'{"ok": false, "data": {}}',
        b"[]",
        b'{"ok": true, "data": {"user": 5}}',
    ],
)
async def test_malformed_success_bodies(make: Any, api: respx.MockRouter, body: bytes) -> None:
    api.post("/auth/signin").respond(200, content=body)
    with pytest.raises(sdk.APIStatusError) as info:
        await call(make().auth.signin(email="a@b.co", password="pw"))
    assert info.value.code == "INVALID_RESPONSE" and info.value.status == 200


async def test_connection_refused_is_connection_error(make: Any, api: respx.MockRouter) -> None:
    import httpx

    api.post("/auth/signin").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(sdk.APIConnectionError) as info:
        await call(make().auth.signin(email="a@b.co", password="pw"))
    assert "cannot reach" in str(info.value)
    assert not isinstance(info.value, sdk.APITimeoutError)


async def test_timeout_is_timeout_error(make: Any, api: respx.MockRouter) -> None:
    import httpx

    api.post("/auth/signin").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(sdk.APITimeoutError):
        await call(make().auth.signin(email="a@b.co", password="pw"))


async def test_success_after_envelope_error_is_unaffected(make: Any, api: respx.MockRouter) -> None:
    api.get("/rooms/rm_1").respond(
        200, json=ok({"room": {"id": "rm_1", "name": "n", "type": "public"}})
    )
    from .conftest import tokens

    sl = make(store=sdk.MemoryTokenStore(tokens()))
    assert (await call(sl.rooms.get("rm_1"))).status == "live"
