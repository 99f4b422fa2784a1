"""``slctl config``: view and set profile values (secrets go to the keyring)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from slctl.cli import config as store
from slctl.cli import prompts, secrets
from slctl.cli.errors import CliError
from slctl.cli.exitcodes import ExitCode
from slctl.cli.options import JsonFlag
from slctl.cli.output import info, output
from slctl.cli.state import get_state

app = typer.Typer(help="View and set profile values.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add ``slctl config`` to the root app."""
    root.add_typer(app, name="config")


Key = Annotated[str, typer.Argument(help=f"One of: {', '.join(sorted(store.KEYS))}.")]
SecretName = Annotated[str, typer.Argument(help=f"One of: {', '.join(store.SECRET_KEYS)}.")]


def _secret_name(name: str) -> str:
    if name not in store.SECRET_KEYS:
        raise CliError(
            f"unknown secret {name!r} (known: {', '.join(store.SECRET_KEYS)})", ExitCode.USAGE
        )
    return name


@app.command()
def show(json_flag: JsonFlag = False) -> None:
    """Show the current profile (secrets only as set / not set)."""
    profile = get_state().profile
    values: dict[str, Any] = dict(store.profile(profile))
    for name in store.SECRET_KEYS:
        values[name] = "set" if secrets.get_secret(profile, name) else None
    out = output(json_flag)
    if out.json:
        out.print_json({"profile": profile, "path": str(store.config_path()), "values": values})
        return
    out.fields({"profile": profile, **{k: values[k] for k in sorted(values)}})


@app.command()
def get(key: Key) -> None:
    """Print one value of the current profile (exit 4 when unset)."""
    store.parse_value(key, "true" if store.KEYS.get(key) is bool else "")
    value = store.profile(get_state().profile).get(key)
    if value is None:
        raise CliError(f"{key} is not set", ExitCode.NOT_FOUND)
    output().line(("true" if value else "false") if isinstance(value, bool) else value)


@app.command("set")
def set_value(key: Key, value: Annotated[str, typer.Argument(help="The value.")]) -> None:
    """Set one value of the current profile."""
    profile = get_state().profile
    store.update(profile, **{key: store.parse_value(key, value)})
    info(f"{key} set for profile {profile}.")


@app.command()
def unset(key: Annotated[str, typer.Argument(help="A config key or a secret name.")]) -> None:
    """Remove a value (or a stored secret) from the current profile."""
    profile = get_state().profile
    if key in store.SECRET_KEYS:
        secrets.delete_secret(profile, key)
    else:
        store.parse_value(key, "true" if store.KEYS.get(key) is bool else "")
        store.update(profile, **{key: None})
    info(f"{key} unset for profile {profile}.")


@app.command("set-secret")
def set_secret(
    name: SecretName,
    from_stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the secret from the first line of stdin.")
    ] = False,
) -> None:
    """Store a secret for the current profile in the keyring (prompted, hidden)."""
    _secret_name(name)
    value = prompts.secret(name.replace("_", " "), from_stdin=from_stdin)
    secrets.set_secret(get_state().profile, name, value)
    info(f"{name} stored for profile {get_state().profile}.")


@app.command()
def path() -> None:
    """Print the config file's path."""
    output().line(str(store.config_path()))


@app.command()
def profiles(json_flag: JsonFlag = False) -> None:
    """List the profiles in the config file."""
    names = sorted(store.load())
    out = output(json_flag)
    if out.json:
        out.print_json({"profiles": names})
    else:
        for name in names:
            out.line(name)
