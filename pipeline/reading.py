"""The reading stage: a document file -> what each page is and what it says.

``read_page`` never raises for a bad page (it becomes ``unreadable`` with a
note); ``read_document`` turns an unreadable file into ``DocumentReading.error``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from pipeline.classify import classify
from pipeline.errors import InputDocumentError, OcrEngineError
from pipeline.extract.annual_list import extract_annual_list
from pipeline.extract.certificate import extract_certificate, extract_from_blob
from pipeline.extract.form import extract_form
from pipeline.extract.layout import text_lines
from pipeline.io.config import section
from pipeline.io.load import file_sha256, load_pages
from pipeline.models import (
    CertificateFields,
    DocumentReading,
    OcrResult,
    PageImage,
    PageKind,
    PageReading,
    Seal,
)
from pipeline.normalize import parse_credits
from pipeline.ocr.base import OcrEngine
from pipeline.ocr.registry import get_engine
from pipeline.ocr.textlayer import result_from_text_layer
from pipeline.orientation import read_upright
from pipeline.preprocess import PreparedImage, tight_crop

log = logging.getLogger(__name__)

try:  # the seals stage is built in parallel; without it certificates carry no stamps (never fake ones)
    from pipeline.seals import find_seals as _find_seals
except ImportError:  # pragma: no cover - depends on the tree's state
    _find_seals = None


def _find_seals_or_empty(page: PageImage) -> tuple[list[Seal], str | None]:
    if _find_seals is None or page.image is None:
        return [], "seal detection not available"
    return list(_find_seals(page.image, dpi=page.dpi)), None


def _ocr_upright(image: np.ndarray, engine: OcrEngine, dpi: float) -> tuple[OcrResult, PreparedImage]:
    """Prepare and read the page the right way up (0/90/180/270; see pipeline/orientation.py)."""
    return read_upright(image, engine, dpi)


_LABEL_ONLY = {"credits": re.compile(r"^\s*学\s*分\s*[:：]?\s*$")}


def fill_from_regions(fields: CertificateFields, result: OcrResult, image: np.ndarray,
                      engine: OcrEngine) -> None:
    """Read a value the page-level pass missed from its cell: a table label (``学分``) alone on
    its row means the detector dropped the value (a lone narrow digit), so the region right
    of the label is recognised on its own with the engine's digits mode."""
    if fields.credits is not None:
        return
    cfg = section("reading")
    for line in text_lines(result):
        if not _LABEL_ONLY["credits"].match(line.text):
            continue
        _x0, y0, x1, y1 = line.box
        h = y1 - y0
        pad = cfg["region_pad"] * h
        crop = image[max(int(y0 - pad), 0):int(y1 + pad),
                     int(x1 + cfg["region_gap"] * h):min(int(x1 + cfg["region_width"] * h), image.shape[1])]
        crop = tight_crop(crop) if crop.size else None
        if crop is None:
            return
        value = parse_credits(engine.recognize(crop, region_hint="digits").text,
                              max_credits=float(section("extract")["max_credits"]))
        if value is not None:
            fields.credits = value
            fields.confidence["credits"] = round(line.conf * 0.9, 3)
        return


def read_page(page: PageImage, *, engine: str | None = None) -> PageReading:
    """What one page is and says. Never raises for a bad page: kind="unreadable" with a note."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rotation, skew = 0, 0.0
    blank = False
    prepared: np.ndarray | None = None
    ocr_engine: OcrEngine | None = None
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
                prepared, ocr_engine = prep.image, eng
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
    if kind == "certificate" and reading.certificate is not None and prepared is not None:
        try:
            fill_from_regions(reading.certificate, result, prepared, ocr_engine)
        except OcrEngineError as exc:
            log.warning("%s page %d: region OCR failed: %s", page.path, page.page, exc)
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


__all__ = ["read_document", "read_page"]
