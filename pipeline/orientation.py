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
from pipeline.models import Line, OcrResult, Word
from pipeline.ocr.base import Detection, OcrEngine
from pipeline.preprocess import PreparedImage, prepare
from pipeline.seals.geometry import overlap_of_smaller

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
    good, tried = _try_turns(image, engine, dpi, _quarter_order(tall, cfg), cfg)
    best = good or _better_turn(tried, tall.quality, cfg)
    if best is not None:
        return best
    log.debug("text stands upright but neither quarter turn reads better; orientation kept")
    return fallback


def _try_turns(image: np.ndarray, engine: OcrEngine, dpi: float, rotations: tuple[int, ...] | list[int],
               cfg: dict) -> tuple[_Reading | None, list[_Reading]]:
    """Read the page turned by each of ``rotations`` in turn: the first reading whose lines lie flat
    and that reads well (then no further turn is read), else None and the flat readings tried."""
    tried: list[_Reading] = []
    for rotation in rotations:
        r = _read(image, engine, dpi, rotation)
        if is_quarter_turned(r.result, cfg):
            continue
        if _good(r, cfg):
            return r, tried
        tried.append(r)
    return None, tried


def _better_turn(tried: list[_Reading], reference: float, cfg: dict) -> _Reading | None:
    """The best of ``tried`` when it reads at least ``quarter_min_ratio`` as well as ``reference``."""
    if tried:
        best = max(tried, key=lambda r: r.quality)
        if best.quality >= cfg["quarter_min_ratio"] * reference:
            return best
    return None


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
    if callable(getattr(engine, "detect", None)) and section("ocr").get("orientation_from_detection", False):
        best = _standing_again(_read_detected(image, engine, dpi, cfg), engine, cfg)
        return best.result, best.prep
    first = _read(image, engine, dpi, None)
    if first.prep.is_blank:
        return first.result, first.prep
    quarter = cfg["quarter_turns"]
    if quarter and is_quarter_turned(first.result, cfg):
        best = _quarter(image, engine, dpi, first, first, cfg)
        return best.result, best.prep
    best = _after_first(image, engine, dpi, first, cfg)
    return best.result, best.prep


def _after_first(image: np.ndarray, engine: OcrEngine, dpi: float, first: _Reading, cfg: dict) -> _Reading:
    """The stored orientation's reading ``first`` is not a quarter turn's: keep it, or the page
    turned 180 (or a quarter, by the 180 reading's lines or Tesseract OSD) when that reads better."""
    quarter = cfg["quarter_turns"]
    if _good(first, cfg):
        return first
    flipped = _read(image, engine, dpi, (first.prep.rotation + 180) % 360)
    best = flipped if flipped.quality > first.quality * cfg["flip_gain"] else first
    if quarter and is_quarter_turned(flipped.result, cfg):
        # RapidOCR drops the lines of a page lying a quarter counter-clockwise (read upside
        # down, they score too low); turned 180 they stand upright and read well.
        return _quarter(image, engine, dpi, flipped, best, cfg)
    if _good(best, cfg) or not quarter or not cfg["quarter_osd"] or best.quality >= cfg["upright_min_quality"]:
        return best
    rotation = _osd_quarter(first.prep.image, cfg)
    if rotation is None:
        return best
    turned = _read(image, engine, dpi, (first.prep.rotation + rotation) % 360)
    return turned if turned.quality > best.quality * cfg["flip_gain"] else best


# ------------------------------------------------------------ the way up from the detector (RapidOCR)


@dataclass
class LineVotes:
    """What a page's detected lines say about its way up, before anything is recognised.

    ``standing``: share of the lines' characters in boxes standing upright (a quarter turn);
    ``upside_down``: share of the lying lines' characters the angle classifier finds upside down;
    ``chars``: characters counted (a box's length over its height), ``lines``: lying lines counted;
    ``quarter_first``: the likelier quarter turn (RapidOCR cuts a standing line and turns it a
    quarter counter-clockwise: read upright that way, the page wants 270, else 90).
    """

    standing: float
    upside_down: float
    chars: float
    lines: int
    quarter_first: int


def line_votes(detection: Detection, cfg: dict) -> LineVotes:
    tall_ratio = cfg["quarter_tall_ratio"]
    standing = total = flat_total = flat_upside = 0.0
    standing_upside: list[float] = []
    lines = 0
    for (x0, y0, x1, y1), upside in zip(detection.boxes, detection.upside_down, strict=False):
        w, h = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
        n = max(w, h) / min(w, h)  # characters of a line of square (CJK) characters
        if n < 2:
            continue  # a lone character's box has no direction
        total += n
        if h >= tall_ratio * w:
            standing += n
            standing_upside.append(upside)
        else:
            lines += 1
            flat_total += n
            flat_upside += n * (upside > 0.5)
    first = 270 if standing_upside and float(np.mean(standing_upside)) < 0.5 else 90
    return LineVotes(standing=standing / total if total else 0.0,
                     upside_down=flat_upside / flat_total if flat_total else 0.0,
                     chars=total, lines=lines, quarter_first=first)


