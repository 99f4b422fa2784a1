"""Video file (or any URL FFmpeg opens) decoded with PyAV."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import BroadcastSourceError, MissingDependencyError
from .frames import RawFrame


def _load_av() -> ModuleType:
    try:
        return importlib.import_module("av")
    except ImportError as exc:
        raise MissingDependencyError(
            "av", "FileSource", "pip install 'streamlink-sdk[file]'"
        ) from exc


class FileSource:
    """Decodes the first video stream of `path`, scaled to `width`x`height` when given.

    With `loop=True` the file starts over at its end; otherwise `read()` returns None.
    Frames are handed out one per broadcast tick, so the broadcast `fps` sets the
    playback speed.
    """

    is_screencast = False
    blocking = True

    def __init__(
        self,
        path: str | Path,
        *,
        width: int | None = None,
        height: int | None = None,
        loop: bool = True,
    ) -> None:
        self._av = _load_av()
        self._path = str(path)
        self._loop = loop
        self._container: Any = None
        self._frames: Any = None
        stream = self._open().streams.video[0]
        self.width = _even(width or int(stream.codec_context.width))
        self.height = _even(height or int(stream.codec_context.height))

    def _open(self) -> Any:
        try:
            self._container = self._av.open(self._path)
        except Exception as exc:  # av raises FileNotFoundError, InvalidDataError, ...
            raise BroadcastSourceError(f"cannot open {self._path!r}: {exc}") from exc
        if not self._container.streams.video:
            self._container.close()
            raise BroadcastSourceError(f"{self._path!r} has no video stream")
        self._frames = self._container.decode(video=0)
        return self._container

    def read(self) -> RawFrame | None:
        """Decode the next frame, restarting at the end when looping."""
        frame = next(self._frames, None)
        if frame is None and self._loop:
            self._container.close()
            self._open()
            frame = next(self._frames, None)
        if frame is None:
            return None
        rgba = frame.reformat(width=self.width, height=self.height, format="rgba")
        data = rgba.to_ndarray().tobytes()
        return RawFrame(self.width, self.height, "RGBA", data)

    def close(self) -> None:
        """Close the file."""
        if self._container is not None:
            self._container.close()
            self._container = None


def _even(n: int) -> int:
    return max(2, n - (n % 2))
