"""StepRunner: timing, failures turned into report lines, skips, cleanup order, --keep."""

from __future__ import annotations

import itertools

import pytest

from slctl.smoke import SmokeReport, StepStatus
from slctl.smoke.steps import Skip, StepFailed, StepRunner, describe


def runner() -> StepRunner:
    ticks = itertools.count(0.0, 0.25)  # every clock read advances 250 ms
    return StepRunner(SmokeReport(target="http://x/api"), clock=lambda: next(ticks))


def test_passed_step_returns_its_value_with_timing_and_detail() -> None:
    run = runner()
    assert run.run("g", "adds", lambda: 2 + 2, lambda v: f"got {v}") == 4
    [step] = run.report.steps
    assert (step.name, step.group, step.status, step.detail) == (
        "adds",
        "g",
        StepStatus.PASSED,
        "got 4",
    )
    assert step.seconds == pytest.approx(0.25)


def test_failed_step_is_recorded_not_raised() -> None:
    run = runner()

    def boom() -> int:
        raise RuntimeError("disk on fire\nsecond line")

    assert run.run("g", "boom", boom) is None
    [step] = run.report.steps
    assert step.status is StepStatus.FAILED and step.detail == "RuntimeError: disk on fire"
    assert not run.report.ok and run.report.failed == [step]


def test_step_failed_and_skip_messages_are_used_verbatim() -> None:
    run = runner()

    def check() -> None:
        raise StepFailed("token room is 'a', expected 'b'")

    def unavailable() -> None:
        raise Skip("the rtc extra is not installed")

    run.run("g", "check", check)
    run.run("g", "media", unavailable)
    assert [(s.status, s.detail) for s in run.report.steps] == [
        (StepStatus.FAILED, "token room is 'a', expected 'b'"),
        (StepStatus.SKIPPED, "the rtc extra is not installed"),
    ]
    assert not run.report.ok  # one failure; the skip alone would be fine


def test_skips_alone_keep_the_report_ok() -> None:
    run = runner()
    run.skip("golive", "credentials", "none given")
    assert run.report.ok and run.report.steps[0].seconds == 0


def test_cleanups_run_newest_first_even_after_failures() -> None:
    run = runner()
    order: list[str] = []
    run.defer("a", "first", lambda: order.append("first"))
    run.defer("b", "second", lambda: order.append("second"))

    def broken() -> None:
        raise ValueError("nope")

    run.defer("c", "third", broken)
    run.cleanup(keep=False)
    assert order == ["second", "first"]
    assert [(s.name, s.status) for s in run.report.steps] == [
        ("third", StepStatus.FAILED),
        ("second", StepStatus.PASSED),
        ("first", StepStatus.PASSED),
    ]
    run.cleanup(keep=False)  # nothing left to run
    assert len(run.report.steps) == 3


def test_keep_records_cleanups_as_kept_without_running_them() -> None:
    run = runner()
    ran: list[int] = []
    run.defer("g", "delete room", lambda: ran.append(1))
    run.cleanup(keep=True)
    assert ran == []
    assert run.report.steps[0].status is StepStatus.SKIPPED
    assert run.report.steps[0].detail == "kept (--keep)"


def test_describe_empty_message_uses_the_type() -> None:
    assert describe(TimeoutError()) == "TimeoutError"
