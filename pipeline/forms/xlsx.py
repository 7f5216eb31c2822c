"""A placed form grid -> an XLSX sheet laid out like the attachment (merged cells, borders, title)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from pipeline.atomic import atomic_save
from pipeline.forms.layout import Grid

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _clean(value: Any) -> Any:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_sheet(ws: Any, grid: Grid, *, cfg: dict[str, Any]) -> None:
    """Draw ``grid`` on worksheet ``ws``: widths, heights, merges, borders, fonts."""
    sizes = cfg["font_sizes"]
    fonts: dict[str, Font] = {}  # one style object per kind: openpyxl hashes every new one
    aligns: dict[tuple[str, str], Alignment] = {}
    for i, width in enumerate(grid.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for r, height in enumerate(grid.heights, start=1):
        ws.row_dimensions[r].height = height
    for cell in grid.cells:
        top, left = cell.row + 1, cell.col + 1
        bottom, right = top + cell.rows - 1, left + cell.cols - 1
        target = ws.cell(row=top, column=left, value=_clean(cell.value if cell.value != "" else None))
        if cell.style not in fonts:
            fonts[cell.style] = Font(name=cfg["font"], size=sizes[cell.style], bold=cell.style in ("title", "head"))
        target.font = fonts[cell.style]
        key = (cell.style, cell.align)
        if key not in aligns:
            aligns[key] = (Alignment(horizontal="right", vertical="bottom", wrap_text=True) if cell.style == "sign"
                           else Alignment(horizontal=cell.align, vertical="center", wrap_text=cell.style != "title"))
        target.alignment = aligns[key]
        if cell.rows > 1 or cell.cols > 1:
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
        if cell.border:
            for rr in range(top, bottom + 1):
                for cc in range(left, right + 1):
                    ws.cell(row=rr, column=cc).border = _BOX
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.print_options.horizontalCentered = True


def write_form_xlsx(grid: Grid, path: Path, *, sheet_title: str, cfg: dict[str, Any]) -> Path:
    """One applicant's form as its own workbook at ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    write_sheet(ws, grid, cfg=cfg)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_save(path, wb.save)
    return path
