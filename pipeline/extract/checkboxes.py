"""A row of printed options, each after a check box (□ Ⅰ类（国家级） √ Ⅰ类（省级） □ Ⅱ类): the ticked one is the value.

The engine reads the options' words but not the marks (a box comes out as 口 or nothing, a tick not
at all), so the page pass cannot tell the chosen option from the others. Here, on the prepared page,
the boxes of a row holding options of a field (words that parse as a category or a mode) are found as
square outlines of about the text's height, each followed by its option's words: a box standing right
after another one's box is a character of that option's text (国 is a square too). A box whose inside
is blank is an option not chosen; when exactly one box of the row holds ink and at least one other is
blank, the words between that box and the next one are read again and parsed as the field's value.
Any other row (no box, every box blank, two ticked) decides nothing. Tunables: ``checkbox`` in
``pipeline/config/reading.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.extract.layout import TextLine, same_row
from pipeline.io.config import section
from pipeline.models import CertificateFields
from pipeline.normalize import normalize_text, parse_category, parse_mode
from pipeline.ocr.base import OcrEngine
from pipeline.preprocess import ink_mask, tight_crop, to_grey

_PARSERS: dict[str, Callable[[str], object]] = {"category": parse_category, "mode": parse_mode}


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int
    filled: float  # share of the box's inside that is ink


def _outline(comp: np.ndarray, cfg: dict) -> bool:
    """A component's mask (its bounding box) is a square's outline: a straight left and bottom side
    running nearly the whole box, a top and a right side most of it (a tick joined to the box may
    reach beyond its top and right). A character's strokes (程's 禾, 省's 目) make no such frame."""
    h, w = comp.shape
    full, most = cfg["side_min_share"], cfg["far_side_min_share"]

    def run_v(a: float, b: float) -> int:
        return max(_longest_run(comp[:, j]) for j in range(int(w * a), max(int(w * b), int(w * a) + 1)))

    def run_h(a: float, b: float) -> int:
        return max(_longest_run(comp[i, :]) for i in range(int(h * a), max(int(h * b), int(h * a) + 1)))

    return (run_v(0, 0.3) >= full * h and run_h(0.7, 1.0) >= full * w
            and run_v(0.6, 1.0) >= most * h and run_h(0, 0.4) >= most * w)


def _longest_run(values: np.ndarray) -> int:
    best = cur = 0
    for v in values:
        cur = cur + 1 if v else 0
        best = max(best, cur)
    return best


def _spaced(bw: np.ndarray, x: int, y: int, w: int, h: int, cfg: dict) -> bool:
    """A box stands apart from the words around it: blank columns (over its own height) of at least
    ``space_before`` of its width before it and ``space_after`` after it. A square character inside
    running text (口 of 伤口) stands as close to its neighbours as any other character."""
    rows = bw[y:y + h]
    cols = rows.any(axis=0)
    before = next((x - 1 - j for j in range(x - 1, -1, -1) if cols[j]), x)
    after = next((j - (x + w) for j in range(x + w, cols.size) if cols[j]), cols.size - x - w)
    return before >= cfg["space_before"] * w and after >= cfg["space_after"] * w


def find_boxes(grey_band: np.ndarray, text_h: float) -> list[Box]:
    """Check boxes in a band of the page (grey), left to right: square outlines whose height is
    ``box_height`` text heights, none standing right after another (that one is its option's text)."""
    cfg = section("checkbox")
    bw = ink_mask(grey_band)
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(bw, connectivity=8)
    lo, hi = cfg["box_height"]
    found: list[Box] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if not (lo * text_h <= h <= hi * text_h and lo * text_h <= w <= hi * text_h):
            continue
        comp = (_labels[y:y + h, x:x + w] == i)
        if not _outline(comp, cfg):
            continue
        if not _spaced(bw, x, y, w, h, cfg):
            continue
        m = int(round(cfg["inside_margin"] * min(w, h)))
        inside = bw[y + m:y + h - m, x + m:x + w - m]
        filled = float(np.count_nonzero(inside)) / max(inside.size, 1)
        found.append(Box(x, y, x + w, y + h, filled))
    found.sort(key=lambda b: b.x0)
    out: list[Box] = []
    for b in found:  # a square right after a box is a character of its option (国, 回)
        if out and b.x0 - out[-1].x1 < cfg["text_gap"] * (out[-1].y1 - out[-1].y0):
            continue
        out.append(b)
    return out


def ticked(boxes: list[Box]) -> int | None:
    """The index of the one ticked box of a row, when the others it is set against are blank.

    The blank boxes are certain (an outline with nothing inside) and fix the row's box size; a square
    holding ink is a box only when as wide as they are (``size_tolerance``) and not shorter (a tick may
    rise above it): a character's frame (国, a label's 口) is narrower than the boxes printed beside it."""
    cfg = section("checkbox")
    blank = [b for b in boxes if b.filled <= cfg["blank_max_ink"]]
    if not blank:
        return None
    width = float(np.median([b.x1 - b.x0 for b in blank]))
    height = float(np.median([b.y1 - b.y0 for b in blank]))
    tol = cfg["size_tolerance"]
    full = [i for i, b in enumerate(boxes) if b.filled >= cfg["ticked_min_ink"]
            and abs((b.x1 - b.x0) - width) <= tol * width and (b.y1 - b.y0) >= (1 - tol) * height]
    return full[0] if len(full) == 1 else None


