"""Reviewers' decisions, kept in the project's SQL store so they outlast reruns and nightly runs.

Tables (SQLAlchemy Core, created on first use; SQLite file by default, PostgreSQL by URL):

- ``flag_decision_log``: every decision on a flag, in order (history, never rewritten);
- ``flag_decisions``: the latest decision per ``flag_id``: ``confirm``/``dismiss``, reason,
  who, when, and the ``evidence_hash`` of the flag it was taken on;
- ``applicant_decision_log`` / ``applicant_decisions``: the same for an applicant's final
  decision (``approve`` 通过 / ``reject`` 不通过 / ``return`` 退回补正);
- ``review_applicants`` / ``review_flags``: the review queue's index of one findings.json
  (``dataset`` = the output folder), so the queue filters, sorts and pages in SQL at
  5,000 applicants; reloaded when the findings file changes.

A decision is keyed by ``flag_id`` (docs/evidence.md), which a rerun or a nightly
reconciliation gives the same discrepancy again. It stays **attached** while the flag's
current ``evidence_hash`` equals the one it was taken on; when the evidence changed the
flag is **re-opened** and the old decision is shown beside it (``flag_state``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from pipeline.errors import CmeAuditError

log = logging.getLogger(__name__)

FlagDecisionKind = Literal["confirm", "dismiss"]
ApplicantDecisionKind = Literal["approve", "reject", "return"]
FLAG_DECISIONS: tuple[str, ...] = ("confirm", "dismiss")
APPLICANT_DECISIONS: tuple[str, ...] = ("approve", "reject", "return")
FlagStatus = Literal["open", "decided", "reopened"]

metadata = MetaData()



def _decision_cols() -> tuple[Column, ...]:
    """The columns every decision table has (new Column objects per table)."""
    return (Column("decision", String(16), nullable=False),
            Column("reason", Text, nullable=False, default=""),
            Column("who", String(128), nullable=False),
            Column("decided_at", DateTime, nullable=False))


flag_decision_log = Table(
    "flag_decision_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("flag_id", String(32), nullable=False),
    Column("applicant_key", Text, nullable=False),
    Column("code", String(32), nullable=False),
    Column("evidence_hash", String(32), nullable=True),
    *_decision_cols(),
    Index("ix_flag_decision_log_flag", "flag_id"),
)
flag_decisions = Table(
    "flag_decisions", metadata,
    Column("flag_id", String(32), primary_key=True),
    Column("applicant_key", Text, nullable=False),
    Column("code", String(32), nullable=False),
    Column("evidence_hash", String(32), nullable=True),
    *_decision_cols(),
)
applicant_decision_log = Table(
    "applicant_decision_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("applicant_key", Text, nullable=False),
    Column("flags_hash", String(32), nullable=True),
    *_decision_cols(),
    Index("ix_applicant_decision_log_key", "applicant_key"),
)
applicant_decisions = Table(
    "applicant_decisions", metadata,
    Column("applicant_key", String(512), primary_key=True),
    Column("flags_hash", String(32), nullable=True),  # the applicant's flags and their evidence then
    *_decision_cols(),
)
review_datasets = Table(
    "review_datasets", metadata,
    Column("dataset", String(512), primary_key=True),
    Column("findings_sha256", String(64), nullable=False),
    Column("loaded_at", DateTime, nullable=False),
    Column("policy", String(128), nullable=False, default=""),
    Column("generated_at", String(64), nullable=True),
)
review_applicants = Table(
    "review_applicants", metadata,
    Column("dataset", String(512), primary_key=True),
    Column("applicant_key", String(512), primary_key=True),
    Column("seq", Integer, nullable=False),  # order in findings.json
    Column("name", String(64), nullable=True),
    Column("id_number", String(18), nullable=True),
    Column("unit", Text, nullable=True),
    Column("verdict", String(16), nullable=False),
    Column("n_flags", Integer, nullable=False, default=0),
    Column("n_errors", Integer, nullable=False, default=0),
    Column("flags_hash", String(32), nullable=True),
    Column("data", Text, nullable=False),  # the applicant's findings JSON
    Index("ix_review_applicants_verdict", "dataset", "verdict"),
    Index("ix_review_applicants_unit", "dataset", "unit"),
    Index("ix_review_applicants_name", "dataset", "name"),
    Index("ix_review_applicants_seq", "dataset", "seq"),
)
review_flags = Table(
    "review_flags", metadata,
    Column("dataset", String(512), primary_key=True),
    Column("flag_id", String(32), primary_key=True),
    Column("applicant_key", String(512), nullable=False),
    Column("code", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("evidence_hash", String(32), nullable=True),
    Index("ix_review_flags_applicant", "dataset", "applicant_key"),
    Index("ix_review_flags_code", "dataset", "code", "applicant_key"),
)


class DecisionStoreError(CmeAuditError):
    """The database holding the reviewers' decisions cannot be used."""


