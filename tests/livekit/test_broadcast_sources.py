"""Screen and file sources end to end, and the errors sources give when they cannot work."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lk_env import LiveKitServer
from lk_media import Viewer, mint_token

from streamlink_sdk.broadcast import (
    Broadcast,
    BroadcastSourceError,
    FileSource,
    MissingDependencyError,
    ScreenSource,
)


async def test_screen_source_under_xvfb_reaches_a_viewer(
    livekit_server: LiveKitServer, room_name: str, xvfb_display: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPLAY", xvfb_display)
    source = ScreenSource(monitor=1)
    assert (source.width, source.height) == (1280, 720)
    url, host = livekit_server.url, mint_token(room_name, "host")
    async with (
        Viewer(url, mint_token(room_name, "viewer", can_publish=False)) as viewer,
        Broadcast(lambda: (url, host), source=source, fps=30) as b,
    ):
        got = await viewer.wait_frames(30, (1280, 720), within=20)
        assert got >= 30, f"sizes seen: {set(viewer.sizes)}"
        assert b.stats.frames_sent >= 30


def _write_clip(path: Path, frames: int, size: tuple[int, int]) -> None:
    import av
    import numpy as np

    with av.open(str(path), "w") as out:
        stream = out.add_stream("mpeg4", rate=30)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for i in range(frames):
            img = np.zeros((size[1], size[0], 3), dtype=np.uint8)
            img[:, (i * 8) % size[0] :, 1] = 200  # a moving edge
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


async def test_file_source_plays_a_clip_once_then_ends(
    livekit_server: LiveKitServer, room_name: str, tmp_path: Path
) -> None:
    clip = tmp_path / "clip.mp4"
    _write_clip(clip, frames=60, size=(320, 240))
    url, host = livekit_server.url, mint_token(room_name, "host")
    async with Viewer(url, mint_token(room_name, "viewer", can_publish=False)) as viewer:
        async with Broadcast(lambda: (url, host), source=FileSource(clip, loop=False)) as b:
            stats = await b.run(duration=15)
            assert b.end_reason == "source_ended"
        assert stats.frames_sent == 60
        assert viewer.count((320, 240)) >= 30, f"sizes seen: {set(viewer.sizes)}"


def test_screen_source_rejects_a_monitor_that_does_not_exist(
    xvfb_display: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", xvfb_display)
    with pytest.raises(BroadcastSourceError, match="monitor 5 does not exist"):
        ScreenSource(monitor=5)


def test_screen_source_without_display_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    with pytest.raises(BroadcastSourceError, match="DISPLAY"):
        ScreenSource()


def test_screen_source_without_mss_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setitem(sys.modules, "mss", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'streamlink-sdk\[rtc\]'"):
        ScreenSource()


def test_file_source_without_av_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "av", None)
    with pytest.raises(MissingDependencyError, match=r"streamlink-sdk\[file\]"):
        FileSource("whatever.mp4")


def test_file_source_with_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BroadcastSourceError, match="cannot open"):
        FileSource(tmp_path / "nope.mp4")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )


def test_importing_broadcast_loads_no_media_libraries() -> None:
    result = _run("""
        import sys
        import streamlink_sdk.broadcast
        heavy = [m for m in sys.modules if m.split(".")[0] in ("livekit", "mss", "av", "numpy")]
        print(heavy)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_broadcast_without_livekit_gives_the_install_hint() -> None:
    result = _run("""
        import asyncio, sys
        sys.modules["livekit"] = None  # as if the rtc extra were not installed
        from streamlink_sdk.broadcast import Broadcast, MissingDependencyError
        try:
            asyncio.run(Broadcast(lambda: ("ws://127.0.0.1:9", "t")).start())
        except MissingDependencyError as exc:
            print("hint:", exc)
    """)
    assert result.returncode == 0, result.stderr
    assert "hint:" in result.stdout
    assert "pip install 'streamlink-sdk[rtc]'" in result.stdout
