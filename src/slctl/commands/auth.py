"""``slctl auth``: sign up, log in and out, session status, access token for scripts."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from slctl.cli import config, prompts, secrets
from slctl.cli.clients import streamlink, streamlink_base_url
from slctl.cli.errors import CliError
from slctl.cli.exitcodes import ExitCode
from slctl.cli.options import JsonFlag
from slctl.cli.output import info, output
from slctl.cli.state import get_state
from slctl.cli.timefmt import iso, time_left

if TYPE_CHECKING:
    from streamlink_sdk import AuthSession, StreamLink

app = typer.Typer(help="Sign up, log in and out, and manage the session.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add ``slctl auth`` to the root app."""
    root.add_typer(app, name="auth")


EmailOption = Annotated[str | None, typer.Option("--email", "-e", help="Account email.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]
InsecureStorage = Annotated[
    bool,
    typer.Option(
        "--insecure-storage",
        help="Keep tokens in a 0600 plain-text file instead of the OS keyring.",
    ),
]


def _email(email: str | None, password_stdin: bool) -> str:
    if not email and password_stdin:
        raise CliError("--password-stdin needs --email", ExitCode.USAGE)
    return prompts.text("email", email)


def _remember(sl: StreamLink, session: AuthSession, insecure: bool) -> None:
    """Pin the profile to this server and account (and to file storage if asked)."""
    profile = get_state().profile
    values: dict[str, Any] = {"base_url": sl.base_url, "email": session.user.email}
    if insecure:
        values["insecure_storage"] = True
    config.update(profile, **values)


def _warn_storage(insecure: bool) -> None:
    profile = get_state().profile
    if secrets.use_files(profile, insecure):
        chosen = insecure or config.profile(profile).get("insecure_storage") is True
        secrets.warn_plaintext(secrets.token_file(profile), chosen)


def _signed_in(sl: StreamLink, session: AuthSession, json_flag: bool) -> None:
    out = output(json_flag)
    data = {
        "profile": get_state().profile,
        "base_url": sl.base_url,
        "user": session.user.model_dump(mode="json"),
        "access_token_expires_at": iso(session.tokens.access_expires_at),
    }
    if out.json:
        out.print_json(data)
    else:
        out.line(f"Signed in as {session.user.email} at {sl.base_url} (profile {data['profile']})")


@app.command()
def signup(
    email: EmailOption = None,
    display_name: Annotated[
        str | None, typer.Option("--display-name", "-n", help="Name shown to others.")
    ] = None,
    password_stdin: PasswordStdin = False,
    insecure_storage: InsecureStorage = False,
    json_flag: JsonFlag = False,
) -> None:
    """Create an account and sign in."""
    address = _email(email, password_stdin)
    password = prompts.secret("password", from_stdin=password_stdin, confirm=True)
    _warn_storage(insecure_storage)
    with streamlink(insecure=insecure_storage) as sl:
        session = sl.auth.signup(email=address, password=password, display_name=display_name)
        _remember(sl, session, insecure_storage)
        _signed_in(sl, session, json_flag)


@app.command()
def login(
    email: EmailOption = None,
    password_stdin: PasswordStdin = False,
    insecure_storage: InsecureStorage = False,
    json_flag: JsonFlag = False,
) -> None:
    """Sign in; the password is prompted for (hidden) or read with --password-stdin."""
    address = _email(email, password_stdin)
    password = prompts.secret("password", from_stdin=password_stdin)
    _warn_storage(insecure_storage)
    with streamlink(insecure=insecure_storage) as sl:
        session = sl.auth.signin(email=address, password=password)
        _remember(sl, session, insecure_storage)
        _signed_in(sl, session, json_flag)


@app.command()
def logout(json_flag: JsonFlag = False) -> None:
    """Revoke the session on the server and forget the tokens."""
    profile = get_state().profile
    with streamlink() as sl:
        if sl.tokens is None:
            info(f"Not signed in (profile {profile}).")
        else:
            try:
                sl.auth.signout()
            finally:  # forget locally even when the server could not be told
                secrets.token_store(profile).clear()
                config.update(profile, email=None)
            info(f"Signed out (profile {profile}).")
    out = output(json_flag)
    if out.json:
        out.print_json({"profile": profile, "signed_in": False})


@app.command()
def status(json_flag: JsonFlag = False) -> None:
    """Who is signed in, on which server, and when the access token expires (offline)."""
    from streamlink_sdk.client import DEFAULT_BASE_URL

    profile = get_state().profile
    tokens = secrets.token_store(profile).load()
    left = tokens.seconds_left(time.time()) if tokens else None
    data: dict[str, Any] = {
        "profile": profile,
        "base_url": streamlink_base_url() or DEFAULT_BASE_URL,
        "signed_in": tokens is not None,
        "email": config.get_str(config.profile(profile), "email") if tokens else None,
        "storage": "file" if secrets.use_files(profile) else "keyring",
        "access_token_expires_at": iso(tokens.access_expires_at) if tokens else None,
        "access_token_expires_in": round(left) if left is not None else None,
    }
    out = output(json_flag)
    if out.json:
        out.print_json(data)
    else:
        shown = dict(data)
        shown["access_token_expires_in"] = time_left(left) if tokens else None
        out.fields(shown)
    if tokens is None:
        raise CliError(
            f"not signed in (profile {profile})", ExitCode.NOT_SIGNED_IN, "run `slctl auth login`"
        )


@app.command()
def token(json_flag: JsonFlag = False) -> None:
    """Print a valid access token for scripts (refreshed first when about to expire)."""
    from streamlink_sdk._core.tokens import REFRESH_MARGIN

    with streamlink() as sl:
        tokens = sl.tokens
        if tokens is None:
            raise CliError(
                f"not signed in (profile {get_state().profile})",
                ExitCode.NOT_SIGNED_IN,
                "run `slctl auth login`",
            )
        if tokens.seconds_left(time.time()) < REFRESH_MARGIN:
            tokens = sl.auth.refresh()
    out = output(json_flag)
    if out.json:
        out.print_json(
            {
                "access_token": tokens.access_token,
                "expires_at": iso(tokens.access_expires_at),
            }
        )
    else:
        out.line(tokens.access_token)
