"""The records store: import, queries, history on re-import, idempotence, all-or-nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_records_helpers import ID_A, ID_B, credits_rows, make_id, persons_rows, write_export

from pipeline.errors import RecordsError
from pipeline.records import RecordStore, import_records, load_export


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'records.db'}"


def test_import_and_query(tmp_path: Path, db: str) -> None:
    report = import_records(write_export(tmp_path / "v1"), db)
    assert (report.persons_added, report.credits_added) == (2, 3)
    store = RecordStore(db)
    assert store.person(ID_A).name == "张三"  # type: ignore[union-attr]
    assert store.person(make_id(seq="999")) is None
    assert [p.id_number for p in store.persons_named("李四")] == [ID_B]
    recs = store.credits_for(ID_A)
    assert [r.record_id for r in recs] == ["R0001", "R0002"]
    assert recs[1].credits == 4.5 and recs[0].date == dt.date(2021, 5, 12)
    assert len(store.persons()) == 2


def test_reimport_same_export_is_idempotent(tmp_path: Path, db: str) -> None:
    folder = write_export(tmp_path / "v1")
    import_records(folder, db)
    history_before = RecordStore(db).count("history")
    again = import_records(folder, db)
    assert not again.changed and again.credits_unchanged == 3
    assert RecordStore(db).count("history") == history_before


def test_newer_export_updates_adds_removes_with_history(tmp_path: Path, db: str) -> None:
    import_records(write_export(tmp_path / "v1"), db)
    rows = credits_rows()
    rows[0][7] = "8"  # credits changed 6 -> 8
    rows = [rows[0], rows[2]]  # R0002 dropped
    rows.append(["R0004", ID_B, "李四", "2022", "2022-04-06-001(国)", "新项目", "I类国家级", "5",
                 "2022-06-01", "面授", "中华医学会", "", "2022-07-01"])
    report = import_records(write_export(tmp_path / "v2", credits=rows), db)
    assert (report.credits_added, report.credits_updated, report.credits_removed) == (1, 1, 1)
    store = RecordStore(db)
    assert [r.credits for r in store.credits_for(ID_A)] == [8.0]  # R0002 hidden, not deleted
    assert store.count("credits", include_removed=True) == 4
    h = [(x["field"], x["old"], x["new"]) for x in store.history("R0001")]
    assert h[-1] == ("credits", "6.0", "8.0")
    assert ("removed", "否", "是") == tuple(store.history("R0002")[-1][k] for k in ("field", "old", "new"))
    assert store.history("R0002")[-1]["source"].endswith("v2")
    assert [x["field"] for x in store.history("R0004")] == ["added"]
    # Bringing R0002 back un-removes it, recorded too.
    report3 = import_records(write_export(tmp_path / "v3"), db)
    assert report3.credits_updated == 2 and report3.credits_removed == 1  # R0001 back to 6, R0002 back
    assert [r.record_id for r in RecordStore(db).credits_for(ID_A)] == ["R0001", "R0002"]
    assert RecordStore(db).history("R0002")[-1]["new"] == "否"


def test_person_change_recorded(tmp_path: Path, db: str) -> None:
    import_records(write_export(tmp_path / "v1"), db)
    persons = persons_rows()
    persons[0][2] = "温州市中心医院"
    report = import_records(write_export(tmp_path / "v2", persons=persons), db)
    assert report.persons_updated == 1
    store = RecordStore(db)
    assert store.person(ID_A).unit == "温州市中心医院"  # type: ignore[union-attr]
    assert store.history(ID_A)[-1]["old"] == "温州市人民医院"


def test_bad_row_imports_nothing(tmp_path: Path, db: str) -> None:
    rows = credits_rows()
    rows[2][7] = "x"
    with pytest.raises(RecordsError):
        import_records(write_export(tmp_path / "bad", credits=rows), db)
    store = RecordStore(db)
    assert store.count("credits") == 0 and store.count("persons") == 0


def test_database_failure_rolls_back(tmp_path: Path, db: str) -> None:
    """A failure half-way through the transaction leaves the store as it was."""
    import_records(write_export(tmp_path / "v1"), db)
    export = load_export(write_export(tmp_path / "v2", credits=credits_rows()
                                      + [["R0009", ID_A, "张三", "2023", "", "t", "II类", "1", "2023-01-01",
                                          "面授", "", "", ""]]))
    broken = export.credits[-1].model_copy(update={"category": None})  # violates NOT NULL in the DB
    export.credits[-1] = broken
    from pipeline.records import RecordsStoreError

    with pytest.raises(RecordsStoreError):
        RecordStore(db).import_export(export)
    store = RecordStore(db)
    assert store.count("credits", include_removed=True) == 3
    assert store.history("R0009") == []


def test_bare_path_means_sqlite(tmp_path: Path) -> None:
    store = RecordStore(str(tmp_path / "x.db"))
    store.import_export(load_export(write_export(tmp_path / "v1")))
    assert (tmp_path / "x.db").exists() and store.count("persons") == 2


def test_person_missing_from_newer_export_is_kept_but_removed(tmp_path: Path, db: str) -> None:
    import_records(write_export(tmp_path / "v1"), db)
    only_a = [r for r in credits_rows() if r[1] == ID_A]
    report = import_records(write_export(tmp_path / "v2", persons=persons_rows()[:1], credits=only_a), db)
    assert (report.persons_removed, report.credits_removed) == (1, 1)
    store = RecordStore(db)
    assert store.person(ID_B) is None and store.persons_named("李四") == []
    assert store.count("persons", include_removed=True) == 2
    assert store.history(ID_B)[-1]["field"] == "removed"
