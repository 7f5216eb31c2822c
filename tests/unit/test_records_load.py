"""Validation of the credit-system export: every problem located by file, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_records_helpers import (
    CREDIT_HEADER,
    ID_A,
    ID_B,
    credits_rows,
    make_id,
    persons_rows,
    write_csv,
    write_export,
    write_xlsx,
)

from pipeline.errors import RecordsError
from pipeline.records.idcard import id_problem, is_valid_id
from pipeline.records.load import load_export


def problems_of(path: Path) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(RecordsError) as info:
        load_export(path)
    return [(p.file, p.row, p.column) for p in info.value.problems]


# ------------------------------------------------------------------------- ID


def test_id_checksum_and_birth_date() -> None:
    assert is_valid_id("11010519491231002X")
    assert "check digit" in (id_problem("110105194912310021") or "")
    bad_date = "110105" + "19491331" + "002"  # month 13
    from pipeline.records.idcard import check_digit

    assert "not a real date" in (id_problem(bad_date + check_digit(bad_date)) or "")
    assert id_problem("12345") is not None
    assert id_problem(make_id(born="20991231"), today=dt.date(2026, 1, 1)) is not None


# ---------------------------------------------------------------------- happy


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_loads_every_supported_encoding(tmp_path: Path, encoding: str) -> None:
    export = load_export(write_export(tmp_path, encoding=encoding))
    assert [p.name for p in export.persons] == ["张三", "李四"]
    assert len(export.credits) == 3
    r1 = export.credits[0]
    assert (r1.record_id, r1.credits, r1.date, r1.category) == ("R0001", 6.0, dt.date(2021, 5, 12), "I类国家级")
    assert export.credits[1].credits == 4.5 and export.credits[1].certificate_no is None
    b = export.persons[1]
    assert b.early_promotion is True and b.mandatory_training_passed is None
    assert export.persons[0].mandatory_training_passed is True


def test_english_alias_headers(tmp_path: Path) -> None:
    english = ["record_id", "id_number", "name", "year", "project_code", "project_title", "category",
               "credits", "date", "mode", "organizer", "certificate_no", "entered_on"]
    export = load_export(write_export(tmp_path, credit_header=english))
    assert len(export.credits) == 3


def test_xlsx_export(tmp_path: Path) -> None:
    rows = credits_rows()
    rows[0][8] = dt.datetime(2021, 5, 12)  # type: ignore[call-overload]  # Excel date cell
    rows[0][7] = 6  # type: ignore[call-overload]
    export = load_export(write_xlsx(tmp_path / "export.xlsx", credits=rows))  # type: ignore[arg-type]
    assert export.credits[0].date == dt.date(2021, 5, 12) and export.credits[0].credits == 6.0
    assert len(export.persons) == 2


# ------------------------------------------------------------------- problems


def test_zero_byte_file(tmp_path: Path) -> None:
    write_export(tmp_path)
    (tmp_path / "credits.csv").write_bytes(b"")
    assert problems_of(tmp_path) == [("credits.csv", None, None)]


def test_missing_and_unknown_columns(tmp_path: Path) -> None:
    header = [h for h in CREDIT_HEADER if h != "学分"] + ["备注"]
    rows = [r[:7] + r[8:] + ["x"] for r in credits_rows()]
    found = problems_of(write_export(tmp_path, credits=rows, credit_header=header))
    assert ("credits.csv", 1, "备注") in found
    assert ("credits.csv", 1, "学分") in found


def test_bad_number_date_category_mode(tmp_path: Path) -> None:
    rows = credits_rows()
    rows[0][7] = "六"  # credits
    rows[1][8] = "2021-02-30"  # no such day
    rows[2][6] = "III类"  # category
    rows[2][9] = "函授"  # mode
    found = problems_of(write_export(tmp_path, credits=rows))
    assert sorted(found) == sorted([("credits.csv", 2, "学分"), ("credits.csv", 3, "日期"),
                                    ("credits.csv", 4, "学分类别"), ("credits.csv", 4, "学习形式")])


def test_duplicate_record_id_and_unknown_person(tmp_path: Path) -> None:
    rows = credits_rows()
    rows[1][0] = "R0001"
    stranger = make_id(seq="999")
    rows[2][1] = stranger
    found = problems_of(write_export(tmp_path, credits=rows))
    assert sorted(found) == [("credits.csv", 3, "记录编号"), ("credits.csv", 4, "身份证号")]


def test_bad_id_checksum_and_birth_date(tmp_path: Path) -> None:
    persons = persons_rows()
    persons[0][0] = ID_A[:17] + ("0" if ID_A[17] != "0" else "1")
    persons[1][0] = "330302198513450018"  # month 13
    credits = [r for r in credits_rows() if r[1] not in (ID_A, ID_B)]
    found = problems_of(write_export(tmp_path, persons=persons, credits=credits))
    assert found == [("persons.csv", 2, "身份证号"), ("persons.csv", 3, "身份证号")]


def test_every_problem_reported_at_once_across_files(tmp_path: Path) -> None:
    persons = persons_rows()
    persons[1][7] = "maybe"  # 提前晋升
    rows = credits_rows()
    rows[0][3] = "二〇二一"  # year
    rows[2][6] = ""  # required category blank
    found = problems_of(write_export(tmp_path, persons=persons, credits=rows))
    assert ("persons.csv", 3, "提前晋升") in found
    assert ("credits.csv", 2, "年度") in found
    assert ("credits.csv", 4, "学分类别") in found


def test_message_names_file_row_and_column(tmp_path: Path) -> None:
    rows = credits_rows()
    rows[0][7] = "abc"
    with pytest.raises(RecordsError) as info:
        load_export(write_export(tmp_path, credits=rows))
    text = str(info.value)
    assert "credits.csv, row 2, column 学分" in text and "'abc'" in text


def test_xlsx_missing_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "persons"
    wb.active.append(["身份证号", "姓名"])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    assert problems_of(path) == [("export.xlsx", None, None)]


def test_xlsx_bad_cell_located(tmp_path: Path) -> None:
    rows = credits_rows()
    rows[1][7] = "four"
    found = problems_of(write_xlsx(tmp_path / "e.xlsx", credits=rows))  # type: ignore[arg-type]
    assert found == [("e.xlsx:credits", 3, "学分")]


def test_undecodable_bytes(tmp_path: Path) -> None:
    write_export(tmp_path)
    (tmp_path / "persons.csv").write_bytes(b"\xff\xfe\x00\xd8" * 50 + b"\x81")
    found = problems_of(tmp_path)
    # Either undecodable, or decoded as something whose header is not ours: persons.csv is named.
    assert found and all(f[0] == "persons.csv" for f in found)


def test_not_an_export(tmp_path: Path) -> None:
    write_csv(tmp_path / "other.csv", ["a"], [["b"]])
    assert problems_of(tmp_path / "other.csv") == [(str(tmp_path / "other.csv"), None, None)]


def test_bad_person_row_does_not_cascade_into_unknown_person_problems(tmp_path: Path) -> None:
    persons = persons_rows()
    persons[0][3] = "省部级"  # bad unit level; the person's credits must not be reported as unknown persons
    assert problems_of(write_export(tmp_path, persons=persons)) == [("persons.csv", 2, "单位级别")]


def test_broken_xlsx_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert problems_of(path) == [("export.xlsx", None, None)]


def test_missing_key_columns_are_reported_not_crashed_on(tmp_path: Path) -> None:
    header = [h for h in CREDIT_HEADER if h not in ("记录编号", "身份证号")]
    rows = [r[2:] for r in credits_rows()]
    found = problems_of(write_export(tmp_path, credits=rows, credit_header=header))
    assert sorted(found) == [("credits.csv", 1, "记录编号"), ("credits.csv", 1, "身份证号")]
