"""PDF files -> page images and text layers, and grids of text cells -> PDF files (the office's
forms, ``pipeline/forms/``). The only module that imports pymupdf.

Writing: Chinese has no spaces to break lines at, so lines are broken character by character on
the font's own advance widths, and a cell's text shrinks (down to ``min_font_size``) until it fits
its box; the text stays real text (``pdftotext`` reads it back)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pymupdf

from pipeline.atomic import atomic_write
from pipeline.errors import EncryptedPdfError, InputDocumentError
from pipeline.io.budget import ImageBox, RenderPlan, native_dpi, plan_page
from pipeline.io.config import section
from pipeline.io.images import rgb_to_bgr
from pipeline.io.limits import limits
from pipeline.models import PageImage, TextSpan

log = logging.getLogger(__name__)

_PAD = 2.5  # points inside a written cell's border
_GOOD_CHAR = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _has_eof_marker(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 2048))
        return b"%%EOF" in fh.read()


def _open(path: Path, rel_path: str) -> pymupdf.Document:
    try:
        if _utf8_name(path):
            doc = pymupdf.open(path, filetype="pdf")
        else:  # a name in GBK bytes: MuPDF takes only UTF-8 file names, so it gets the bytes
            doc = pymupdf.open(stream=Path(path).read_bytes(), filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        log.debug("%s: pymupdf cannot open it: %s", rel_path, exc)
        raise InputDocumentError(rel_path, "PDF 文件损坏，无法打开（not a readable PDF），未读取；"
                                          "请申请人重新扫描后补交") from exc
    if doc.is_repaired and not _has_eof_marker(path):
        doc.close()  # MuPDF rebuilt a file cut off in copying or upload: what it shows may be half a page
        raise InputDocumentError(rel_path, "文件不完整（PDF 被截断，缺少文件结尾），未读取；请申请人重新上传或重新扫描")
    # a PDF with only an owner password (print/copy restrictions) opens with the empty user password:
    # its pages are readable and read; one that needs an open password is not
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise EncryptedPdfError(rel_path)
    try:
        count = doc.page_count
    except (RuntimeError, ValueError) as exc:
        doc.close()
        raise InputDocumentError(rel_path, "PDF 文件损坏，页面目录无法读取（not a readable PDF），未读取；请申请人重新扫描后补交") from exc
    if count == 0:
        doc.close()
        raise InputDocumentError(rel_path, "PDF 中没有页面（no pages），未读取；请申请人重新扫描后补交")
    cap = limits().document.max_pages
    if count > cap:
        doc.close()
        raise InputDocumentError(rel_path, (
            f"文件页数过多（{count} 页，上限 {cap} 页），未读取：可能是交错的文件；"
            f"请人工查看，或请申请人按人拆分后补交"))
    return doc


def count_pdf_pages(path: Path, rel_path: str) -> int:
    doc = _open(path, rel_path)
    try:
        return doc.page_count
    finally:
        doc.close()


def _images(page: pymupdf.Page) -> list[ImageBox]:
    """The images drawn on the page (their own pixels and their boxes), from the page's headers."""
    boxes = []
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        boxes.append(ImageBox(width_px=int(info["width"]), height_px=int(info["height"]),
                              width_pt=abs(x1 - x0), height_pt=abs(y1 - y0)))
    return boxes


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


def _render(page: pymupdf.Page, plan: RenderPlan) -> np.ndarray:
    pix = page.get_pixmap(dpi=max(1, round(plan.dpi)), colorspace=pymupdf.csRGB, alpha=False)
    rgb = np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(pix.height, pix.width, 3)  # no copy
    return rgb_to_bgr(rgb)


def _wanted_dpi(page: pymupdf.Page, spans: list[TextSpan] | None, images: list[ImageBox],
                dpi: int | None) -> float:
    """The dpi the reading configuration asks for, before the pixel budget."""
    cfg = section("ingest")
    if dpi is not None:
        return float(dpi)
    if spans is not None:
        return float(cfg["text_layer_dpi"])
    native = native_dpi(images)
    wanted = float(cfg["default_dpi"]) if native is None else native
    return float(min(max(wanted, cfg["min_dpi"]), cfg["max_dpi"]))


def load_pdf(path: Path, rel_path: str, *, dpi: int | None = None, content_hash: str = "",
             only: int | None = None) -> list[PageImage]:
    """Every page of a PDF (or page ``only``, 1-based): rendered at the OCR dpi within the pixel budget
    (``pipeline/io/budget.py``), with its text layer when usable."""
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
                images = _images(page)
                plan = plan_page(float(page.rect.width), float(page.rect.height),
                                 wanted_dpi=_wanted_dpi(page, spans, images, dpi), images=images,
                                 rel_path=rel_path, page=index + 1)  # PageOverBudgetError: not rendered
                image = _render(page, plan)
            except (RuntimeError, ValueError, MemoryError) as exc:
                raise InputDocumentError(rel_path, f"page {index + 1} cannot be rendered ({exc})") from exc
            page_dpi = plan.dpi
            pages.append(PageImage(path=rel_path, page=index + 1, image=image, dpi=page_dpi,
                                   width_pt=float(page.rect.width), height_pt=float(page.rect.height),
                                   text_layer=spans, content_hash=content_hash, note=plan.note))
    finally:
        doc.close()
        release_store()
    return pages


def release_store() -> None:
    """Empty MuPDF's resource store (decoded images, fonts). It keeps up to 256 MB of them across
    documents; a closed document's are never used again, and they were ~250 MB of a reader's
    ~1 GB (``ocr_models/EVALUATION.md``, "Session 11, speed")."""
    pymupdf.TOOLS.store_shrink(100)


# ---------------------------------------------------------------------------------------- writing
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


def write_grid_pdf(pages: Sequence[tuple[str, Any]], path: Path, *, cfg: dict[str, Any], font_file: Path,
                   title: str) -> Path:
    """One PDF page per ``(bookmark, grid)`` of ``pages`` at ``path``: ``grid`` is placed text cells
    (``pipeline/forms/layout.Grid``: ``cells`` with row/col/rows/cols/text/style/align/border,
    ``widths`` relative per column, ``heights`` in points per row), scaled to the page's width inside
    ``cfg["margin"]``; ``cfg`` is ``pipeline/config/forms.yaml`` ``pdf``."""
    font = pymupdf.Font(fontfile=str(font_file))
    metrics = _Metrics(font)
    doc = pymupdf.open()
    width, height = pymupdf.paper_size(cfg["page"])
    margin = float(cfg["margin"])
    toc = []
    for n, (label, grid) in enumerate(pages, start=1):
        page = doc.new_page(width=width, height=height)
        writer = pymupdf.TextWriter(page.rect)
        shape = page.new_shape()
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
        toc.append([1, label, n])
    doc.set_toc(toc)
    doc.set_metadata({"title": title, "creator": "cme-audit"})
    doc.subset_fonts()  # the font once, cut to the characters used (a full CJK font is megabytes)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, doc.tobytes(garbage=3, deflate=True))
    doc.close()
    return path
