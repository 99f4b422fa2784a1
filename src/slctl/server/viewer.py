"""The public viewer page ``/live/{id}``: plain HTML plus livekit-client, no framework."""

from __future__ import annotations

import html
import json

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from .context import ServerContext, get_ctx

router = APIRouter(tags=["Viewer"])

# Keeps a private room's ?key= out of the Referer sent to the script CDN.
_HEADERS = {"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}

_STYLE = (
    "body{font-family:system-ui,sans-serif;background:#111;color:#eee;margin:0;"
    "display:flex;flex-direction:column;align-items:center}"
    "h1{font-size:1.3em;margin:.6em}video{width:min(960px,100vw);background:#000}"
    "#status{padding:.6em;color:#bbb}"
)

_SCRIPT = """
(async () => {
  const cfg = JSON.parse(document.getElementById("cfg").textContent);
  const statusEl = document.getElementById("status");
  const video = document.getElementById("video");
  const setStatus = (text) => { statusEl.textContent = text; };
  if (typeof LivekitClient === "undefined") {
    setStatus("error: could not load livekit-client"); return;
  }
  const LK = LivekitClient;
  const key = new URLSearchParams(location.search).get("key");
  setStatus("connecting");
  let res, body;
  try {
    res = await fetch(cfg.joinPath, {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(key ? {key} : {}),
    });
    body = await res.json();
  } catch (e) { setStatus("error: could not reach the server"); return; }
  if (!res.ok) {
    const code = body && body.error ? body.error.code : "";
    if (code === "ROOM_ENDED") setStatus("stream ended");
    else if (code === "FORBIDDEN") setStatus("private stream: the link's key is missing or wrong");
    else setStatus("error: " + (body && body.error ? body.error.message : res.status));
    return;
  }
  const room = new LK.Room({adaptiveStream: true});
  let videoTrack = null;
  room.on(LK.RoomEvent.TrackSubscribed, (track) => {
    if (track.kind === LK.Track.Kind.Video && videoTrack === null) {
      videoTrack = track; track.attach(video); setStatus("live");
    } else if (track.kind === LK.Track.Kind.Audio) {
      document.body.appendChild(track.attach());
    }
  });
  room.on(LK.RoomEvent.TrackUnsubscribed, (track) => {
    if (track === videoTrack) { videoTrack = null; }
    track.detach();
  });
  room.on(LK.RoomEvent.Disconnected, () => setStatus("stream ended"));
  try {
    await room.connect(body.data.livekit.url, body.data.livekit.token);
  } catch (e) { setStatus("error: could not connect to the stream"); return; }
  if (room.state !== "disconnected") setStatus("live");
  window.slctlRoom = room;
})();
"""


def _page(title: str, inner: str, status_code: int = 200) -> HTMLResponse:
    doc = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{inner}</body></html>"
    )
    return HTMLResponse(doc, status_code=status_code, headers=_HEADERS)


@router.get(
    "/live/{room_id}",
    response_class=HTMLResponse,
    summary="Viewer page (no auth)",
    responses={
        404: {
            "description": "no such room (an HTML page)",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    },
)
async def live_page(room_id: str, ctx: ServerContext = Depends(get_ctx)) -> HTMLResponse:  # noqa: B008
    room = await run_in_threadpool(ctx.store.get_room, room_id)
    if room is None:
        return _page(
            "Stream not found",
            '<h1>Stream not found</h1><div id="status">no such stream</div>',
            404,
        )
    name = html.escape(room["name"])
    if room["status"] != "live":
        return _page(
            f"{room['name']} (ended)",
            f'<h1 id="title">{name}</h1>'
            '<video id="video" autoplay muted playsinline></video>'
            '<div id="status">stream ended</div>',
        )
    cfg = json.dumps({"joinPath": f"/api/rooms/{room['id']}/join"}).replace("<", "\\u003c")
    inner = (
        f'<h1 id="title">{name}</h1>'
        '<video id="video" autoplay muted playsinline></video>'
        '<div id="status">loading</div>'
        f'<script id="cfg" type="application/json">{cfg}</script>'
        f'<script src="{html.escape(ctx.settings.livekit_client_url, quote=True)}"></script>'
        f"<script>{_SCRIPT}</script>"
    )
    return _page(room["name"], inner)
