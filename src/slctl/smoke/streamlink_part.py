"""StreamLink steps: sign up (or in), create a room, viewer token, publish, end the room."""

from __future__ import annotations

import secrets
from contextlib import ExitStack
from urllib.parse import parse_qs, urlsplit

from golive_sdk import inspect_token
from streamlink_sdk import APIStatusError, RoomCreated, StreamLink

from .checks import Expected, check_token, grants_text
from .config import SmokeConfig
from .rtc import publish_step
from .steps import StepFailed, StepRunner

G = "streamlink"
LATER = ("viewer join token", "publish frames", "end room")


def _key(join_url: str) -> str | None:
    values = parse_qs(urlsplit(join_url).query).get("key")
    return values[0] if values else None


def _create_room(sl: StreamLink) -> RoomCreated:
    created = sl.rooms.create(f"slctl smoke {secrets.token_hex(3)}", type="public")
    if not created.join_url or not created.livekit.url or not created.livekit.token:
        raise StepFailed("the answer lacks joinUrl or LiveKit access")
    info = inspect_token(created.livekit.token)
    if not info.grants.can_publish:
        raise StepFailed("the host token cannot publish")
    return created


def _viewer(sl: StreamLink, created: RoomCreated) -> str:
    access = sl.rooms.join(created.room.id, key=_key(created.join_url))
    host = inspect_token(created.livekit.token)
    info = check_token(
        access.token, Expected(room=host.room, can_publish=False, can_subscribe=True)
    )
    return f"{info.identity} ({grants_text(info)}) in {info.room}"


def _end(sl: StreamLink, room_id: str) -> str:
    sl.rooms.end(room_id)
    room = sl.rooms.get(room_id)
    if room.status != "ended":
        raise StepFailed(f"room status is {room.status!r} after ending it")
    try:
        sl.rooms.join(room_id)
    except APIStatusError as exc:
        return f"status ended; viewers now get HTTP {exc.status}"
    raise StepFailed("an ended room still hands out viewer tokens")


def streamlink_part(cfg: SmokeConfig, run: StepRunner, stack: ExitStack) -> None:
    """Run the StreamLink steps; cleanups are registered with ``run``."""
    sl = stack.enter_context(StreamLink(base_url=cfg.base_url, timeout=cfg.timeout))
    if cfg.email and cfg.password:
        email, password = cfg.email, cfg.password
        session = run.run(
            G,
            "sign in",
            lambda: sl.auth.signin(email=email, password=password),
            lambda s: f"user {s.user.id}",
        )
    else:
        email = f"slctl-smoke-{secrets.token_hex(5)}@example.com"
        password = secrets.token_urlsafe(18)
        session = run.run(
            G,
            "sign up",
            lambda: sl.auth.signup(email=email, password=password, display_name="slctl smoke"),
            lambda s: f"user {s.user.id} ({email})",
        )
    if session is None:
        for name in ("create room", *LATER):
            run.skip(G, name, "needs a signed-in user")
        return
    run.defer(G, "sign out", sl.auth.signout)
    created = run.run(
        G,
        "create room",
        lambda: _create_room(sl),
        lambda c: f"room {c.room.id}, join URL {c.join_url}",
    )
    if created is None:
        for name in LATER:
            run.skip(G, name, "needs a room")
        return
    run.run(G, "viewer join token", lambda: _viewer(sl, created), lambda d: d)
    publish_step(cfg, run, G, created.livekit.url, created.livekit.token)
    if cfg.keep:
        run.skip(G, "end room", f"kept (--keep): room {created.room.id}")
        return
    room_id = created.room.id
    if run.run(G, "end room", lambda: _end(sl, room_id), lambda d: d) is None:
        run.defer(G, "end room (retry)", lambda: sl.rooms.end(room_id))
