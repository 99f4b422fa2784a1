"""``slctl rooms``: StreamLink broadcast rooms of the signed-in user."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from slctl.cli.clients import streamlink
from slctl.cli.options import JsonFlag
from slctl.cli.output import Output, info, output

if TYPE_CHECKING:
    from streamlink_sdk import LiveKitAccess, Room

app = typer.Typer(help="Create, list, inspect and end broadcast rooms.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add ``slctl rooms`` to the root app."""
    root.add_typer(app, name="rooms")


class RoomType(StrEnum):
    """Who may join a room."""

    PUBLIC = "public"
    PRIVATE = "private"


class RoomStatus(StrEnum):
    """Room status filter."""

    LIVE = "live"
    ENDED = "ended"


RoomId = Annotated[str, typer.Argument(help="Room id.", show_default=False)]
COLUMNS = ("id", "name", "type", "status", "created_at")


def _row(room: Room) -> list[Any]:
    created = room.created_at.isoformat(timespec="seconds") if room.created_at else None
    return [room.id, room.name, room.type, room.status, created]


def _show_room(out: Output, room: Room) -> None:
    out.fields({k: v for k, v in room.model_dump(mode="json").items() if v is not None})


def _show_access(out: Output, access: LiveKitAccess) -> None:
    if out.json:
        out.print_json(access.model_dump(mode="json"))
    elif out.tty:
        out.fields({"livekit_url": access.url, "token": access.token})
    else:
        out.line(access.token)


@app.command()
def create(
    name: Annotated[str, typer.Argument(help="Room name.", show_default=False)],
    room_type: Annotated[
        RoomType, typer.Option("--type", "-t", help="Who may join.")
    ] = RoomType.PUBLIC,
    json_flag: JsonFlag = False,
) -> None:
    """Create a room; prints its join URL and the LiveKit URL (--json: everything)."""
    with streamlink() as sl:
        created = sl.rooms.create(name, room_type.value)
    out = output(json_flag)
    if out.json:
        out.print_json(created.model_dump(mode="json"))
        return
    out.fields(
        {
            "id": created.room.id,
            "name": created.room.name,
            "type": created.room.type,
            "join_url": created.join_url,
            "livekit_url": created.livekit.url,
        }
    )


@app.command("list")
def list_rooms(
    status: Annotated[RoomStatus | None, typer.Option("--status", help="Filter.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Page size.")] = 50,
    cursor: Annotated[str | None, typer.Option("--cursor", help="Page to start at.")] = None,
    all_pages: Annotated[bool, typer.Option("--all", help="Follow every page.")] = False,
    json_flag: JsonFlag = False,
) -> None:
    """List your rooms, newest first."""
    with streamlink() as sl:
        wanted = status.value if status else None
        page = sl.rooms.list(status=wanted, limit=limit, cursor=cursor)
        rooms = list(page.rooms)
        while all_pages and page.next_cursor:
            page = sl.rooms.list(status=wanted, limit=limit, cursor=page.next_cursor)
            rooms.extend(page.rooms)
    out = output(json_flag)
    if out.json:
        out.print_json(
            {
                "rooms": [room.model_dump(mode="json") for room in rooms],
                "next_cursor": page.next_cursor,
            }
        )
        return
    out.table(COLUMNS, [_row(room) for room in rooms])
    if page.next_cursor:
        info(f"more rooms: slctl rooms list --cursor {page.next_cursor}")


@app.command()
def get(room_id: RoomId, json_flag: JsonFlag = False) -> None:
    """Show one room."""
    with streamlink() as sl:
        room = sl.rooms.get(room_id)
    out = output(json_flag)
    if out.json:
        out.print_json(room.model_dump(mode="json"))
    else:
        _show_room(out, room)


@app.command()
def end(room_id: RoomId, json_flag: JsonFlag = False) -> None:
    """End a room; everyone in it is disconnected."""
    with streamlink() as sl:
        sl.rooms.end(room_id)
    info(f"Room {room_id} ended.")
    out = output(json_flag)
    if out.json:
        out.print_json({"id": room_id, "status": "ended"})


@app.command()
def token(room_id: RoomId, json_flag: JsonFlag = False) -> None:
    """Mint a fresh host token for a room you own (piped: just the token)."""
    with streamlink() as sl:
        access = sl.rooms.host_token(room_id)
    _show_access(output(json_flag), access)
