"""Private, I/O-free core shared by the StreamLink and GoLive SDKs.

Everything here is pure logic (endpoint specs, response decoding, retry policy, rate-limit
parsing, the token state machine and the request flows). Only ``executor.py`` performs I/O.
"""

from . import _lean_httpx  # noqa: F401  (must run before anything imports httpx)
