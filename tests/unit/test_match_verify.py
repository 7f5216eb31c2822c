"""FIELD_MISMATCH as a reviewer decides it: only when the page states a different value in a slot of
clear role and the record's value is nowhere on the page (issue 14)."""

from __future__ import annotations

import datetime as dt

from pipeline.extract.certificate import extract_certificate
from pipeline.match import match_certificates
from pipeline.models import CertificateFields, CertRef, CreditRecord, Line, OcrResult, Word

ID = "11010519491231002X"
REC = CreditRecord(record_id="R1", id_number=ID, name="张三", year=2021, project_code="2021-04-05-123(国)",
                   project_title="心力衰竭规范化管理", category="I类国家级", credits=6.0,
                   date=dt.date(2021, 5, 12), organizer="中华医学会")


def _page(rows: list[str]) -> CertificateFields:
    lines = []
    for i, text in enumerate(rows):
        box = (100.0, 40.0 + 50 * i, 100.0 + 14 * len(text), 70.0 + 50 * i)
        lines.append(Line(text=text, conf=0.97, box=box, words=[Word(text=text, conf=0.97, box=box)]))
    return extract_certificate(OcrResult(engine="fake", engine_version="0", width=1700, height=1200, lines=lines))


def _match(fields: CertificateFields):  # noqa: ANN202
    cert = CertRef(path="u/张三/1.pdf", page=1, stack_index=0, fields=fields)
    return match_certificates([cert], [REC], needs_certificate=lambda _r: True)


def _mismatches(out) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return [(f.field or "", f.found) for f in out.flags if f.code == "FIELD_MISMATCH"]


def test_a_different_date_in_a_clear_slot_is_a_mismatch() -> None:
    f = _page(["姓名：张三", "项目名称：心力衰竭规范化管理", "项目编号：2021-04-05-123(国)",
               "举办时间：2021年6月2日", "授予学分：6分"])
    out = _match(f)
    assert _mismatches(out) == [("date", "2021-06-02")]


def test_the_records_date_printed_elsewhere_on_the_page_is_no_mismatch() -> None:
    # the activity slot holds another date, but the record's date is printed on the page (here as the
    # issue date): a reviewer would look twice, not call it a mismatch
    f = _page(["姓名：张三", "项目名称：心力衰竭规范化管理", "项目编号：2021-04-05-123(国)",
               "培训时间：2021年6月2日", "授予学分：6分", "发证日期：2021年5月12日"])
    assert f.date == "2021-06-02"  # the activity slot, never the issue date
    out = _match(f)
    assert _mismatches(out) == []
    m = out.matches[("u/张三/1.pdf", 1)]
    assert "2021-05-12" in m.evidence["date"]


def test_title_and_credits_found_on_the_page_are_no_mismatch() -> None:
    f = CertificateFields(name="张三", project_code="2021-04-05-123(国)", project_title="心力衰竭规范化",
                          category="I类国家级", credits=8.0, date="2021-05-12",
                          confidence={"project_title": 0.97, "credits": 0.97},
                          candidates={"credits": [{"value": 8.0, "role": "label", "conf": 0.97}]},
                          page_text="参加《心力衰竭规范化管理》学习\n授予Ⅰ类学分6分\n学分：8")
    out = _match(f)
    assert _mismatches(out) == []
    m = out.matches[("u/张三/1.pdf", 1)]
    assert set(m.evidence) == {"credits"}  # the title read in part is the same title (fuzzy), no evidence needed


def test_a_value_of_unclear_role_raises_no_flag_but_keeps_the_evidence() -> None:
    f = CertificateFields(name="张三", project_code="2021-04-05-123(国)", project_title="心力衰竭规范化管理",
                          category="I类国家级", credits=6.0, date="2021-05-20",
                          candidates={"date": [{"value": "2021-05-20", "role": "other", "conf": 0.97}]},
                          page_text="2021年5月20日")
    out = _match(f)
    assert _mismatches(out) == []
    assert "unclear role" in out.matches[("u/张三/1.pdf", 1)].evidence["date"]


def test_readings_without_candidates_keep_the_old_rule() -> None:
    f = CertificateFields(name="张三", project_code="2021-04-05-123(国)", project_title="心力衰竭规范化管理",
                          category="I类国家级", credits=4.0, date="2021-05-12")
    assert _mismatches(_match(f)) == [("credits", "4.0")]


def test_a_class_numeral_misread_beside_a_national_code_is_no_category_mismatch() -> None:
    # 国家级项目I类学分 read as …II类…: the page's own code (国) states the record's I类国家级
    f = _page(["姓名：张三", "项目名称：心力衰竭规范化管理", "项目编号：2021-04-05-123(国)",
               "学分类型：II类学分", "举办时间：2021年5月12日", "授予学分：6分"])
    assert f.category == "II类"
    out = _match(f)
    assert _mismatches(out) == []
    assert "(国)" in out.matches[("u/张三/1.pdf", 1)].evidence["category"]


def test_a_category_the_code_does_not_support_is_still_a_mismatch() -> None:
    f = _page(["姓名：张三", "项目名称：心力衰竭规范化管理", "项目编号：2021-04-05-123(市)",
               "学分类型：II类学分", "举办时间：2021年5月12日", "授予学分：6分"])
    out = _match(f)
    assert ("category", "II类") in _mismatches(out)
