"""run_smoke and the command when nothing answers, or usage is wrong: no exception, a
report that says what failed and why the rest was skipped, the right exit code."""

from __future__ import annotations

import json
import socket

import pytest

from slctl.app import run
from slctl.smoke import SmokeConfig, StepStatus, run_smoke
from slctl.smoke.checks import Expected, check_token
from slctl.smoke.golive_part import NO_CREDENTIALS
from slctl.smoke.steps import StepFailed


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"  # nothing listens here any more


def statuses(report: object) -> list[tuple[str, str, StepStatus]]:
    return [(s.group, s.name, s.status) for s in report.steps]  # type: ignore[attr-defined]


def test_unreachable_server_fails_first_step_and_skips_the_rest() -> None:
    report = run_smoke(SmokeConfig(base_url=dead_url(), rtc="off", timeout=2))
    assert not report.ok
    assert statuses(report)[:2] == [
        ("streamlink", "sign up", StepStatus.FAILED),
        ("streamlink", "create room", StepStatus.SKIPPED),
    ]
    assert "APIConnectionError" in report.steps[0].detail
    golive = [s for s in report.steps if s.group == "golive"]
    assert golive[0].name == "credentials" and golive[0].status is StepStatus.SKIPPED
    assert golive[0].detail == NO_CREDENTIALS


def test_require_golive_turns_missing_credentials_into_a_failure() -> None:
    report = run_smoke(SmokeConfig(base_url=dead_url(), rtc="off", require_golive=True, timeout=2))
    creds = next(s for s in report.steps if s.name == "credentials")
    assert creds.status is StepStatus.FAILED and "--require-golive" in creds.detail


def test_command_exit_code_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["smoke", "--base-url", dead_url(), "--no-rtc", "--timeout", "2", "--json"])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["steps"][0]["status"] == "failed"


def test_email_without_password_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["smoke", "--base-url", dead_url(), "--email", "a@b.test"]) == 2


def _jwt(claims: dict[str, object]) -> str:
    import base64

    def seg(d: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()

    return f"{seg({'alg': 'HS256'})}.{seg(claims)}.sig"


def test_check_token_compares_grants() -> None:
    token = _jwt({"sub": "v", "video": {"room": "r1", "roomJoin": True, "canPublish": False}})
    info = check_token(token, Expected(room="r1", identity="v", can_publish=False))
    assert info.grants.can_subscribe
    with pytest.raises(StepFailed, match="canPublish is False, expected True"):
        check_token(token, Expected(can_publish=True))
    with pytest.raises(StepFailed, match="roomJoin"):
        check_token(_jwt({"video": {"room": "r1"}}), Expected())
    with pytest.raises(StepFailed, match="lifetime"):
        check_token(token, Expected(ttl=600))  # no exp claim
