"""Prefect's run loggers mask ID numbers, as the CLI's log handlers do (``pipeline/privacy.py``).

What a flow or task logs goes to the Prefect server's run log, which every user of the server reads;
a 身份证号 in it (a bundle folder named by the applicant's number, a message naming a candidate) is
masked there as in every other human-facing output. The filter sits on the loggers themselves, so it
applies to whichever handler Prefect attaches (console, API).
"""

from __future__ import annotations

import logging

from pipeline.privacy import MaskingFilter

RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")


def mask_run_logs() -> None:
    """Install the masking filter on Prefect's flow-run and task-run loggers (idempotent)."""
    for name in RUN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskingFilter) for f in logger.filters):
            logger.addFilter(MaskingFilter())
