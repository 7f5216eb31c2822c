"""The reviewer outputs: findings.json round-trips, report.html renders and escapes, xlsx opens."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from openpyxl import load_workbook

from pipeline.models import (
    ApplicantFindings,
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


def test_report_html_renders_escapes_and_orders(tmp_path):
    path = write_report(make_findings(), tmp_path, eval_summary={"page_kind_accuracy": 0.5, "x": None})
    html = path.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(html)
    text = "".join(parser.text)
    # the message's < and & are escaped, so no stray tag is created and the text survives
    assert "&lt;第3页&gt; &amp; 之后" in html and "<第3页>" not in html
    assert "证书应在 <第3页> & 之后" in text
    assert "第3页" not in parser.tags
    # Chinese labels, masked id, no full id
    assert "证书顺序与年度清单不符" in text and "不通过" in text and "待人工复核" in text
    assert "330302********1234" in text and "330302198001011234" not in html
    # why it failed: value, threshold and clause
    assert "国家级I类学分不少于10分" in text and "national_class1_min" in text
    # sorted fail, needs_review, pass in the summary
    assert text.index("张三") < text.index("医院B/李四") < text.index("王五")
    # unit table with the 95% line, below-line row marked
    assert "95.0%" in text and "50.0%" in text and 'class="below"' in html
    # self-contained
    assert "<style>" in html and "http://" not in html and "https://" not in html
    assert "0.500" in text and "n/a" in text and "页面类型识别准确率" in text  # eval summary, labelled
    # a value taken from the credit system's organizer list shows what was read
    assert "浙江省人民医院 [识别为 read as: 斤江省人民医院]" in text


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
    assert ("未通过" in [r[3] for r in rules]) and len(rules) == 1 + 3


def test_report_explains_needs_review_and_formats_numbers(tmp_path):
    html = write_report(make_findings(), tmp_path).read_text(encoding="utf-8")
    assert "存在 1 条错误级问题" in html  # 李四: unresolved, no rule failed
    assert "<td>8</td><td>10</td>" in html  # 8.0 / 10.0 shown as whole numbers
