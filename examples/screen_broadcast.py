"""Broadcast your screen to a new StreamLink room until Ctrl-C.

    pip install 'streamlink-sdk[rtc]'
    export STREAMLINK_BASE_URL=http://127.0.0.1:8080/api   # e.g. `slctl server`
    export STREAMLINK_EMAIL=me@example.com STREAMLINK_PASSWORD=...
    python examples/screen_broadcast.py --monitor 1 --fps 30 [--pattern]

Prints the join URL to share, then the broadcast's statistics every 5 seconds.
The room is ended when the script stops, which disconnects the viewers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os

from streamlink_sdk import AsyncStreamLink
from streamlink_sdk.broadcast import Broadcast, FrameSource, ScreenSource, TestPattern


async def main(args: argparse.Namespace) -> None:
    async with AsyncStreamLink() as sl:
        await sl.auth.signin(
            email=os.environ["STREAMLINK_EMAIL"], password=os.environ["STREAMLINK_PASSWORD"]
        )
        created = await sl.rooms.create(name=args.name, type="public")
        room_id = created.room.id
        print(f"live at {created.join_url}")

        source: FrameSource = TestPattern() if args.pattern else ScreenSource(monitor=args.monitor)
        # The first connection and every reconnect get a fresh host token.
        broadcast = Broadcast(lambda: sl.rooms.host_token(room_id), source=source, fps=args.fps)
        try:
            async with broadcast:
                while broadcast.end_reason is None:
                    s = await broadcast.run(duration=5)  # returns early if the broadcast ends
                    rate = f"{s.bitrate_bps / 1e6:.2f} Mbit/s" if s.bitrate_bps else "n/a"
                    print(f"{s.fps:5.1f} fps  {rate}  viewers={s.viewers}  "
                          f"reconnects={s.reconnects}")
            print(f"broadcast ended: {broadcast.end_reason}")
        finally:
            with contextlib.suppress(Exception):
                await sl.rooms.end(room_id)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Broadcast the screen to a StreamLink room.")
    parser.add_argument("--name", default="Screen broadcast")
    parser.add_argument("--monitor", type=int, default=1, help="1 = first monitor, 0 = all")
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--pattern", action="store_true", help="send a test pattern instead")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(parser.parse_args()))
