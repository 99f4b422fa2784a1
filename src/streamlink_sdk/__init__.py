"""Typed sync and async SDK for the StreamLink broadcast API.

``import streamlink_sdk`` stays light: no CLI, LiveKit or server modules are imported.
Broadcasting lives in ``streamlink_sdk.broadcast`` (extra ``rtc``).
"""

from ._core.ratelimit import RateLimitInfo
from ._core.retry import RetryPolicy
from ._core.tokens import MemoryTokenStore, Tokens, TokenStore
from .client import AsyncStreamLink, StreamLink
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SessionExpiredError,
    StreamLinkError,
)
from .models import AuthSession, LiveKitAccess, Room, RoomCreated, RoomPage, User

__version__ = "0.1.0"

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncStreamLink",
    "AuthSession",
    "AuthenticationError",
    "ConflictError",
    "InvalidInputError",
    "LiveKitAccess",
    "MemoryTokenStore",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitInfo",
    "RetryPolicy",
    "Room",
    "RoomCreated",
    "RoomPage",
    "ServerError",
    "SessionExpiredError",
    "StreamLink",
    "StreamLinkError",
    "TokenStore",
    "Tokens",
    "User",
]
