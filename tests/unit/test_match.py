"""Certificate <-> record matching: one-to-one, duplicates, unmatched, field mismatch vs OCR noise."""

from __future__ import annotations

import datetime as dt

from pipeline.match import MatchConfig, match_certificates, text_similarity
from pipeline.models import CertificateFields, CertRef, CreditRecord

ID = "11010519491231002X"


def rec(rid: str, code: str, title: str, date: str, credits: float = 6.0, category: str = "I类国家级",
        organizer: str = "中华医学会", certificate_no: str | None = None) -> CreditRecord:
    d = dt.date.fromisoformat(date)
    return CreditRecord(record_id=rid, id_number=ID, name="张三", year=d.year, project_code=code,
                        project_title=title, category=category, credits=credits, date=d,  # type: ignore[arg-type]
                        organizer=organizer, certificate_no=certificate_no)


def cert_of(r: CreditRecord, page: int, **changes: object) -> CertRef:
    fields: dict[str, object] = {
        "name": r.name, "project_code": r.project_code or None, "project_title": r.project_title,
        "category": r.category, "credits": r.credits, "date": r.date.isoformat(), "mode": r.mode,
        "organizer": r.organizer, "certificate_no": r.certificate_no}
    fields.update(changes)
    return CertRef(path="u/张三/1.pdf", page=page, stack_index=page - 1, fields=CertificateFields(**fields))


RECORDS = [
    rec("R1", "2021-04-05-123(国)", "心血管疾病诊疗新进展学习班", "2021-05-12"),
    rec("R2", "2021-04-05-200(省)", "糖尿病规范化管理培训班", "2021-09-03", 4.0, "I类省级", "浙江省医学会"),
    rec("R3", "", "院内学术讲座：急诊抢救流程", "2021-03-08", 1.0, "II类", "温州市人民医院"),
    rec("R4", "2021-04-05-300(国)", "重症医学新进展研讨会", "2021-11-20"),
]


def always(_: CreditRecord) -> bool:
    return True


def codes(outcome) -> list[tuple[str, int | None, str | None]]:  # type: ignore[no-untyped-def]
    return sorted((f.code, f.page, f.record_id) for f in outcome.flags)


def test_exact_certificates_match_one_to_one() -> None:
    certs = [cert_of(r, i + 1) for i, r in enumerate(RECORDS)]
    out = match_certificates(certs, RECORDS, needs_certificate=always)
    assert {k[1]: m.record_id for k, m in out.matches.items()} == {1: "R1", 2: "R2", 3: "R3", 4: "R4"}
    assert out.flags == []
    assert all(0.99 <= m.score <= 1.0 for m in out.matches.values())


def test_ocr_noise_still_matches_without_mismatch() -> None:
    noisy = cert_of(RECORDS[0], 1, project_code="2O21－04－05－123（国）",
                    project_title="心血管疾病诊疗新进展学习斑", organizer="中華醫學會")
    unread = cert_of(RECORDS[1], 2, project_title=None, organizer=None, credits=None)
    out = match_certificates([noisy, unread], RECORDS[:2], needs_certificate=always)
    assert {k[1]: m.record_id for k, m in out.matches.items()} == {1: "R1", 2: "R2"}
    assert out.flags == []
    m2 = out.matches[("u/张三/1.pdf", 2)]
    assert m2.confidence < out.matches[("u/张三/1.pdf", 1)].confidence  # unread lowers confidence only


def test_field_mismatch_names_the_field() -> None:
    wrong_credits = cert_of(RECORDS[0], 1, credits=10.0)
    wrong_title = cert_of(RECORDS[3], 2, project_title="儿科常见病诊治进展")
    out = match_certificates([wrong_credits, wrong_title], RECORDS, needs_certificate=lambda r: r.record_id in
                             {"R1", "R4"})
    assert {k[1]: m.record_id for k, m in out.matches.items()} == {1: "R1", 2: "R4"}
    fm = [(f.page, f.field, f.expected, f.found) for f in out.flags if f.code == "FIELD_MISMATCH"]
    assert fm == [(1, "credits", "6.0", "10.0"), (2, "project_title", "重症医学新进展研讨会", "儿科常见病诊治进展")]
    assert "credits" in out.flags[0].message
    assert [f.code for f in out.flags if f.code != "FIELD_MISMATCH"] == []


