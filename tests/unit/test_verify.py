"""Verification of a reading against the records (pipeline/verify.py): the record's value becomes the
reading only where the page's own text states it."""

from __future__ import annotations

import datetime as dt

from pipeline.evaluate import evaluate_run
from pipeline.match import Match
from pipeline.models import CertificateFields, CertRef, CreditRecord, Person
from pipeline.verify import verify_certificate, verify_certificates

PERSON = Person(id_number="330302198001011234", name="张三")
RECORD = CreditRecord(record_id="R1", id_number=PERSON.id_number, name="张三", year=2021,
                      project_code="2021-04-05-123(国)", project_title="基层医院感染管理进展",
                      category="I类国家级", credits=6.0, date=dt.date(2021, 5, 12), mode="面授",
                      organizer="温州医科大学附属第一医院", certificate_no="ZJ2021050012")

PAGE = ("继续医学教育学分证书\n张三工作单位温州市人民医院\n参加基层医院感染管埋进展学习班\n"
        "项目编号2021-04-05-123(国) 举办时间 2021年5月12日至14日\n授予I类学分 6 分\n"
        "主办单位 温州医科大学附属第一医院\n证书编号 ZJ2021050012\n打印日期 2021年6月30日")


def _cert(**read) -> CertRef:
    fields = CertificateFields(page_text=PAGE, **read)
    return CertRef(path="a/b.pdf", page=1, stack_index=0, fields=fields)


def test_the_record_value_printed_on_the_page_is_the_reading():
    cert = _cert(name="张三工", date="2021-06-30", project_title="基层医院感染管埋进展", credits=6.0,
                 organizer=None, certificate_no="ZJ2O21O50012")
    changed = verify_certificate(cert, RECORD, PERSON)
    f = cert.fields
    assert (f.name, f.date, f.project_title) == ("张三", "2021-05-12", "基层医院感染管理进展")
    assert f.organizer == "温州医科大学附属第一医院" and f.certificate_no == "ZJ2021050012"
    assert f.read_as["date"] == "2021-06-30" and f.read_as["name"] == "张三工" and f.read_as["organizer"] is None
    # the category was not read: the page's code (国) states the record's I类国家级
    assert set(changed) == {"name", "date", "project_title", "organizer", "certificate_no", "project_code", "category"}
    assert "2021-05-12" in f.verified["date"] and "(国)" in f.verified["category"]
    assert "credits" not in f.verified  # read right: nothing to say


def test_a_value_the_page_does_not_state_stays_as_read():
    other = RECORD.model_copy(update={"credits": 4.0, "date": dt.date(2021, 5, 11),
                                      "project_title": "心血管疾病诊疗新进展", "certificate_no": "ZJ2021059999"})
    cert = _cert(credits=6.0, date="2021-05-12", project_title="基层医院感染管埋进展")
    verify_certificate(cert, other, PERSON)
    f = cert.fields
    assert (f.credits, f.date, f.project_title, f.certificate_no) == (6.0, "2021-05-12", "基层医院感染管埋进展", None)
    assert set(f.verified) <= {"name", "organizer", "category", "mode", "project_code"}
    assert "credits" not in f.verified and "date" not in f.verified


def test_an_unmatched_certificate_gets_only_the_persons_name():
    cert = _cert(name="张三工", date="2021-06-30")
    n = verify_certificates([cert], {}, [RECORD], PERSON)
    assert n == 1 and cert.fields.name == "张三" and cert.fields.date == "2021-06-30"


def test_a_name_not_on_the_page_is_not_taken_from_the_person():
    cert = _cert(name="李四")
    verify_certificate(cert, None, Person(id_number="1", name="王五"))
    assert cert.fields.name == "李四" and not cert.fields.verified


def test_matches_tie_certificates_to_their_records():
    cert = _cert(date="2021-06-30")
    verify_certificates([cert], {("a/b.pdf", 1): Match(record_id="R1", score=0.9, confidence=0.8)}, [RECORD], PERSON)
    assert cert.fields.date == "2021-05-12"


def test_the_yardstick_also_scores_the_reading_alone():
    truth = {"schema": "cme-audit/truth@1", "applicants": [{"applicant_key": "u/a", "documents": [
        {"path": "u/a/b.pdf", "pages": [{"page": 1, "kind": "certificate",
                                          "certificate": {"name": "张三", "date": "2021-05-12"}}]}]}]}
    cert = {"name": "张三", "date": "2021-05-12", "read_as": {"date": "2021-06-30"},
            "verified": {"date": "a date on the page is the record's 2021-05-12"}}
    findings = {"schema": "cme-audit/findings@1", "applicants": [{"applicant_key": "u/a", "flags": [], "rules": [],
                "documents": [{"path": "u/a/b.pdf", "pages": [{"page": 1, "kind": "certificate",
                                                              "certificate": cert}]}]}]}
    rep = evaluate_run(truth, findings)
    assert rep.certificate_fields["date"]["accuracy"] == 1.0
    assert rep.certificate_fields_unaided["date"]["accuracy"] == 0.0
    assert rep.certificate_fields_unaided["name"]["accuracy"] == 1.0


def _list(*rows: dict):
    from pipeline.models import AnnualList, ListRow

    return AnnualList(years=[2021], rows=[ListRow(**r) for r in rows])


