"""Captured list pages for the list regression tests: OCR lines (text and box) -> the list the reader makes."""

from __future__ import annotations

from pipeline.extract.annual_list import extract_annual_list
from pipeline.models import AnnualList, Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def list_of(words: list[Box], size: tuple[int, int]) -> AnnualList:
    """The annual list read from captured lines (``words``: text, x0, y0, x1, y1) of a page of ``size`` px."""
    lines = [Line(text=t, conf=0.9, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.9, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return extract_annual_list(OcrResult(engine="fake", engine_version="0", width=size[0], height=size[1], lines=lines))


def rows_of(lst: AnnualList) -> list[tuple]:
    """Each row as (date, project code, title, category, credits, mode)."""
    return [(r.date, r.project_code, r.project_title, r.category, r.credits, r.mode) for r in lst.rows]
