"""Prefect's run log masks ID numbers (flows/logs.py), as the CLI's log does."""

from __future__ import annotations

import logging

from prefect import flow, get_run_logger, task

import flows  # noqa: F401 - importing the package installs the filter

ID = "330302198001011234"


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@task
def _task_logs(text: str) -> None:
    get_run_logger().info("task saw %s", text)


@flow
def _flow_logs(text: str) -> None:
    get_run_logger().info("bundle folder %s", text)
    _task_logs(text)


def test_flow_and_task_run_logs_mask_id_numbers(prefect_harness) -> None:
    keep = _Keep()
    loggers = [logging.getLogger(n) for n in flows.logs.RUN_LOGGERS]
    saved = [(lg.level, lg.disabled) for lg in loggers], logging.root.manager.disable
    logging.disable(logging.NOTSET)  # other suites may have raised the bar or disabled these loggers
    for lg in loggers:
        lg.addHandler(keep)
        lg.setLevel(logging.INFO)
        lg.disabled = False
    try:
        _flow_logs(f"submissions/{ID}-张三")
    finally:
        for lg, (level, disabled) in zip(loggers, saved[0]):
            lg.removeHandler(keep)
            lg.setLevel(level)
            lg.disabled = disabled
        logging.disable(saved[1])
    ours = [m for m in keep.messages if "bundle folder" in m or "task saw" in m]
    assert len(ours) == 2, keep.messages
    assert all(ID not in m and "330302********1234" in m for m in ours), ours
