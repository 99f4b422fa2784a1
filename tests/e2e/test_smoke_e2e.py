"""`slctl smoke` against the reference server (and a real livekit-server where present):
every step passes, JUnit XML is written, and what the run created is cleaned up (or kept
with --keep)."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from slctl.app import run
from tests.e2e.conftest import bearer, signup
from tests.support.refserver import RELAXED_LIMITS, ServerHandle

LIVEKIT_DIR = Path(__file__).resolve().parents[1] / "livekit"


def smoke(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = run(["smoke", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def steps(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{s['group']}: {s['name']}": s for s in report["steps"]}


def smoke_tenants(srv: ServerHandle) -> list[dict[str, Any]]:
    r = httpx.get(srv.url + "/admin/tenants", headers=bearer(srv.operator_token))
    return [t for t in r.json()["tenants"] if t["name"].startswith("slctl smoke")]


def test_full_run_with_throwaway_tenant_cleans_up(
    refserver: ServerHandle, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = {t["id"] for t in smoke_tenants(refserver)}
    junit = tmp_path / "reports" / "smoke.xml"
    code, report = smoke(
        capsys,
        "--base-url",
        refserver.streamlink_url,
        "--no-rtc",
        "--operator-token",
        refserver.operator_token,
        "--junit",
        str(junit),
    )
    assert code == 0, report
    by_name = steps(report)
    for name in (
        "streamlink: sign up",
        "streamlink: create room",
        "streamlink: viewer join token",
        "streamlink: end room",
        "golive: create throwaway tenant",
        "golive: check credentials",
        "golive: ensure room",
        "golive: mint two tokens",
        "golive: delete room",
        "golive: deactivate throwaway tenant",
        "streamlink: sign out",
    ):
        assert by_name[name]["status"] == "passed", by_name[name]
    assert by_name["streamlink: publish frames"]["status"] == "skipped"
    assert "subscribe" in by_name["streamlink: viewer join token"]["detail"]
    # The throwaway tenant exists no more as an active tenant.
    [tenant] = [t for t in smoke_tenants(refserver) if t["id"] not in before]
    assert tenant["active"] is False
    # JUnit: same steps, no failures.
    root = ET.parse(junit).getroot()
    assert root.get("failures") == "0" and int(root.get("tests", "0")) == len(report["steps"])


def test_given_credentials_and_user_are_used_and_kept(
    refserver: ServerHandle,
    capsys: pytest.CaptureFixture[str],
    http: httpx.Client,
    tenant: dict[str, Any],
) -> None:
    user = signup(http)
    code, report = smoke(
        capsys,
        "--base-url",
        refserver.streamlink_url,
        "--no-rtc",
        "--keep",
        "--email",
        user["user"]["email"],
        "--password",
        user["password"],
        "--golive-key",
        tenant["api_key"],
        "--golive-secret",
        tenant["api_secret"],
    )
    assert code == 0, report
    by_name = steps(report)
    assert by_name["streamlink: sign in"]["status"] == "passed"
    assert "streamlink: sign up" not in by_name
    assert by_name["streamlink: end room"]["status"] == "skipped"
    assert by_name["golive: delete room"]["detail"] == "kept (--keep)"
    # Kept: the user's room is still live and the GoLive room still exists.
    rooms = http.get("/api/rooms", headers=bearer(user["accessToken"])).json()["data"]["rooms"]
    assert [r["status"] for r in rooms] == ["live"]
    auth = (tenant["api_key"], tenant["api_secret"])
    names = [r["name"] for r in http.get("/api/v1/rooms", auth=auth).json()["rooms"]]
    assert len(names) == 1 and names[0].startswith("slctl-smoke-")


def test_wrong_credentials_fail_with_exit_1(
    refserver: ServerHandle, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junit = tmp_path / "smoke.xml"
    code, report = smoke(
        capsys,
        "--base-url",
        refserver.streamlink_url,
        "--no-rtc",
        "--golive-key",
        "gl_nobody",
        "--golive-secret",
        "wrong-secret",
        "--junit",
        str(junit),
    )
    assert code == 1
    failed = [s for s in report["steps"] if s["status"] == "failed"]
    assert [(s["group"], s["name"]) for s in failed] == [("golive", "check credentials")]
    assert "401" in failed[0]["detail"] or "AuthenticationError" in failed[0]["detail"]
    failures = ET.parse(junit).getroot().findall(".//failure")
    assert len(failures) == 1


def test_require_golive_without_credentials_fails(
    refserver: ServerHandle, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("GOLIVE_API_KEY", "GOLIVE_API_SECRET", "GOLIVE_OPERATOR_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    code, report = smoke(capsys, "--base-url", refserver.streamlink_url, "--no-rtc")
    assert code == 0 and steps(report)["golive: credentials"]["status"] == "skipped"
    code, report = smoke(
        capsys, "--base-url", refserver.streamlink_url, "--no-rtc", "--require-golive"
    )
    assert code == 1 and steps(report)["golive: credentials"]["status"] == "failed"


def test_table_output(refserver: ServerHandle, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["smoke", "--base-url", refserver.streamlink_url, "--no-rtc"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].split() == ["STEP", "RESULT", "TIME", "DETAIL"]
    assert out.splitlines()[-1].startswith("PASSED: ")


@pytest.fixture(scope="module")
def livekit() -> Iterator[Any]:
    sys.path.insert(0, str(LIVEKIT_DIR))
    try:
        import lk_env
    finally:
        sys.path.remove(str(LIVEKIT_DIR))
    binary = lk_env.find_livekit_server()
    if binary is None:
        lk_env.missing("no livekit-server binary: run scripts/install-livekit-server")
    with lk_env.run_livekit_server(binary) as server:
        yield server


@pytest.mark.livekit
@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_publishes_frames_to_a_real_livekit_server(
    livekit: Any, make_refserver: Callable[..., ServerHandle], capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("livekit.rtc", reason="the rtc extra is not installed")
    srv = make_refserver(
        livekit_url=livekit.url,
        livekit_api_key=livekit.api_key,
        livekit_api_secret=livekit.api_secret,
        **RELAXED_LIMITS,
    )
    code, report = smoke(
        capsys,
        "--base-url",
        srv.streamlink_url,
        "--rtc",
        "--operator-token",
        srv.operator_token,
        "--publish-seconds",
        "1.5",
    )
    assert code == 0, report
    publish = steps(report)["streamlink: publish frames"]
    assert publish["status"] == "passed"
    frames = int(publish["detail"].split()[0])
    assert frames >= 5
