"""The server's LiveKit token minting matches livekit-api's AccessToken claim for claim."""

from __future__ import annotations

import itertools

import jwt
import pytest

from slctl.server.livekit import LiveKitGateway
from slctl.server.settings import ServerSettings

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

SECRET = "a-livekit-secret-that-is-long-enough-for-hs256"


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
    ours, ref = gw.mint(**kwargs), gw.mint_with_livekit_api(**kwargs)  # type: ignore[arg-type]
    assert jwt.get_unverified_header(ours) == jwt.get_unverified_header(ref)
    a = jwt.decode(ours, SECRET, algorithms=["HS256"])
    b = jwt.decode(ref, SECRET, algorithms=["HS256"])
    assert abs(a.pop("nbf") - b.pop("nbf")) <= 1 and abs(a.pop("exp") - b.pop("exp")) <= 1
    assert a == b
