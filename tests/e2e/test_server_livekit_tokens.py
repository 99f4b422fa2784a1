"""The server's LiveKit token minting matches livekit-api's AccessToken claim for claim."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import jwt
import pytest
from livekit import api as lkapi

from slctl.server.livekit import LiveKitGateway
from slctl.server.settings import ServerSettings

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

SECRET = "a-livekit-secret-that-is-long-enough-for-hs256"


def reference_token(key: str, secret: str, **grant: Any) -> str:
    """The token ``livekit-api``'s ``AccessToken`` builds for the same request."""
    token = (
        lkapi.AccessToken(key, secret)
        .with_identity(grant["identity"])
        .with_ttl(timedelta(seconds=grant["ttl_seconds"]))
        .with_grants(
            lkapi.VideoGrants(
                room_join=True,
                room=grant["room"],
                can_publish=grant["can_publish"],
                can_subscribe=grant["can_subscribe"],
                can_publish_data=grant["can_publish_data"],
            )
        )
    )
    if grant["name"]:
        token = token.with_name(grant["name"])
    return str(token.to_jwt())


@pytest.mark.parametrize(
    ("publish", "subscribe", "data", "name"),
    list(itertools.product([True, False], [True, False], [True, False], [None, "Jäne <Doe>"])),
)
def test_mint_equals_livekit_api(
    publish: bool, subscribe: bool, data: bool, name: str | None
) -> None:
    gw = LiveKitGateway(ServerSettings(livekit_api_key="key1", livekit_api_secret=SECRET))
    kwargs = {
        "room": "acme__standup",
        "identity": "user-1",
        "name": name,
        "ttl_seconds": 600,
        "can_publish": publish,
        "can_subscribe": subscribe,
        "can_publish_data": data,
    }
    ours = gw.mint(**kwargs)  # type: ignore[arg-type]
    ref = reference_token("key1", SECRET, **kwargs)
    assert jwt.get_unverified_header(ours) == jwt.get_unverified_header(ref)
    a = jwt.decode(ours, SECRET, algorithms=["HS256"])
    b = jwt.decode(ref, SECRET, algorithms=["HS256"])
    assert abs(a.pop("nbf") - b.pop("nbf")) <= 1 and abs(a.pop("exp") - b.pop("exp")) <= 1
    assert a == b