def _reading(prep: PreparedImage, result: OcrResult) -> _Reading:
    kind, _ = classify(result, blank=prep.is_blank)
    return _Reading(result, prep, quality(result), kind)


def _read_detected(image: np.ndarray, engine, dpi: float, cfg: dict) -> _Reading:
    """The page's way up from its detected lines first, then recognition only that way up.

    * Lines standing (``quarter_*`` of the reading section, by the boxes): the page is read
      turned a quarter, the likelier way first (``LineVotes.quarter_first``); the stored
      orientation is recognised only when neither quarter turn reads well.
    * Lying lines mostly upside down by the angle classifier (``ocr.flip_vote_share`` of
      at least ``ocr.flip_vote_min_lines`` lines): read turned 180, and the stored orientation
      only when that does not read well.
    * Otherwise recognised as stored (the detection is reused). A page that then reads poorly is
      read turned 180 as before, unless the classifier found its lines upright (at most
      1 - ``flip_vote_share`` upside down): a poor page the right way up is not read twice.
    """
    ocr_cfg = section("ocr")
    prep = prepare(image, orientation=None, dpi=dpi)
    if prep.is_blank:
        return _reading(prep, engine.recognize(prep.image))
    detection = engine.detect(prep.image)
    votes = line_votes(detection, cfg)
    known = votes.lines >= ocr_cfg["flip_vote_min_lines"]
    if (cfg["quarter_turns"] and votes.chars >= cfg["quarter_min_chars"]
            and votes.standing >= cfg["quarter_min_share"]):
        return _quarter_detected(image, engine, dpi, prep, detection, votes, cfg)
    if known and votes.upside_down >= ocr_cfg["flip_vote_share"]:
        flipped = _read(image, engine, dpi, (prep.rotation + 180) % 360)
        if _good(flipped, cfg):
            return flipped
        stored = _reading(prep, engine.recognize(prep.image, detection=detection))
        return stored if stored.quality > flipped.quality * cfg["flip_gain"] else flipped
    first = _reading(prep, engine.recognize(prep.image, detection=detection))
    if known and votes.upside_down <= 1.0 - ocr_cfg["flip_vote_share"]:
        return first
    return _after_first(image, engine, dpi, first, cfg)


def _quarter_detected(image: np.ndarray, engine, dpi: float, prep: PreparedImage, detection: Detection,
                      votes: LineVotes, cfg: dict) -> _Reading:
    first = votes.quarter_first
    good, tried = _try_turns(image, engine, dpi, [(prep.rotation + r) % 360 for r in (first, 360 - first)], cfg)
    if good is not None:
        return good
    stored = _reading(prep, engine.recognize(prep.image, detection=detection))
    best = _better_turn(tried, stored.quality, cfg)
    if best is not None:
        return best
    log.debug("lines stand upright but neither quarter turn reads better; orientation kept")
    return stored


def _standing_again(r: _Reading, engine, cfg: dict) -> _Reading:
    """A page read turned from how it is stored: lines standing in that frame may lie flat on the
    paper (a certificate set in columns, 竖排, is read turned a quarter, and keeps its number and
    code in a horizontal footer).

    RapidOCR turns a standing line's crop a quarter counter-clockwise before recognising it, which
    reads one of the two quarter directions upside down (the line is dropped or garbled). Each such
    line is read again turned clockwise; that reading replaces the page pass's (or is added) where it
    is surer by ``standing_gain``. Only the few standing lines of a turned page are read again.
    """
    if r.prep.rotation == 0 or r.prep.is_blank or not cfg.get("standing_reread_max_lines"):
        return r
    image = r.prep.image
    tall = float(cfg["quarter_tall_ratio"])
    boxes = [b for b in engine.detect(image).boxes
             if (b[3] - b[1]) >= max(tall, 2.0) * max(b[2] - b[0], 1.0)]
    lines = list(r.result.lines)
    changed = False
    for box in sorted(boxes, key=lambda b: b[1] - b[3])[:int(cfg["standing_reread_max_lines"])]:
        x0, y0, x1, y1 = (int(round(v)) for v in box)
        crop = image[max(y0, 0):y1, max(x0, 0):x1]
        if crop.size == 0:
            continue
        read = engine.recognize(np.ascontiguousarray(np.rot90(crop, k=-1)), region_hint="line")
        text = "".join(ln.text for ln in read.lines).strip()
        if not text:
            continue
        conf = min(ln.conf for ln in read.lines)
        old = [i for i, ln in enumerate(lines) if overlap_of_smaller(ln.box, box) >= 0.5]
        if conf < float(cfg["standing_min_conf"]) or any(lines[i].conf + cfg["standing_gain"] > conf for i in old):
            continue
        line = Line(text=text, conf=conf, box=box, words=[Word(text=text, conf=conf, box=box)])
        for i in reversed(old):
            del lines[i]
        at = next((i for i, ln in enumerate(lines) if ln.box[1] > box[1]), len(lines))
        lines.insert(at, line)
        changed = True
    if not changed:
        return r
    return _reading(r.prep, r.result.model_copy(update={"lines": lines}))
