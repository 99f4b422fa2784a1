"""``slctl token inspect``: decode a LiveKit token offline (no signature check)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from slctl.cli.errors import CliError
from slctl.cli.exitcodes import ExitCode
from slctl.cli.options import JsonFlag
from slctl.cli.output import output
from slctl.cli.timefmt import time_left

app = typer.Typer(help="Work with LiveKit access tokens.", no_args_is_help=True)

GRANTS = ("room_join", "can_publish", "can_subscribe", "can_publish_data", "room_admin", "hidden")


def register(root: typer.Typer) -> None:
    """Add ``slctl token`` to the root app."""
    root.add_typer(app, name="token")


def _read(jwt: str) -> str:
    if jwt != "-":
        return jwt
    text = sys.stdin.read().strip()
    if not text:
        raise CliError("no token on stdin", ExitCode.USAGE)
    return text


@app.command()
def inspect(
    jwt: Annotated[str, typer.Argument(help="The token, or - to read it from stdin.")],
    json_flag: JsonFlag = False,
) -> None:
    """Show who a token is for, which room, its grants and when it expires.

    The signature is NOT verified; do not base access decisions on this.
    """
    from golive_sdk import inspect_token

    info = inspect_token(_read(jwt))
    left = info.seconds_left()
    grants = {name: getattr(info.grants, name) for name in GRANTS}
    when = {
        "issued_at": info.issued_at.isoformat() if info.issued_at else None,
        "not_before": info.not_before.isoformat() if info.not_before else None,
        "expires_at": info.expires_at.isoformat() if info.expires_at else None,
    }
    out = output(json_flag)
    if out.json:
        data: dict[str, Any] = {
            "identity": info.identity,
            "name": info.name,
            "room": info.room,
            "issuer": info.issuer,
            **when,
            "seconds_left": round(left) if left is not None else None,
            "expired": info.expired(),
            "grants": {**grants, "can_publish_sources": list(info.grants.can_publish_sources)},
        }
        out.print_json(data)
        return
    out.fields(
        {
            "identity": info.identity,
            "name": info.name,
            "room": info.room,
            "issuer": info.issuer,
            **when,
            "expires": time_left(left),
            "grants": ", ".join(name for name, allowed in grants.items() if allowed) or "none",
        }
    )
