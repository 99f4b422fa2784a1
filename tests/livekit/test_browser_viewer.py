"""The reference server's viewer page in headless Chromium plays a Python broadcast."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from lk_env import REPO
from lk_png import sampled_colours

from streamlink_sdk import AsyncStreamLink, LiveKitAccess
from streamlink_sdk.broadcast import Broadcast, TestPattern

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
]
VIDEO = "document.getElementById('video')"
_users = itertools.count(1)


@pytest.fixture
async def sl(refserver: Any) -> AsyncIterator[AsyncStreamLink]:
    async with AsyncStreamLink(base_url=refserver.streamlink_url) as client:
        n = next(_users)
        await client.auth.signup(
            email=f"browser{n}@example.com", password="correct horse battery", display_name="B"
        )
        yield client


async def test_viewer_page_plays_the_broadcast_then_shows_stream_ended(
    sl: AsyncStreamLink, browser_ready: str
) -> None:
    from playwright.async_api import async_playwright

    created = await sl.rooms.create(name="Browser test", type="public")
    room_id = created.room.id

    async def host() -> LiveKitAccess:
        return await sl.rooms.host_token(room_id)

    console: list[str] = []
    async with (
        Broadcast(host, source=TestPattern(1280, 720), fps=30) as b,
        async_playwright() as pw,
    ):
        browser = await pw.chromium.launch(
            executable_path=browser_ready, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page(viewport={"width": 800, "height": 600})
            page.on("console", lambda msg: console.append(msg.text))
            await page.goto(created.join_url)
            await page.wait_for_function(
                f"{VIDEO}.videoWidth > 0 && {VIDEO}.currentTime > 0.3", timeout=30_000
            )
            assert await page.evaluate(f"[{VIDEO}.videoWidth, {VIDEO}.videoHeight]") == [1280, 720]
            t1 = await page.evaluate(f"{VIDEO}.currentTime")
            await asyncio.sleep(2)
            t2 = await page.evaluate(f"{VIDEO}.currentTime")
            assert t2 - t1 > 1.0, f"video is not advancing: {t1} -> {t2}"
            assert await page.text_content("#status") == "live"
            # The page is a participant the host sees. LiveKit announces subscribe-only
            # participants in batches every 3 s, so the count may lag the picture.
            for _ in range(80):
                if b.stats.viewers:
                    break
                await asyncio.sleep(0.1)
            assert b.stats.viewers == 1, f"{b.stats} remote={list(b.room.remote_participants)}"

            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / "browser-viewer.png"
            await page.locator("#video").screenshot(path=str(shot))

            await sl.rooms.end(room_id)
            await page.wait_for_function(
                "document.getElementById('status').textContent.includes('stream ended')",
                timeout=15_000,
            )
            await asyncio.wait_for(b.run(), 10)
            assert b.end_reason == "room_deleted"
        except Exception:
            print("browser console:", *console, sep="\n  ")
            raise
        finally:
            await browser.close()

    colours = sampled_colours(shot)
    # The test pattern has 8 bars, a ramp and a box: a blank or frozen-black video has 1-2.
    assert len(colours) >= 8, f"screenshot looks blank: {sorted(colours)[:10]}"


async def test_an_ended_room_page_says_stream_ended(
    sl: AsyncStreamLink, browser_ready: str
) -> None:
    from playwright.async_api import async_playwright

    created = await sl.rooms.create(name="Already over", type="public")
    await sl.rooms.end(created.room.id)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=browser_ready, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page()
            await page.goto(created.join_url)
            assert "stream ended" in (await page.text_content("#status") or "")
        finally:
            await browser.close()
