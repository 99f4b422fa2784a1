"""JUnit XML for CI systems: one test-suite per step group, one test-case per step."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .report import SmokeReport, StepResult, StepStatus


def _case(suite: ET.Element, step: StepResult) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=step.name,
        classname=f"slctl.smoke.{step.group}",
        time=f"{step.seconds:.3f}",
    )
    if step.status is StepStatus.FAILED:
        ET.SubElement(case, "failure", message=step.detail or "failed", type="SmokeStepFailed")
    elif step.status is StepStatus.SKIPPED:
        ET.SubElement(case, "skipped", message=step.detail or "skipped")


def junit_xml(report: SmokeReport) -> str:
    """The report as a JUnit ``<testsuites>`` document."""
    root = ET.Element(
        "testsuites",
        name="slctl smoke",
        tests=str(len(report.steps)),
        failures=str(len(report.failed)),
        time=f"{report.seconds:.3f}",
    )
    groups: dict[str, list[StepResult]] = {}
    for step in report.steps:
        groups.setdefault(step.group, []).append(step)
    for group, steps in groups.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=group,
            tests=str(len(steps)),
            failures=str(sum(s.status is StepStatus.FAILED for s in steps)),
            skipped=str(sum(s.status is StepStatus.SKIPPED for s in steps)),
            errors="0",
            time=f"{sum(s.seconds for s in steps):.3f}",
        )
        ET.SubElement(
            ET.SubElement(suite, "properties"), "property", name="target", value=report.target
        )
        for step in steps:
            _case(suite, step)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(report: SmokeReport, path: str | Path) -> None:
    """Write :func:`junit_xml` to ``path`` (parent directories are created)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(junit_xml(report), encoding="utf-8")
