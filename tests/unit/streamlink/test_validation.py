"""Bad input is refused locally, before any request, without echoing secrets."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from streamlink_sdk import InvalidInputError

from .conftest import call

BAD_CALLS = [
    ("empty email", lambda sl: sl.auth.signup(email="", password="long enough")),
    ("email without @", lambda sl: sl.auth.signin(email="nobody", password="pw")),
    ("short password", lambda sl: sl.auth.signup(email="a@b.co", password="short")),
    ("empty signin password", lambda sl: sl.auth.signin(email="a@b.co", password="")),
    ("unknown room type", lambda sl: sl.rooms.create("Demo", type="secret")),
    ("empty room name", lambda sl: sl.rooms.create("", type="public")),
    ("empty room id", lambda sl: sl.rooms.get("")),
    ("room id with slash", lambda sl: sl.rooms.end("a/b")),
    ("empty host token id", lambda sl: sl.rooms.host_token("")),
    ("limit 0", lambda sl: sl.rooms.list(limit=0)),
    ("limit 1000", lambda sl: sl.rooms.list(limit=1000)),
    ("unknown status", lambda sl: sl.rooms.list(status="paused")),
]


@pytest.mark.parametrize(("why", "bad"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_input_raises_before_any_request(
    signed_in: Any, api: respx.MockRouter, why: str, bad: Any
) -> None:
    with pytest.raises(InvalidInputError) as info:
        await call(bad(signed_in))
    assert len(api.calls) == 0, why
    assert info.value.status == 400 and info.value.code == "INVALID_INPUT"
    assert info.value.response is None
    assert "local check" in str(info.value)


async def test_message_names_the_field_not_the_secret(make: Any, api: respx.MockRouter) -> None:
    with pytest.raises(InvalidInputError) as info:
        await call(make().auth.signup(email="a@b.co", password="hunter2"))
    assert "password" in str(info.value)
    assert "hunter2" not in str(info.value) and "hunter2" not in repr(info.value)
