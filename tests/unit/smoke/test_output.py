"""The step table and the JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from slctl.smoke import SmokeConfig, SmokeReport, StepResult, StepStatus, junit_xml, render_table
from slctl.smoke.junit import write_junit

P, F, S = StepStatus.PASSED, StepStatus.FAILED, StepStatus.SKIPPED


def report() -> SmokeReport:
    return SmokeReport(
        target="https://example.test/api",
        steps=[
            StepResult("sign up", P, 0.0421, "user usr_1", "streamlink"),
            StepResult("publish frames", F, 1.5, "BroadcastError: " + "x" * 200, "streamlink"),
            StepResult("credentials", S, 0.0, "no GoLive credentials", "golive"),
            StepResult("delete room", P, 0.004, "", "golive"),
        ],
    )


def test_table_has_a_row_per_step_and_a_summary() -> None:
    text = render_table(report())
    lines = text.splitlines()
    assert lines[0].split() == ["STEP", "RESULT", "TIME", "DETAIL"]
    assert lines[1].startswith("streamlink: sign up") and " ok " in lines[1]
    assert "42 ms" in lines[1] and lines[1].endswith("user usr_1")
    assert "FAILED" in lines[2] and "1500 ms" in lines[2] and lines[2].endswith("...")
    assert len(lines[2]) < 200  # long details are cut
    assert "skipped" in lines[3]
    assert lines[-1] == (
        "FAILED: 2 passed, 1 failed, 1 skipped in 1.55 s against https://example.test/api"
    )


def test_all_passing_summary() -> None:
    ok = SmokeReport(target="t", steps=[StepResult("a", P, 0.1)])
    assert render_table(ok).splitlines()[-1].startswith("PASSED: 1 passed, 0 failed")


def test_junit_groups_steps_into_suites(tmp_path: Path) -> None:
    path = tmp_path / "out" / "smoke.xml"
    write_junit(report(), path)
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "4" and root.get("failures") == "1"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"streamlink", "golive"}
    sl = suites["streamlink"]
    assert (sl.get("tests"), sl.get("failures"), sl.get("skipped")) == ("2", "1", "0")
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["sign up"].get("time") == "0.042"
    assert cases["sign up"].get("classname") == "slctl.smoke.streamlink"
    failure = cases["publish frames"].find("failure")
    assert failure is not None and failure.get("message", "").startswith("BroadcastError")
    skipped = cases["credentials"].find("skipped")
    assert skipped is not None and skipped.get("message") == "no GoLive credentials"
    assert list(cases["delete room"]) == []


def test_junit_escapes_markup_in_details() -> None:
    bad = SmokeReport(target="t", steps=[StepResult("x", F, 0, 'unexpected <html> & "quotes"')])
    root = ET.fromstring(junit_xml(bad).split("?>", 1)[1])
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == 'unexpected <html> & "quotes"'


def test_to_dict_is_json_ready() -> None:
    data = report().to_dict()
    assert data["ok"] is False and data["target"] == "https://example.test/api"
    assert [s["status"] for s in data["steps"]] == ["passed", "failed", "skipped", "passed"]


def test_golive_origin_defaults_to_base_without_api() -> None:
    assert SmokeConfig(base_url="https://h.test/api/").golive_origin == "https://h.test"
    assert SmokeConfig(base_url="https://h.test/sl").golive_origin == "https://h.test/sl"
    cfg = SmokeConfig(base_url="https://h.test/api", golive_url="https://gl.test/")
    assert cfg.golive_origin == "https://gl.test"


def test_config_repr_hides_secrets() -> None:
    cfg = SmokeConfig(
        base_url="u", password="pw-123456", golive_secret="gs-abcdef", operator_token="op-zyxwvu"
    )
    for secret in ("pw-123456", "gs-abcdef", "op-zyxwvu"):
        assert secret not in repr(cfg)
