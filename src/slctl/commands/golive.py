"""``slctl golive``: GoLive tenant API (rooms, participant tokens, ``me``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from slctl.cli.clients import GoLiveFlags, golive
from slctl.cli.options import JsonFlag
from slctl.cli.output import Output, info, output
from slctl.commands import golive_admin

if TYPE_CHECKING:
    from golive_sdk import Room, Tenant

app = typer.Typer(
    help="GoLive: rooms and LiveKit tokens for one tenant; `admin` for operators.",
    no_args_is_help=True,
)
rooms_app = typer.Typer(help="Create, ensure, list and delete GoLive rooms.", no_args_is_help=True)
app.add_typer(rooms_app, name="rooms")
app.add_typer(golive_admin.app, name="admin")


def register(root: typer.Typer) -> None:
    """Add ``slctl golive`` to the root app."""
    root.add_typer(app, name="golive")


@app.callback()
def credentials(
    ctx: typer.Context,
    api_key: Annotated[
        str | None, typer.Option("--api-key", envvar="GOLIVE_API_KEY", help="Tenant API key.")
    ] = None,
    api_secret: Annotated[
        str | None,
        typer.Option(
            "--api-secret",
            envvar="GOLIVE_API_SECRET",
            help="Tenant API secret (prefer the env variable or the profile's keyring entry).",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", envvar="GOLIVE_BASE_URL", help="GoLive base URL."),
    ] = None,
) -> None:
    """GoLive credentials: flags, then GOLIVE_* variables, then the profile."""
    ctx.meta["golive"] = GoLiveFlags(api_key=api_key, api_secret=api_secret, base_url=base_url)


def flags(ctx: typer.Context) -> GoLiveFlags:
    """The GoLive options given to the enclosing ``golive`` group."""
    found = ctx.meta.get("golive")
    return found if isinstance(found, GoLiveFlags) else GoLiveFlags()


RoomName = Annotated[str, typer.Argument(help="Room name (1-64 of A-Z a-z 0-9 _ -).")]
MaxParticipants = Annotated[
    int | None, typer.Option("--max-participants", min=1, help="Participant limit.")
]
ROOM_COLUMNS = ("name", "livekit_room", "max_participants", "created_at")


def _room_row(room: Room) -> list[str | int | None]:
    created = room.created_at.isoformat(timespec="seconds") if room.created_at else None
    return [room.name, room.livekit_room, room.max_participants, created]


def _show_room(out: Output, room: Room) -> None:
    if out.json:
        out.print_json(room.model_dump(mode="json"))
    else:
        out.fields(dict(zip(ROOM_COLUMNS, _room_row(room), strict=True)))


@rooms_app.command()
def create(
    ctx: typer.Context,
    name: RoomName,
    max_participants: MaxParticipants = None,
    json_flag: JsonFlag = False,
) -> None:
    """Create a room (error 1 if it exists; see `ensure`)."""
    with golive(flags(ctx)) as gl:
        room = gl.rooms.create(name, max_participants=max_participants)
    _show_room(output(json_flag), room)


@rooms_app.command()
def ensure(
    ctx: typer.Context,
    name: RoomName,
    max_participants: MaxParticipants = None,
    json_flag: JsonFlag = False,
) -> None:
    """Create a room unless it exists (idempotent)."""
    with golive(flags(ctx)) as gl:
        room = gl.rooms.ensure(name, max_participants=max_participants)
    _show_room(output(json_flag), room)


@rooms_app.command("list")
def list_rooms(ctx: typer.Context, json_flag: JsonFlag = False) -> None:
    """List the tenant's rooms."""
    with golive(flags(ctx)) as gl:
        rooms = gl.rooms.list()
    out = output(json_flag)
    if out.json:
        out.print_json({"rooms": [room.model_dump(mode="json") for room in rooms]})
    else:
        out.table(ROOM_COLUMNS, [_room_row(room) for room in rooms])


@rooms_app.command()
def get(ctx: typer.Context, name: RoomName, json_flag: JsonFlag = False) -> None:
    """Show one room."""
    with golive(flags(ctx)) as gl:
        room = gl.rooms.get(name)
    _show_room(output(json_flag), room)


@rooms_app.command()
def delete(ctx: typer.Context, name: RoomName, json_flag: JsonFlag = False) -> None:
    """Delete a room; its participants are disconnected."""
    with golive(flags(ctx)) as gl:
        gl.rooms.delete(name)
    info(f"Room {name} deleted.")
    out = output(json_flag)
    if out.json:
        out.print_json({"name": name, "deleted": True})


@app.command("token")
def mint_token(
    ctx: typer.Context,
    room: RoomName,
    identity: Annotated[str, typer.Option("--identity", "-i", help="Participant identity.")],
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    no_publish: Annotated[bool, typer.Option("--no-publish", help="Cannot publish.")] = False,
    no_subscribe: Annotated[bool, typer.Option("--no-subscribe", help="Cannot subscribe.")] = False,
    no_data: Annotated[bool, typer.Option("--no-data", help="Cannot publish data.")] = False,
    ttl: Annotated[int, typer.Option("--ttl", help="Validity in seconds (60-86400).")] = 3600,
    json_flag: JsonFlag = False,
) -> None:
    """Mint a LiveKit token for a participant (piped: just the token)."""
    with golive(flags(ctx)) as gl:
        minted = gl.tokens.create(
            room,
            identity=identity,
            name=name,
            can_publish=not no_publish,
            can_subscribe=not no_subscribe,
            can_publish_data=not no_data,
            ttl_seconds=ttl,
        )
    out = output(json_flag)
    if out.json:
        out.print_json(minted.model_dump(mode="json"))
    elif out.tty:
        out.fields(
            {
                "ws_url": minted.ws_url,
                "room": minted.room,
                "identity": minted.identity,
                "expires_in": minted.expires_in,
                "token": minted.token,
            }
        )
    else:
        out.line(minted.token)


def show_tenant(out: Output, tenant: Tenant) -> None:
    """A tenant as JSON or fields."""
    data = tenant.model_dump(mode="json")
    if out.json:
        out.print_json(data)
    else:
        out.fields(data)


@app.command()
def me(ctx: typer.Context, json_flag: JsonFlag = False) -> None:
    """Show the tenant the credentials belong to."""
    with golive(flags(ctx)) as gl:
        tenant = gl.me()
    show_tenant(output(json_flag), tenant)
