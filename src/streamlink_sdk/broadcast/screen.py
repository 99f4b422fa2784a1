"""Screen capture through `mss` (X11 on Linux, native APIs elsewhere)."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import threading
from types import ModuleType
from typing import Any

from .errors import BroadcastSourceError, MissingDependencyError
from .frames import RawFrame


def _load_mss() -> ModuleType:
    try:
        return importlib.import_module("mss")
    except ImportError as exc:
        raise MissingDependencyError("mss", "ScreenSource") from exc


class ScreenSource:
    """Grabs monitor `monitor` (1 = first monitor, 0 = all monitors combined) as BGRA.

    The monitor's geometry is read once here, so a missing display fails at
    construction, before any connection is made.
    """

    is_screencast = True
    blocking = True

    def __init__(self, monitor: int = 1) -> None:
        if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
            raise BroadcastSourceError(
                "ScreenSource needs an X display but DISPLAY is not set "
                "(on a headless machine, start Xvfb and export DISPLAY)"
            )
        mss = _load_mss()
        # mss 10.2 renamed the factory to MSS and deprecated mss(); older releases have only mss().
        self._factory: Any = getattr(mss, "MSS", None) or mss.mss
        try:
            with self._factory() as grabber:
                monitors = grabber.monitors
        except Exception as exc:  # mss raises its own ScreenShotError, and OSError
            raise BroadcastSourceError(f"cannot open the display for capture: {exc}") from exc
        if not 0 <= monitor < len(monitors):
            raise BroadcastSourceError(
                f"monitor {monitor} does not exist; valid: 0..{len(monitors) - 1}"
            )
        self._region: dict[str, int] = dict(monitors[monitor])
        self.width = int(self._region["width"])
        self.height = int(self._region["height"])
        # mss handles are per thread; the broadcaster reads from one worker thread,
        # but keep one handle per thread anyway so any caller is safe.
        self._local = threading.local()
        self._handles: list[Any] = []
        self._lock = threading.Lock()

    def _grabber(self) -> Any:
        grabber = getattr(self._local, "grabber", None)
        if grabber is None:
            grabber = self._factory()
            self._local.grabber = grabber
            with self._lock:
                self._handles.append(grabber)
        return grabber

    def read(self) -> RawFrame:
        """Grab the monitor now."""
        try:
            shot = self._grabber().grab(self._region)
        except Exception as exc:
            raise BroadcastSourceError(f"screen capture failed: {exc}") from exc
        return RawFrame(int(shot.width), int(shot.height), "BGRA", shot.raw)

    def close(self) -> None:
        """Release the capture handles."""
        with self._lock:
            handles, self._handles = self._handles, []
        for grabber in handles:
            # A handle made on another thread may refuse to close; nothing more to do then.
            with contextlib.suppress(Exception):
                grabber.close()