@dataclass(frozen=True)
class Decision:
    decision: str
    reason: str
    who: str
    decided_at: str  # ISO, UTC
    evidence_hash: str | None = None  # flags: the evidence it was taken on; applicants: flags_hash

    def to_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "reason": self.reason, "who": self.who,
                "decided_at": self.decided_at, "evidence_hash": self.evidence_hash}


@dataclass(frozen=True)
class FlagState:
    """A flag's review status now: ``open`` (never decided), ``decided`` (decision attached),
    ``reopened`` (decided on other evidence: ``decision`` is the old one)."""

    flag_id: str
    status: FlagStatus
    decision: Decision | None = None


@dataclass
class QueueRow:
    applicant_key: str
    name: str | None
    id_number: str | None
    unit: str | None
    verdict: str
    n_flags: int
    n_errors: int
    open_flags: int
    decision: str | None
    codes: dict[str, int] = field(default_factory=dict)  # flag code -> how many


@dataclass
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


QUEUE_SORTS = ("seq", "name", "unit", "verdict", "flags", "open")
QUEUE_STATUSES = ("all", "open", "decided")


def flags_hash(flags: Iterable[dict]) -> str:
    """A hash of an applicant's flags and their evidence (what a final decision was taken on)."""
    text = json.dumps(sorted((f.get("flag_id") or "", f.get("evidence_hash") or "") for f in flags))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@lru_cache(maxsize=16)
def _engine(url: str) -> Engine:
    try:
        args = {"timeout": 30, "check_same_thread": False} if url.startswith("sqlite") else {}
        engine = create_engine(url, connect_args=args)
        metadata.create_all(engine)
    except SQLAlchemyError as exc:
        raise DecisionStoreError(f"cannot open the decisions database {url!r}: {exc}; check --db / "
                                 "CME_AUDIT_DB (e.g. sqlite:///out/cme-audit.sqlite or postgresql://user@host/db)") from exc
    return engine


def _decision(row: Any, hash_col: str = "evidence_hash") -> Decision:
    return Decision(decision=row.decision, reason=row.reason or "", who=row.who,
                    decided_at=row.decided_at.isoformat(timespec="seconds") + "Z",
                    evidence_hash=getattr(row, hash_col))


def _as_decision(row: dict, hashed: str | None) -> Decision:
    return Decision(decision=row["decision"], reason=row["reason"], who=row["who"],
                    decided_at=row["decided_at"].isoformat(timespec="seconds") + "Z", evidence_hash=hashed)


