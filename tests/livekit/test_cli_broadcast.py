"""``slctl broadcast`` end to end: a real ``python -m slctl`` process publishing into a
room of the reference server on a real livekit-server, watched by an rtc viewer."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from livekit import api
from lk_env import LiveKitServer
from lk_media import Viewer, room_service
from tests.support.refserver import SRC_DIR

from streamlink_sdk import AsyncStreamLink

SIZE = (640, 360)
PASSWORD = "correct horse battery"
_users = itertools.count(1)
_ROOM_LINE = re.compile(r"to room (\S+)")
_STATUS_LINE = re.compile(r"^(live|reconnecting) \d\d:\d\d .* fps ")


class Cli:
    """``python -m slctl`` for one signed-in user, in an isolated HOME/XDG environment."""

    def __init__(self, home: Path, base_url: str) -> None:
        self.base_url = base_url
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GOLIVE_", "STREAMLINK_", "SLCTL_", "XDG_")) and k != "DISPLAY"
        }
        self.env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CACHE_HOME=str(home / "cache"),
            # No keyring: tokens go to the 0600 file the profile names (--insecure-storage).
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            NO_COLOR="1",
            PYTHONPATH=os.pathsep.join(filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")])),
        )

    def args(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "slctl", "--base-url", self.base_url, *args]

    def run(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.args(*args), input=input, capture_output=True, text=True, env=self.env,
            timeout=60, check=False,
        )  # fmt: skip

    def json(self, *args: str) -> Any:
        done = self.run("--json", *args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


@pytest.fixture
def cli(tmp_path: Path, refserver: Any) -> Cli:
    cli = Cli(tmp_path / "home", refserver.streamlink_url)
    email = f"cli-broadcaster{next(_users)}@example.com"
    done = cli.run(
        "auth", "signup", "-e", email, "-n", "CLI host", "--password-stdin", "--insecure-storage",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return cli


@dataclass
class Running:
    """A ``slctl broadcast`` child process whose stderr is collected as it arrives."""

    proc: asyncio.subprocess.Process
    stderr: list[str] = field(default_factory=list)
    room_id: str | None = None
    _reader: asyncio.Task[None] | None = None
    _room_seen: asyncio.Event = field(default_factory=asyncio.Event)

    def start_reading(self) -> None:
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for raw in self.proc.stderr:
            line = raw.decode(errors="replace").rstrip("\n")
            self.stderr.append(line)
            found = _ROOM_LINE.search(line)
            if found and self.room_id is None:
                self.room_id = found.group(1)
                self._room_seen.set()

    async def room(self, within: float = 20) -> str:
        await asyncio.wait_for(self._room_seen.wait(), within)
        assert self.room_id is not None
        return self.room_id

    async def finish(self, within: float = 30) -> tuple[int, str, str]:
        """Exit code, stdout and stderr once the process is done."""
        assert self.proc.stdout is not None
        stdout = await asyncio.wait_for(self.proc.stdout.read(), within)
        code = await asyncio.wait_for(self.proc.wait(), within)
        if self._reader is not None:
            await asyncio.wait_for(self._reader, 5)
        return code, stdout.decode(), "\n".join(self.stderr)


@contextlib.asynccontextmanager
async def broadcast(cli: Cli, *args: str) -> AsyncIterator[Running]:
    proc = await asyncio.create_subprocess_exec(
        *cli.args(*args), env=cli.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    running = Running(proc)
    running.start_reading()
    try:
        yield running
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def viewer_for(cli: Cli, room_id: str) -> Viewer:
    """A viewer with the token the room's public page would get (no sign-in)."""
    async with AsyncStreamLink(base_url=cli.base_url) as anonymous:
        join = await anonymous.rooms.join(room_id)
    return Viewer(join.url, join.token)


