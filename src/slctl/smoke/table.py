"""The step table printed at the end of a run (plain text, no terminal styling)."""

from __future__ import annotations

from .report import SmokeReport, StepStatus

_MARK = {StepStatus.PASSED: "ok", StepStatus.FAILED: "FAILED", StepStatus.SKIPPED: "skipped"}
_MAX_DETAIL = 90


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def render_table(report: SmokeReport) -> str:
    """Columns step / result / time / detail, then a summary line."""
    rows = [
        (f"{s.group}: {s.name}", _MARK[s.status], f"{s.seconds * 1000:.0f} ms", _cut(s.detail))
        for s in report.steps
    ]
    header = ("STEP", "RESULT", "TIME", "DETAIL")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]

    def line(row: tuple[str, str, str, str]) -> str:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2])]
        return "  ".join([*cells, row[3]]).rstrip()

    counts = {status: 0 for status in StepStatus}
    for s in report.steps:
        counts[s.status] += 1
    summary = (
        f"{'PASSED' if report.ok else 'FAILED'}: {counts[StepStatus.PASSED]} passed, "
        f"{counts[StepStatus.FAILED]} failed, {counts[StepStatus.SKIPPED]} skipped "
        f"in {report.seconds:.2f} s against {report.target}"
    )
    return "\n".join([line(header), *(line(r) for r in rows), summary]) + "\n"
