"""Step results and the report of a whole run."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class StepStatus(StrEnum):
    """How a step ended."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class StepResult:
    """One step: its name, outcome, duration and a one-line detail (never a secret)."""

    name: str
    status: StepStatus
    seconds: float
    detail: str = ""
    group: str = "smoke"
    """The JUnit test-suite the step belongs to (``streamlink``, ``golive``, ``cleanup``)."""


@dataclass
class SmokeReport:
    """Every step of a run, in order."""

    target: str
    steps: list[StepResult] = field(default_factory=list)

    @property
    def failed(self) -> list[StepResult]:
        """The failed steps."""
        return [s for s in self.steps if s.status is StepStatus.FAILED]

    @property
    def ok(self) -> bool:
        """True when no step failed (skips are fine)."""
        return not self.failed

    @property
    def seconds(self) -> float:
        """Total time of all steps."""
        return sum(s.seconds for s in self.steps)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {
            "target": self.target,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "steps": [
                {
                    "name": s.name,
                    "group": s.group,
                    "status": s.status.value,
                    "seconds": round(s.seconds, 3),
                    "detail": s.detail,
                }
                for s in self.steps
            ],
        }