class DecisionStore:
    """Decisions and the review index in the database at ``url`` (any SQLAlchemy URL)."""

    def __init__(self, url: str):
        self.url = url
        self.engine = _engine(url)

    # ------------------------------------------------------------------ decisions

    def decide_flag(self, flag_id: str, *, applicant_key: str, code: str, decision: str, reason: str = "",
                    who: str, evidence_hash: str | None) -> Decision:
        """Record a decision on a flag (taken on ``evidence_hash``); a dismissal needs a reason."""
        if decision not in FLAG_DECISIONS:
            raise ValueError(f"a flag decision is one of {FLAG_DECISIONS}, got {decision!r}")
        reason = (reason or "").strip()
        if decision == "dismiss" and not reason:
            raise ValueError("dismissing a flag needs a reason (驳回须填写理由)")
        if not who.strip():
            raise ValueError("a decision needs the reviewer's name")
        row = {"flag_id": flag_id, "applicant_key": applicant_key, "code": code, "evidence_hash": evidence_hash,
               "decision": decision, "reason": reason, "who": who.strip(), "decided_at": _now()}
        with self._begin() as conn:
            conn.execute(insert(flag_decision_log).values(**row))
            if conn.execute(update(flag_decisions).where(flag_decisions.c.flag_id == flag_id)
                            .values(**row)).rowcount == 0:
                conn.execute(insert(flag_decisions).values(**row))
        return _as_decision(row, row["evidence_hash"])

    def decide_applicant(self, applicant_key: str, *, decision: str, reason: str = "", who: str,
                         flags_hash: str | None = None) -> Decision:
        if decision not in APPLICANT_DECISIONS:
            raise ValueError(f"an applicant decision is one of {APPLICANT_DECISIONS}, got {decision!r}")
        if not who.strip():
            raise ValueError("a decision needs the reviewer's name")
        row = {"applicant_key": applicant_key, "flags_hash": flags_hash, "decision": decision,
               "reason": (reason or "").strip(), "who": who.strip(), "decided_at": _now()}
        with self._begin() as conn:
            conn.execute(insert(applicant_decision_log).values(**row))
            if conn.execute(update(applicant_decisions).where(applicant_decisions.c.applicant_key == applicant_key)
                            .values(**row)).rowcount == 0:
                conn.execute(insert(applicant_decisions).values(**row))
        return _as_decision(row, row["flags_hash"])

    def flag_decisions(self, flag_ids: Iterable[str] | None = None) -> dict[str, Decision]:
        """The latest decision per flag (all, or those of ``flag_ids``)."""
        query = select(flag_decisions)
        ids = list(flag_ids) if flag_ids is not None else None
        out: dict[str, Decision] = {}
        with self._connect() as conn:
            for chunk in ([ids[i:i + 500] for i in range(0, len(ids), 500)] if ids is not None else [None]):
                q = query.where(flag_decisions.c.flag_id.in_(chunk)) if chunk is not None else query
                for row in conn.execute(q):
                    out[row.flag_id] = _decision(row)
        return out

    def flag_history(self, flag_id: str) -> list[Decision]:
        with self._connect() as conn:
            rows = conn.execute(select(flag_decision_log).where(flag_decision_log.c.flag_id == flag_id)
                                .order_by(flag_decision_log.c.id)).all()
        return [_decision(r) for r in rows]

    def applicant_decision(self, applicant_key: str) -> Decision | None:
        with self._connect() as conn:
            row = conn.execute(select(applicant_decisions)
                               .where(applicant_decisions.c.applicant_key == applicant_key)).first()
        return _decision(row, "flags_hash") if row else None

    def flag_states(self, flags: Iterable[dict]) -> dict[str, FlagState]:
        """The review status of each flag (dicts with ``flag_id`` and ``evidence_hash``)."""
        flags = [f for f in flags if f.get("flag_id")]
        decided = self.flag_decisions(f["flag_id"] for f in flags)
        return {f["flag_id"]: flag_state(f, decided.get(f["flag_id"])) for f in flags}

    # --------------------------------------------------------------- review index

    def index_findings(self, dataset: str, findings: dict, *, findings_sha256: str, force: bool = False) -> bool:
        """Load one findings.json into the queue's tables (unless already loaded); True when loaded."""
        with self._connect() as conn:
            row = conn.execute(select(review_datasets).where(review_datasets.c.dataset == dataset)).first()
        if row is not None and row.findings_sha256 == findings_sha256 and not force:
            return False
        applicants, flags = [], []
        for seq, a in enumerate(findings.get("applicants", [])):
            a_flags = a.get("flags", [])
            applicants.append({
                "dataset": dataset, "applicant_key": a["applicant_key"], "seq": seq, "name": a.get("name"),
                "id_number": a.get("id_number"), "unit": a.get("unit"), "verdict": a.get("verdict") or "needs_review",
                "n_flags": len(a_flags), "n_errors": sum(f.get("severity") == "error" for f in a_flags),
                "flags_hash": flags_hash(a_flags), "data": json.dumps(a, ensure_ascii=False)})
            seen: set[str] = set()
            for f in a_flags:
                fid = f.get("flag_id")
                if not fid or fid in seen:
                    continue
                seen.add(fid)
                flags.append({"dataset": dataset, "flag_id": fid, "applicant_key": a["applicant_key"],
                              "code": f.get("code", ""), "severity": f.get("severity") or "error",
                              "evidence_hash": f.get("evidence_hash")})
        meta = {"dataset": dataset, "findings_sha256": findings_sha256, "loaded_at": _now(),
                "policy": findings.get("policy") or "", "generated_at": findings.get("generated_at")}
        with self._begin() as conn:
            conn.execute(delete(review_flags).where(review_flags.c.dataset == dataset))
            conn.execute(delete(review_applicants).where(review_applicants.c.dataset == dataset))
            conn.execute(delete(review_datasets).where(review_datasets.c.dataset == dataset))
            for table, rows in ((review_applicants, applicants), (review_flags, flags)):
                for i in range(0, len(rows), 5000):
                    conn.execute(insert(table), rows[i:i + 5000])
            conn.execute(insert(review_datasets).values(**meta))
        log.info("review index %s: %d applicants, %d flags", dataset, len(applicants), len(flags))
        return True

    def _open_count(self):
        f, d = review_flags.alias("f"), flag_decisions
        return (select(func.count()).select_from(f.outerjoin(d, d.c.flag_id == f.c.flag_id))
                .where(f.c.dataset == review_applicants.c.dataset,
                       f.c.applicant_key == review_applicants.c.applicant_key,
                       or_(d.c.flag_id.is_(None), d.c.evidence_hash.is_distinct_from(f.c.evidence_hash)))
                .correlate(review_applicants).scalar_subquery())

    def _has_open(self):
        """EXISTS an open or re-opened flag of the applicant (stops at the first one)."""
        f, d = review_flags.alias("fo"), flag_decisions
        return (exists().select_from(f.outerjoin(d, d.c.flag_id == f.c.flag_id))
                .where(f.c.dataset == review_applicants.c.dataset,
                       f.c.applicant_key == review_applicants.c.applicant_key,
                       or_(d.c.flag_id.is_(None), d.c.evidence_hash.is_distinct_from(f.c.evidence_hash)))
                .correlate(review_applicants))

    def _filtered(self, query, dataset: str, *, verdict: str | None, unit: str | None, code: str | None,
                  q: str | None, status: str | None):
        a = review_applicants
        query = query.where(a.c.dataset == dataset)
        if verdict:
            query = query.where(a.c.verdict == verdict)
        if unit:
            query = query.where(a.c.unit == unit)
        if code:
            f = review_flags.alias("fc")
            query = query.where(exists().where(f.c.dataset == a.c.dataset, f.c.applicant_key == a.c.applicant_key,
                                               f.c.code == code))
        if q:
            like = f"%{q.strip()}%"
            query = query.where(or_(a.c.name.like(like), a.c.applicant_key.like(like), a.c.id_number == q.strip()))
        if status == "open":
            query = query.where(self._has_open())
        elif status == "decided":
            query = query.where(~self._has_open())
        return query

    def queue(self, dataset: str, *, verdict: str | None = None, unit: str | None = None, code: str | None = None,
              q: str | None = None, status: str | None = None, sort: str = "seq", descending: bool = False,
              page: int = 1, per_page: int = 50) -> QueuePage:
        """One page of the review queue, filtered and sorted in SQL."""
        a, ad = review_applicants, applicant_decisions
        open_count = self._open_count().label("open_flags")
        order = {"seq": a.c.seq, "name": a.c.name, "unit": a.c.unit, "verdict": a.c.verdict,
                 "flags": a.c.n_flags, "open": open_count}.get(sort, a.c.seq)
        order = order.desc() if descending else order.asc()
        filters = dict(verdict=verdict, unit=unit, code=code, q=q, status=status)
        page = max(1, int(page))
        rows_q = self._filtered(select(a.c.applicant_key, a.c.name, a.c.id_number, a.c.unit, a.c.verdict,
                                       a.c.n_flags, a.c.n_errors, open_count, ad.c.decision)
                                .select_from(a.outerjoin(ad, ad.c.applicant_key == a.c.applicant_key)),
                                dataset, **filters).order_by(order, a.c.seq).limit(per_page).offset((page - 1) * per_page)
        count_q = self._filtered(select(func.count()).select_from(a), dataset, **filters)
        with self._connect() as conn:
            total = int(conn.execute(count_q).scalar_one())
            rows = [QueueRow(applicant_key=r.applicant_key, name=r.name, id_number=r.id_number, unit=r.unit,
                             verdict=r.verdict, n_flags=r.n_flags, n_errors=r.n_errors, open_flags=int(r.open_flags),
                             decision=r.decision) for r in conn.execute(rows_q)]
            by_key = {r.applicant_key: r for r in rows}
            if by_key:
                f = review_flags
                for key, code, n in conn.execute(
                        select(f.c.applicant_key, f.c.code, func.count())
                        .where(f.c.dataset == dataset, f.c.applicant_key.in_(list(by_key)))
                        .group_by(f.c.applicant_key, f.c.code).order_by(f.c.code)):
                    by_key[key].codes[code] = int(n)
        return QueuePage(rows=rows, total=total, page=page, per_page=per_page)

    def facets(self, dataset: str) -> dict[str, dict[str, int]]:
        """Counts for the queue's filters: applicants per verdict and unit, flags per code."""
        a, f = review_applicants, review_flags
        with self._connect() as conn:
            verdicts = dict(conn.execute(select(a.c.verdict, func.count()).where(a.c.dataset == dataset)
                                         .group_by(a.c.verdict)).all())
            units = dict(conn.execute(select(a.c.unit, func.count()).where(a.c.dataset == dataset)
                                      .group_by(a.c.unit).order_by(a.c.unit)).all())
            codes = dict(conn.execute(select(f.c.code, func.count()).where(f.c.dataset == dataset)
                                      .group_by(f.c.code).order_by(f.c.code)).all())
        return {"verdict": verdicts, "unit": {k or "": v for k, v in units.items()}, "code": codes}

    def applicant(self, dataset: str, applicant_key: str) -> dict | None:
        """The applicant's findings as indexed."""
        a = review_applicants
        with self._connect() as conn:
            row = conn.execute(select(a.c.data).where(a.c.dataset == dataset, a.c.applicant_key == applicant_key)).first()
        return json.loads(row.data) if row else None

    def neighbour(self, dataset: str, applicant_key: str, *, step: int = 1) -> str | None:
        """The applicant after (``step`` 1) or before (-1) this one in findings order."""
        a = review_applicants
        with self._connect() as conn:
            seq = conn.execute(select(a.c.seq).where(a.c.dataset == dataset, a.c.applicant_key == applicant_key)).scalar()
            if seq is None:
                return None
            cond = a.c.seq > seq if step > 0 else a.c.seq < seq
            order = a.c.seq.asc() if step > 0 else a.c.seq.desc()
            return conn.execute(select(a.c.applicant_key).where(a.c.dataset == dataset, cond)
                                .order_by(order).limit(1)).scalar()

    def dataset_info(self, dataset: str) -> dict | None:
        with self._connect() as conn:
            row = conn.execute(select(review_datasets).where(review_datasets.c.dataset == dataset)).first()
        return dict(row._mapping) if row else None

    # ------------------------------------------------------------------ plumbing

    def _connect(self):
        try:
            return self.engine.connect()
        except SQLAlchemyError as exc:  # pragma: no cover - a database gone away
            raise DecisionStoreError(f"cannot reach the decisions database {self.url}: {exc}") from exc

    def _begin(self):
        try:
            return self.engine.begin()
        except SQLAlchemyError as exc:  # pragma: no cover
            raise DecisionStoreError(f"cannot write to the decisions database {self.url}: {exc}") from exc


