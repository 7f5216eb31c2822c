"""PDF files -> page images and text layers. The only module that imports pymupdf."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pymupdf

from pipeline.errors import EncryptedPdfError, InputDocumentError
from pipeline.io.config import section
from pipeline.models import PageImage, TextSpan

log = logging.getLogger(__name__)

_GOOD_CHAR = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")


def _open(path: Path, rel_path: str) -> pymupdf.Document:
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        log.debug("%s: pymupdf cannot open it: %s", rel_path, exc)
        raise InputDocumentError(rel_path, "not a readable PDF (corrupt or truncated); ask for a new scan") from exc
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise EncryptedPdfError(rel_path)
    if doc.page_count == 0:
        doc.close()
        raise InputDocumentError(rel_path, "the PDF has no pages; ask for a new scan")
    return doc


def count_pdf_pages(path: Path, rel_path: str) -> int:
    doc = _open(path, rel_path)
    try:
        return doc.page_count
    finally:
        doc.close()


def _native_dpi(page: pymupdf.Page) -> float | None:
    """The dpi of the largest image drawn on the page, or None when it holds none."""
    best: tuple[float, float] | None = None
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        w_pt = max(x1 - x0, 1e-3)
        area = (x1 - x0) * (y1 - y0)
        dpi = info["width"] / w_pt * 72.0
        if best is None or area > best[0]:
            best = (area, dpi)
    return best[1] if best else None


def _text_layer(page: pymupdf.Page) -> list[TextSpan] | None:
    cfg = section("ingest")
    words = page.get_text("words", sort=True)
    spans = [TextSpan(text=w[4], box=(w[0], w[1], w[2], w[3])) for w in words if w[4].strip()]
    if len(spans) < cfg["text_layer_min_words"]:
        return None
    text = "".join(s.text for s in spans)
    good = len(_GOOD_CHAR.findall(text)) / max(len(text), 1)
    if good < cfg["text_layer_min_good_ratio"]:
        log.info("text layer ignored (only %.0f%% readable characters)", good * 100)
        return None
    return spans


def _render(page: pymupdf.Page, dpi: float) -> np.ndarray:
    pix = page.get_pixmap(dpi=round(dpi), colorspace=pymupdf.csRGB, alpha=False)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    return arr[:, :, ::-1].copy()  # RGB -> BGR


def load_pdf(path: Path, rel_path: str, *, dpi: int | None = None, content_hash: str = "",
             only: int | None = None) -> list[PageImage]:
    """Every page of a PDF (or page ``only``, 1-based): rendered at the OCR dpi, with its text layer when usable."""
    cfg = section("ingest")
    doc = _open(path, rel_path)
    pages: list[PageImage] = []
    try:
        if only is not None and not 1 <= only <= doc.page_count:
            raise InputDocumentError(rel_path, f"has {doc.page_count} page(s), no page {only}")
        indices = range(doc.page_count) if only is None else [only - 1]
        for index in indices:
            page = doc[index]
            try:
                spans = _text_layer(page)
                if dpi is not None:
                    page_dpi = float(dpi)
                elif spans is not None:
                    page_dpi = float(cfg["text_layer_dpi"])
                else:
                    native = _native_dpi(page)
                    page_dpi = float(cfg["default_dpi"]) if native is None else native
                    page_dpi = min(max(page_dpi, cfg["min_dpi"]), cfg["max_dpi"])
                image = _render(page, page_dpi)
            except (RuntimeError, ValueError) as exc:
                raise InputDocumentError(rel_path, f"page {index + 1} cannot be rendered ({exc})") from exc
            pages.append(PageImage(path=rel_path, page=index + 1, image=image, dpi=page_dpi,
                                   width_pt=float(page.rect.width), height_pt=float(page.rect.height),
                                   text_layer=spans, content_hash=content_hash))
    finally:
        doc.close()
    return pages
