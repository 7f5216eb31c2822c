"""``OUT/summary.xlsx`` and ``OUT/summary.csv``: one row per applicant for the office's own lists.

Columns: report number, unit, name, ID (masked unless show_id), verdict, credits per audited
year and category and in total (from the records, counted as the policy counts them,
``pipeline/forms/data.py``), error/warning counts, a count per flag code, the reviewer's
decision (from the review store when it has one, else empty) and the bundle folder.
The CSV is UTF-8 with a BOM so that Excel opens the Chinese headers as they are.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from pipeline.atomic import atomic_save, atomic_write
from pipeline.forms.data import RecordSource, applicant_years, year_totals
from pipeline.models import ApplicantFindings, Findings
from pipeline.privacy import scrub, shown_id
from pipeline.report.view import load_report_config, unit_of

log = logging.getLogger(__name__)

SUMMARY_XLSX = "summary.xlsx"
SUMMARY_CSV = "summary.csv"
_CATS = (("national", "国家级I类"), ("provincial", "省级I类"), ("class2", "II类"))


def summary_table(findings: Findings, applicants: list[ApplicantFindings], *, records: RecordSource | None,
                  policy: Any, decisions: dict[str, str] | None = None,
                  show_id: bool = False) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) in report order; numbers stay numbers."""
    cfg = load_report_config()
    per_applicant = []
    all_years: set[int] = set()
    for a in applicants:
        totals = []
        if records is not None and a.id_number and records.person(a.id_number) is not None:
            credits = records.credits_for(a.id_number)
            totals = year_totals(credits, applicant_years(a, credits), policy)
        all_years |= {t.year for t in totals}
        per_applicant.append({t.year: t for t in totals})
    years = sorted(all_years)
    codes = sorted({f.code for a in applicants for f in a.flags})
    header = ["序号", "单位", "姓名", "身份证号", "审核结论"]
    for y in years:
        header += [f"{y}年{label}" for _, label in _CATS] + [f"{y}年合计"]
    header += [f"{label}合计" for _, label in _CATS] + ["学分总计", "错误数", "警告数"]
    header += [cfg["flags"].get(c, c) for c in codes] + ["复核决定", "材料目录"]
    rows = []
    for number, (a, by_year) in enumerate(zip(applicants, per_applicant), start=1):
        row: list[Any] = [number, unit_of(a), a.name or "", shown_id(a.id_number, show_id=show_id),
                          cfg["verdicts"].get(a.verdict, a.verdict)]
        for y in years:
            t = by_year.get(y)
            row += [getattr(t, k) if t else None for k, _ in _CATS] + [t.total if t else None]
        if by_year:
            sums = [sum(getattr(t, k) for t in by_year.values()) for k, _ in _CATS]
            row += sums + [sum(sums)]
        else:
            row += [None] * (len(_CATS) + 1)
        severities = Counter(f.severity for f in a.flags)
        flag_codes = Counter(f.code for f in a.flags)
        row += [severities["error"], severities["warning"]] + [flag_codes.get(c, 0) for c in codes]
        row += [(decisions or {}).get(a.applicant_key, ""), a.applicant_key]
        rows.append(row)
    return header, scrub(rows, show_id=show_id)


def write_summary(findings: Findings, out: Path, applicants: list[ApplicantFindings], *,
                  records: RecordSource | None, policy: Any, decisions: dict[str, str] | None = None,
                  show_id: bool = False) -> tuple[Path, Path]:
    """Write ``out/summary.xlsx`` and ``out/summary.csv``; returns both paths."""
    header, rows = summary_table(findings, applicants, records=records, policy=policy,
                                 decisions=decisions, show_id=show_id)
    out.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "申报人汇总"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "F2"
    xlsx_path = out / SUMMARY_XLSX
    atomic_save(xlsx_path, wb.save)
    csv_path = out / SUMMARY_CSV
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    atomic_write(csv_path, text.getvalue(), encoding="utf-8-sig")
    log.info("wrote %s and %s (%d applicants)", xlsx_path, csv_path, len(rows))
    return xlsx_path, csv_path
