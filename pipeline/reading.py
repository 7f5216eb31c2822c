"""The reading stage: a document file -> what each page is and what it says.

``read_page`` never raises for a bad page (it becomes ``unreadable`` with a
note); ``read_document`` turns an unreadable file into ``DocumentReading.error``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from pipeline.classify import classify
from pipeline.errors import InputDocumentError, OcrEngineError
from pipeline.extract import regions
from pipeline.extract.annual_list import extract_annual_list
from pipeline.extract.certificate import extract_certificate, extract_from_blob
from pipeline.extract.form import extract_form
from pipeline.io.config import section
from pipeline.io.load import file_sha256, load_pages
from pipeline.models import (
    BBox,
    CertificateFields,
    DocumentReading,
    OcrResult,
    PageImage,
    PageKind,
    PageReading,
    Seal,
)
from pipeline.ocr.base import OcrEngine
from pipeline.ocr.registry import get_engine
from pipeline.ocr.textlayer import result_from_text_layer
from pipeline.orientation import read_upright
from pipeline.preprocess import PreparedImage, forget_page
from pipeline.seals import find_seals
from pipeline.seals.ink import unsure_ink

log = logging.getLogger(__name__)


def _seals_of(page: PageImage) -> list[Seal]:
    """Seals on a rendered page; a text-layer page without an image has none to find."""
    return [] if page.image is None else list(find_seals(page.image, dpi=page.dpi))


def fill_from_regions(fields: CertificateFields, result: OcrResult, image: np.ndarray,
                      engine: OcrEngine, *, seals: Sequence[tuple[str, BBox]] = (), colour: bool = False) -> None:
    """Read values the page-level pass missed or garbled from their regions of the prepared
    ``image`` (``pipeline/extract/regions.py``); ``seals``: (kind, box in prepared pixels)."""
    regions.reread(fields, result, image, engine, seals=seals, colour=colour)


def certificate_regions(fields: CertificateFields, result: OcrResult, image: np.ndarray, engine: OcrEngine, *,
                        seals: Sequence[Seal], geometry: regions.PageGeometry, colour: bool) -> None:
    """``fill_from_regions`` with the page's seals (found on the stored image) mapped onto ``image``;
    ``colour``: red seal ink was suppressed on ``image``."""
    fill_from_regions(fields, result, image, engine, seals=regions.seal_boxes(seals, geometry), colour=colour)


def read_page(page: PageImage, *, engine: str | None = None) -> PageReading:
    """What one page is and says. Never raises for a bad page: kind="unreadable" with a note.

    The reading keeps a small upright preview of the page (``PageReading.preview``) for the
    reviewer's evidence, so evidence never needs the document loaded again.
    """
    try:
        reading = _read_page(page, engine=engine)
    finally:
        forget_page()  # the page's scaled and prepared copies go with the page, not at the next one
    if page.image is not None:
        from pipeline.evidence.preview import make_preview

        t0 = time.perf_counter()
        reading.preview = make_preview(page.image, dpi=page.dpi, rotation=reading.rotation, skew=reading.skew)
        reading.timings["preview"] = time.perf_counter() - t0
    return reading


def _read_page(page: PageImage, *, engine: str | None = None) -> PageReading:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rotation, skew = 0, 0.0
    blank = False
    prepared: np.ndarray | None = None
    prep: PreparedImage | None = None
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
                result, prep = read_upright(page.image, eng, page.dpi)  # 0/90/180/270
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
    timings = reading.timings  # pydantic copied the dict: later stages must write into the reading's own
    if kind == "unreadable":
        reading.note = "空白页" if blank else "可识别文字过少，请人工查看该页"
        return reading
    if kind == "annual_list" and prepared is not None and ocr_engine is not None:
        result = _list_reread(result, prepared, ocr_engine, timings, page)
    t1 = time.perf_counter()
    if kind == "annual_list" and prepared is not None:
        # list cells the page pass missed are read again from their crops of the prepared page
        reading.annual_list = extract_annual_list(result, image=prepared, engine=ocr_engine)
    else:
        _EXTRACTORS[kind](reading, result, naive)
    timings["extract"] = time.perf_counter() - t1
    if kind == "certificate" and reading.certificate is not None:
        t2 = time.perf_counter()
        stamps = _seals_of(page)
        reading.certificate.stamps = stamps
        if not stamps and page.image is not None:  # STAMP_UNSURE rather than STAMP_MISSING (pipeline/seals/ink.py)
            reading.certificate.unsure_ink = unsure_ink(page.image, dpi=page.dpi)
        timings["seals"] = time.perf_counter() - t2
        if prepared is not None and prep is not None and page.image is not None:
            t3 = time.perf_counter()
            geometry = regions.PageGeometry(stored_height=page.image.shape[0], stored_width=page.image.shape[1],
                                            dpi=page.dpi, scale=prep.scale, rotation=prep.rotation, skew=prep.skew)
            try:
                certificate_regions(reading.certificate, result, prepared, ocr_engine, seals=stamps,
                                    geometry=geometry, colour=prep.red_suppressed)
            except OcrEngineError as exc:
                log.warning("%s page %d: region OCR failed: %s", page.path, page.page, exc)
            timings["regions"] = time.perf_counter() - t3
    return reading


def _list_reread(result: OcrResult, prepared: np.ndarray, engine: OcrEngine, timings: dict[str, float],
                 page: PageImage) -> OcrResult:
    """A page taken for a list, read again with its detector at ``ocr.list_det_max_side``.

    The page pass detects at ``ocr.rapid_det_max_side`` (1280 px), as fine as certificates need;
    a list's dense table loses rows there (short lines of adjacent cells merged or missed), so
    once the page is known to be a list it is read again, upright as kept, with the detector at
    the side the list needs (0: the page's own size) and that reading replaces the page pass's.
    Only engines whose detector can be sized (RapidOCR: ``det_max_side``) and only when the
    size differs from the page pass's; a failure keeps the page pass's reading. Absent or null:
    lists are read like every other page.
    """
    side = section("ocr").get("list_det_max_side")
    page_side = getattr(engine, "det_max_side", None)
    if side is None or page_side is None or int(side) == page_side:
        return result
    t0 = time.perf_counter()
    try:
        again = engine.recognize(prepared, det_max_side=int(side))  # type: ignore[call-arg]
    except OcrEngineError as exc:
        log.warning("%s page %d: list re-read failed, the page pass's reading kept: %s", page.path, page.page, exc)
        return result
    finally:
        timings["list_reread"] = time.perf_counter() - t0
    return again if again.lines else result


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
