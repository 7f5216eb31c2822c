"""Placed form grids -> one PDF, a page per applicant, with a CJK font embedded (PyMuPDF).

The only module that *writes* PDFs in ``pipeline/`` (``pipeline/io/pdf.py`` reads them).
Chinese has no spaces to break lines at, so lines are broken here character by character
on the font's own advance widths, and a cell's text shrinks (down to ``min_font_size``)
until it fits its box; the text stays real text (``pdftotext`` reads it back).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from pipeline.atomic import atomic_write
from pipeline.errors import CmeAuditError
from pipeline.forms.layout import Grid

log = logging.getLogger(__name__)

_PAD = 2.5  # points inside a cell's border


def find_font(candidates: list[str]) -> Path:
    """The first existing CJK font file of ``candidates`` (``forms.yaml`` ``fonts``)."""
    for name in candidates:
        if Path(name).is_file():
            return Path(name)
    raise CmeAuditError("no CJK font found for the PDF forms (tried " + ", ".join(candidates)
                        + "); install fonts-wqy-zenhei or fonts-noto-cjk, or list a font in "
                          "pipeline/config/forms.yaml `fonts`")


@dataclass
class FormPage:
    grid: Grid
    label: str  # the page's bookmark (applicant name)


class _Metrics:
    """Advance widths per character at size 1, measured once (measuring through PyMuPDF is slow)."""

    def __init__(self, font: pymupdf.Font):
        self.font = font
        self._advance: dict[str, float] = {}

    def width(self, text: str, size: float) -> float:
        total = 0.0
        for ch in text:
            adv = self._advance.get(ch)
            if adv is None:
                adv = self._advance[ch] = self.font.text_length(ch, fontsize=1.0)
            total += adv
        return total * size


def _wrap(text: str, metrics: _Metrics, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0.0
        for ch in para:
            w = metrics.width(ch, size)
            if line and used + w > width:
                lines.append(line)
                line, used = ("", 0.0) if ch.isspace() else (ch, w)
            else:
                line, used = line + ch, used + w
        lines.append(line)
    return lines


def _fit(text: str, metrics: _Metrics, size: float, box: pymupdf.Rect, min_size: float) -> tuple[float, list[str]]:
    while True:
        lines = _wrap(text, metrics, size, box.width)
        if len(lines) * size * 1.25 <= box.height or size <= min_size:
            return size, lines
        size = max(min_size, size * 0.9)


def _draw_cell(shape: pymupdf.Shape, writer: pymupdf.TextWriter, rect: pymupdf.Rect, cell: Any,
               font: pymupdf.Font, metrics: _Metrics, cfg: dict) -> None:
    if cell.border:
        shape.draw_rect(rect)
    if not cell.text:
        return
    box = pymupdf.Rect(rect.x0 + _PAD, rect.y0 + _PAD, rect.x1 - _PAD, rect.y1 - _PAD)
    size, lines = _fit(cell.text, metrics, float(cfg["font_sizes"][cell.style]), box, float(cfg["min_font_size"]))
    leading = size * 1.25
    block = leading * len(lines)
    if cell.style == "sign":  # a signature box: the words sit at the bottom right
        top = box.y1 - block
    else:
        top = box.y0 + max(0.0, (box.height - block) / 2)
    for i, line in enumerate(lines):
        width = metrics.width(line, size)
        if cell.style == "sign":
            x = box.x1 - width
        elif cell.align == "left":
            x = box.x0
        else:
            x = box.x0 + max(0.0, (box.width - width) / 2)
        baseline = top + i * leading + size * 0.95
        writer.append((x, baseline), line, font=font, fontsize=size)


def write_forms_pdf(pages: list[FormPage], path: Path, *, cfg: dict[str, Any], fonts: list[str],
                    title: str) -> Path:
    """All ``pages`` into one PDF at ``path`` (A4 portrait), with a bookmark per applicant."""
    font_file = find_font(fonts)
    font = pymupdf.Font(fontfile=str(font_file))
    metrics = _Metrics(font)
    doc = pymupdf.open()
    width, height = pymupdf.paper_size(cfg["page"])
    margin = float(cfg["margin"])
    toc = []
    for n, form in enumerate(pages, start=1):
        page = doc.new_page(width=width, height=height)
        writer = pymupdf.TextWriter(page.rect)
        shape = page.new_shape()
        grid = form.grid
        scale = (width - 2 * margin) / sum(grid.widths)
        xs = [margin]
        for w in grid.widths:
            xs.append(xs[-1] + w * scale)
        ys = [margin]
        for h in grid.heights:
            ys.append(ys[-1] + h)
        for cell in grid.cells:
            rect = pymupdf.Rect(xs[cell.col], ys[cell.row], xs[cell.col + cell.cols], ys[cell.row + cell.rows])
            _draw_cell(shape, writer, rect, cell, font, metrics, cfg)
        shape.finish(color=(0, 0, 0), width=0.6)
        shape.commit()
        writer.write_text(page, color=(0, 0, 0))
        toc.append([1, form.label, n])
    doc.set_toc(toc)
    doc.set_metadata({"title": title, "creator": "cme-audit"})
    doc.subset_fonts()  # the font once, cut to the characters used (a full CJK font is megabytes)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, doc.tobytes(garbage=3, deflate=True))
    doc.close()
    log.info("wrote %s (%d pages, font %s)", path, len(pages), font_file.name)
    return path
