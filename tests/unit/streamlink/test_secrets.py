"""No password or token appears in repr, exception text or debug logs."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
import respx

from streamlink_sdk import MemoryTokenStore, SessionExpiredError, StreamLinkError
from streamlink_sdk.token_store import FileTokenStore

from .conftest import ROOM, auth_payload, call, fail, ok

PASSWORD = "pa55-word-SECRET"
SECRETS = [PASSWORD, "acc-SECRET", "ref-SECRET", "ref-SECRET-2", "acc-SECRET-2", "lk-SECRET"]


async def test_no_secret_in_reprs_errors_or_logs(
    make: Any, api: respx.MockRouter, caplog: pytest.LogCaptureFixture, tmp_path: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    api.post("/auth/signin").respond(200, json=auth_payload("acc-SECRET", "ref-SECRET", ttl=30))
    api.post("/auth/refresh").mock(
        side_effect=[
            httpx.Response(
                200,
                json=ok(
                    {
                        "accessToken": "acc-SECRET-2",
                        "refreshToken": "ref-SECRET-2",
                        "accessTokenExpiresIn": 900,
                    }
                ),
            ),
            httpx.Response(401, json=fail("INVALID_REFRESH_TOKEN", "spent")),
        ]
    )
    api.post("/rooms").respond(
        201,
        json=ok(
            {
                "room": ROOM,
                "joinUrl": "http://j",
                "livekit": {"url": "ws://l", "token": "lk-SECRET"},
            }
        ),
    )
    api.get("/rooms/rm_1").respond(401, json=fail("UNAUTHORIZED", "no"))
    store = FileTokenStore(tmp_path / "t.json")
    sl = make(store=store)
    texts: list[str] = []
    session = await call(sl.auth.signin(email="a@b.co", password=PASSWORD))
    created = await call(sl.rooms.create("Demo"))  # proactive refresh happens here
    texts += [
        repr(sl),
        repr(session),
        repr(session.tokens),
        str(session),
        repr(created),
        str(created),
        repr(created.livekit),
        repr(store),
        repr(sl.tokens),
        repr(MemoryTokenStore(sl.tokens)),
    ]
    with pytest.raises(SessionExpiredError) as info:
        await call(sl.rooms.get("rm_1"))  # 401 -> refresh refused
    texts += [str(info.value), repr(info.value)]
    api.post("/auth/signin").respond(401, json=fail("INVALID_CREDENTIALS", "wrong"))
    with pytest.raises(StreamLinkError) as info2:
        await call(sl.auth.signin(email="a@b.co", password=PASSWORD))
    texts += [str(info2.value), repr(info2.value), repr(info2.value.response)]
    texts += [r.getMessage() for r in caplog.records]
    assert any("POST" in r.getMessage() for r in caplog.records)  # the debug log is on
    blob = "\n".join(texts)
    for secret in SECRETS:
        assert secret not in blob, secret
