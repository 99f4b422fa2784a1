"""The ``slctl`` Typer application: global options, error handling, command registry.

To add a command group, create ``slctl/commands/<name>.py`` exposing
``register(app: typer.Typer) -> None`` and add the module to ``COMMANDS`` below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from slctl import __version__
from slctl.cli.failure import fail
from slctl.cli.state import State, check_profile, set_state
from slctl.commands import auth, broadcast, config, golive, rooms, server, smoke, token

COMMANDS = (auth, rooms, golive, token, config, server, smoke, broadcast)

# Typer's own signals (usage errors, --help, typer.Exit, Ctrl-C) keep their usual handling.
_PASS_THROUGH = (typer.TyperException, typer.Exit, typer.Abort)


class SlctlGroup(TyperGroup):
    """Root group: turns any exception of a command into one error line and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _PASS_THROUGH:
            raise
        except Exception as exc:
            fail(exc)


app = typer.Typer(
    name="slctl",
    cls=SlctlGroup,
    help="Command-line client for the StreamLink and GoLive APIs.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals hold passwords and tokens
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 ok, 1 API or unexpected error, 2 usage error, 3 not signed in or "
    "session expired, 4 not found, 5 rate limited, 6 cannot reach the server.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"slctl {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    profile: Annotated[
        str, typer.Option("--profile", envvar="SLCTL_PROFILE", help="Profile to use.")
    ] = "default",
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="STREAMLINK_BASE_URL",
            help="StreamLink API base URL, e.g. http://127.0.0.1:8080/api.",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print results as JSON (one document on stdout).")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("-v", "--verbose", help="Trace HTTP on stderr (secrets redacted)."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Command-line client for the StreamLink and GoLive APIs."""
    set_state(State(profile=profile, base_url=base_url, json=json_output, verbose=verbose))
    check_profile(profile)


for _module in COMMANDS:
    _module.register(app)


def _status(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="slctl")
    except SystemExit as exc:
        return _status(exc.code)
    return 0
