"""Run history: one row per audit or reconciliation run, and each applicant's verdict in it.

Kept in the same database as the records store when a ``db_url`` is given, else
in ``$CME_AUDIT_HOME/cme-audit.sqlite`` (what ``cme-audit runs`` shows by
default). Tables ``runs`` and ``run_results`` are created on first use; any
SQLAlchemy URL works (SQLite, PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    desc,
    insert,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from pipeline.cache import home_dir
from pipeline.errors import CmeAuditError
from pipeline.models import Findings

log = logging.getLogger(__name__)

RUN_KINDS = ("audit", "reconcile")

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # audit | reconcile
    Column("started_at", DateTime, nullable=False),  # UTC, naive
    Column("finished_at", DateTime, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("bundles", Integer, nullable=False, default=0),
    Column("pages", Integer, nullable=False, default=0),
    Column("pages_read", Integer, nullable=False, default=0),
    Column("pages_cached", Integer, nullable=False, default=0),
    Column("passed", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("needs_review", Integer, nullable=False, default=0),
    Column("findings_path", Text, nullable=True),
    Column("diff_path", Text, nullable=True),
    Column("policy", String(128), nullable=False, default=""),
    Column("records_source", Text, nullable=True),
    Column("submissions", Text, nullable=True),  # resolved folder: "previous run of the same submissions"
    Index("ix_runs_kind_submissions", "kind", "submissions"),
)

run_results = Table(
    "run_results", metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("applicant_key", Text, primary_key=True),
    Column("id_number", String(18), nullable=True),
    Column("verdict", String(16), nullable=False),
    Column("flags", Text, nullable=False, default="{}"),  # JSON: flag code -> count
)


class RunHistoryError(CmeAuditError):
    """The run-history database cannot be used."""


@dataclass
class RunRow:
    id: int
    kind: str
    started_at: str  # ISO, UTC, seconds
    finished_at: str
    seconds: float
    bundles: int
    pages: int
    pages_read: int
    pages_cached: int
    passed: int
    failed: int
    needs_review: int
    findings_path: str | None
    diff_path: str | None
    policy: str
    records_source: str | None
    submissions: str | None


@dataclass
class RunStats:
    """What a run measured, besides its findings."""

    kind: str
    started_at: dt.datetime  # aware or naive UTC
    finished_at: dt.datetime
    pages: int = 0
    pages_read: int = 0
    pages_cached: int = 0
    findings_path: str | None = None
    diff_path: str | None = None
    records_source: str | None = None
    submissions: str | None = None


def default_url(db_url: str | None = None) -> str:
    """``db_url``, else the SQLite file in ``$CME_AUDIT_HOME`` (created when missing)."""
    if db_url:
        return db_url if "://" in db_url else f"sqlite:///{Path(db_url).resolve()}"
    home = home_dir()
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(home / 'cme-audit.sqlite').resolve()}"


@lru_cache(maxsize=16)
def _engine(url: str) -> Engine:
    try:
        args = {"timeout": 30} if url.startswith("sqlite") else {}
        engine = create_engine(url, connect_args=args)
        metadata.create_all(engine)
    except SQLAlchemyError as exc:
        raise RunHistoryError(f"cannot open the run-history database {url!r}: {exc}; check --db / "
                              "CME_AUDIT_DB (e.g. sqlite:///runs.db or postgresql://user@host/db)") from exc
    return engine


def _naive_utc(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when


def verdict_counts(findings: Findings) -> Counter[str]:
    return Counter(a.verdict for a in findings.applicants)


def record_run(db_url: str | None, stats: RunStats, findings: Findings) -> int:
    """Store one finished run and its per-applicant verdicts in one transaction; returns the run id."""
    if stats.kind not in RUN_KINDS:
        raise ValueError(f"run kind must be one of {RUN_KINDS}, got {stats.kind!r}")
    url = default_url(db_url)
    counts = verdict_counts(findings)
    started, finished = _naive_utc(stats.started_at), _naive_utc(stats.finished_at)
    row = {
        "kind": stats.kind, "started_at": started, "finished_at": finished,
        "seconds": round((finished - started).total_seconds(), 3),
        "bundles": len(findings.applicants), "pages": stats.pages, "pages_read": stats.pages_read,
        "pages_cached": stats.pages_cached, "passed": counts["pass"], "failed": counts["fail"],
        "needs_review": counts["needs_review"], "findings_path": stats.findings_path,
        "diff_path": stats.diff_path, "policy": findings.policy, "records_source": stats.records_source,
        "submissions": stats.submissions,
    }
    try:
        with _engine(url).begin() as conn:
            run_id = conn.execute(insert(runs).values(**row)).inserted_primary_key[0]  # type: ignore[index]
            results = [{"run_id": run_id, "applicant_key": a.applicant_key, "id_number": a.id_number,
                        "verdict": a.verdict,
                        "flags": json.dumps(dict(Counter(f.code for f in a.flags)), ensure_ascii=False)}
                       for a in findings.applicants]
            if results:
                conn.execute(insert(run_results), results)
    except SQLAlchemyError as exc:
        raise RunHistoryError(f"could not record the {stats.kind} run in {url}: {exc}") from exc
    log.info("recorded %s run %s in %s", stats.kind, run_id, url)
    return int(run_id)


def _row(r) -> RunRow:
    return RunRow(
        id=r.id, kind=r.kind, started_at=r.started_at.isoformat(timespec="seconds"),
        finished_at=r.finished_at.isoformat(timespec="seconds"), seconds=float(r.seconds),
        bundles=r.bundles, pages=r.pages, pages_read=r.pages_read, pages_cached=r.pages_cached,
        passed=r.passed, failed=r.failed, needs_review=r.needs_review, findings_path=r.findings_path,
        diff_path=r.diff_path, policy=r.policy, records_source=r.records_source, submissions=r.submissions)


def list_runs(db_url: str | None, *, limit: int = 20) -> list[RunRow]:
    """The most recent runs, newest first."""
    url = default_url(db_url)
    try:
        with _engine(url).connect() as conn:
            rows = conn.execute(select(runs).order_by(desc(runs.c.id)).limit(limit)).all()
    except SQLAlchemyError as exc:
        raise RunHistoryError(f"could not read the run history in {url}: {exc}") from exc
    return [_row(r) for r in rows]


def previous_run(db_url: str | None, *, kind: str, submissions: str | None,
                 before_id: int | None = None) -> RunRow | None:
    """The newest run of ``kind`` over the same submissions that wrote findings (before ``before_id``)."""
    query = (select(runs).where(runs.c.kind == kind, runs.c.findings_path.is_not(None))
             .order_by(desc(runs.c.id)))
    query = query.where(runs.c.submissions == submissions) if submissions is not None else query
    if before_id is not None:
        query = query.where(runs.c.id < before_id)
    with _engine(default_url(db_url)).connect() as conn:
        row = conn.execute(query.limit(1)).first()
    return _row(row) if row else None


def results_of(db_url: str | None, run_id: int) -> list[dict]:
    """Each applicant's verdict and flag counts in one run."""
    with _engine(default_url(db_url)).connect() as conn:
        rows = conn.execute(select(run_results).where(run_results.c.run_id == run_id)
                            .order_by(run_results.c.applicant_key)).all()
    return [{"applicant_key": r.applicant_key, "id_number": r.id_number, "verdict": r.verdict,
             "flags": json.loads(r.flags)} for r in rows]
