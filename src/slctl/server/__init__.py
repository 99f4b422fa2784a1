"""The bundled reference server (StreamLink + GoLive APIs).

Importing this package is cheap: FastAPI, SQLAlchemy and LiveKit load only when
:func:`create_app`, :func:`serve` or :func:`main` is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .settings import ServerSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ServerSettings", "create_app", "main", "serve"]


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
