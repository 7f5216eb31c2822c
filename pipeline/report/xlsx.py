"""The flags/verdicts workbook for reviewers: sheets 汇总 (applicants), 问题 (flags), 规则 (rules)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from pipeline.atomic import atomic_save
from pipeline.models import Findings
from pipeline.report.view import applicant_views

log = logging.getLogger(__name__)

XLSX_FILE = "findings.xlsx"

_SUMMARY = [("unit", "单位"), ("name", "姓名"), ("id_shown", "身份证号"), ("verdict_label", "审核结论"),
            ("errors", "错误数"), ("warnings", "警告数"), ("applicant_key", "材料目录")]
_FLAGS = [("applicant_key", "材料目录"), ("name", "姓名"), ("label", "问题"), ("code", "代码"),
          ("severity_label", "级别"), ("path", "文件"), ("page", "页"), ("record_id", "学分记录"),
          ("year", "年度"), ("field", "字段"), ("expected", "记录值"), ("found", "证书值"), ("text", "说明"), ("message", "原始信息")]
_RULES = [("applicant_key", "材料目录"), ("name", "姓名"), ("rule_label", "规则"), ("rule", "规则代码"), ("status_label", "结果"),
          ("value", "实际值"), ("threshold", "要求值"), ("clause", "政策条款"), ("message", "说明"),
          ("doubt_reasons", "存疑原因")]


def _cell(value: Any) -> Any:
    """Strings without the control characters Excel refuses (they would abort the save)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _sheet(wb: Workbook, title: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet(title)
    ws.append([label for _, label in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(row.get(key)) for key, _ in columns])
    ws.freeze_panes = "A2"
    for i, (key, label) in enumerate(columns, start=1):
        width = max([len(str(label))] + [len(str(r.get(key) or "")) for r in rows[:500]])
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, 4 + width * 1.6)


def write_xlsx(findings: Findings, out: Path, *, show_id: bool = False) -> Path:
    """Write ``out/findings.xlsx``; applicants sorted fail, needs_review, pass; IDs masked unless ``show_id``."""
    views = applicant_views(findings, show_id=show_id)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "汇总", _SUMMARY, views)
    _sheet(wb, "问题", _FLAGS, [f for v in views for f in v["flags"]])
    _sheet(wb, "规则", _RULES, [r for v in views for r in v["rules"]])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / XLSX_FILE
    atomic_save(path, wb.save)
    log.info("wrote %s", path)
    return path
