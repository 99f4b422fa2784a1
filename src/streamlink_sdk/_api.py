"""StreamLink operations, declared once: endpoint specs and the flows built on them.

The sync and async clients in ``client.py`` are thin facades that run these flows.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, create_model

from ._core.endpoint import Endpoint, no_content
from ._core.flow import ClientCore, Flow, Refresh, Session, call_flow, establish, forget
from ._core.tokens import Tokens, TokenState
from ._core.validation import validate
from .errors import FAMILY
from .models import (
    APIModel,
    AuthSession,
    ListInput,
    LiveKitAccess,
    Room,
    RoomCreated,
    RoomId,
    RoomInput,
    RoomPage,
    SigninInput,
    SignupInput,
    User,
)


class _TokenPayload(APIModel):
    access_token: str = Field(repr=False)
    refresh_token: str = Field(repr=False)
    access_token_expires_in: float = 900


class _AuthPayload(_TokenPayload):
    user: User


def _tokens(state: TokenState, payload: _TokenPayload) -> Tokens:
    """Tokens from a signup/signin/refresh payload; expiry counted from now."""
    return Tokens(
        access_token=payload.access_token,
        refresh_token=payload.refresh_token,
        access_expires_at=state.expiry_from_lifetime(payload.access_token_expires_in),
    )


def _field(name: str, model: type[APIModel]) -> Any:
    """A parser taking the one key ``name`` of the payload into ``model``.

    A wrapper model does the lookup, so a payload without the key is a pydantic
    ``ValidationError`` (an ``INVALID_RESPONSE`` error for the caller), never a ``KeyError``.
    """
    fields: dict[str, Any] = {name: (model, ...)}
    wrapper = create_model(f"_{name.title()}Payload", __base__=APIModel, **fields)

    def parse(data: Any) -> Any:
        return getattr(wrapper.model_validate(data), name)

    return parse


SIGNUP = Endpoint("POST", "/auth/signup", _AuthPayload.model_validate, name="auth.signup")
SIGNIN = Endpoint("POST", "/auth/signin", _AuthPayload.model_validate, name="auth.signin")
SIGNOUT = no_content("POST", "/auth/signout", name="auth.signout")
ME: Endpoint[User] = Endpoint("GET", "/auth/me", _field("user", User), bearer=True, retry_safe=True)
ROOM_CREATE = Endpoint("POST", "/rooms", RoomCreated.model_validate, bearer=True)
ROOM_LIST = Endpoint("GET", "/rooms", RoomPage.model_validate, bearer=True, retry_safe=True)
ROOM_GET: Endpoint[Room] = Endpoint(
    "GET", "/rooms/{id}", _field("room", Room), bearer=True, retry_safe=True
)
ROOM_TOKEN: Endpoint[LiveKitAccess] = Endpoint(
    "POST", "/rooms/{id}/token", _field("livekit", LiveKitAccess), bearer=True, retry_safe=True
)
ROOM_END = no_content("POST", "/rooms/{id}/end", bearer=True, retry_safe=True)
ROOM_JOIN: Endpoint[LiveKitAccess] = Endpoint(
    "POST", "/rooms/{id}/join", _field("livekit", LiveKitAccess), retry_safe=True
)


def new_session(state: TokenState) -> Session:
    """A bearer session whose refresh call turns the payload into ``Tokens``."""

    def to_tokens(data: Any) -> Tokens:
        return _tokens(state, _TokenPayload.model_validate(data))

    refresh = Endpoint("POST", "/auth/refresh", to_tokens, name="auth.refresh")
    return Session(state, lambda token: refresh.call(json={"refreshToken": token}))


def _room_id(room_id: str) -> dict[str, str]:
    return {"id": validate(RoomId, FAMILY, room_id=room_id).room_id}


def _signed_in(core: ClientCore, payload: _AuthPayload) -> AuthSession:
    assert core.session is not None
    tokens = _tokens(core.session.state, payload)
    establish(core, tokens)
    return AuthSession(user=payload.user, tokens=tokens)


def signup(
    core: ClientCore, email: str, password: str, display_name: str | None
) -> Flow[AuthSession]:
    """Create an account and sign in."""
    body = validate(SignupInput, FAMILY, email=email, password=password, display_name=display_name)
    payload = yield from call_flow(
        core, SIGNUP.call(json=body.model_dump(by_alias=True, exclude_none=True))
    )
    return _signed_in(core, payload)


def signin(core: ClientCore, email: str, password: str) -> Flow[AuthSession]:
    """Sign in with email and password."""
    body = validate(SigninInput, FAMILY, email=email, password=password)
    payload = yield from call_flow(core, SIGNIN.call(json=body.model_dump(by_alias=True)))
    return _signed_in(core, payload)


def refresh(core: ClientCore) -> Flow[Tokens]:
    """Rotate the tokens now (single-flight with any automatic refresh)."""
    assert core.session is not None
    state = core.session.state
    snap = state.snapshot()
    if snap.tokens is None:
        raise FAMILY.session_expired("not signed in", hint="sign in first")
    yield Refresh(snap)
    tokens = state.snapshot().tokens
    if tokens is None:
        raise FAMILY.session_expired("not signed in", hint="sign in first")
    return tokens


def signout(core: ClientCore) -> Flow[None]:
    """Revoke the refresh-token family on the server and forget the tokens locally."""
    assert core.session is not None
    tokens = core.session.state.snapshot().tokens
    if tokens is not None:
        yield from call_flow(core, SIGNOUT.call(json={"refreshToken": tokens.refresh_token}))
    forget(core)


def me(core: ClientCore) -> Flow[User]:
    """The signed-in user."""
    return call_flow(core, ME.call())


def create_room(core: ClientCore, name: str, type: str) -> Flow[RoomCreated]:
    """Create a broadcast room; the answer holds the host's LiveKit access."""
    body = validate(RoomInput, FAMILY, name=name, type=type)
    return call_flow(core, ROOM_CREATE.call(json=body.model_dump(by_alias=True)))


def list_rooms(
    core: ClientCore, status: str | None, limit: int | None, cursor: str | None
) -> Flow[RoomPage]:
    """One page of the signed-in user's rooms, newest first."""
    query = validate(ListInput, FAMILY, status=status, limit=limit, cursor=cursor)
    params = {k: v for k, v in query.model_dump().items() if v is not None}
    return call_flow(core, ROOM_LIST.call(params=params))


def get_room(core: ClientCore, room_id: str) -> Flow[Room]:
    """One room by id."""
    return call_flow(core, ROOM_GET.call(_room_id(room_id)))


def host_token(core: ClientCore, room_id: str) -> Flow[LiveKitAccess]:
    """A fresh host token for a room you own (to reconnect)."""
    return call_flow(core, ROOM_TOKEN.call(_room_id(room_id)))


def end_room(core: ClientCore, room_id: str) -> Flow[None]:
    """End a room you own; LiveKit disconnects everyone in it."""
    return call_flow(core, ROOM_END.call(_room_id(room_id)))


def join_room(core: ClientCore, room_id: str, key: str | None) -> Flow[LiveKitAccess]:
    """A subscribe-only viewer token (no sign-in needed; private rooms need ``key``)."""
    return call_flow(core, ROOM_JOIN.call(_room_id(room_id), json={"key": key} if key else {}))
