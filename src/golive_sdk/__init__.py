"""Typed sync and async SDK for the GoLive multi-tenant LiveKit API.

``GoLive``/``AsyncGoLive`` speak the tenant API (rooms and participant tokens, HTTP Basic
``api_key:api_secret``); ``GoLiveAdmin``/``AsyncGoLiveAdmin`` the operator API (tenants).
``inspect_token`` reads a LiveKit token without verifying it. Importing this package loads
neither the CLI, LiveKit nor the server.
"""

from streamlink_sdk._core.ratelimit import RateLimitInfo
from streamlink_sdk._core.retry import RetryPolicy

from .admin import AsyncGoLiveAdmin, GoLiveAdmin
from .client import AsyncGoLive, GoLive
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConflictError,
    GoLiveError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from .models import Room, RoomToken, Tenant, TenantCredentials
from .token_info import TokenInfo, VideoGrants, inspect_token

__version__ = "0.1.0"

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncGoLive",
    "AsyncGoLiveAdmin",
    "AuthenticationError",
    "ConflictError",
    "GoLive",
    "GoLiveAdmin",
    "GoLiveError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitInfo",
    "RetryPolicy",
    "Room",
    "RoomToken",
    "ServerError",
    "Tenant",
    "TenantCredentials",
    "TokenInfo",
    "VideoGrants",
    "inspect_token",
]
