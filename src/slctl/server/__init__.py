"""The bundled reference server (StreamLink + GoLive APIs).

Importing this package is cheap: FastAPI, SQLAlchemy and LiveKit load only when
:func:`create_app`, :func:`serve` or :func:`main` is called.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .settings import ServerSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ServerSettings", "create_app", "main", "serve"]

_REQUIRED = ("fastapi", "uvicorn", "sqlalchemy", "argon2", "jwt", "limits", "livekit.api")


def _check_extra() -> None:
    """Fail at import, naming the module, when the ``server`` extra is not installed."""
    for module in _REQUIRED:
        try:
            found = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            found = None
        if found is None:
            raise ImportError(
                f"{module} is needed by the reference server: pip install 'streamlink-sdk[server]'",
                name=module,
            )


_check_extra()


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """Build the ASGI app (see :mod:`slctl.server.app`)."""
    from .app import create_app as _create_app

    return _create_app(settings)


def serve(settings: ServerSettings) -> None:
    """Run the server in the foreground with uvicorn."""
    from .cli import serve as _serve

    _serve(settings)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m slctl.server`` entry point; returns an exit status."""
    from .cli import main as _main

    return _main(argv)
