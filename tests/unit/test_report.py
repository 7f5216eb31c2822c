"""The reviewer outputs: findings.json round-trips; report.html (index) and report/<n>.html (one per
applicant) render in Chinese, escape, link and show evidence; xlsx opens."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from openpyxl import load_workbook

from pipeline.models import (
    ApplicantFindings,
    Evidence,
    CertificateFields,
    DocumentFinding,
    Findings,
    Flag,
    PageFinding,
    RuleResult,
    Seal,
)
from pipeline.report.findings import write_findings
from pipeline.report.html import write_report
from pipeline.report.reviewer import write_reviewer_outputs
from pipeline.report.view import mask_id
from pipeline.report.xlsx import write_xlsx


def make_findings() -> Findings:
    cert = CertificateFields(name="张三", project_code="2021-04-05-001(国)", category="I类国家级", credits=6.0,
                             stamps=[Seal(kind="organizer", bbox=(1, 2, 3, 4))], confidence={"name": 0.91},
                             organizer="浙江省人民医院", read_as={"organizer": "斤江省人民医院"})
    passed = ApplicantFindings(applicant_key="医院A/王五", id_number="330302198001015678", name="王五",
                               unit="医院A", verdict="pass",
                               rules=[RuleResult(rule="annual_min_credits", passed=True, value=30, threshold=25)])
    failed = ApplicantFindings(
        applicant_key="医院A/张三", id_number="330302198001011234", name="张三", unit="医院A", verdict="fail",
        documents=[DocumentFinding(path="医院A/张三/1.pdf", pages=[
            PageFinding(page=1, kind="certificate", certificate=cert, matched_record_id="R1", match_score=0.97),
            PageFinding(page=2, kind="unreadable")])],
        flags=[Flag(code="ORDER_MISMATCH", path="医院A/张三/1.pdf", page=1, record_id="R1",
                    message="证书应在 <第3页> & 之后"),
               Flag(code="PAGE_UNREADABLE", severity="warning", path="医院A/张三/1.pdf", page=2,
                    message="blank\x07page")],
        rules=[RuleResult(rule="national_class1_min", passed=False, value=8, threshold=10,
                          clause="国家级I类学分不少于10分", message="国家级I类 8 分，不足 10 分"),
               RuleResult(rule="annual_min_credits", passed=True, value=30, threshold=25)])
    review = ApplicantFindings(applicant_key="医院B/李四", id_number=None, name=None, verdict="needs_review",
                               flags=[Flag(code="APPLICANT_UNRESOLVED", message="no match")])
    return Findings(policy="wenzhou-2023", policy_sha256="ab" * 32, generated_at="2026-11-22T16:00:00+00:00",
                    applicants=[passed, review, failed],
                    units=[{"unit": "医院A", "persons": 2, "passed": 1, "pass_rate": 0.5,
                            "required_rate": 0.95, "meets_required_rate": False}])


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_mask_id_keeps_ends_only():
    assert mask_id("330302198001011234") == "330302********1234"
    assert mask_id(None) == "" and mask_id("123") == "***"


def test_findings_json_round_trips(tmp_path):
    f = make_findings()
    path = write_findings(f, tmp_path)
    raw = path.read_text(encoding="utf-8")
    assert "张三" in raw  # not \u-escaped
    data = json.loads(raw)
    assert data["schema"] == "cme-audit/findings@1"
    assert Findings.model_validate(data).applicants[2].flags[0].code == "ORDER_MISMATCH"


def _text(html: str) -> str:
    parser = _Collect()
    parser.feed(html)
    return "".join(parser.text)


def _pages(tmp_path) -> dict[str, str]:
    """Every applicant page by name: the report orders fail (张三), needs_review (李四), pass (王五)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((tmp_path / "report").glob("*.html"))}


