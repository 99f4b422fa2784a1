"""slctl broadcast without LiveKit: input checks, unavailable sources, room resolution,
the status line and the result document."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import respx
from typer.testing import CliRunner, Result

from slctl.commands import broadcast as command
from slctl.commands.broadcast_view import BroadcastResult, StatusReporter, bitrate, status_text
from streamlink_sdk import StreamLink
from streamlink_sdk.broadcast import BroadcastStats, RawFrame

from .helpers import ROOM, SL, envelope, run, sign_in

LIVEKIT = {"url": "ws://lk.test:7880", "token": "lk-host-token"}


@pytest.fixture
def no_network() -> Iterator[respx.MockRouter]:
    """Any HTTP request fails the test (respx has no routes and asserts on unmatched)."""
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as mock:
        yield mock


def one_error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--fps", "0"], "--fps must be 1..60, not 0"),
        (["--fps", "61"], "--fps must be 1..60, not 61"),
        (["--resolution", "641x360"], "must be even"),
        (["--resolution", "1280x721"], "must be even"),
        (["--resolution", "14x14"], "16..7680"),
        (["--resolution", "7682x720"], "16..7680"),
        (["--resolution", "1280"], "must look like 1280x720"),
        (["--resolution", "widexhigh"], "must look like 1280x720"),
        (["--duration", "0"], "--duration must be a positive number"),
        (["--duration", "-3"], "--duration must be a positive number"),
        (["--duration", "nan"], "--duration must be a positive number"),
        (["--monitor", "0"], "--monitor must be 1 or more"),
        (["--source", "no-such-clip.mp4"], "no such file"),
        (["rm_1", "--name", "x"], "--name and --type are for a new room"),
        (["rm_1", "--type", "private"], "--name and --type are for a new room"),
    ],
)
def test_bad_input_is_a_usage_error_before_any_request(
    runner: CliRunner, no_network: respx.MockRouter, args: list[str], expected: str
) -> None:
    sign_in()
    result = run(runner, "broadcast", "--source", "test-pattern", *args)
    assert result.exit_code == 2, result.output
    assert expected in one_error_line(result)
    assert result.stdout == ""
    assert no_network.calls.call_count == 0


def test_usage_errors_win_over_not_being_signed_in(
    runner: CliRunner, no_network: respx.MockRouter
) -> None:
    result = run(runner, "broadcast", "--fps", "100")
    assert result.exit_code == 2
    assert no_network.calls.call_count == 0


def test_valid_resolutions_parse() -> None:
    assert command.parse_resolution("1280x720") == (1280, 720)
    assert command.parse_resolution(" 16X7680 ") == (16, 7680)


def test_a_directory_is_not_a_video_file(
    runner: CliRunner, no_network: respx.MockRouter, tmp_path: Path
) -> None:
    result = run(runner, "broadcast", "--source", str(tmp_path))
    assert result.exit_code == 2
    assert "no such file" in one_error_line(result)


def test_screen_without_display_is_a_clear_error(
    runner: CliRunner, no_network: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in()
    monkeypatch.delenv("DISPLAY", raising=False)
    result = run(runner, "broadcast", "--source", "screen")
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "source unavailable" in line and "DISPLAY is not set" in line and "Xvfb" in line
    assert no_network.calls.call_count == 0


def test_missing_mss_names_the_rtc_extra(
    runner: CliRunner, no_network: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in()
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setitem(sys.modules, "mss", None)  # import mss -> ImportError
    result = run(runner, "broadcast")  # the screen is the default source
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "'mss'" in line and "pip install 'streamlink-sdk[rtc]'" in line
    assert no_network.calls.call_count == 0


def test_missing_av_names_the_file_extra(
    runner: CliRunner, no_network: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sign_in()
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"not really a video")
    monkeypatch.setitem(sys.modules, "av", None)
    result = run(runner, "broadcast", "--source", str(clip))
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "'av'" in line and "pip install 'streamlink-sdk[file]'" in line
    assert no_network.calls.call_count == 0


def test_unreadable_file_is_a_source_error(
    runner: CliRunner, no_network: respx.MockRouter, tmp_path: Path
) -> None:
    pytest.importorskip("av")
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"not really a video")
    result = run(runner, "broadcast", "--source", str(clip))
    assert result.exit_code == 1
    assert "source unavailable: cannot open" in one_error_line(result)
    assert no_network.calls.call_count == 0


def test_missing_livekit_names_the_rtc_extra(
    runner: CliRunner, no_network: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in()
    monkeypatch.setitem(sys.modules, "livekit.rtc", None)
    monkeypatch.setitem(sys.modules, "livekit", None)
    result = run(runner, "broadcast", "--source", "test-pattern")
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "'livekit'" in line and "pip install 'streamlink-sdk[rtc]'" in line
    assert no_network.calls.call_count == 0


@respx.mock
def test_not_signed_in_exits_3_without_creating_a_room(runner: CliRunner) -> None:
    create = respx.post(f"{SL}/rooms").respond(201, json={})
    result = run(runner, "broadcast", "--source", "test-pattern")
    assert result.exit_code == 3, result.output
    assert not create.called


@respx.mock
def test_an_ended_room_is_refused_before_connecting(runner: CliRunner) -> None:
    sign_in()
    respx.get(f"{SL}/rooms/rm_1").respond(200, json=envelope({"room": {**ROOM, "status": "ended"}}))
    token = respx.post(f"{SL}/rooms/rm_1/token").respond(200, json=envelope({"livekit": LIVEKIT}))
    result = run(runner, "broadcast", "rm_1", "--source", "test-pattern")
    assert result.exit_code == 1
    assert "room rm_1 has ended" in result.stderr
    assert not token.called


@respx.mock
def test_unknown_room_exits_4(runner: CliRunner) -> None:
    sign_in()
    respx.get(f"{SL}/rooms/rm_x").respond(
        404, json={"ok": False, "error": {"code": "NOT_FOUND", "message": "room not found"}}
    )
    result = run(runner, "broadcast", "rm_x", "--source", "test-pattern")
    assert result.exit_code == 4


@respx.mock
def test_access_provider_reuses_the_create_token_then_asks_for_host_tokens() -> None:
    sign_in()
    respx.post(f"{SL}/rooms").respond(
        201, json=envelope({"room": ROOM, "joinUrl": ROOM["joinUrl"], "livekit": LIVEKIT})
    )
    fresh = {"url": "ws://lk.test:7880", "token": "fresh-host-token"}
    token = respx.post(f"{SL}/rooms/rm_1/token").respond(200, json=envelope({"livekit": fresh}))
    from streamlink_sdk.token_store import KeyringTokenStore

    with StreamLink(SL, token_store=KeyringTokenStore("default")) as sl:
        target = command.resolve_room(sl, None, "Demo", None)
        assert (target.room_id, target.created) == ("rm_1", True)
        assert target.join_url == ROOM["joinUrl"]
        access = command.access_provider(sl, target)
        assert access().token == "lk-host-token"
        assert not token.called
        assert access().token == "fresh-host-token"
        assert access().token == "fresh-host-token"
        assert token.call_count == 2
    assert json.loads(respx.calls[0].request.content)["name"] == "Demo"


@respx.mock
def test_default_room_name_says_where_it_came_from() -> None:
    sign_in()
    create = respx.post(f"{SL}/rooms").respond(
        201, json=envelope({"room": ROOM, "joinUrl": ROOM["joinUrl"], "livekit": LIVEKIT})
    )
    from streamlink_sdk.token_store import KeyringTokenStore

    with StreamLink(SL, token_store=KeyringTokenStore("default")) as sl:
        command.resolve_room(sl, None, None, None)
    body = json.loads(create.calls[0].request.content)
    assert body["name"].startswith("slctl broadcast ") and body["type"] == "public"


class _Checker:
    """A 4x2 BGRA source whose pixel (x, y) holds bytes (x, y, 0, 255)."""

    width, height, is_screencast, blocking = 4, 2, True, True

    def __init__(self) -> None:
        self.closed = False

    def read(self) -> RawFrame:
        data = bytes(b for y in range(2) for x in range(4) for b in (x, y, 0, 255))
        return RawFrame(4, 2, "BGRA", data)

    def close(self) -> None:
        self.closed = True


def pixels(frame: RawFrame) -> list[tuple[int, int]]:
    raw = bytes(frame.data)
    return [(raw[i], raw[i + 1]) for i in range(0, len(raw), 4)]


def test_scaled_screen_uses_nearest_neighbour() -> None:
    pytest.importorskip("numpy")
    inner = _Checker()
    up = command._Scaled(inner, 8, 4).read()
    assert up is not None and (up.width, up.height, up.format) == (8, 4, "BGRA")
    assert pixels(up)[:8] == [(0, 0), (0, 0), (1, 0), (1, 0), (2, 0), (2, 0), (3, 0), (3, 0)]
    assert pixels(up)[16:18] == [(0, 1), (0, 1)]
    down = command._Scaled(inner, 2, 2).read()
    assert down is not None and pixels(down) == [(0, 0), (2, 0), (0, 1), (2, 1)]
    scaled = command._Scaled(inner, 2, 2)
    scaled.close()
    assert inner.closed


def stats(**changes: object) -> BroadcastStats:
    values: dict[str, object] = {
        "frames_sent": 300, "fps": 29.96, "average_fps": 30.0, "elapsed": 65.4,
        "bytes_sent": 1_000_000, "bitrate_bps": 2_412_000.0, "frames_dropped": 0, "viewers": 1,
        "reconnects": 2, "connected": True, "width": 640, "height": 360,
    }  # fmt: skip
    values.update(changes)
    return BroadcastStats(**values)  # type: ignore[arg-type]


def test_status_text_shows_fps_bitrate_viewers_reconnects_elapsed() -> None:
    text = status_text(stats())
    assert text == "live 01:05  30.0 fps  2.41 Mbit/s  1 viewer  2 reconnects  300 frames"
    text = status_text(stats(connected=False, viewers=3, bitrate_bps=None, elapsed=3725))
    assert text.startswith("reconnecting 1:02:05 ") and "  -  3 viewers" in text
    assert bitrate(850_000) == "850 kbit/s"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reporter_rewrites_one_line_on_a_terminal_and_erases_it() -> None:
    stream = _Tty()
    reporter = StatusReporter(quiet=True, stream=stream)  # --json still shows it on a TTY
    assert reporter.tty and reporter.interval == 1.0
    reporter.update(stats(frames_sent=1))
    reporter.update(stats(frames_sent=2))
    reporter.note("reconnected (1 so far)")
    reporter.clear()
    text = stream.getvalue()
    assert "\n" not in text.replace("reconnected (1 so far)\n", "")
    assert text.count("\r\x1b[2K") == 3
    assert text.endswith("reconnected (1 so far)\n")


def test_reporter_on_a_pipe_prints_plain_lines_every_five_seconds() -> None:
    stream = io.StringIO()
    reporter = StatusReporter(quiet=False, stream=stream)
    assert not reporter.tty and reporter.interval == 5.0
    for now in (0.0, 1.0, 4.0, 5.0, 9.9, 10.1):
        reporter.update(stats(), now=now)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and all(line.startswith("live 01:05") for line in lines)
    assert "\r" not in stream.getvalue()


def test_reporter_on_a_pipe_with_json_prints_nothing() -> None:
    stream = io.StringIO()
    reporter = StatusReporter(quiet=True, stream=stream)
    reporter.update(stats(), now=0.0)
    reporter.clear()
    assert stream.getvalue() == ""


def test_result_json_has_the_documented_keys() -> None:
    result = BroadcastResult(
        room_id="rm_1", join_url="http://sl.test/live/rm_1", room_created=True,
        source="test-pattern", width=640, height=360, frames_sent=180, frames_dropped=0,
        duration=6.0041, average_fps=29.9876, bytes_sent=None, reconnects=0,
        end_reason="duration", ended=True,
    )  # fmt: skip
    data = result.as_json()
    assert data["room_id"] == "rm_1" and data["join_url"] == "http://sl.test/live/rm_1"
    assert (data["frames_sent"], data["duration"], data["average_fps"]) == (180, 6.004, 29.99)
    assert (data["reconnects"], data["ended"], data["end_reason"]) == (0, True, "duration")
    assert result.fields()["room_ended"] is True


def test_broadcast_help_loads_no_media_library() -> None:
    probe = (
        "import sys, json\n"
        "from slctl.__main__ import main\n"
        "try:\n    main(['broadcast', '--help'])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    src = str(Path(command.__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False,
        env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )  # fmt: skip
    assert "--end-on-exit" in done.stdout
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    heavy = {m.split(".")[0] for m in loaded} & {"livekit", "mss", "av", "numpy", "httpx"}
    assert heavy == set()
