"""``slctl smoke``: an end-to-end check of a StreamLink/GoLive deployment.

Plain Python (no Typer): build a :class:`SmokeConfig`, call :func:`run_smoke`, then print
:func:`render_table` and optionally write :func:`junit_xml`.
"""

from .config import SmokeConfig
from .junit import junit_xml, write_junit
from .report import SmokeReport, StepResult, StepStatus
from .runner import run_smoke
from .table import render_table

__all__ = [
    "SmokeConfig",
    "SmokeReport",
    "StepResult",
    "StepStatus",
    "junit_xml",
    "render_table",
    "run_smoke",
    "write_junit",
]
