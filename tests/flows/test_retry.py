"""Retries only for transient failures: the condition itself, and Prefect honouring it."""

from __future__ import annotations

import sqlite3

import pytest
from prefect import flow, task
from sqlalchemy.exc import OperationalError

from flows.retry import is_transient, retry_transient
from pipeline.errors import InputDocumentError, RecordsError
from pipeline.records.store import RecordsStoreError


def _wrapped(outer: Exception, inner: Exception) -> Exception:
    try:
        try:
            raise inner
        except Exception as exc:
            raise outer from exc
    except Exception as exc:  # noqa: BLE001
        return exc


@pytest.mark.parametrize("exc, expected", [
    (ConnectionResetError("share went away"), True),
    (OSError(5, "Input/output error"), True),
    (FileNotFoundError("gone"), False),
    (PermissionError("denied"), False),
    (OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")), True),
    (OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: credits")), False),
    (InputDocumentError("a/1.pdf", "not a PDF"), False),
    (RecordsError([]), False),
    (ValueError("bug"), False),
    (None, False),
])
def test_is_transient(exc: Exception | None, expected: bool) -> None:
    assert is_transient(exc) is expected


def test_wrapped_database_lock_is_transient_but_wrapped_bad_input_is_not() -> None:
    locked = _wrapped(RecordsStoreError("import failed and was rolled back"),
                      sqlite3.OperationalError("database is locked"))
    assert is_transient(locked)
    bad = _wrapped(InputDocumentError("a/1.pdf", "cannot open"), OSError(5, "I/O error"))
    assert not is_transient(bad)


def test_prefect_retries_transient_errors_only(prefect_harness) -> None:
    calls: dict[str, int] = {"transient": 0, "permanent": 0}

    @task(retries=3, retry_delay_seconds=0, retry_condition_fn=retry_transient)
    def flaky_share() -> str:
        calls["transient"] += 1
        if calls["transient"] < 3:
            raise ConnectionResetError("network share blinked")
        return "ok"

    @task(retries=3, retry_delay_seconds=0, retry_condition_fn=retry_transient)
    def bad_document() -> None:
        calls["permanent"] += 1
        raise InputDocumentError("a/1.pdf", "not a PDF")

    @flow
    def both() -> tuple:
        return flaky_share(), bad_document(return_state=True)

    value, state = both()
    assert value == "ok" and calls["transient"] == 3
    assert state.is_failed() and calls["permanent"] == 1
