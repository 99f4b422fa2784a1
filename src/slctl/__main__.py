"""Entry point of ``slctl`` and ``python -m slctl``.

``--version`` is answered here, before Typer or httpx are imported, so it costs little
more than starting Python.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _wants_version(args: Sequence[str]) -> bool:
    """True when ``--version`` comes before any command name or option value."""
    for arg in args:
        if arg == "--version":
            return True
        if not arg.startswith("-") or arg in ("-h", "--help"):
            return False
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``slctl`` with ``argv`` (default: the process arguments); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_version(args):
        from slctl import __version__

        sys.stdout.write(f"slctl {__version__}\n")
        return 0
    from slctl.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
