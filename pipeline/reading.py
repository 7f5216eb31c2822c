"""The reading stage: a document file -> what each page is and what it says.

``read_page`` never raises for a bad page (it becomes ``unreadable`` with a
note); ``read_document`` turns an unreadable file into ``DocumentReading.error``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable

import numpy as np

from pipeline.classify import classify
from pipeline.errors import InputDocumentError, OcrEngineError
from pipeline.extract.annual_list import extract_annual_list
from pipeline.extract.certificate import extract_certificate, extract_from_blob
from pipeline.extract.form import extract_form
from pipeline.io.config import section
from pipeline.io.load import file_sha256, load_pages
from pipeline.models import DocumentReading, OcrResult, PageImage, PageKind, PageReading, Seal
from pipeline.ocr.base import OcrEngine
from pipeline.ocr.registry import get_engine
from pipeline.ocr.textlayer import result_from_text_layer
from pipeline.preprocess import PreparedImage, prepare

log = logging.getLogger(__name__)

try:  # the seals stage is built in parallel; without it certificates carry no stamps (never fake ones)
    from pipeline.seals import find_seals as _find_seals
except ImportError:  # pragma: no cover - depends on the tree's state
    _find_seals = None


def _find_seals_or_empty(page: PageImage) -> tuple[list[Seal], str | None]:
    if _find_seals is None or page.image is None:
        return [], "seal detection not available"
    return list(_find_seals(page.image, dpi=page.dpi)), None


def _quality(result: OcrResult) -> float:
    """Confident CJK characters read: how well a page orientation reads."""
    total = 0.0
    for line in result.lines:
        cjk = sum(1 for ch in line.text if "\u4e00" <= ch <= "\u9fff")
        total += cjk * line.conf
    return total


def _ocr_upright(image: np.ndarray, engine: OcrEngine, dpi: float) -> tuple[OcrResult, PreparedImage]:
    """Prepare and read; when the reading looks poor, try the page turned 180° and keep the better."""
    cfg = section("reading")
    prep = prepare(image, dpi=dpi)
    result = engine.recognize(prep.image)
    if prep.is_blank:
        return result, prep
    kind, _ = classify(result)
    if kind in ("certificate", "annual_list", "registration_form") and _quality(result) >= cfg["upright_min_quality"]:
        return result, prep
    flipped = prepare(image, orientation=(prep.rotation + 180) % 360, dpi=dpi)
    other = engine.recognize(flipped.image)
    if _quality(other) > _quality(result) * cfg["flip_gain"]:
        return other, flipped
    return result, prep


def read_page(page: PageImage, *, engine: str | None = None) -> PageReading:
    """What one page is and says. Never raises for a bad page: kind="unreadable" with a note."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rotation, skew = 0, 0.0
    blank = False
    try:
        if page.text_layer:
            result = result_from_text_layer(page.text_layer, px_per_pt=page.px_per_pt,
                                            width=int(page.width_pt * page.px_per_pt),
                                            height=int(page.height_pt * page.px_per_pt))
            source, engine_name, naive = "text_layer", result.engine, False
        elif page.image is None:
            return PageReading(page=page.page, kind="unreadable", source="none", note="the page has no image")
        else:
            eng = get_engine(engine)
            engine_name, source = eng.name, "ocr"
            naive = bool(getattr(eng, "naive", False))
            if naive:
                result = eng.recognize(page.image)
            else:
                result, prep = _ocr_upright(page.image, eng, page.dpi)
                rotation, skew, blank = prep.rotation, prep.skew, prep.is_blank
        timings["ocr"] = time.perf_counter() - t0
    except OcrEngineError as exc:
        log.warning("%s page %d: OCR failed: %s", page.path, page.page, exc)
        return PageReading(page=page.page, kind="unreadable", source="none", note=f"OCR failed: {exc}",
                           timings={"ocr": time.perf_counter() - t0})
    kind, confidence = classify(result, blank=blank)
    reading = PageReading(page=page.page, kind=kind, rotation=rotation, skew=skew, source=source,  # type: ignore[arg-type]
                          engine=engine_name, confidence=confidence, timings=timings)
    if kind == "unreadable":
        reading.note = "blank page" if blank else "too little readable text"
        return reading
    t1 = time.perf_counter()
    _EXTRACTORS[kind](reading, result, naive)
    timings["extract"] = time.perf_counter() - t1
    if kind == "certificate" and reading.certificate is not None:
        t2 = time.perf_counter()
        stamps, note = _find_seals_or_empty(page)
        reading.certificate.stamps = stamps
        if note:
            reading.note = note
        timings["seals"] = time.perf_counter() - t2
    return reading


def _certificate(reading: PageReading, result: OcrResult, naive: bool) -> None:
    reading.certificate = extract_from_blob(result) if naive else extract_certificate(result)


def _annual_list(reading: PageReading, result: OcrResult, naive: bool) -> None:
    reading.annual_list = extract_annual_list(result)


def _form(reading: PageReading, result: OcrResult, naive: bool) -> None:
    reading.registration_form = extract_form(result)


def _nothing(reading: PageReading, result: OcrResult, naive: bool) -> None:
    return None


_EXTRACTORS: dict[PageKind, Callable[[PageReading, OcrResult, bool], None]] = {
    "certificate": _certificate,
    "annual_list": _annual_list,
    "registration_form": _form,
    "other": _nothing,
    "unreadable": _nothing,
}


def read_document(path: Path, rel_path: str, *, engine: str | None = None) -> DocumentReading:
    """Every page of one file; an unreadable file gives ``error`` (-> FILE_INVALID) and no pages."""
    path = Path(path)
    t0 = time.perf_counter()
    try:
        pages = load_pages(path, rel_path)
    except InputDocumentError as exc:
        log.warning("%s", exc)
        sha = file_sha256(path) if path.is_file() else ""
        return DocumentReading(path=rel_path, sha256=sha, error=str(exc))
    load_time = (time.perf_counter() - t0) / max(len(pages), 1)
    readings = []
    for page in pages:
        reading = read_page(page, engine=engine)
        reading.timings["load"] = load_time
        readings.append(reading)
    return DocumentReading(path=rel_path, sha256=pages[0].content_hash if pages else "", pages=readings)


__all__ = ["read_page", "read_document"]
