"""Office forms and summaries: read back, their totals equal the records; the PDFs render with Chinese text."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.check import run_check
from pipeline.forms import ExportRecords
from pipeline.outputs import write_outputs
from pipeline.records.load import load_export
from pipeline.report.view import sorted_applicants
from pipeline.rules import load_policy

CATS = ("I类国家级", "I类省级", "II类")


@pytest.fixture(scope="module")
def records_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("forms")
    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(root / "set"), "--seed", "31",
                    "--applicants", "3", "--profile", "clean", "--no-render"], check=True, capture_output=True)
    return root / "set" / "records"


def _run(records_dir: Path, policy: str, out: Path):
    export, pol = load_export(records_dir), load_policy(policy)
    findings = run_check(export, pol)
    write_outputs(findings, out, records=ExportRecords(export), policy=pol)
    return findings, pol


@pytest.fixture(scope="module")
def wenzhou(records_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("wz")
    findings, pol = _run(records_dir, "wenzhou-2023", out)
    return out, findings, pol


@pytest.fixture(scope="module")
def jinhua(records_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("jh")
    findings, pol = _run(records_dir, "jinhua-2020", out)
    return out, findings, pol


def expected_totals(records_dir: Path, policy, id_number: str, years: list[int]) -> dict[int, dict[str, float]]:
    """Credits per year and category straight from credits.csv, counted as the policy counts them."""
    export = load_export(records_dir)
    out: dict[int, dict[str, float]] = {y: defaultdict(float) for y in years}
    for r in export.credits:
        if r.id_number == id_number and policy.counts(r, years):
            out[r.year][r.category] += r.credits
    return out


def read_year_rows(path: Path, year_col: int, first: int) -> tuple[dict[int, list[float]], list[float], object]:
    """{year: [national, provincial, class2, total]} and the 合计 row, from a form workbook."""
    ws = load_workbook(path).active
    years: dict[int, list[float]] = {}
    total: list[float] = []
    for row in ws.iter_rows(values_only=True):
        label = row[year_col]
        if isinstance(label, str) and (m := re.match(r"^(\d{4})年", label)):
            years[int(m.group(1))] = [float(v or 0) for v in row[first:first + 4]]
        elif isinstance(label, str) and label.replace(" ", "") == "合计" and row[first] is not None:
            total = [float(v or 0) for v in row[first:first + 4]]
    return years, total, ws


@pytest.mark.parametrize(("fixture", "form", "first"), [("wenzhou", "wenzhou-annex1", 2),
                                                        ("jinhua", "jinhua-annex2", 1)])
def test_xlsx_forms_read_back_with_the_records_totals(request, records_dir, fixture, form, first):
    out, findings, pol = request.getfixturevalue(fixture)
    files = sorted((out / "forms" / form).glob("*.xlsx"))
    assert len(files) == len(findings.applicants) >= 3
    ordered = sorted_applicants(findings)  # a form's number is the applicant's place in the report
    checked = 0
    for path in files:
        years, total, ws = read_year_rows(path, 0, first)
        number, name = path.stem.split("-", 1)
        applicant = ordered[int(number) - 1]
        assert applicant.name == name
        want = expected_totals(records_dir, pol, applicant.id_number, applicant.window_years)
        assert sorted(years) == sorted(applicant.window_years)
        for y, (nat, prov, c2, tot) in years.items():
            assert (nat, prov, c2) == pytest.approx(tuple(want[y][c] for c in CATS)), (path.name, y)
            assert tot == pytest.approx(nat + prov + c2)
        sums = [sum(v[i] for v in years.values()) for i in range(4)]
        assert total == pytest.approx(sums) and sums[3] > 0
        checked += 1
        # laid out like the attachment: the title merged over the whole width, the table bordered
        assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
        assert ws["A1"].value == ("温州市卫生系统中高级卫生技术人员继续医学教育学分登记" if fixture == "wenzhou"
                                  else "金华市卫技人员继续医学教育学分汇总表")
    assert checked == len(files)


def test_wenzhou_form_carries_the_id_it_asks_for_and_jinhua_none(wenzhou, jinhua):
    for out, findings, _ in (wenzhou, jinhua):
        ids = {a.id_number for a in findings.applicants}
        texts = []
        for path in (out / "forms").rglob("*.xlsx"):
            ws = load_workbook(path).active
            texts.append(" ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None))
        hits = sum(any(i in t for i in ids) for t in texts)
        if out == wenzhou[0]:
            assert hits == len(texts) == len(findings.applicants)  # 附件1 asks for 学员身份证号码
        else:
            assert hits == 0 and len(texts) == len(findings.applicants)  # 附件2 does not


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")), reason="poppler-utils missing")
@pytest.mark.parametrize(("fixture", "form", "title"), [
    ("wenzhou", "wenzhou-annex1", "温州市卫生系统中高级卫生技术人员继续医学教育学分登记"),
    ("jinhua", "jinhua-annex2", "金华市卫技人员继续医学教育学分汇总表")])
def test_pdf_forms_render_with_chinese_text(request, tmp_path, fixture, form, title):
    from PIL import Image

    out, findings, _ = request.getfixturevalue(fixture)
    pdf = out / "forms" / f"{form}.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    image = Image.open(png).convert("L")
    assert image.size[0] > 200 and min(image.getdata()) < 100  # something dark was drawn: lines and text
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert title in text and "国家级" in text
    assert all(a.name in text for a in findings.applicants)
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"CID TrueType\s+Identity-H\s+yes", fonts), fonts  # the CJK font is embedded
    assert pdf.stat().st_size < 400_000  # subset once, not a full CJK font per page


def test_summary_has_one_row_per_applicant_with_the_totals(wenzhou, records_dir):
    out, findings, pol = wenzhou
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(findings.applicants)
    wb_rows = list(load_workbook(out / "summary.xlsx").active.iter_rows(values_only=True))
    assert len(wb_rows) == 1 + len(rows) and wb_rows[0][0] == "序号"
    ordered = sorted_applicants(findings)
    for row in rows:
        applicant = ordered[int(row["序号"]) - 1]
        assert row["姓名"] == applicant.name and row["复核决定"] == ""
        assert row["身份证号"] == applicant.id_number[:6] + "*" * 8 + applicant.id_number[-4:]
        want = expected_totals(records_dir, pol, applicant.id_number, applicant.window_years)
        grand = sum(v for y in want.values() for v in y.values())
        assert float(row["学分总计"]) == pytest.approx(grand)
        for y in applicant.window_years:
            assert float(row[f"{y}年国家级I类"] or 0) == pytest.approx(want[y]["I类国家级"])


def test_policy_without_forms_writes_none(records_dir, tmp_path):
    _run(records_dir, "shanghai-2018", tmp_path)
    assert not (tmp_path / "forms").exists()
    assert (tmp_path / "summary.csv").is_file() and (tmp_path / "report.html").is_file()


def test_forms_from_the_runs_own_store_when_no_records_are_passed(records_dir, tmp_path):
    """The Prefect audit flow writes outputs without records: the run's OUT/cme-audit.sqlite fills them."""
    from pipeline.records.store import RecordStore

    export, pol = load_export(records_dir), load_policy("jinhua-2020")
    RecordStore(f"sqlite:///{tmp_path / 'cme-audit.sqlite'}").import_export(export)
    findings = run_check(export, pol)
    write_outputs(findings, tmp_path)
    assert len(list((tmp_path / "forms" / "jinhua-annex2").glob("*.xlsx"))) == len(findings.applicants)
    write_outputs(findings, tmp_path / "bare")  # no store, no records: no forms, the rest as usual
    assert not (tmp_path / "bare" / "forms").exists() and (tmp_path / "bare" / "summary.csv").is_file()
