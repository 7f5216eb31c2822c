"""The records store: the credit-system export in a database, through SQLAlchemy.

SQLite file by default; any SQLAlchemy URL works (PostgreSQL unchanged). This
is the only module that talks to the database. An import runs in one
transaction: new records are added, changed ones updated, records missing from
the newer export kept but marked removed, and every change written to the
``history`` table (kind, record_id, field, old, new, changed_at, source).
Re-importing the same export changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, bindparam, create_engine, event, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from pipeline.errors import CmeAuditError
from pipeline.models import CreditRecord, Person
from pipeline.records import schema
from pipeline.records.load import RecordsExport, load_export

log = logging.getLogger(__name__)

_CHUNK = 20_000  # rows per executemany batch
_LOOKUP = 500  # keys per IN (...) query when reading changed rows back


class RecordsStoreError(CmeAuditError):
    """The database behind the records store cannot be used."""


@dataclass
class ImportReport:
    source: str
    persons_added: int = 0
    persons_updated: int = 0
    persons_removed: int = 0
    credits_added: int = 0
    credits_updated: int = 0
    credits_removed: int = 0
    credits_unchanged: int = 0
    history_rows: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.persons_added or self.persons_updated or self.persons_removed
                    or self.credits_added or self.credits_updated or self.credits_removed)

    def to_dict(self) -> dict:
        return asdict(self)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]
    return a == b


def _chunks(rows: Sequence[dict], size: int = _CHUNK) -> Iterable[Sequence[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class RecordStore:
    """Persons and credit records in a SQL database (created on first use)."""

    def __init__(self, url: str):
        if "://" not in url:  # a bare path means a SQLite file
            url = f"sqlite:///{Path(url).resolve()}"
        self.url = url
        self._organizers: tuple[int | None, list[str]] | None = None  # (last import id, organizers())
        try:
            self.engine = create_engine(url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            schema.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise RecordsStoreError(f"cannot open the records database {url!r}: {exc}; check the URL "
                                    "(e.g. sqlite:///records.db or postgresql://user@host/db)") from exc

    # ------------------------------------------------------------------ import

    def import_export(self, export: RecordsExport, *, who: str = "cme-audit") -> ImportReport:
        """Apply an export in one transaction; returns what changed."""
        started = time.perf_counter()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        report = ImportReport(source=export.source)
        try:
            with self.engine.begin() as conn:
                p = self._sync(conn, schema.persons, "id_number", schema.PERSON_FIELDS, "person",
                               export.persons, export.source, now)
                c = self._sync(conn, schema.credits, "record_id", schema.CREDIT_FIELDS, "credit",
                               export.credits, export.source, now)
                report.persons_added, report.persons_updated, report.persons_removed, _, hp = p
                (report.credits_added, report.credits_updated, report.credits_removed,
                 report.credits_unchanged, hc) = c
                report.history_rows = hp + hc
                report.seconds = round(time.perf_counter() - started, 3)
                if report.changed:
                    conn.execute(insert(schema.imports), [{
                        "source": export.source, "who": who, "imported_at": now,
                        "summary": json.dumps(report.to_dict(), ensure_ascii=False)}])
        except SQLAlchemyError as exc:
            raise RecordsStoreError(f"import of {export.source} into {self.url} failed and was rolled "
                                    f"back: {exc}") from exc
        log.info("imported %s: %s", export.source, report.to_dict())
        return report

    def _sync(self, conn: Connection, table: Table, key: str, fields: tuple[str, ...], kind: str,
              rows: Sequence[object], source: str, now: dt.datetime) -> tuple[int, int, int, int, int]:
        """Bring one table in line with the export's rows; returns (added, updated, removed, unchanged,
        history rows). Memory stays small: the stored rows are held as digests, new rows are inserted
        in batches as they come, and only changed rows are read back in full."""
        key_pos = fields.index(key)
        existing: dict[str, tuple[int, bool]] = {}  # key -> (digest of the stored values, removed)
        for r in conn.execute(select(*[table.c[f] for f in fields], table.c.removed)):
            existing[r[key_pos]] = (hash(tuple(r[:-1])), bool(r[-1]))
        first_import = not existing  # the imports table records it; no per-row "added" history
        hist: list[dict] = []
        adds: list[tuple] = []
        changed: list[tuple] = []
        n_added = unchanged = 0
        seen: set[str] = set()

        def log_change(rid: str, field: str, old: object, new: object) -> None:
            hist.append({"kind": kind, "record_id": rid, "field": field, "old": _text(old),
                         "new": _text(new), "changed_at": now, "source": source})

        def flush_adds() -> None:
            if adds:
                conn.execute(insert(table), [{**dict(zip(fields, v, strict=True)), "removed": False}
                                             for v in adds])
                adds.clear()

        for model in rows:
            values = tuple(getattr(model, f) for f in fields)
            rid = values[key_pos]
            seen.add(rid)
            old = existing.get(rid)
            if old is None:
                adds.append(values)
                n_added += 1
                if not first_import:
                    log_change(rid, "added", None, None)
                if len(adds) >= _CHUNK:
                    flush_adds()
            elif old[0] == hash(values) and not old[1]:
                unchanged += 1
            else:
                changed.append(values)
        flush_adds()

        updates: list[dict] = []
        cols = [table.c[f] for f in fields] + [table.c.removed]
        for start in range(0, len(changed), _LOOKUP):
            batch = changed[start:start + _LOOKUP]
            stored = {r[key_pos]: r for r in conn.execute(
                select(*cols).where(table.c[key].in_([v[key_pos] for v in batch])))}
            for values in batch:
                rid = values[key_pos]
                old_row = stored[rid]
                diffs = [(f, old_row[i], values[i]) for i, f in enumerate(fields)
                         if i != key_pos and not _same(old_row[i], values[i])]
                was_removed = bool(old_row[-1])
                if not diffs and not was_removed:
                    unchanged += 1
                    continue
                for f, o, n in diffs:
                    log_change(rid, f, o, n)
                if was_removed:
                    log_change(rid, "removed", True, False)
                updates.append({**{f"v_{f}": v for f, v in zip(fields, values, strict=True)},
                                "v_removed": False, "k": rid})
        removals = [rid for rid, (_, removed) in existing.items() if rid not in seen and not removed]
        for rid in removals:
            log_change(rid, "removed", False, True)
        del existing, seen

        if updates:
            stmt = (update(table).where(table.c[key] == bindparam("k"))
                    .values({f: bindparam(f"v_{f}") for f in (*fields, "removed") if f != key}))
            for chunk in _chunks(updates):
                conn.execute(stmt, list(chunk))
        if removals:
            stmt = update(table).where(table.c[key] == bindparam("k")).values(removed=True)
            for chunk in _chunks([{"k": r} for r in removals]):
                conn.execute(stmt, list(chunk))
        for chunk in _chunks(hist):
            conn.execute(insert(schema.history), list(chunk))
        return n_added, len(updates), len(removals), unchanged, len(hist)

    # ----------------------------------------------------------------- queries

    def person(self, id_number: str) -> Person | None:
        t = schema.persons
        with self.engine.connect() as conn:
            row = conn.execute(select(*[t.c[f] for f in schema.PERSON_FIELDS])
                               .where(t.c.id_number == id_number.strip().upper(), t.c.removed.is_(False))
                               ).first()
        return _person(row) if row else None

    def persons_named(self, name: str) -> list[Person]:
        t = schema.persons
        with self.engine.connect() as conn:
            rows = conn.execute(select(*[t.c[f] for f in schema.PERSON_FIELDS])
                                .where(t.c.name == name.strip(), t.c.removed.is_(False))
                                .order_by(t.c.id_number)).all()
        return [_person(r) for r in rows]

    def persons(self) -> list[Person]:
        t = schema.persons
        with self.engine.connect() as conn:
            rows = conn.execute(select(*[t.c[f] for f in schema.PERSON_FIELDS])
                                .where(t.c.removed.is_(False)).order_by(t.c.id_number)).all()
        return [_person(r) for r in rows]

    def credits_for(self, id_number: str) -> list[CreditRecord]:
        t = schema.credits
        with self.engine.connect() as conn:
            rows = conn.execute(select(*[t.c[f] for f in schema.CREDIT_FIELDS])
                                .where(t.c.id_number == id_number.strip().upper(), t.c.removed.is_(False))
                                .order_by(t.c.year, t.c.date, t.c.record_id)).all()
        return [_credit(r) for r in rows]

    def organizers(self) -> list[str]:
        """Every organizer (主办单位) the credit records name, once each. Kept until an import that
        changed something lands in the store (from any process: the imports log is checked)."""
        from sqlalchemy import func

        t = schema.credits
        with self.engine.connect() as conn:
            last = conn.execute(select(func.max(schema.imports.c.id))).scalar()
            if self._organizers is not None and self._organizers[0] == last:
                return self._organizers[1]
            rows = conn.execute(select(t.c.organizer).where(t.c.removed.is_(False), t.c.organizer != "")
                                .distinct().order_by(t.c.organizer)).all()
        self._organizers = (last, [r[0] for r in rows])
        return self._organizers[1]

    def history(self, record_id: str) -> list[dict]:
        """Every recorded change of one record (or person, by 身份证号), oldest first."""
        t = schema.history
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.kind, t.c.record_id, t.c.field, t.c.old, t.c.new,
                                       t.c.changed_at, t.c.source)
                                .where(t.c.record_id == record_id).order_by(t.c.id)).all()
        return [dict(r._mapping) for r in rows]

    def count(self, what: str = "credits", *, include_removed: bool = False) -> int:
        from sqlalchemy import func

        t = {"credits": schema.credits, "persons": schema.persons, "history": schema.history}[what]
        stmt = select(func.count()).select_from(t)
        if what != "history" and not include_removed:
            stmt = stmt.where(t.c.removed.is_(False))
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _person(row) -> Person:  # type: ignore[no-untyped-def]
    return Person.model_validate(dict(zip(schema.PERSON_FIELDS, row, strict=True)))


def _credit(row) -> CreditRecord:  # type: ignore[no-untyped-def]
    return CreditRecord.model_validate(dict(zip(schema.CREDIT_FIELDS, row, strict=True)))


def import_records(path: str | Path, url: str, *, who: str = "cme-audit") -> ImportReport:
    """``cme-audit records import RECORDS --db URL``: validate the export, then import it."""
    export = load_export(Path(path))
    store = RecordStore(url)
    try:
        return store.import_export(export, who=who)
    finally:
        store.close()