def test_unmatched_certificate_and_record_without_certificate() -> None:
    stranger = CertRef(path="u/张三/1.pdf", page=5, stack_index=4, fields=CertificateFields(
        name="张三", project_code="2021-07-01-555(国)", project_title="口腔种植技术培训班", category="I类国家级",
        credits=6.0, date="2021-06-18", organizer="中华口腔医学会"))
    certs = [cert_of(RECORDS[0], 1), stranger]
    out = match_certificates(certs, RECORDS, needs_certificate=lambda r: r.category != "II类", years={2021})
    assert codes(out) == [("CERT_UNMATCHED", 5, None), ("RECORD_NO_CERT", None, "R2"),
                          ("RECORD_NO_CERT", None, "R4")]


def test_years_limit_record_no_cert() -> None:
    out = match_certificates([], RECORDS, needs_certificate=always, years={2020})
    assert out.flags == []


def test_duplicate_later_copy_flagged_not_matched_not_unmatched() -> None:
    first = cert_of(RECORDS[0], 2)
    copy = cert_of(RECORDS[0], 6, project_title="心血管疾病诊疗新进展学习斑")  # re-scan, OCR noise
    out = match_certificates([copy, first, cert_of(RECORDS[1], 3)], RECORDS[:2], needs_certificate=always)
    assert codes(out) == [("DUPLICATE_CERT", 6, "R1")]
    assert ("u/张三/1.pdf", 6) not in out.matches and out.matches[("u/张三/1.pdf", 2)].record_id == "R1"


def test_two_sessions_of_one_project_are_not_duplicates() -> None:
    a = rec("R5", "2021-04-05-123(国)", "心血管疾病诊疗新进展学习班", "2021-05-12")
    b = rec("R6", "2021-04-05-123(国)", "心血管疾病诊疗新进展学习班", "2021-05-12")
    out = match_certificates([cert_of(a, 1), cert_of(b, 2)], [a, b], needs_certificate=always)
    assert out.flags == [] and sorted(m.record_id for m in out.matches.values()) == ["R5", "R6"]


def test_one_to_one_prefers_the_better_global_assignment() -> None:
    # Two similar records; the certificate for the second must not steal the first's record.
    a = rec("RA", "2021-04-05-123(国)", "心血管疾病诊疗新进展学习班", "2021-05-12")
    b = rec("RB", "2021-04-05-124(国)", "心血管疾病诊疗新进展学习班", "2021-05-13")
    ca = cert_of(a, 1, project_code=None)  # code unread: fits both almost equally
    cb = cert_of(b, 2)
    out = match_certificates([ca, cb], [a, b], needs_certificate=always)
    assert {k[1]: m.record_id for k, m in out.matches.items()} == {1: "RA", 2: "RB"}


def test_config_round_trips_and_thresholds_come_from_it() -> None:
    cfg = MatchConfig.load()
    assert MatchConfig.model_validate(cfg.model_dump()) == cfg
    strict = cfg.model_copy(update={"min_score": 1.01,
                                    "residual": cfg.residual.model_copy(update={"min_score": 1.01})})
    out = match_certificates([cert_of(RECORDS[0], 1)], RECORDS[:1], needs_certificate=always, config=strict)
    assert [f.code for f in out.flags] == ["CERT_UNMATCHED", "RECORD_NO_CERT"]


def test_text_similarity_folds_ocr_confusions() -> None:
    assert text_similarity("中华医学会（温州）", "中華醫學會(温州)") == 1.0
    assert text_similarity("口腔种植", "重症医学") < 0.3