async def test_broadcast_creates_a_room_publishes_for_duration_and_ends_it(cli: Cli) -> None:
    async with broadcast(
        cli, "--json", "broadcast", "--source", "test-pattern", "--resolution", "640x360",
        "--duration", "6", "--end-on-exit", "--name", "CLI broadcast",
    ) as running:  # fmt: skip
        room_id = await running.room()
        async with await viewer_for(cli, room_id) as viewer:
            got = await viewer.wait_frames(30, SIZE, within=15)
            assert got >= 30, f"viewer got {got} frames of {SIZE}; sizes: {set(viewer.sizes)}"
            code, stdout, stderr = await running.finish()
            await asyncio.wait_for(viewer.disconnected.wait(), 10)
            assert viewer.disconnect_reason == "ROOM_DELETED"

    assert code == 0, stderr
    result = json.loads(stdout)  # the whole of stdout is one JSON document
    assert result["room_id"] == room_id
    assert result["join_url"].endswith(f"/live/{room_id}")
    assert result["join_url"] in stderr  # also announced as a diagnostic line
    assert result["room_created"] is True
    assert result["ended"] is True
    assert result["end_reason"] == "duration"
    assert (result["source"], result["width"], result["height"]) == ("test-pattern", *SIZE)
    assert 5.5 <= result["duration"] <= 8
    assert 20 <= result["average_fps"] <= 32
    assert result["frames_sent"] >= 120
    assert result["frames_sent"] >= got
    assert result["reconnects"] == 0
    assert not any(_STATUS_LINE.match(line) for line in stderr.splitlines())  # --json, a pipe

    room = cli.json("rooms", "get", room_id)
    assert room["status"] == "ended"
    assert room["name"] == "CLI broadcast"


async def test_sigint_stops_cleanly_and_ends_the_room(cli: Cli) -> None:
    async with broadcast(
        cli, "--json", "broadcast", "--source", "test-pattern", "--resolution", "640x360",
        "--end-on-exit",
    ) as running:  # fmt: skip
        room_id = await running.room()
        async with await viewer_for(cli, room_id) as viewer:
            assert await viewer.wait_frames(15, SIZE, within=15) >= 15
            running.proc.send_signal(signal.SIGINT)
            code, stdout, stderr = await running.finish(within=20)
            await asyncio.wait_for(viewer.disconnected.wait(), 10)
            assert viewer.disconnect_reason == "ROOM_DELETED"

    assert code == 0, stderr
    assert "SIGINT: stopping" in stderr
    assert "Traceback" not in stderr
    result = json.loads(stdout)
    assert result["end_reason"] == "stopped"
    assert result["ended"] is True
    assert result["frames_sent"] >= 15
    assert cli.json("rooms", "get", room_id)["status"] == "ended"


async def test_existing_room_gets_a_host_token_and_stays_live(cli: Cli) -> None:
    created = cli.json("rooms", "create", "Existing room")
    room_id = created["room"]["id"]
    async with await viewer_for(cli, room_id) as viewer, broadcast(
        cli, "broadcast", room_id, "-s", "test-pattern", "-r", "640x360", "-d", "5.5",
    ) as running:  # fmt: skip
        assert await running.room() == room_id
        assert await viewer.wait_frames(30, SIZE, within=15) >= 30
        code, stdout, stderr = await running.finish()

    assert code == 0, stderr
    fields = dict(line.split(": ", 1) for line in stdout.splitlines())  # plain `key: value`
    assert fields["room_id"] == room_id
    assert fields["room_ended"] == "no"
    assert fields["end_reason"] == "duration"
    assert int(fields["frames_sent"]) >= 100
    # stderr is a pipe here: plain status lines (the first one as soon as it is live).
    status = [line for line in stderr.splitlines() if _STATUS_LINE.match(line)]
    assert status and status[0].startswith("live 00:00"), stderr
    assert "1 viewer" in status[-1], status
    assert f"slctl rooms end {room_id}" in stderr
    assert cli.json("rooms", "get", room_id)["status"] == "live"
    cli.json("rooms", "end", room_id)


async def test_a_removed_host_reconnects_and_frames_flow_again(
    cli: Cli, livekit_server: LiveKitServer
) -> None:
    # The reconnect asks the provider for access again, which is `rooms.host_token` (the
    # unit tests check that wiring); here: the CLI comes back and counts the reconnect.
    async with broadcast(
        cli, "--json", "broadcast", "-s", "test-pattern", "-r", "640x360", "-d", "7",
        "--end-on-exit",
    ) as running:  # fmt: skip
        room_id = await running.room()
        lk_room = cli.json("rooms", "get", room_id)["livekit_room"]
        async with await viewer_for(cli, room_id) as viewer:
            assert await viewer.wait_frames(10, SIZE, within=15) >= 10
            hosts = viewer.identities()
            assert len(hosts) == 1
            async with room_service(livekit_server.http_url) as lk:
                await lk.room.remove_participant(
                    api.RoomParticipantIdentity(room=lk_room, identity=hosts.pop())
                )
            before = viewer.count(SIZE)
            assert await viewer.wait_frames(before + 20, SIZE, within=15) >= before + 20
            code, stdout, stderr = await running.finish()

    assert code == 0, stderr
    assert "reconnected (1 so far)" in stderr
    result = json.loads(stdout)
    assert (result["reconnects"], result["end_reason"], result["ended"]) == (1, "duration", True)
