"""ID numbers: masked in every human-facing output unless show_id; whole in findings.json only."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pipeline.models import ApplicantFindings, Findings, Flag, RuleResult
from pipeline.outputs import write_outputs
from pipeline.privacy import MaskingFilter, mask_id, mask_text, scrub, shown_id
from pipeline.reconcile import diff_findings, write_diff

FULL = "330302198001011234"
OTHER = "33038119900202567X"
MASKED = "330302********1234"


def findings_with_ids() -> Findings:
    """A `cme-audit check`-like run: applicant_key is the ID number, a message names another one."""
    a = ApplicantFindings(applicant_key=FULL, id_number=FULL, name="张三", unit="医院A", verdict="fail",
                          flags=[Flag(code="APPLICANT_UNRESOLVED",
                                      message=f"两人同名：{FULL} 医院A; {OTHER} 医院B")],
                          rules=[RuleResult(rule="total_min", passed=False, value=20, threshold=25,
                                            message=f"{FULL} 合计 20 分")])
    b = ApplicantFindings(applicant_key="医院B/李四", id_number=OTHER, name="李四", unit="医院B", verdict="pass")
    return Findings(policy="wenzhou-2023", applicants=[a, b])


@pytest.mark.parametrize(("raw", "masked"), [
    (FULL, MASKED),
    (OTHER, "330381********567X"),
    ("330302800101123", "330302*****1123"),  # the old 15-digit number
    ("3303021980", "********80"),  # a truncated number keeps only its last two
    ("1234", "****"),  # too short to keep anything
    ("", ""),
    (None, ""),
])
def test_mask_id(raw, masked):
    assert mask_id(raw) == masked


def test_mask_text_masks_ids_and_leaves_codes_dates_and_records():
    text = f"候选 {FULL}、{OTHER.lower()}；项目 2021-04-05-123(国) 记录 R000123 日期 20210512 编号 1234567890123456789"
    out = mask_text(text)
    assert FULL not in out and OTHER.lower() not in out
    assert MASKED in out and "330381********567x" in out
    for kept in ("2021-04-05-123(国)", "R000123", "20210512", "1234567890123456789"):
        assert kept in out


def test_scrub_and_shown_id_follow_show_id():
    value = {"key": FULL, "rows": [{"m": f"x{FULL}"}], "data": FULL, "n": 3}
    assert scrub(value, show_id=True) is value
    masked = scrub(value)
    assert masked["key"] == MASKED and masked["rows"][0]["m"] == f"x{MASKED}" and masked["n"] == 3
    assert masked["data"] == FULL  # image data is not text and is not scanned
    assert shown_id(FULL, show_id=True) == FULL and shown_id(FULL, show_id=False) == MASKED


def test_log_lines_are_masked():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "ids %s and %s", (FULL, "R1"), None)
    assert MaskingFilter().filter(record)
    assert record.getMessage() == f"ids {MASKED} and R1"


def _human_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file() and p.suffix in {".html", ".csv", ".md", ".xlsx", ".pdf"}]


def _text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    if path.suffix == ".pdf":
        import fitz

        with fitz.open(path) as doc:
            return "\n".join(page.get_text() for page in doc)
    return path.read_text(encoding="utf-8")


def test_no_full_id_in_reviewer_outputs_unless_show_id(tmp_path):
    findings = findings_with_ids()
    write_outputs(findings, tmp_path / "masked")
    data = json.loads((tmp_path / "masked" / "findings.json").read_text(encoding="utf-8"))
    assert data["applicants"][0]["id_number"] == FULL  # the contract keeps the number whole
    files = _human_files(tmp_path / "masked")
    assert any(p.name == "report.html" for p in files) and any(p.suffix == ".xlsx" for p in files)
    for path in files:
        text = _text_of(path)
        assert FULL not in text and OTHER not in text, path
    assert MASKED in (tmp_path / "masked" / "report.html").read_text(encoding="utf-8")

    write_outputs(findings, tmp_path / "shown", show_id=True)
    assert FULL in (tmp_path / "shown" / "report.html").read_text(encoding="utf-8")


def test_diff_md_masks_ids_unless_show_id(tmp_path):
    before = findings_with_ids()
    after = findings_with_ids()
    after.applicants[0].verdict = "pass"
    after.applicants[0].flags = []
    diff = diff_findings(before, after)
    path = write_diff(diff, tmp_path / "masked", "2026-11-22")
    md = (tmp_path / "masked" / "diff.md").read_text(encoding="utf-8")
    assert FULL not in md and OTHER not in md and MASKED in md
    assert FULL in path.read_text(encoding="utf-8")  # diff.json is machine-readable, like findings.json
    write_diff(diff, tmp_path / "shown", "2026-11-22", show_id=True)
    assert FULL in (tmp_path / "shown" / "diff.md").read_text(encoding="utf-8")


def test_prefect_artifacts_mask_ids():
    from flows.artifacts import summary_markdown, verdict_rows

    data = findings_with_ids().to_json_dict()
    rows = verdict_rows(data)
    assert FULL not in json.dumps(rows, ensure_ascii=False) and rows[0]["applicant"] == MASKED
    assert FULL in json.dumps(verdict_rows(data, show_id=True), ensure_ascii=False)
    md = summary_markdown("t", data, {"findings_path": f"/out/{FULL}/findings.json"})
    assert FULL not in md and MASKED in md


def test_cli_check_masks_unless_show_id(tmp_path):
    import subprocess
    import sys

    from typer.testing import CliRunner

    from pipeline.cli import app

    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(tmp_path / "set"), "--seed", "41",
                    "--applicants", "2", "--profile", "clean", "--no-render"], check=True, capture_output=True)
    records = tmp_path / "set" / "records"
    runner = CliRunner()
    for flag, out in (([], tmp_path / "masked"), (["--show-id"], tmp_path / "shown")):
        result = runner.invoke(app, ["check", "--records", str(records), "--policy", "wenzhou-2023",
                                     "--out", str(out), *flag])
        assert result.exit_code == 0, result.output
    ids = [a["id_number"] for a in json.loads((tmp_path / "masked" / "findings.json").read_text("utf-8"))["applicants"]]
    assert ids and all(len(i) == 18 for i in ids)
    for name in ("report.html", "summary.csv"):
        masked = (tmp_path / "masked" / name).read_text(encoding="utf-8-sig")
        shown = (tmp_path / "shown" / name).read_text(encoding="utf-8-sig")
        assert not any(i in masked for i in ids) and all(mask_id(i) in masked for i in ids), name
        assert all(i in shown for i in ids), name
    pages = list((tmp_path / "masked" / "report").glob("*.html"))
    assert len(pages) == len(ids) and not any(i in p.read_text(encoding="utf-8") for p in pages for i in ids)