def test_sparsely_read_copy_is_still_a_duplicate_and_the_later_copy_is_flagged() -> None:
    full = cert_of(RECORDS[0], 2)
    sparse = CertRef(path="u/张三/1.pdf", page=7, stack_index=6,
                     fields=CertificateFields(credits=6.0, category="I类国家级"))  # little read
    out = match_certificates([full, sparse, cert_of(RECORDS[1], 3)], RECORDS[:2], needs_certificate=always)
    assert codes(out) == [("DUPLICATE_CERT", 7, "R1")]
    # The sparse copy first in the stack: it keeps the match, the later full copy is the duplicate.
    early_sparse = CertRef(path="u/张三/1.pdf", page=1, stack_index=0, fields=sparse.fields)
    out = match_certificates([early_sparse, full, cert_of(RECORDS[1], 3)], RECORDS[:2], needs_certificate=always)
    assert codes(out) == [("DUPLICATE_CERT", 2, "R1")]
    assert out.matches[("u/张三/1.pdf", 1)].record_id == "R1"


def test_unread_code_suffix_and_implausible_credits_are_not_mismatches() -> None:
    r = rec("R9", "2020-10-02-214(省)", "糖尿病规范化管理培训班", "2020-04-01", 7.5, "I类省级")
    c = cert_of(r, 1, project_code="2020-10-02-214", credits=75.0)  # suffix unread, decimal point lost
    out = match_certificates([c], [r], needs_certificate=always)
    assert out.flags == [] and out.matches[("u/张三/1.pdf", 1)].field_scores["project_code"] == 1.0
    # A different serial is still a mismatch, with or without the suffix.
    out = match_certificates([cert_of(r, 1, project_code="2020-10-02-215")], [r], needs_certificate=always)
    assert [(f.code, f.field) for f in out.flags] == [("FIELD_MISMATCH", "project_code")]


def test_code_read_in_part_is_not_a_mismatch_but_a_full_different_code_is() -> None:
    cut = cert_of(RECORDS[1], 1, project_code="2021-04-05-2")  # the tail was not read
    out = match_certificates([cut], RECORDS[1:2], needs_certificate=always)
    assert [m.record_id for m in out.matches.values()] == ["R2"]
    assert out.flags == []
    other = cert_of(RECORDS[1], 1, project_code="2021-04-05-299(省)")
    out = match_certificates([other], RECORDS[1:2], needs_certificate=always)
    assert [(f.code, f.field) for f in out.flags] == [("FIELD_MISMATCH", "project_code")]


def test_second_look_takes_a_weak_pair_only_when_one_field_anchors_it() -> None:
    # code cut off, one character of the title misread, credits/category/organizer misread, date unread:
    # the pair scores under min_score, but the title ties it
    weak = cert_of(RECORDS[1], 1, project_code="2021-04-05-2", project_title="糖尿病规范化管埋培训班",
                   date=None, category="II类", organizer="口腔科", certificate_no=None, credits=1.0)
    cfg = MatchConfig.load()
    out = match_certificates([weak], RECORDS[1:2], needs_certificate=always, config=cfg)
    assert [m.record_id for m in out.matches.values()] == ["R2"]
    assert cfg.residual.min_score <= next(iter(out.matches.values())).score < cfg.min_score
    assert sorted(f.field for f in out.flags if f.code == "FIELD_MISMATCH") == ["category", "credits"]
    # the same weak reading of an unrelated title has no anchor: unmatched
    stray = cert_of(RECORDS[1], 1, project_code="2021-04-05-2", project_title="口腔种植技术培训班",
                    date=None, category=None, organizer=None, certificate_no=None, credits=4.0)
    out = match_certificates([stray], RECORDS[1:2], needs_certificate=always, config=cfg)
    assert out.matches == {}
    assert sorted(f.code for f in out.flags) == ["CERT_UNMATCHED", "RECORD_NO_CERT"]


def _blank_cert(page: int) -> CertRef:
    return CertRef(path="u/张三/1.pdf", page=page, stack_index=page - 1, fields=CertificateFields(name="张三"))


