"""The terminal's figures: pages counted up front for the progress bar; the closing table's counts."""

from __future__ import annotations

import io

import pymupdf
from PIL import Image
from rich.console import Console

from pipeline.models import ApplicantFindings, Findings, Flag
from pipeline.progress import closing_figures, count_pages


def test_count_pages_over_every_bundle(tmp_path):
    bundle = tmp_path / "医院A" / "张三"
    bundle.mkdir(parents=True)
    doc = pymupdf.open()
    for _ in range(3):
        doc.new_page()
    doc.save(bundle / "1.pdf")
    Image.new("RGB", (20, 20), "white").save(bundle / "2.png")
    other = tmp_path / "医院B" / "李四"
    other.mkdir(parents=True)
    (other / "empty.pdf").write_bytes(b"")  # unreadable: no pages, becomes FILE_INVALID in the audit
    Image.new("RGB", (20, 20), "white").save(other / "a.jpg")
    assert count_pages(tmp_path) == 3 + 1 + 1


def test_closing_figures_count_verdicts_flags_and_speed():
    findings = Findings(policy="wenzhou-2023", applicants=[
        ApplicantFindings(applicant_key="a", verdict="fail",
                          flags=[Flag(code="LIST_MISSING", year=2021), Flag(code="LIST_MISSING", year=2022),
                                 Flag(code="STAMP_MISSING")]),
        ApplicantFindings(applicant_key="b", verdict="pass"),
        ApplicantFindings(applicant_key="c", verdict="pass")])
    fig = closing_figures(findings, pages=30, seconds=12.0)
    assert fig.verdicts == {"fail": 1, "needs_review": 0, "pass": 2}
    assert list(fig.flags.items()) == [("LIST_MISSING", 2), ("STAMP_MISSING", 1)]
    assert fig.pages_per_second == 2.5
    assert closing_figures(findings, pages=3, seconds=0.0).pages_per_second == 0.0


def test_closing_table_prints_labels_and_figures(monkeypatch):
    from pipeline import cli
    from pipeline.audit import RunResult

    findings = Findings(policy="wenzhou-2023", applicants=[
        ApplicantFindings(applicant_key="a", verdict="needs_review", flags=[Flag(code="CERT_UNMATCHED")])])
    buffer = io.StringIO()
    monkeypatch.setattr(cli, "out_console", Console(file=buffer, width=100))
    cli._print_closing_table(RunResult(findings=findings, pages=8, seconds=4.0, stage_seconds={},
                                       pages_read=8, pages_cached=0))
    text = buffer.getvalue()
    assert "待人工复核 (needs_review)" in text and "证书无对应学分记录 (CERT_UNMATCHED)" in text
    assert "2.00" in text and "8" in text
