"""``slctl smoke``: run the end-to-end smoke check against a deployment (for CI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from slctl.cli.clients import streamlink_base_url
from slctl.cli.errors import CliError
from slctl.cli.exitcodes import ExitCode
from slctl.cli.options import JsonFlag
from slctl.cli.output import output


def register(root: typer.Typer) -> None:
    """Add ``slctl smoke`` to the root app."""
    root.command("smoke")(smoke)


def smoke(
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="STREAMLINK_BASE_URL",
            help="StreamLink API base, e.g. https://host/api (else the global one).",
        ),
    ] = None,
    golive_url: Annotated[
        str | None,
        typer.Option(
            "--golive-url",
            envvar="GOLIVE_BASE_URL",
            help="GoLive origin (default: the base URL without /api).",
        ),
    ] = None,
    email: Annotated[
        str | None,
        typer.Option(
            "--email",
            envvar="SLCTL_SMOKE_EMAIL",
            help="Sign in as this user instead of signing up a new one.",
        ),
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            envvar="SLCTL_SMOKE_PASSWORD",
            help="Password for --email (prefer the env variable).",
        ),
    ] = None,
    golive_key: Annotated[
        str | None, typer.Option("--golive-key", envvar="GOLIVE_API_KEY", help="GoLive API key.")
    ] = None,
    golive_secret: Annotated[
        str | None,
        typer.Option(
            "--golive-secret",
            envvar="GOLIVE_API_SECRET",
            help="GoLive API secret (prefer the env variable).",
        ),
    ] = None,
    operator_token: Annotated[
        str | None,
        typer.Option(
            "--operator-token",
            envvar="GOLIVE_OPERATOR_TOKEN",
            help="Without GoLive credentials: create a throwaway tenant with this.",
        ),
    ] = None,
    require_golive: Annotated[
        bool, typer.Option("--require-golive", help="Fail (not skip) without GoLive access.")
    ] = False,
    rtc: Annotated[
        bool | None,
        typer.Option(
            "--rtc/--no-rtc",
            help="Publish frames to LiveKit (default: when the rtc extra is installed).",
        ),
    ] = None,
    publish_seconds: Annotated[
        float, typer.Option("--publish-seconds", min=0.2, help="How long to publish.")
    ] = 1.5,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help="Per-request timeout in seconds.")
    ] = 15.0,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Write a JUnit XML report to this file.")
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Leave what the run created (room, tenant) in place.")
    ] = False,
    json_flag: JsonFlag = False,
) -> None:
    """Sign up, create a room, get a viewer token, publish frames, end the room; on GoLive
    ensure a room and mint two tokens. Prints a step table; exit 1 if any step failed."""
    from slctl.smoke import SmokeConfig, render_table, run_smoke, write_junit

    url = base_url or streamlink_base_url()
    if not url:
        raise CliError(
            "no StreamLink base URL", ExitCode.USAGE, "pass --base-url or set STREAMLINK_BASE_URL"
        )
    if bool(email) != bool(password):
        raise CliError("--email and --password go together", ExitCode.USAGE)
    cfg = SmokeConfig(
        base_url=url,
        golive_url=golive_url,
        email=email,
        password=password,
        golive_key=golive_key,
        golive_secret=golive_secret,
        operator_token=operator_token,
        require_golive=require_golive,
        keep=keep,
        rtc="auto" if rtc is None else ("on" if rtc else "off"),
        publish_seconds=publish_seconds,
        timeout=timeout,
    )
    report = run_smoke(cfg)
    if junit is not None:
        write_junit(report, junit)
    out = output(json_flag)
    if out.json:
        out.print_json(report.to_dict())
    else:
        typer.echo(render_table(report), nl=False)
    if not report.ok:
        raise typer.Exit(int(ExitCode.ERROR))