def test_unread_certificate_takes_the_one_record_between_its_neighbours() -> None:
    by_date = sorted(RECORDS, key=lambda r: r.date)  # R3 03-08, R1 05-12, R2 09-03, R4 11-20
    certs = [cert_of(by_date[0], 1), _blank_cert(2), cert_of(by_date[2], 3), cert_of(by_date[3], 4)]
    out = match_certificates(certs, RECORDS, needs_certificate=always)
    assert out.matches[("u/张三/1.pdf", 2)].record_id == "R1"
    assert [(f.code, f.page, f.record_id) for f in out.flags] == [("CERT_UNREAD", 2, "R1")]


def test_unread_certificate_stays_loose_when_the_place_is_ambiguous() -> None:
    by_date = sorted(RECORDS, key=lambda r: r.date)
    # two records (R1, R2) lie between the neighbours R3 and R4: no guess
    certs = [cert_of(by_date[0], 1), _blank_cert(2), cert_of(by_date[3], 3)]
    out = match_certificates(certs, RECORDS, needs_certificate=always)
    assert ("u/张三/1.pdf", 2) not in out.matches
    assert codes(out) == [("CERT_UNREAD", 2, None), ("RECORD_NO_CERT", None, "R1"), ("RECORD_NO_CERT", None, "R2")]
    assert "unread certificate pages" in next(f for f in out.flags if f.code == "RECORD_NO_CERT").message
    # at the end of the stack there is no neighbour after it
    out = match_certificates([cert_of(by_date[0], 1), _blank_cert(2)], RECORDS[2:3] + RECORDS[:1],
                             needs_certificate=always)
    assert ("u/张三/1.pdf", 2) not in out.matches


def test_a_code_with_a_digit_lost_is_a_misread_not_a_different_code() -> None:
    lost = cert_of(RECORDS[1], 1, project_code="2021-0-05-200(省)")  # 04 read as 0: layout 4-1-2-3
    out = match_certificates([lost], RECORDS[1:2], needs_certificate=always)
    assert [m.record_id for m in out.matches.values()] == ["R2"] and out.flags == []
    same_layout = cert_of(RECORDS[1], 1, project_code="2021-07-05-200(省)")  # same scheme, other code
    out = match_certificates([same_layout], RECORDS[1:2], needs_certificate=always)
    assert [(f.code, f.field) for f in out.flags] == [("FIELD_MISMATCH", "project_code")]


def test_a_field_recovered_by_a_second_look_supports_the_match_but_raises_no_mismatch() -> None:
    cfg = MatchConfig.load()
    reread = cert_of(RECORDS[0], 1, credits=1.0)  # "6" re-read from a lone-digit crop as "1"
    reread.fields.confidence = {"credits": round(cfg.mismatch_min_confidence - 0.02, 3)}
    out = match_certificates([reread], RECORDS[:1], needs_certificate=always, config=cfg)
    assert [m.record_id for m in out.matches.values()] == ["R1"]
    assert out.flags == []
    # the same value read by the page pass with full confidence is a mismatch
    sure = cert_of(RECORDS[0], 1, credits=1.0)
    sure.fields.confidence = {"credits": 0.99}
    out = match_certificates([sure], RECORDS[:1], needs_certificate=always, config=cfg)
    assert [(f.code, f.field, f.found) for f in out.flags] == [("FIELD_MISMATCH", "credits", "1.0")]


def _printed(page: int, text: str, **fields: object) -> CertRef:
    return CertRef(path="u/张三/1.pdf", page=page, stack_index=page - 1,
                   fields=CertificateFields(name="张三", page_text=text, **fields))  # type: ignore[arg-type]


