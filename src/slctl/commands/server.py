"""``slctl server``: run the bundled reference server (extra ``server``)."""

from __future__ import annotations

from typing import Annotated

import typer

from slctl.cli.errors import CliError
from slctl.cli.exitcodes import ExitCode


def register(root: typer.Typer) -> None:
    """Add ``slctl server`` to the root app."""
    root.command("server")(server)


def server(
    host: Annotated[str | None, typer.Option("--host", help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="TCP port.")] = None,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="SQLAlchemy URL (default: SQLite).")
    ] = None,
    public_url: Annotated[
        str | None, typer.Option("--public-url", help="Base URL used in join URLs.")
    ] = None,
    data_dir: Annotated[
        str | None, typer.Option("--data-dir", help="Keys, operator token and SQLite DB.")
    ] = None,
    livekit_url: Annotated[str | None, typer.Option("--livekit-url", help="LiveKit URL.")] = None,
    no_rate_limits: Annotated[
        bool, typer.Option("--no-rate-limits", help="Disable rate limits (benchmarks).")
    ] = False,
) -> None:
    """Run the StreamLink/GoLive reference server (flags also read SLCTL_SERVER_*)."""
    try:
        from slctl.server import main as server_main
    except ImportError as exc:
        raise CliError(
            f"the reference server is not installed ({exc.name} missing)",
            ExitCode.ERROR,
            "pip install 'streamlink-sdk[server]'",
        ) from None
    argv: list[str] = []
    for flag, value in (
        ("--host", host),
        ("--port", port),
        ("--database-url", database_url),
        ("--public-url", public_url),
        ("--data-dir", data_dir),
        ("--livekit-url", livekit_url),
    ):
        if value is not None:
            argv += [flag, str(value)]
    if no_rate_limits:
        argv.append("--no-rate-limits")
    raise typer.Exit(server_main(argv))
