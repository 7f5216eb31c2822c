"""Session 14, FIELD_MISMATCH (issue 14): a date the page prints to the month only (its day lost by the reading or
never printed) is read as the month's first day; it holds the record's date in that month, so it is no ground
for a mismatch (it was one at 93ffe69). A day printed in another month still is."""

from __future__ import annotations

import datetime as dt

from pipeline.extract.certificate import extract_certificate
from pipeline.match import match_certificates
from pipeline.models import CertRef, CreditRecord, Line, OcrResult, Word

ID = "11010519491231002X"
REC = CreditRecord(record_id="R1", id_number=ID, name="张三", year=2021, project_code="2021-04-05-123(国)",
                   project_title="心力衰竭规范化管理", category="I类国家级", credits=6.0,
                   date=dt.date(2021, 5, 12), organizer="中华医学会")


def _mismatches(rows: list[str]) -> list[tuple[str, str | None]]:
    lines = []
    for i, text in enumerate(rows):
        box = (100.0, 40.0 + 50 * i, 100.0 + 14 * len(text), 70.0 + 50 * i)
        lines.append(Line(text=text, conf=0.97, box=box, words=[Word(text=text, conf=0.97, box=box)]))
    f = extract_certificate(OcrResult(engine="fake", engine_version="0", width=1700, height=1200, lines=lines))
    cert = CertRef(path="u/张三/1.pdf", page=1, stack_index=0, fields=f)
    out = match_certificates([cert], [REC], needs_certificate=lambda _r: True)
    return [(x.field or "", x.found) for x in out.flags if x.code == "FIELD_MISMATCH"]


def test_a_date_printed_to_the_month_only_is_no_mismatch_in_that_month() -> None:
    assert _mismatches(["姓名：张三", "项目名称：心力衰竭规范化管理", "项目编号：2021-04-05-123(国)",
                        "举办时间：2021年5月", "授予学分：6分"]) == []


def test_a_month_only_date_of_another_month_still_differs() -> None:
    assert _mismatches(["姓名：张三", "项目名称：心力衰竭规范化管理", "项目编号：2021-04-05-123(国)",
                        "举办时间：2021年7月", "授予学分：6分"]) == [("date", "2021-07-01")]