def test_a_page_whose_fields_were_not_read_but_which_prints_the_records_code_and_title_is_its_certificate() -> None:
    """A system print-out (a header row over one value row): no field read, but the page prints R1's
    code and title, as a reviewer sees. Before, CERT_UNREAD on the page and RECORD_NO_CERT for R1."""
    text = ("继续医学教育学分管理平台  打印于:2021-12-24\n序号 项目登记号  学分等级  授予学 分  办班时间  学习项目\n"
            "1  2021-04-05-123(国)  国家级I类  6  2021.05.12  心血管疾病诊疗新进展学习班  中华医学会")
    certs = [_printed(1, text, date="2021-12-24"), cert_of(RECORDS[1], 2), cert_of(RECORDS[2], 3),
             cert_of(RECORDS[3], 4)]
    out = match_certificates(certs, RECORDS, needs_certificate=always)
    m = out.matches[("u/张三/1.pdf", 1)]
    assert m.record_id == "R1" and "code" in m.evidence["match"]
    assert codes(out) == []  # the record's date 2021.05.12 is printed too: no FIELD_MISMATCH on the print date


def test_the_records_code_alone_on_a_page_or_two_records_on_it_tie_nothing() -> None:
    only_code = _printed(1, "项目 2021-04-05-123(国) 某某培训")  # code, but neither title nor date
    out = match_certificates([only_code, cert_of(RECORDS[1], 2), cert_of(RECORDS[3], 4)], RECORDS[:2] + RECORDS[3:],
                             needs_certificate=always)
    assert ("u/张三/1.pdf", 1) not in out.matches
    both = _printed(1, "2021-04-05-123(国) 心血管疾病诊疗新进展学习班 2021-04-05-300(国) 重症医学新进展研讨会")
    out = match_certificates([both, cert_of(RECORDS[1], 2)], [RECORDS[0], RECORDS[1], RECORDS[3]],
                             needs_certificate=always)
    assert ("u/张三/1.pdf", 1) not in out.matches


def test_one_project_on_one_day_twice_is_a_duplicate_whatever_else_was_read() -> None:
    """hs10 (session 11): a copy in another layout whose form serial was read as the number and whose
    ticked class was misread took a second record of the same project (another date, other credits)
    and raised two FIELD_MISMATCH against it instead of DUPLICATE_CERT."""
    first = rec("R14", "2018-04-02-815(沪)", "传染病防治知识培训", "2018-09-02", 5.0, "I类省级", "上海市医学会",
                "SH-CME-2018-026707")
    other = rec("R13", "2018-04-02-815(沪)", "传染病防治知识培训", "2018-08-24", 7.5, "II类", "上海市医学会",
                "2018沪188449")
    copy = cert_of(first, 4, certificate_no="7009279942", category="II类")
    out = match_certificates([cert_of(first, 3), copy], [first, other], needs_certificate=lambda r: r.category != "II类")
    assert codes(out) == [("DUPLICATE_CERT", 4, "R14")]
    assert ("u/张三/1.pdf", 4) not in out.matches
    # Another day of the same project is another certificate, and stays one.
    second_day = cert_of(first, 4, date="2018-09-03", certificate_no="7009279942", category="II类")
    out = match_certificates([cert_of(first, 3), second_day], [first, other], needs_certificate=always)
    assert "DUPLICATE_CERT" not in [c for c, _p, _r in codes(out)]


def test_a_copy_whose_title_was_not_read_is_still_one_project_on_one_day() -> None:
    """hs10: the earlier copy's title and credits unread, its form serial read as the number: it was
    CERT_UNMATCHED (the closest record scored .75 against the later copy's 1.0) instead of a duplicate."""
    r = rec("R71", "2018-04-04-236(沪)", "心血管疾病诊治新进展", "2018-11-22", 6.0, "I类省级", "上海市医学会",
            "沪继委201876375")
    early = cert_of(r, 1, project_title=None, credits=None, certificate_no="9561065843", category="II类")
    out = match_certificates([early, cert_of(r, 2)], [r], needs_certificate=always)
    assert codes(out) == [("DUPLICATE_CERT", 2, "R71")]
    # One code on one day but two different titles read: two certificates, not a copy.
    other = cert_of(r, 2, project_title="重症医学新进展研讨会")
    out = match_certificates([cert_of(r, 1), other], [r], needs_certificate=always)
    assert "DUPLICATE_CERT" not in [c for c, _p, _r in codes(out)]