def flag_state(flag: dict, decision: Decision | None) -> FlagState:
    """``decided`` while the decision was taken on the flag's current evidence, else ``reopened``."""
    fid = flag.get("flag_id") or ""
    if decision is None:
        return FlagState(fid, "open")
    if decision.evidence_hash == flag.get("evidence_hash"):
        return FlagState(fid, "decided", decision)
    return FlagState(fid, "reopened", decision)


def review_summary(store: DecisionStore, findings: dict) -> dict[str, list[dict]]:
    """Flags of ``findings`` whose decision is attached (``decided``) or that were ``reopened``,
    each with the decision: what the nightly diff reports."""
    out: dict[str, list[dict]] = {"decided": [], "reopened": []}
    all_flags = [(a["applicant_key"], f) for a in findings.get("applicants", []) for f in a.get("flags", [])]
    states = store.flag_states(f for _, f in all_flags)
    for key, f in all_flags:
        state = states.get(f.get("flag_id") or "")
        if state is None or state.status == "open" or state.decision is None:
            continue
        out[state.status].append({"applicant_key": key, "flag_id": f["flag_id"], "code": f.get("code"),
                                  "path": f.get("path"), "page": f.get("page"), "record_id": f.get("record_id"),
                                  "year": f.get("year"), "message": f.get("message") or "",
                                  **{k: v for k, v in state.decision.to_dict().items() if k != "evidence_hash"},
                                  "decided_on": state.decision.evidence_hash,
                                  "evidence_hash": f.get("evidence_hash")})
    return out


__all__ = ["APPLICANT_DECISIONS", "FLAG_DECISIONS", "Decision", "DecisionStore", "DecisionStoreError", "FlagState",
           "QueuePage", "QueueRow", "flag_state", "flags_hash", "review_summary"]