def test_a_list_row_with_ocr_slips_is_the_record_it_prints():
    from pipeline.verify import verify_list

    other = RECORD.model_copy(update={"record_id": "R2", "project_code": "2021-04-05-124(国)",
                                      "project_title": "心血管疾病诊疗新进展", "date": dt.date(2021, 9, 1)})
    lst = _list({"project_code": "2021-04-05-123(国)", "project_title": "基层医院感染管埋进晨",
                 "date": "2021-05-17", "credits": 6.0},
                {"project_code": "2021-04-O5-124", "project_title": "心血管疾病诊疗新进展",
                 "date": "2021-09-01", "credits": None})
    n = verify_list(lst, [RECORD, other])
    first, second = lst.rows
    assert first.project_title == "基层医院感染管理进展" and first.date == "2021-05-12"
    assert first.read_as["project_title"] == "基层医院感染管埋进晨" and "R1" in first.verified["date"]
    assert second.project_code == "2021-04-05-124(国)" and second.credits is None  # unread stays unread
    assert n == 3


def test_a_row_that_prints_no_record_is_left_as_read():
    from pipeline.verify import verify_list

    lst = _list({"project_code": "2019-01-01-001(省)", "project_title": "儿科常见病诊治", "date": "2021-05-13",
                 "credits": 2.0})
    assert verify_list(lst, [RECORD]) == 0
    assert lst.rows[0].project_title == "儿科常见病诊治" and not lst.rows[0].verified


def test_one_record_ties_one_row():
    from pipeline.verify import verify_list

    row = {"project_code": "2021-04-05-123(国)", "project_title": "基层医院感染管理进展", "date": "2021-05-13",
           "credits": 6.0}
    lst = _list(row, dict(row))
    verify_list(lst, [RECORD])
    assert [r.date for r in lst.rows] == ["2021-05-12", "2021-05-13"]


def test_a_title_wrapped_beside_another_column_is_found():
    page = ("你于2021-02-10~02-11参加了浙江省医学会举办的《儿童呼吸  备案编号:2021-07-01-125(省)\n"
            "系统疾病诊治》,学习形式:面授,经考核成绩合格,特予证明。")
    rec = RECORD.model_copy(update={"project_title": "儿童呼吸系统疾病诊治", "mode": "面授"})
    cert = CertRef(path="a/b.pdf", page=1, stack_index=0,
                   fields=CertificateFields(page_text=page, project_title=None, mode=None))
    verify_certificate(cert, rec, PERSON)
    assert cert.fields.project_title == "儿童呼吸系统疾病诊治" and "wrapped" in cert.fields.verified["project_title"]
    assert cert.fields.mode == "面授"


def test_a_cells_two_lines_read_into_one_row_tail_first_are_the_title():
    # a narrow table cell holding 《消化内镜诊疗技术 / 进展》: the row's fragments are put left to right,
    # and the second line starts further left, so its tail comes first (record card, session 12)
    page = ("学习项目登记\n项目审定号  讲习日期  课程名称  类别 给予学分参训形式\n"
            "2021-04-01-996(市)  2021.01.11  进展》 《消化内镜诊疗技术 二类15分面授\n考核情况:合格")
    rec = RECORD.model_copy(update={"project_title": "消化内镜诊疗技术进展"})
    cert = CertRef(path="a/b.pdf", page=1, stack_index=0,
                   fields=CertificateFields(page_text=page, project_title="登记"))
    verify_certificate(cert, rec, PERSON)
    assert cert.fields.project_title == "消化内镜诊疗技术进展" and "wrapped" in cert.fields.verified["project_title"]
    # another title sharing the head is not found: its tail is not printed near it
    other = RECORD.model_copy(update={"project_title": "消化内镜诊疗技术规范"})
    cert = CertRef(path="a/b.pdf", page=1, stack_index=0,
                   fields=CertificateFields(page_text=page, project_title="登记"))
    verify_certificate(cert, other, PERSON)
    assert cert.fields.project_title == "登记" and "project_title" not in cert.fields.verified


def test_a_second_copy_is_verified_against_the_first_copys_record():
    first, copy = _cert(date="2021-06-30"), CertRef(path="a/b.pdf", page=2, stack_index=1,
                                                     fields=CertificateFields(page_text=PAGE, date="2021-06-30"))
    matches = {("a/b.pdf", 1): Match(record_id="R1", score=0.9, confidence=0.8)}
    verify_certificates([first, copy], matches, [RECORD], PERSON, copies={("a/b.pdf", 2): ("a/b.pdf", 1)})
    assert copy.fields.date == "2021-05-12"


def test_credits_over_or_under_their_label_are_the_records():
    # values over their labels (10 / 获授学分): the number alone on the line next to a credits word
    page = "继续医学教育项目学分证明\n张三\n参会者\n10\n获授学分\n2021年5月12日至14日\n活动日程"
    cert = CertRef(path="a/b.pdf", page=1, stack_index=0, fields=CertificateFields(page_text=page))
    verify_certificate(cert, RECORD.model_copy(update={"credits": 10.0}), PERSON)
    assert cert.fields.credits == 10.0 and "label" in cert.fields.verified["credits"]


def test_a_number_inside_a_date_or_code_beside_a_credits_word_is_no_credits():
    page = "获授学分\n2021年5月12日至14日\n项目编号2021-04-05-012(国)\n学分"
    for value in (12.0, 14.0, 5.0, 4.0):
        cert = CertRef(path="a/b.pdf", page=1, stack_index=0, fields=CertificateFields(page_text=page))
        verify_certificate(cert, RECORD.model_copy(update={"credits": value}), PERSON)
        assert cert.fields.credits is None, value
