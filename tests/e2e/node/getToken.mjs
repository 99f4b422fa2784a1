// How a GoLive tenant's Node (18+) backend gets a LiveKit token for one of its users.
// Configuration comes from the environment: GOLIVE_BASE_URL, GOLIVE_API_KEY, GOLIVE_API_SECRET.
// Run directly: node getToken.mjs <room> <identity> [name]  -> prints the JSON answer.

const baseUrl = (process.env.GOLIVE_BASE_URL ?? "").replace(/\/+$/, "");
const apiKey = process.env.GOLIVE_API_KEY ?? "";
const apiSecret = process.env.GOLIVE_API_SECRET ?? "";

export async function getToken(room, identity, name) {
  const auth = Buffer.from(`${apiKey}:${apiSecret}`).toString("base64");
  const res = await fetch(`${baseUrl}/api/v1/rooms/${encodeURIComponent(room)}/tokens`, {
    method: "POST",
    headers: { "Authorization": `Basic ${auth}`, "Content-Type": "application/json" },
    body: JSON.stringify({ identity, name, can_publish: true, can_subscribe: true,
                           ttl_seconds: 3600 }),
  });
  const body = await res.json();
  if (!res.ok) {
    const err = new Error(`${res.status} ${body.error?.code}: ${body.error?.message}`);
    err.status = res.status;
    err.code = body.error?.code;
    throw err;
  }
  return body; // { token, ws_url, room, identity, expires_in }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [room, identity, name] = process.argv.slice(2);
  try {
    console.log(JSON.stringify(await getToken(room, identity, name)));
  } catch (err) {
    console.error(JSON.stringify({ status: err.status, code: err.code, message: err.message }));
    process.exit(1);
  }
}
