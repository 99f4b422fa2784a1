"""Load generator, run as a separate process by test_load.py (loopback only).

    python -m tests.reliability.load_worker create URL OPERATOR_TOKEN USERS TENANTS
    python -m tests.reliability.load_worker burst URL METHOD PATH COUNT [AUTH]

Prints one JSON document on stdout: what it created (``create``) or the status codes seen
(``burst``). Every request goes out from a pool of threads at once.
"""

from __future__ import annotations

import json
import secrets
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

THREADS = 24
ROOMS_PER_USER = 3
ROOMS_PER_TENANT = 2
TOKENS_PER_ROOM = 3


def _user(http: httpx.Client, n: int) -> dict[str, Any]:
    email = f"load{n}-{secrets.token_hex(3)}@example.test"
    r = http.post("/api/auth/signup", json={"email": email, "password": "load-test-pw-1"})
    r.raise_for_status()
    data = r.json()["data"]
    auth = {"Authorization": f"Bearer {data['accessToken']}"}
    rooms = []
    for i in range(ROOMS_PER_USER):
        created = http.post("/api/rooms", json={"name": f"load {n}.{i}"}, headers=auth)
        created.raise_for_status()
        rooms.append(created.json()["data"]["room"]["id"])
    return {"id": data["user"]["id"], "email": email, "token": data["accessToken"], "rooms": rooms}


def _tenant(http: httpx.Client, operator: str, n: int) -> dict[str, Any]:
    r = http.post(
        "/admin/tenants",
        json={"name": f"Load {n}"},
        headers={"Authorization": f"Bearer {operator}"},
    )
    r.raise_for_status()
    creds = r.json()
    auth = (creds["api_key"], creds["api_secret"])
    rooms, tokens = [], 0
    for i in range(ROOMS_PER_TENANT):
        name = f"room-{i}"
        http.post("/api/v1/rooms", json={"name": name}, auth=auth).raise_for_status()
        rooms.append(name)
        for j in range(TOKENS_PER_ROOM):
            t = http.post(f"/api/v1/rooms/{name}/tokens", json={"identity": f"u{j}"}, auth=auth)
            t.raise_for_status()
            tokens += t.json()["room"] == f"{creds['tenant']['id']}__{name}"
    return {
        "id": creds["tenant"]["id"],
        "api_key": creds["api_key"],
        "api_secret": creds["api_secret"],
        "rooms": rooms,
        "tokens": tokens,
    }


def create(url: str, operator: str, users: int, tenants: int) -> dict[str, Any]:
    with (
        httpx.Client(
            base_url=url, timeout=30, limits=httpx.Limits(max_connections=THREADS)
        ) as http,
        ThreadPoolExecutor(THREADS) as pool,
    ):
        u = [pool.submit(_user, http, n) for n in range(users)]
        t = [pool.submit(_tenant, http, operator, n) for n in range(tenants)]
        return {"users": [f.result() for f in u], "tenants": [f.result() for f in t]}


def burst(url: str, method: str, path: str, count: int, auth: str | None) -> dict[str, Any]:
    headers = {"Authorization": auth} if auth else {}

    def one(n: int) -> int:
        body = {"email": f"nobody{n}@example.test", "password": "wrong-password"}
        r = http.request(method, path, headers=headers, json=body if method == "POST" else None)
        return r.status_code

    with (
        httpx.Client(
            base_url=url, timeout=30, limits=httpx.Limits(max_connections=THREADS)
        ) as http,
        ThreadPoolExecutor(THREADS) as pool,
    ):
        return {"statuses": list(pool.map(one, range(count)))}


def main(argv: list[str]) -> None:
    mode, url = argv[0], argv[1]
    if mode == "create":
        out = create(url, argv[2], int(argv[3]), int(argv[4]))
    else:
        out = burst(url, argv[2], argv[3], int(argv[4]), argv[5] if len(argv) > 5 else None)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
