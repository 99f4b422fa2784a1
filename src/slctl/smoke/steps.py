"""Running steps: timing, catching failures, skipping dependants, deferred cleanup."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from .report import SmokeReport, StepResult, StepStatus

T = TypeVar("T")


class StepFailed(Exception):
    """Raised by a step's own checks; its message becomes the step's detail."""


class Skip(Exception):
    """Raised by a step that cannot run here; its message is the reason."""


def describe(exc: BaseException) -> str:
    """One line for a failure: the exception's first line, with its type."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if isinstance(exc, StepFailed):
        return first
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class StepRunner:
    """Runs named steps into a :class:`SmokeReport`; cleanups run last, newest first."""

    def __init__(self, report: SmokeReport, clock: Callable[[], float] = time.perf_counter):
        self.report = report
        self._clock = clock
        self._cleanups: list[tuple[str, str, Callable[[], object]]] = []

    def run(
        self,
        group: str,
        name: str,
        action: Callable[[], T],
        detail: Callable[[T], str] | None = None,
    ) -> T | None:
        """Run one step; returns its value, or ``None`` when it failed or was skipped."""
        start = self._clock()
        try:
            value = action()
        except Skip as exc:
            self._add(group, name, StepStatus.SKIPPED, start, str(exc))
            return None
        except Exception as exc:
            self._add(group, name, StepStatus.FAILED, start, describe(exc))
            return None
        self._add(group, name, StepStatus.PASSED, start, detail(value) if detail else "")
        return value

    def skip(self, group: str, name: str, reason: str) -> None:
        """Record a step that did not run."""
        self.report.steps.append(StepResult(name, StepStatus.SKIPPED, 0.0, reason, group))

    def fail(self, group: str, name: str, reason: str) -> None:
        """Record a step that failed without running (e.g. a required part is missing)."""
        self.report.steps.append(StepResult(name, StepStatus.FAILED, 0.0, reason, group))

    def defer(self, group: str, name: str, action: Callable[[], object]) -> None:
        """Register a cleanup step, run by :meth:`cleanup`."""
        self._cleanups.append((group, name, action))

    def cleanup(self, keep: bool) -> None:
        """Run the cleanups (newest first), or record them as kept."""
        while self._cleanups:
            group, name, action = self._cleanups.pop()
            if keep:
                self.skip(group, name, "kept (--keep)")
            else:
                self.run(group, name, action)

    def _add(self, group: str, name: str, status: StepStatus, start: float, detail: str) -> None:
        seconds = max(0.0, self._clock() - start)
        self.report.steps.append(StepResult(name, status, seconds, detail, group))