def test_index_lists_applicants_in_order_with_filters_and_links(tmp_path):
    path = write_report(make_findings(), tmp_path, eval_summary={"page_kind_accuracy": 0.5, "x": None})
    html = path.read_text(encoding="utf-8")
    text = _text(html)
    # sorted fail, needs_review, pass; each name links to its own page
    assert text.index("张三") < text.index("医院B/李四") < text.index("王五")
    assert 'href="report/0001.html">张三' in html and 'href="report/0003.html">王五' in html
    assert set(_pages(tmp_path)) == {"0001.html", "0002.html", "0003.html"}
    # Chinese labels, counts per flag code, filters by verdict / unit / code, a name search
    assert "证书顺序与年度清单不符" in text and "不通过" in text and "待人工复核" in text
    for control in ('id="f-verdict"', 'id="f-unit"', 'id="f-code"', 'id="f-search"'):
        assert control in html
    assert 'data-codes="ORDER_MISMATCH PAGE_UNREADABLE"' in html
    # masked id, no full id; unit table with the 95% line, below-line row marked
    assert "330302********1234" in text and "330302198001011234" not in html
    assert "95.0%" in text and "50.0%" in text and 'class="below"' in html
    # self-contained: inline style and script, nothing fetched from a network
    assert "<style>" in html and "<script>" in html and "http://" not in html and "https://" not in html
    assert "0.500" in text and "页面类型识别准确率" in text  # eval summary, labelled


def test_applicant_page_explains_verdict_in_chinese_and_escapes(tmp_path):
    write_report(make_findings(), tmp_path)
    pages = _pages(tmp_path)
    failed = pages["0001.html"]
    text = _text(failed)
    # the message's < and & are escaped, so no stray tag is created and the text survives
    assert "&lt;第3页&gt; &amp; 之后" in failed and "<第3页>" not in failed
    # why it failed: the rule in Chinese, its value, threshold and clause
    assert "国家级I类学分下限" in text and "国家级I类学分不少于10分" in text
    assert "<td>8</td><td>10</td>" in failed  # 8.0 / 10.0 shown as whole numbers
    assert "330302********1234" in text and "330302198001011234" not in failed
    # a value taken from the credit system's organizer list shows what was read
    assert "浙江省人民医院 [识别为：斤江省人民医院]" in text
    # prev/next and the way back
    assert 'href="../report.html"' in failed and 'href="0002.html"' in failed
    assert "存在 1 条错误级问题" in pages["0002.html"]  # 李四: unresolved, no rule failed


def bilingual_findings(tmp_path) -> Findings:
    """Flags as the matcher writes them (bilingual messages), with and without evidence."""
    (tmp_path / "evidence").mkdir(parents=True, exist_ok=True)
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(tmp_path / "evidence" / "p1.png")
    flags = [
        Flag(code="FIELD_MISMATCH", path="A/张三/1.pdf", page=2, record_id="R7", field="date",
             expected="2021-05-12", found="2021-05-13",
             message="日期不一致 / date differs from record R7: certificate says '2021-05-13', record says "
                     "'2021-05-12'",
             flag_id="f1", evidence_hash="h1",
             evidence=[Evidence(kind="compare", caption="日期：证书与学分记录 R7 不一致",
                                data={"segments": [["equal", "2021-05-1", "2021-05-1"], ["replace", "3", "2"]],
                                      "rows": [{"field": "date", "label": "日期", "certificate": "2021-05-13",
                                                "record": "2021-05-12", "differs": True}]}),
                       Evidence(kind="page", path="evidence/p1.png", caption="证书页"),
                       Evidence(kind="crop", path="evidence/gone.png", caption="印章 1")]),
        Flag(code="CERT_UNMATCHED", path="A/张三/1.pdf", page=3,
             message="证书无对应学分记录 / no credit record matches this certificate: the closest record R9 "
                     "scores 0.41 (needs 0.80, read 90% of the fields)",
             evidence=[Evidence(kind="candidates", caption="最接近的学分记录及匹配得分",
                                data={"candidates": [{"record_id": "R9", "score": 0.41, "project_code": "2021-01-01-001(国)"}]})]),
        Flag(code="RECORD_NO_CERT", record_id="R8", year=2021,
             message="学分记录无证书 / record R8 (2021 x, I类国家级 5) has no certificate in the bundle"),
        Flag(code="LIST_MISSING", year=2020, message="缺少2020年度学分清单 / no annual credit list for 2020 in the bundle"),
    ]
    a = ApplicantFindings(applicant_key="A/张三", id_number="330302198001011234", name="张三", unit="A",
                          verdict="needs_review", flags=flags)
    return Findings(policy="wenzhou-2023", applicants=[a])


