"""Captured pages for the regression tests: OCR lines (text and box) as the engine gave them -> what the reader makes."""

from __future__ import annotations

from pipeline.extract.annual_list import extract_annual_list
from pipeline.extract.certificate import extract_certificate
from pipeline.models import AnnualList, CertificateFields, Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def page_of(words: list[Box], size: tuple[int, int], *, conf: float) -> OcrResult:
    """A page pass's result from captured lines (``words``: text, x0, y0, x1, y1) of a page of ``size`` px."""
    lines = [Line(text=t, conf=conf, box=(x0, y0, x1, y1), words=[Word(text=t, conf=conf, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return OcrResult(engine="fake", engine_version="0", width=size[0], height=size[1], lines=lines)


def list_of(words: list[Box], size: tuple[int, int]) -> AnnualList:
    """The annual list read from a captured page."""
    return extract_annual_list(page_of(words, size, conf=0.9))


def certificate_of(words: list[Box], size: tuple[int, int]) -> CertificateFields:
    """The certificate read from a captured page."""
    return extract_certificate(page_of(words, size, conf=0.99))


def rows_of(lst: AnnualList) -> list[tuple]:
    """Each row as (date, project code, title, category, credits, mode)."""
    return [(r.date, r.project_code, r.project_title, r.category, r.credits, r.mode) for r in lst.rows]
