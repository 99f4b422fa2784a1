"""Load on the reference server from a second process (bounded, loopback only).

Many users sign up and create rooms while many tenants create rooms and mint tokens, all
at once; afterwards everything is there exactly once. Under a strict limit exactly N of M
concurrent requests get through.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.refserver import RELAXED_LIMITS, ServerHandle, start_reference_server

from .budget import size

REPO = Path(__file__).resolve().parents[2]
USERS, TENANTS = size(24, 200), size(12, 100)


def worker(*args: str, timeout: float = 120) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(REPO / "src"), str(REPO), os.environ.get("PYTHONPATH", "")]
        ),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.load_worker", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerHandle, Any]]:
    with start_reference_server(
        tmp_path_factory.mktemp("load"), mode="subprocess", **RELAXED_LIMITS
    ) as srv:
        yield (
            srv,
            worker(
                "create",
                srv.url,
                srv.operator_token,
                str(USERS),
                str(TENANTS),
                timeout=size(120, 900),
            ),
        )


def test_every_user_and_room_is_there_exactly_once(loaded: tuple[ServerHandle, Any]) -> None:
    srv, created = loaded
    users = created["users"]
    assert len(users) == USERS
    assert len({u["id"] for u in users}) == USERS
    all_rooms = [r for u in users for r in u["rooms"]]
    assert len(set(all_rooms)) == len(all_rooms) == USERS * 3
    with httpx.Client(base_url=srv.url, timeout=10) as http:
        for u in users:
            auth = {"Authorization": f"Bearer {u['token']}"}
            me = http.get("/api/auth/me", headers=auth).json()["data"]["user"]
            assert (me["id"], me["email"]) == (u["id"], u["email"])
            listed = http.get("/api/rooms", headers=auth).json()["data"]["rooms"]
            assert sorted(r["id"] for r in listed) == sorted(u["rooms"])
            assert {r["ownerId"] for r in listed} == {u["id"]}


def test_every_tenant_room_and_token_is_consistent(loaded: tuple[ServerHandle, Any]) -> None:
    srv, created = loaded
    tenants = created["tenants"]
    assert len({t["id"] for t in tenants}) == len(tenants) == TENANTS
    assert len({t["api_key"] for t in tenants}) == TENANTS
    assert all(t["tokens"] == 2 * 3 for t in tenants)  # every token named its tenant's room
    with httpx.Client(base_url=srv.url, timeout=10) as http:
        listed = http.get(
            "/admin/tenants", headers={"Authorization": f"Bearer {srv.operator_token}"}
        ).json()
        ids = [t["id"] for t in listed["tenants"]]
        assert len(ids) == len(set(ids)) and {t["id"] for t in tenants} <= set(ids)
        for t in tenants:
            rooms = http.get("/api/v1/rooms", auth=(t["api_key"], t["api_secret"])).json()
            assert sorted(r["name"] for r in rooms["rooms"]) == sorted(t["rooms"])
            assert {r["livekit_room"] for r in rooms["rooms"]} == {
                f"{t['id']}__{name}" for name in t["rooms"]
            }


@pytest.mark.parametrize("limit,attempts", [(20, 50)])
def test_auth_limit_holds_exactly_under_concurrency(
    tmp_path: Path, limit: int, attempts: int
) -> None:
    with start_reference_server(
        tmp_path,
        mode="subprocess",
        rate_limit_global="100000/minute",
        rate_limit_auth=f"{limit}/minute",
    ) as srv:
        statuses = worker("burst", srv.url, "POST", "/api/auth/signin", str(attempts))["statuses"]
    assert len(statuses) == attempts
    assert statuses.count(401) == limit  # wrong passwords, but let through
    assert statuses.count(429) == attempts - limit


def test_tenant_limit_holds_exactly_under_concurrency(tmp_path: Path) -> None:
    limit, attempts = 15, 40
    with start_reference_server(
        tmp_path, mode="subprocess", rate_limit_tenant=f"{limit}/minute"
    ) as srv:
        creds = httpx.post(
            srv.url + "/admin/tenants",
            json={"name": "Busy"},
            headers={"Authorization": f"Bearer {srv.operator_token}"},
        ).json()
        basic = base64.b64encode(f"{creds['api_key']}:{creds['api_secret']}".encode()).decode()
        statuses = worker("burst", srv.url, "GET", "/api/v1/me", str(attempts), f"Basic {basic}")[
            "statuses"
        ]
    assert statuses.count(200) == limit
    assert statuses.count(429) == attempts - limit