def test_flags_render_in_chinese_from_their_fields_with_evidence(tmp_path):
    write_report(bilingual_findings(tmp_path), tmp_path)
    page = (tmp_path / "report" / "0001.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "A/张三/1.pdf 第2页证书的日期与学分记录 R7 不一致：证书为「2021-05-13」，记录为「2021-05-12」" in text
    assert "A/张三/1.pdf 第3页的证书在学分管理系统中没有对应的学分记录" in text
    assert "学分记录 R8（2021年度）在材料中没有对应的证书" in text
    assert "材料中缺少2020年度学分清单" in text
    for english in ("differs from record", "no credit record matches", "has no certificate", "no annual credit"):
        assert english not in text
    # evidence: the image beside the report, the differing character marked, the candidates, a missing file said
    assert 'src="../evidence/p1.png"' in page and "<mark>3</mark>" in page and "<mark>2</mark>" in page
    assert "R9" in text and "0.41" in text
    assert "证据图片缺失：evidence/gone.png" in text and 'src="../evidence/gone.png"' not in page
    # without evidence (older findings) the flag still renders
    assert "【对照】日期：证书与学分记录 R7 不一致" in text


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and not value.startswith("#"):
                self.links.append(value)


def test_every_page_parses_and_every_link_resolves(tmp_path):
    findings = bilingual_findings(tmp_path)
    findings.applicants += make_findings().applicants
    (tmp_path / "evidence" / "gone.png").write_bytes(b"")  # all images present for this check
    index = write_reviewer_outputs(findings, tmp_path)
    files = [index, *sorted((tmp_path / "report").glob("*.html"))]
    assert len(files) == 1 + 4
    for path in files:
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.links, path
        for link in parser.links:
            assert "://" not in link, (path, link)
            target = (path.parent / link.split("#")[0]).resolve()
            assert target.is_file(), (path.name, link)


def test_xlsx_opens_with_three_sheets(tmp_path):
    path = write_xlsx(make_findings(), tmp_path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "问题", "规则"]
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert summary[0][:4] == ("单位", "姓名", "身份证号", "审核结论")
    assert [r[3] for r in summary[1:]] == ["不通过", "待人工复核", "通过"]
    flags = list(wb["问题"].iter_rows(values_only=True))
    assert len(flags) == 1 + 3
    assert "blankpage" in [r[-1] for r in flags]  # control character dropped, not a crash
    rules = list(wb["规则"].iter_rows(values_only=True))
    assert ("未通过" in [r[4] for r in rules]) and len(rules) == 1 + 3
    assert "国家级I类学分下限" in [r[2] for r in rules]


def test_reviewer_decision_shows_in_summary_and_page(tmp_path):
    import csv

    from pipeline.records.decisions import DecisionStore, flags_hash

    findings = make_findings()
    url = f"sqlite:///{tmp_path / 'review.sqlite'}"
    store = DecisionStore(url)
    zhang = next(a for a in findings.applicants if a.name == "张三")
    store.decide_applicant(zhang.applicant_key, decision="reject", reason="国家级学分不足", who="审核员甲",
                           flags_hash=flags_hash(f.model_dump(mode="json") for f in zhang.flags))
    store.decide_applicant("医院A/王五", decision="approve", who="审核员乙", flags_hash="stale")
    write_reviewer_outputs(findings, tmp_path / "out", db_url=url)
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["姓名"]: r for r in csv.DictReader(fh)}
    assert rows["张三"]["复核决定"].startswith("不通过：国家级学分不足（审核员甲，")
    assert "问题已变化" not in rows["张三"]["复核决定"]
    assert rows["王五"]["复核决定"].startswith("通过") and "问题已变化" in rows["王五"]["复核决定"]
    assert rows[""]["复核决定"] == ""  # 李四 (unresolved, no name): no decision taken
    page = (tmp_path / "out" / "report" / "0001.html").read_text(encoding="utf-8")
    assert "复核决定：<strong>不通过：国家级学分不足" in page
