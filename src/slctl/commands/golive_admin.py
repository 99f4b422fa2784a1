"""``slctl golive admin``: the operator API (tenants)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from slctl.cli import config, secrets
from slctl.cli.clients import GoLiveFlags, golive_admin, golive_base_url
from slctl.cli.options import JsonFlag
from slctl.cli.output import info, output, warn
from slctl.cli.state import check_profile

if TYPE_CHECKING:
    from golive_sdk import Tenant, TenantCredentials

app = typer.Typer(help="Operator commands (needs the operator token).", no_args_is_help=True)
tenants_app = typer.Typer(help="Create, list, (de)activate tenants; rotate secrets.")
app.add_typer(tenants_app, name="tenants", no_args_is_help=True)


@app.callback()
def operator(
    ctx: typer.Context,
    operator_token: Annotated[
        str | None,
        typer.Option(
            "--operator-token",
            envvar="GOLIVE_OPERATOR_TOKEN",
            help="Operator token (prefer the env variable or the profile's keyring entry).",
        ),
    ] = None,
) -> None:
    """Operator token: flag, then GOLIVE_OPERATOR_TOKEN, then the profile."""
    tenant_flags = ctx.meta.get("golive")
    base = tenant_flags if isinstance(tenant_flags, GoLiveFlags) else GoLiveFlags()
    ctx.meta["golive"] = GoLiveFlags(
        api_key=base.api_key,
        api_secret=base.api_secret,
        base_url=base.base_url,
        operator_token=operator_token,
    )


def _flags(ctx: typer.Context) -> GoLiveFlags:
    found = ctx.meta.get("golive")
    return found if isinstance(found, GoLiveFlags) else GoLiveFlags()


TenantId = Annotated[str, typer.Argument(help="Tenant id.")]
SaveProfile = Annotated[
    str | None,
    typer.Option(
        "--save",
        metavar="PROFILE",
        help="Store the key in PROFILE's config and the secret in its keyring entry.",
    ),
]
COLUMNS = ("id", "name", "api_key", "active", "created_at")


def _row(tenant: Tenant) -> list[str | bool | None]:
    created = tenant.created_at.isoformat(timespec="seconds") if tenant.created_at else None
    return [tenant.id, tenant.name, tenant.api_key, tenant.active, created]


def _credentials(
    ctx: typer.Context, creds: TenantCredentials, save: str | None, json_flag: bool
) -> None:
    """Print credentials (the secret exactly once) and optionally save them to a profile."""
    if save:
        base_url = golive_base_url(_flags(ctx))
        config.update(save, golive_api_key=creds.api_key, golive_base_url=base_url)
        secrets.set_secret(save, "golive_api_secret", creds.api_secret)
        info(f"Saved the credentials to profile {save}.")
    out = output(json_flag)
    if out.json:
        out.print_json(creds.model_dump(mode="json"))
        return
    out.fields(
        {
            **dict(zip(COLUMNS, _row(creds.tenant), strict=True)),
            "api_secret": creds.api_secret,
        }
    )
    warn("the api_secret is shown only once; store it now")


@tenants_app.command()
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Tenant display name.")],
    tenant_id: Annotated[
        str | None, typer.Option("--id", help="Tenant id (default: derived by the server).")
    ] = None,
    save: SaveProfile = None,
    json_flag: JsonFlag = False,
) -> None:
    """Create a tenant; prints its api_key and api_secret (the secret only this once)."""
    if save:
        check_profile(save)
    with golive_admin(_flags(ctx)) as admin:
        creds = admin.tenants.create(name, id=tenant_id)
    _credentials(ctx, creds, save, json_flag)


@tenants_app.command("list")
def list_tenants(ctx: typer.Context, json_flag: JsonFlag = False) -> None:
    """List every tenant."""
    with golive_admin(_flags(ctx)) as admin:
        tenants = admin.tenants.list()
    out = output(json_flag)
    if out.json:
        out.print_json({"tenants": [t.model_dump(mode="json") for t in tenants]})
    else:
        out.table(COLUMNS, [_row(t) for t in tenants])


def _show(tenant: Tenant, json_flag: bool) -> None:
    out = output(json_flag)
    if out.json:
        out.print_json(tenant.model_dump(mode="json"))
    else:
        out.fields(dict(zip(COLUMNS, _row(tenant), strict=True)))


@tenants_app.command()
def deactivate(ctx: typer.Context, tenant_id: TenantId, json_flag: JsonFlag = False) -> None:
    """Deactivate a tenant: its credentials get 401 until activated again."""
    with golive_admin(_flags(ctx)) as admin:
        tenant = admin.tenants.deactivate(tenant_id)
    _show(tenant, json_flag)


@tenants_app.command()
def activate(ctx: typer.Context, tenant_id: TenantId, json_flag: JsonFlag = False) -> None:
    """Activate a deactivated tenant."""
    with golive_admin(_flags(ctx)) as admin:
        tenant = admin.tenants.activate(tenant_id)
    _show(tenant, json_flag)


@tenants_app.command("rotate-secret")
def rotate_secret(
    ctx: typer.Context, tenant_id: TenantId, save: SaveProfile = None, json_flag: JsonFlag = False
) -> None:
    """Issue a new api_secret (printed once); the old one stops working."""
    if save:
        check_profile(save)
    with golive_admin(_flags(ctx)) as admin:
        creds = admin.tenants.rotate_secret(tenant_id)
    _credentials(ctx, creds, save, json_flag)
