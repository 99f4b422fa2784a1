"""GoLive steps: credentials (or a throwaway tenant), ensure a room, mint and check tokens."""

from __future__ import annotations

import secrets
from contextlib import ExitStack

from golive_sdk import GoLive, GoLiveAdmin, Room, TenantCredentials

from .checks import Expected, check_token, grants_text
from .config import SmokeConfig
from .steps import StepFailed, StepRunner

G = "golive"
STEPS = ("check credentials", "ensure room", "mint two tokens")
NO_CREDENTIALS = (
    "no GoLive credentials: pass --golive-key/--golive-secret (or GOLIVE_API_KEY/"
    "GOLIVE_API_SECRET), or --operator-token (GOLIVE_OPERATOR_TOKEN) for a throwaway tenant"
)


def _tenant(cfg: SmokeConfig, run: StepRunner, stack: ExitStack) -> tuple[str, str] | None:
    """(api_key, api_secret) to use, creating a throwaway tenant when only an operator
    token is at hand; ``None`` when GoLive cannot be checked."""
    if cfg.golive_key and cfg.golive_secret:
        return cfg.golive_key, cfg.golive_secret
    if not cfg.operator_token:
        if cfg.require_golive:
            run.fail(G, "credentials", NO_CREDENTIALS + " (--require-golive)")
        else:
            run.skip(G, "credentials", NO_CREDENTIALS)
        return None
    admin = stack.enter_context(
        GoLiveAdmin(
            operator_token=cfg.operator_token, base_url=cfg.golive_origin, timeout=cfg.timeout
        )
    )
    name = f"slctl smoke {secrets.token_hex(3)}"
    creds: TenantCredentials | None = run.run(
        G,
        "create throwaway tenant",
        lambda: admin.tenants.create(name),
        lambda c: f"tenant {c.tenant.id}",
    )
    if creds is None:
        return None
    tenant_id = creds.tenant.id
    run.defer(G, "deactivate throwaway tenant", lambda: admin.tenants.deactivate(tenant_id))
    return creds.api_key, creds.api_secret


def _mint(gl: GoLive, room: Room) -> str:
    """Mint a publisher and a viewer token and check what each grants."""
    publisher = gl.tokens.create(
        room.name, identity="smoke-publisher", name="Smoke publisher", ttl_seconds=600
    )
    viewer = gl.tokens.create(
        room.name,
        identity="smoke-viewer",
        can_publish=False,
        can_publish_data=False,
        ttl_seconds=300,
    )
    for minted in (publisher, viewer):
        if minted.room != room.livekit_room:
            raise StepFailed(f"token is for {minted.room!r}, the room is {room.livekit_room!r}")
    p = check_token(
        publisher.token,
        Expected(
            room=room.livekit_room,
            identity="smoke-publisher",
            can_publish=True,
            can_subscribe=True,
            can_publish_data=True,
            ttl=600,
        ),
    )
    v = check_token(
        viewer.token,
        Expected(
            room=room.livekit_room,
            identity="smoke-viewer",
            can_publish=False,
            can_subscribe=True,
            can_publish_data=False,
            ttl=300,
        ),
    )
    return f"publisher {grants_text(p)}, viewer {grants_text(v)}"


def golive_part(cfg: SmokeConfig, run: StepRunner, stack: ExitStack) -> None:
    """Run the GoLive steps; cleanups are registered with ``run``."""
    creds = _tenant(cfg, run, stack)
    if creds is None:
        reason = "needs GoLive credentials"
        for name in STEPS:
            run.skip(G, name, reason)
        return
    gl = stack.enter_context(
        GoLive(
            api_key=creds[0], api_secret=creds[1], base_url=cfg.golive_origin, timeout=cfg.timeout
        )
    )
    tenant = run.run(G, "check credentials", gl.me, lambda t: f"tenant {t.id} ({t.name})")
    if tenant is None:
        run.skip(G, "ensure room", "needs valid credentials")
        run.skip(G, "mint two tokens", "needs valid credentials")
        return
    name = f"slctl-smoke-{secrets.token_hex(4)}"
    room = run.run(
        G,
        "ensure room",
        lambda: gl.rooms.ensure(name, max_participants=10),
        lambda r: f"room {r.name} -> {r.livekit_room}",
    )
    if room is None:
        run.skip(G, "mint two tokens", "needs a room")
        return
    run.defer(G, "delete room", lambda: gl.rooms.delete(name))
    run.run(G, "mint two tokens", lambda: _mint(gl, room), lambda d: d)