def _option_rows(lines: list[TextLine], parse: Callable[[str], object]) -> list[TextLine]:
    rows: list[TextLine] = []
    for ln in lines:
        if parse(normalize_text(ln.text)) is None:
            continue
        if not any(same_row(r.box, ln.box) for r in rows):
            rows.append(ln)
    return rows


def read_ticked(fields: CertificateFields, lines: list[TextLine], image: np.ndarray, engine: OcrEngine) -> None:
    """Set the category and the mode from the ticked box of a row of options, where one decides."""
    cfg = section("checkbox")
    grey = to_grey(image)
    for field, parse in _PARSERS.items():
        decided: list[tuple[object, float]] = []
        printed: set[object] = set()  # the values the words of an undecided row of options print
        for row in _option_rows(lines, parse):
            got = _read_row(row, lines, grey, image, engine, parse, cfg)
            if isinstance(got, set):
                printed |= got
            elif got is not None:
                decided.append(got)
        if len({v for v, _c in decided}) == 1:
            value, conf = decided[0]
            setattr(fields, field, value)
            fields.confidence[field] = round(min(conf, 1.0) * cfg["conf_factor"], 3)
        elif not decided and getattr(fields, field) in printed:
            # an option printed beside a box nobody can tell ticked is no value the page states
            setattr(fields, field, None)
            fields.confidence.pop(field, None)


def _read_row(row: TextLine, lines: list[TextLine], grey: np.ndarray, image: np.ndarray, engine: OcrEngine,
              parse: Callable[[str], object], cfg: dict) -> tuple[object, float] | set[object] | None:
    """(value, confidence) of the row's ticked option; the values its words print when it is a row of
    options (two boxes or more, one blank at least) whose ticked one could not be read; else None."""
    words = [ln for ln in lines if same_row(ln.box, row.box)]
    if len(words) < cfg["min_fragments"]:  # a sentence read as one line is no row of options
        return None
    text_h = float(np.median([ln.box[3] - ln.box[1] for ln in words]))
    pad = cfg["band_pad"] * text_h
    y0, y1 = max(int(row.box[1] - pad), 0), min(int(row.box[3] + pad), grey.shape[0])
    boxes = find_boxes(grey[y0:y1, :], text_h)
    if len(boxes) < 2:
        return None
    undecided = {parse(ln.text) for ln in words} - {None} \
        if any(b.filled <= cfg["blank_max_ink"] for b in boxes) else None
    k = ticked(boxes)
    if k is None:
        return undecided
    box = boxes[k]
    size = box.x1 - box.x0  # the option's words end at the next box of the row's size (not at a character's frame)
    later = [b for b in boxes[k + 1:] if b.filled <= section("checkbox")["blank_max_ink"]
             or abs((b.x1 - b.x0) - size) <= cfg["size_tolerance"] * size]
    right = later[0].x0 if later else int(max(ln.box[2] for ln in words) + text_h)
    x0 = box.x1 + int(cfg["text_gap_min"] * text_h)
    crop = image[y0:y1, x0:min(right, image.shape[1])]
    crop = tight_crop(crop) if crop.size else None
    if crop is None:
        return undecided
    result = engine.recognize(crop, region_hint="line")
    text = normalize_text("".join(ln.text for ln in result.lines))
    value = parse(text)
    if value is None and parse is parse_category and text.startswith("类"):
        # the class numeral's strokes before 类 lost by the recogniser (Ⅱ as two bars close together)
        n = numeral_strokes(crop)
        value = parse("I" * n + text) if n in (1, 2) else None
    if value is None:
        return undecided
    conf = sum(ln.conf for ln in result.lines) / max(len(result.lines), 1)
    return value, conf


def numeral_strokes(crop: np.ndarray) -> int:
    """How many upright strokes (the bars of Ⅰ / Ⅱ) stand before the crop's first wide glyph: runs of
    inked columns narrower than ``stroke_max_width`` of the ink's height and at least
    ``stroke_min_height`` of it tall; 0 when the crop starts with a wide glyph or holds no ink."""
    cfg = section("checkbox")
    bw = ink_mask(to_grey(crop)) > 0
    rows = np.flatnonzero(bw.any(axis=1))
    if rows.size == 0:
        return 0
    h = rows[-1] - rows[0] + 1
    cols = bw.any(axis=0)
    n, x = 0, 0
    while x < cols.size:
        if not cols[x]:
            x += 1
            continue
        start = x
        while x < cols.size and cols[x]:
            x += 1
        seg = bw[:, start:x]
        tall = np.flatnonzero(seg.any(axis=1))
        if x - start > cfg["stroke_max_width"] * h:
            return n
        if tall.size and tall[-1] - tall[0] + 1 >= cfg["stroke_min_height"] * h:
            n += 1
    return n


__all__ = ["Box", "find_boxes", "numeral_strokes", "read_ticked", "ticked"]
