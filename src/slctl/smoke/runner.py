"""The whole smoke run: StreamLink steps, GoLive steps, then cleanup."""

from __future__ import annotations

from contextlib import ExitStack

from .config import SmokeConfig
from .golive_part import golive_part
from .report import SmokeReport
from .steps import StepRunner
from .streamlink_part import streamlink_part


def run_smoke(cfg: SmokeConfig, runner: StepRunner | None = None) -> SmokeReport:
    """Run every step against ``cfg``'s deployment and return the report.

    Never raises for a failed step: failures are in the report (``report.ok``). What the
    run created is cleaned up at the end unless ``cfg.keep``.
    """
    run = runner or StepRunner(SmokeReport(target=cfg.base_url))
    with ExitStack() as stack:
        try:
            streamlink_part(cfg, run, stack)
            golive_part(cfg, run, stack)
        finally:
            run.cleanup(cfg.keep)
    return run.report
