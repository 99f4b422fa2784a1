"""Publishing a few frames with the LiveKit rtc SDK (extra ``rtc``), when available."""

from __future__ import annotations

import asyncio
import importlib.util

from .config import SmokeConfig
from .steps import Skip, StepFailed, StepRunner

NAME = "publish frames"
INSTALL_HINT = "the rtc extra is not installed (pip install 'streamlink-sdk[rtc]')"


def rtc_available() -> bool:
    """True when ``livekit.rtc`` can be imported."""
    try:
        return importlib.util.find_spec("livekit.rtc") is not None
    except (ImportError, ValueError):
        return False


async def _publish(url: str, token: str, seconds: float, limit: float) -> str:
    from streamlink_sdk.broadcast import Broadcast, TestPattern

    broadcast = Broadcast(
        lambda: (url, token),
        source=TestPattern(320, 240),
        fps=15,
        reconnect=False,
        publish_timeout=limit,
        stats_interval=0.5,
    )
    async with broadcast:
        stats = await asyncio.wait_for(broadcast.run(duration=seconds), limit + seconds)
    if stats.frames_sent <= 0:
        raise StepFailed("connected, but no frame was sent")
    sent = f", {stats.bytes_sent} video bytes" if stats.bytes_sent else ""
    return f"{stats.frames_sent} frames {stats.width}x{stats.height} in {stats.elapsed:.1f} s{sent}"


def _step(cfg: SmokeConfig, url: str, token: str) -> str:
    if cfg.rtc == "off":
        raise Skip("disabled (--no-rtc)")
    if not rtc_available():
        if cfg.rtc == "on":
            raise StepFailed(INSTALL_HINT)
        raise Skip(INSTALL_HINT)
    return asyncio.run(_publish(url, token, cfg.publish_seconds, cfg.timeout))


def publish_step(cfg: SmokeConfig, run: StepRunner, group: str, url: str, token: str) -> None:
    """Connect to LiveKit with ``token`` and publish a test pattern for a moment."""
    run.run(group, NAME, lambda: _step(cfg, url, token), lambda d: d)
