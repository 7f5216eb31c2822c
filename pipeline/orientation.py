"""Which way up a stored page is (0/90/180/270), decided from how it reads.

* **Quarter turns by the shape of the text lines**, at no extra cost: the first reading's
  line boxes are looked at. Text lines are wide; on a page stored turned 90° or 270° they
  stand upright (taller than wide). RapidOCR's detector finds text lines in any direction,
  so its boxes tell (on a page lying a quarter counter-clockwise RapidOCR keeps no lines, as it
  reads them upside down; the 180° reading below then shows them standing). Borders and table rules are no text lines, so they cannot fool the test
  (the ink-profile test in ``pipeline/preprocess.py`` they fooled stays off). The page is
  then read turned both ways and the reading with horizontal lines that reads best is kept.
* **180°** as before: a page that reads poorly is read turned 180° and the better kept.
* **Quarter turns of pages that read poorly both ways** (engines whose boxes do not follow
  the text, e.g. tesseract, which reads a turned page as short garbage lines): Tesseract's
  orientation detection (OSD, ``osd.traineddata``) is asked, and its quarter turn is read
  and kept when it reads better.

An upright page that reads well costs nothing more than its one reading. Tunables:
``reading`` section of ``pipeline/config/reading.yaml``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from pipeline.classify import classify
from pipeline.io.config import section
from pipeline.models import OcrResult
from pipeline.ocr.base import OcrEngine
from pipeline.preprocess import PreparedImage, prepare

log = logging.getLogger(__name__)

DOCUMENT_KINDS = ("certificate", "annual_list", "registration_form")


def quality(result: OcrResult) -> float:
    """Confident CJK characters read: how well a page orientation reads."""
    total = 0.0
    for line in result.lines:
        cjk = sum(1 for ch in line.text if "\u4e00" <= ch <= "\u9fff")
        total += cjk * line.conf
    return total


def vertical_share(result: OcrResult, *, tall_ratio: float) -> tuple[float, int]:
    """(share of characters in lines standing upright, characters counted).

    Only lines of two or more characters count (a lone character's box has no direction).
    A line stands upright when its box is at least ``tall_ratio`` times taller than wide.
    """
    upright = total = 0
    for line in result.lines:
        n = sum(1 for ch in line.text if not ch.isspace())
        if n < 2:
            continue
        x0, y0, x1, y1 = line.box
        total += n
        if (y1 - y0) >= tall_ratio * max(x1 - x0, 1e-6):
            upright += n
    return (upright / total if total else 0.0), total


def is_quarter_turned(result: OcrResult, cfg: dict | None = None) -> bool:
    """True when most of the page's text runs top-to-bottom: the page is stored turned 90/270."""
    cfg = cfg or section("reading")
    share, chars = vertical_share(result, tall_ratio=cfg["quarter_tall_ratio"])
    return chars >= cfg["quarter_min_chars"] and share >= cfg["quarter_min_share"]


@dataclass
class _Reading:
    result: OcrResult
    prep: PreparedImage
    quality: float
    kind: str


def _read(image: np.ndarray, engine: OcrEngine, dpi: float, orientation: int | None) -> _Reading:
    prep = prepare(image, orientation=orientation, dpi=dpi)
    result = engine.recognize(prep.image)
    kind, _ = classify(result, blank=prep.is_blank)
    return _Reading(result, prep, quality(result), kind)


def _good(r: _Reading, cfg: dict) -> bool:
    return r.kind in DOCUMENT_KINDS and r.quality >= cfg["upright_min_quality"]


def _quarter_order(r: _Reading, cfg: dict) -> tuple[int, int]:
    """The two quarter turns from reading ``r``, the likelier first. A line detector that turns
    tall crops a quarter counter-clockwise before recognising them (RapidOCR) reads the lines of a
    page lying a quarter clockwise confidently (and drops those of the other way round): such a
    page wants a further 270. Only the order of the two readings depends on it."""
    tall = cfg["quarter_tall_ratio"]
    confs = [ln.conf for ln in r.result.lines
             if (ln.box[3] - ln.box[1]) >= tall * max(ln.box[2] - ln.box[0], 1e-6)]
    first, second = (270, 90) if confs and float(np.mean(confs)) >= cfg["quarter_confident_conf"] else (90, 270)
    base = r.prep.rotation
    return (base + first) % 360, (base + second) % 360


def _quarter(image: np.ndarray, engine: OcrEngine, dpi: float, tall: _Reading, fallback: _Reading,
             cfg: dict) -> _Reading:
    """Reading ``tall``'s text stands upright: read the page a quarter further both ways, keep the
    reading whose lines lie flat and that reads best; else ``fallback``."""
    tried: list[_Reading] = []
    for rotation in _quarter_order(tall, cfg):
        r = _read(image, engine, dpi, rotation)
        if is_quarter_turned(r.result, cfg):
            continue
        if _good(r, cfg):
            return r
        tried.append(r)
    if tried:
        best = max(tried, key=lambda r: r.quality)
        if best.quality >= cfg["quarter_min_ratio"] * tall.quality:
            return best
    log.debug("text stands upright but neither quarter turn reads better; orientation kept")
    return fallback


def _osd_quarter(image: np.ndarray, cfg: dict) -> int | None:
    """Tesseract OSD's quarter turn (90/270) for a prepared page, or None (upright/180, unsure,
    or OSD not available)."""
    from pipeline.ocr.tesseract import detect_orientation

    found = detect_orientation(image)
    if found is None:
        return None
    rotation, conf = found
    if rotation in (90, 270) and conf >= cfg["quarter_osd_min_conf"]:
        return rotation
    return None


def read_upright(image: np.ndarray, engine: OcrEngine, dpi: float) -> tuple[OcrResult, PreparedImage]:
    """Prepare and read the page the right way up; returns the reading and its prepared image
    (``prep.rotation``: degrees clockwise the stored page was turned)."""
    cfg = section("reading")
    first = _read(image, engine, dpi, None)
    if first.prep.is_blank:
        return first.result, first.prep
    quarter = cfg["quarter_turns"]
    if quarter and is_quarter_turned(first.result, cfg):
        best = _quarter(image, engine, dpi, first, first, cfg)
        return best.result, best.prep
    if _good(first, cfg):
        return first.result, first.prep
    flipped = _read(image, engine, dpi, (first.prep.rotation + 180) % 360)
    best = flipped if flipped.quality > first.quality * cfg["flip_gain"] else first
    if quarter and is_quarter_turned(flipped.result, cfg):
        # RapidOCR drops the lines of a page lying a quarter counter-clockwise (read upside
        # down, they score too low); turned 180 they stand upright and read well.
        best = _quarter(image, engine, dpi, flipped, best, cfg)
        return best.result, best.prep
    if _good(best, cfg) or not quarter or not cfg["quarter_osd"] or best.quality >= cfg["upright_min_quality"]:
        return best.result, best.prep
    rotation = _osd_quarter(first.prep.image, cfg)
    if rotation is None:
        return best.result, best.prep
    turned = _read(image, engine, dpi, (first.prep.rotation + rotation) % 360)
    if turned.quality > best.quality * cfg["flip_gain"]:
        return turned.result, turned.prep
    return best.result, best.prep
