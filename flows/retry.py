"""Which task failures are worth retrying: transient ones only.

A network share that blinks (OSError) or an SQLite store busy with another
writer ("database is locked") may succeed a few seconds later. A bad document,
a malformed export or a policy error (``CmeAuditError``) will fail the same way
every time, so it is never retried — except when it merely wraps a transient
database error (the records store re-raises those as ``RecordsStoreError``).
"""

from __future__ import annotations

from flows.config import flows_config
from pipeline.errors import CmeAuditError

# OSErrors that do not go away by waiting
PERMANENT_OS_ERRORS = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _is_transient_message(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(m in text for m in flows_config()["retries"]["transient_messages"])


def is_transient(exc: BaseException | None) -> bool:
    """True when ``exc`` looks like a failure that may pass on its own."""
    if exc is None:
        return False
    chain = _chain(exc)
    if any(_is_database_error(e) and _is_transient_message(e) for e in chain):
        return True  # busy / unreachable database, even when wrapped in RecordsStoreError
    if isinstance(exc, CmeAuditError):
        return False  # bad document, export or policy: fails the same way every time
    return any(isinstance(e, OSError) and not isinstance(e, PERMANENT_OS_ERRORS) for e in chain)


def _is_database_error(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg2")


def retry_transient(task, task_run, state) -> bool:
    """Prefect ``retry_condition_fn``: retry a failed task run only for a transient error."""
    exc = state.data if isinstance(state.data, BaseException) else state.result(raise_on_failure=False)
    return is_transient(exc if isinstance(exc, BaseException) else None)
