"""Placed form grids -> one PDF, a page per applicant, with a CJK font embedded: the font chosen
here, the drawing in ``pipeline/io/pdf.py`` (the one PyMuPDF importer)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import CmeAuditError
from pipeline.forms.layout import Grid
from pipeline.io.pdf import write_grid_pdf

log = logging.getLogger(__name__)


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


def write_forms_pdf(pages: list[FormPage], path: Path, *, cfg: dict[str, Any], fonts: list[str],
                    title: str) -> Path:
    """All ``pages`` into one PDF at ``path`` (A4 portrait), with a bookmark per applicant."""
    font_file = find_font(fonts)
    write_grid_pdf([(form.label, form.grid) for form in pages], path, cfg=cfg, font_file=font_file, title=title)
    log.info("wrote %s (%d pages, font %s)", path, len(pages), font_file.name)
    return path
