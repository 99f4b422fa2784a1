"""``python -m slctl.server``: argparse front end and :func:`serve` (no Typer here)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from .settings import ServerSettings


def uvicorn_proxy_options(settings: ServerSettings) -> dict[str, Any]:
    """uvicorn's proxy-header options, consistent with ``settings.trust_forwarded_for``.

    uvicorn's defaults (``proxy_headers=True``, ``forwarded_allow_ips="127.0.0.1"``) replace
    a loopback peer's address with the one in its ``X-Forwarded-For`` before any middleware
    runs, so with the setting off a local client could still choose the address the per-IP
    rate limits count. Off, the header is ignored; on, it is trusted from any peer, exactly
    as the rate limiter then trusts it. Pass these to every ``uvicorn.run``/``uvicorn.Config``.
    """
    trust = settings.trust_forwarded_for
    return {"proxy_headers": trust, "forwarded_allow_ips": "*" if trust else None}


def serve(settings: ServerSettings) -> None:
    """Run the server with uvicorn (one worker, uvloop + httptools when available)."""
    import uvicorn

    from .app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    logging.getLogger("slctl.server").setLevel(settings.log_level.upper())
    app = create_app(settings)
    ctx = app.state.ctx
    print(f"slctl server: listening on {ctx.settings.public_url}  (docs: /docs)", file=sys.stderr)
    if ctx.operator_token_file is not None:
        print(f"slctl server: operator token is in {ctx.operator_token_file}", file=sys.stderr)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        loop="auto",
        http="auto",
        access_log=settings.access_log,
        log_level=settings.log_level,
        server_header=False,
        **uvicorn_proxy_options(settings),
    )


def build_parser() -> argparse.ArgumentParser:
    """Flags; each one defaults to its ``SLCTL_SERVER_*`` variable, then the built-in default."""
    p = argparse.ArgumentParser(
        prog="python -m slctl.server",
        description="StreamLink / GoLive reference server. Every flag also reads "
        "SLCTL_SERVER_<FLAG> (e.g. SLCTL_SERVER_PORT); LiveKit also reads LIVEKIT_URL, "
        "LIVEKIT_API_KEY and LIVEKIT_API_SECRET.",
    )
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--data-dir", help="keys, operator token and default SQLite DB live here")
    p.add_argument("--database-url", help="SQLAlchemy URL (default sqlite in --data-dir)")
    p.add_argument("--public-url", help="base URL used in joinUrl (default http://host:port)")
    p.add_argument("--livekit-url")
    p.add_argument("--livekit-api-key")
    p.add_argument("--livekit-client-url", help="URL of livekit-client's UMD script")
    p.add_argument("--rate-limit-storage", help="memory:// or redis://host:port")
    p.add_argument(
        "--no-rate-limits", action="store_true", help="disable rate limits (benchmarks only)"
    )
    p.add_argument(
        "--trust-forwarded-for",
        action="store_true",
        help="take the client IP from X-Forwarded-For (only behind a proxy you trust)",
    )
    p.add_argument("--no-access-log", action="store_true")
    p.add_argument("--log-level", choices=["critical", "error", "warning", "info", "debug"])
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Parse flags, build settings (flags > environment > defaults) and serve."""
    args = build_parser().parse_args(argv)
    overrides = {
        "host": args.host,
        "port": args.port,
        "data_dir": args.data_dir,
        "database_url": args.database_url,
        "public_url": args.public_url,
        "livekit_url": args.livekit_url,
        "livekit_api_key": args.livekit_api_key,
        "livekit_client_url": args.livekit_client_url,
        "rate_limit_storage": args.rate_limit_storage,
        "log_level": args.log_level,
    }
    if args.no_rate_limits:
        overrides["rate_limit_enabled"] = False
    if args.trust_forwarded_for:
        overrides["trust_forwarded_for"] = True
    if args.no_access_log:
        overrides["access_log"] = False
    settings = ServerSettings.from_env(**overrides)
    serve(settings)
    return 0
