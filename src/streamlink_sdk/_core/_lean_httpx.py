"""Import httpx without its optional command-line tool.

When ``click``, ``rich`` and ``pygments`` are installed (they are, for ``slctl``), ``import
httpx`` also imports its own CLI and with it ``rich``: about half of httpx's import time,
and ``import streamlink_sdk`` promises not to load ``rich``. Marking ``httpx._main`` as absent
for the duration of the import makes httpx take its documented fallback; the marker is then
removed so a later explicit ``import httpx._main`` still works.
"""

from __future__ import annotations

import sys

if "httpx" not in sys.modules:
    _had_marker = "httpx._main" in sys.modules
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    try:
        import httpx  # noqa: F401
    finally:
        if not _had_marker:
            sys.modules.pop("httpx._main", None)
