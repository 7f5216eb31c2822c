"""Re-reading a certificate's weak fields from their region of the prepared page.

The page pass reads every line once. Some values come out missing or garbled
for reasons local to their region: a lone narrow digit the detector dropped,
an organizer's name under a seal whose ink in a grey scan has the same colour
as text (red suppression cannot lift it there), a code suffix broken on a
thresholded scan. Here such a region is cut out, cleaned and read on its own.
A re-read value is taken only when it parses; otherwise the page pass stands
(unread stays None: nothing is guessed). Tunables: the ``reading`` section of
``pipeline/config/reading.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.extract.certificate import ORG_LABEL_LOOSE, organizer_value
from pipeline.extract.checkboxes import read_ticked
from pipeline.extract.layout import TextLine, text_lines
from pipeline.io.config import section
from pipeline.models import BBox, CertificateFields, OcrResult, Seal
from pipeline.normalize import code_suffix, normalize_text, parse_credits, to_halfwidth
from pipeline.ocr.base import OcrEngine
from pipeline.preprocess import tight_crop, to_grey

_LBL_CREDITS_ONLY = re.compile(r"^\s*学\s*分\s*[:：]?\s*$")
_LBL_ORG = re.compile(r"主办单位|举办单位|发证单位")
# The end of a code and its bracketed suffix, as a tight crop reads it: ``-005([国))``.
_SUFFIX_TAIL = re.compile(r"\d\s*[(（]\s*[\[|]?\s*([^\s()（）\[\]|]{1,2})\s*[)）\]]")


@dataclass(frozen=True)
class PageGeometry:
    """How the prepared (OCR) image was made from the stored page image."""

    stored_height: int
    stored_width: int
    dpi: float
    scale: float = 1.0  # prepared px per stored px
    rotation: int = 0  # degrees clockwise
    skew: float = 0.0  # degrees counter-clockwise (cv2 convention), about the image centre


def to_prepared(box_pt: BBox, geom: PageGeometry) -> BBox:
    """A box in PDF points of the stored page (as seals are given) -> pixels of the prepared image."""
    k = geom.dpi / 72.0 * geom.scale
    h, w = round(geom.stored_height * geom.scale), round(geom.stored_width * geom.scale)
    x0, y0, x1, y1 = (v * k for v in box_pt)
    pts = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]], dtype=np.float64)
    rot = geom.rotation % 360
    if rot == 90:
        pts = np.stack([h - pts[:, 1], pts[:, 0]], axis=1)
        w, h = h, w
    elif rot == 180:
        pts = np.stack([w - pts[:, 0], h - pts[:, 1]], axis=1)
    elif rot == 270:
        pts = np.stack([pts[:, 1], w - pts[:, 0]], axis=1)
        w, h = h, w
    if geom.skew:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), geom.skew, 1.0)
        pts = pts @ m[:, :2].T + m[:, 2]
    return (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))


def seal_boxes(seals: Sequence[Seal], geom: PageGeometry) -> list[tuple[str, BBox]]:
    """(kind, box in prepared pixels) of every seal."""
    return [(s.kind, to_prepared(s.bbox, geom)) for s in seals]


def _overlap_y(a: BBox, b: BBox) -> float:
    return min(a[3], b[3]) - max(a[1], b[1])


def _overlap_x(a: BBox, b: BBox) -> float:
    return min(a[2], b[2]) - max(a[0], b[0])


def _ring_mask(shape: tuple[int, int], box: BBox, inner: float) -> np.ndarray:
    """The band of the ellipse inscribed in ``box`` between ``inner`` and 1 of its radii."""
    h, w = shape
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    rx, ry = max((box[2] - box[0]) / 2, 1.0), max((box[3] - box[1]) / 2, 1.0)
    ys, xs = np.ogrid[:h, :w]
    r = np.sqrt(((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2)
    return (r >= inner) & (r <= 1.0)


def lift_seal_ink(image: np.ndarray, boxes: Sequence[BBox], text_region: BBox | None = None) -> np.ndarray:
    """Grey copy of ``image`` with the seal ink inside ``boxes`` turned to paper, by intensity.

    In a grey scan a seal often prints lighter than text. The seal's ink level is
    read on its ring (the outer band of the box's ellipse), the text level on the
    ink outside the seals in ``text_region`` (else the page); when they differ enough, inside the box text
    level -> black, just under the ink level and lighter -> paper, linear in
    between (text crossing the ink stays darker than either). A seal as dark as
    the text (a thresholded or dark scan) is left as is.
    """
    cfg = section("reading")
    grey = to_grey(image).copy()
    paper = float(np.percentile(grey, 90))
    inked = grey < paper - cfg["seal_lift_min_contrast"]
    outside = inked.copy()
    for box in boxes:
        x0, y0, x1, y1 = (max(round(v), 0) for v in box)
        outside[y0:y1, x0:x1] = False
    # the text level where the text is read (scans fade unevenly), else over the page
    near = np.zeros_like(outside)
    if text_region is not None:
        x0, y0, x1, y1 = (max(round(v), 0) for v in text_region)
        near[y0:y1, x0:x1] = outside[y0:y1, x0:x1]
    if np.count_nonzero(near) >= cfg["seal_lift_min_pixels"]:
        outside = near
    elif np.count_nonzero(outside) < cfg["seal_lift_min_pixels"]:
        return grey
    text_level = float(np.percentile(grey[outside], cfg["seal_lift_text_percentile"]))
    for box in boxes:
        x0, y0, x1, y1 = (round(v) for v in box)
        x0, y0 = max(x0, 0), max(y0, 0)
        x1, y1 = min(x1, grey.shape[1]), min(y1, grey.shape[0])
        if x1 <= x0 or y1 <= y0:
            continue
        cell = grey[y0:y1, x0:x1]
        ring = _ring_mask(cell.shape, (box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0),
                          cfg["seal_lift_ring_inner"]) & inked[y0:y1, x0:x1]
        if np.count_nonzero(ring) < cfg["seal_lift_min_pixels"]:
            continue
        ink_level = float(np.median(cell[ring]))
        if ink_level - text_level < cfg["seal_lift_min_separation"]:
            continue  # the seal prints as dark as the text: nothing to tell it by
        cut = text_level + cfg["seal_lift_cut"] * (ink_level - text_level)
        stretched = (cell.astype(np.float32) - text_level) / max(cut - text_level, 1.0)
        cell[:] = (np.clip(stretched, 0.0, 1.0) * paper).astype(np.uint8)
    return grey


def _median_height(lines: list[TextLine]) -> float:
    hs = sorted(ln.box[3] - ln.box[1] for ln in lines)
    return float(hs[len(hs) // 2]) if hs else 0.0


def _read_line(engine: OcrEngine, crop: np.ndarray) -> tuple[str, float] | None:
    crop = tight_crop(crop) if crop.size else None
    if crop is None:
        return None
    result = engine.recognize(crop, region_hint="line")
    if not result.lines:
        return None
    text = "".join(ln.text for ln in result.lines)
    conf = sum(ln.conf for ln in result.lines) / len(result.lines)
    return text, conf


def _credits_label_only(text: str) -> bool:
    """The line is one credits label and nothing else (学分额度, 计予分数: the vocabulary's words and heads)."""
    from pipeline.extract.candidates import Cell, _label_only

    held = _label_only(Cell(text, 0.0, 1.0))
    return held is not None and len(held) == 1 and held[0][0].field == "credits"


def fill_credits(fields: CertificateFields, lines: list[TextLine], image: np.ndarray, engine: OcrEngine) -> None:
    """A credits label (``学分``, ``学分额度``) alone on its row means the detector dropped the value (a
    lone narrow digit): the region right of the label is recognised on its own in digits mode."""
    if fields.credits is not None:
        return
    cfg = section("reading")
    for line in lines:
        if not (_LBL_CREDITS_ONLY.match(line.text) or _credits_label_only(line.text)):
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


def fill_organizer(fields: CertificateFields, lines: list[TextLine], fragments: list[TextLine], image: np.ndarray,
                   engine: OcrEngine, seals: Sequence[tuple[str, BBox]], *, colour: bool) -> None:
    """The organizer's row re-read with the seal ink over it lifted, when a seal covers the row
    (grey and bw scans; on colour ones red suppression already lifted it) or no organizer was read.

    With the label found, its row is read as one line; without it (the detector lost the row
    under the seal), the band beside and under each organizer seal is read with detection.
    A seal printed as dark as the text cannot be lifted: the row is then read as it is and with
    the organizer seals' rings painted out, and those reads become ``alternatives`` (taken only
    when one names an organizer the credit system knows: ``pipeline/vocabulary.py``)."""
    if not seals or (fields.organizer is not None and colour):
        return
    line_h = _median_height(fragments)  # per fragment: a merged row's box spans all its fragments
    if line_h <= 0:
        return
    # the label's own fragment (a merged row's box also spans ring text above or below it)
    label = next((ln for ln in fragments if _LBL_ORG.search(ln.text)), None)
    if label is not None:
        reread = _reread_labelled_row(fields, lines, label, line_h, image, engine, seals, colour=colour)
    elif fields.organizer is None:
        reread = _reread_beside_seals(line_h, image, engine, seals, colour=colour)
    else:
        return
    if reread is None:
        return
    (value, conf), alternatives = reread
    _keep_alternatives(fields, alternatives)
    cfg = section("reading")
    if value is None:
        return
    if fields.organizer is None or conf >= fields.confidence.get("organizer", 0.0) - cfg["reread_margin"]:
        fields.organizer = value
        fields.confidence["organizer"] = round(min(conf, 1.0) * cfg["reread_conf_factor"], 3)


_Reread = tuple[tuple[str | None, float], list[tuple[str | None, float]]]  # (value, conf), alternatives


def _reread_labelled_row(fields: CertificateFields, lines: list[TextLine], label: TextLine, line_h: float,
                         image: np.ndarray, engine: OcrEngine, seals: Sequence[tuple[str, BBox]], *,
                         colour: bool) -> _Reread | None:
    """The label's row as one line; None when the organizer was read and no seal covers its row."""
    cfg = section("reading")
    boxes = [b for _k, b in seals]
    row = next((ln for ln in lines if _LBL_ORG.search(ln.text)), label)
    covered = any(_overlap_y(row.box, b) > 0 and _overlap_x(row.box, b) > 0 for b in boxes)
    if fields.organizer is not None and not covered:
        return None
    cy = (label.box[1] + label.box[3]) / 2
    half = line_h * (0.5 + cfg["region_pad"])
    x0 = label.box[0] - line_h * cfg["region_pad"]
    x1 = max([row.box[2]] + [b[2] for b in boxes if b[1] - half < cy < b[3] + half]) + line_h
    band = (x0, cy - half, x1, cy + half)
    got = _read_band(image, band, boxes, engine, lift=not colour)
    alternatives: list[tuple[str | None, float]] = []
    if got is None and not colour:  # a seal as dark as the text
        rings = [b for k, b in seals if k == "organizer"]
        for erase in ((), rings):
            alt = _read_band(image, band, boxes, engine, lift=False, erase=erase)
            alternatives.append((organizer_value(alt[0], ORG_LABEL_LOOSE), alt[1]) if alt else (None, 0.0))
    value = organizer_value(got[0]) if got else None
    return (value, got[1] if got else 0.0), alternatives


def _reread_beside_seals(line_h: float, image: np.ndarray, engine: OcrEngine, seals: Sequence[tuple[str, BBox]],
                         *, colour: bool) -> _Reread:
    """The band beside and under each organizer seal, read with detection, until one names an organizer."""
    cfg = section("reading")
    boxes = [b for _k, b in seals]
    rings = [b for k, b in seals if k == "organizer"]
    alternatives: list[tuple[str | None, float]] = []
    for b in rings:
        width = b[2] - b[0]
        region = (b[0] - cfg["organizer_seal_left"] * width, b[1], b[2] + line_h, b[3])
        value, conf = _detect_organizer(image, region, boxes, engine, lift=not colour)
        if value:
            return (value, conf), alternatives
        if not colour:  # nothing read with the seal lifted (or it could not be): its ring painted out
            alternatives.append(_detect_organizer(image, region, boxes, engine, lift=False, erase=rings,
                                                  label=ORG_LABEL_LOOSE))
    return (None, 0.0), alternatives


def _keep_alternatives(fields: CertificateFields, alternatives: list[tuple[str | None, float]]) -> None:
    """Distinct alternative reads of the organizer (the best confidence of each), other than its value."""
    found: dict[str, float] = {}
    for text, conf in alternatives:
        if text and text != fields.organizer:
            found[text] = max(found.get(text, 0.0), round(conf, 3))
    if found:
        fields.alternatives["organizer"] = list(found.items())


def _clip(image: np.ndarray, box: BBox) -> tuple[int, int, int, int] | None:
    h, w = image.shape[:2]
    x0, y0 = max(int(box[0]), 0), max(int(box[1]), 0)
    x1, y1 = min(int(box[2]), w), min(int(box[3]), h)
    return (x0, y0, x1, y1) if x1 - x0 >= 4 and y1 - y0 >= 4 else None


def _erase_rings(grey: np.ndarray, rings: Sequence[BBox], origin: tuple[int, int] = (0, 0)) -> np.ndarray:
    """A copy of ``grey`` (whose top-left pixel sits at ``origin`` of the page) with the band of each
    seal's ring (the ellipse inscribed in its page box, from ``ring_erase_inner`` to
    ``ring_erase_outer`` of its radii) turned to paper."""
    cfg = section("reading")
    inner, outer = cfg["ring_erase_inner"], cfg["ring_erase_outer"]
    ox, oy = origin
    grey = grey.copy()
    for b in rings:
        cx, cy = (b[0] + b[2]) / 2 - ox, (b[1] + b[3]) / 2 - oy
        rx, ry = (b[2] - b[0]) / 2 * outer, (b[3] - b[1]) / 2 * outer
        grey[_ring_mask(grey.shape, (cx - rx, cy - ry, cx + rx, cy + ry), inner / outer)] = 255
    return grey


def _lifted(image: np.ndarray, region: tuple[int, int, int, int], seal_boxes: Sequence[BBox], lift: bool,
            erase: Sequence[BBox] = ()) -> np.ndarray | None:
    """The region as BGR with the seal ink over it lifted; None when ``lift`` and no seal ink
    could be lifted there (a seal as dark as the text: evaluation on thresholded scans found a
    re-read of such a row no better than the page pass, and often a wrong value for a null).
    ``erase`` (only without ``lift``): seal boxes whose rings are painted out of the region."""
    x0, y0, x1, y1 = region
    grey = to_grey(image)
    if lift:
        near = [b for b in seal_boxes if _overlap_x(b, region) > 0 and _overlap_y(b, region) > 0]
        lifted = lift_seal_ink(grey, near, region) if near else grey
        if np.array_equal(lifted[y0:y1, x0:x1], grey[y0:y1, x0:x1]):
            return None
        grey = lifted
    crop = grey[y0:y1, x0:x1]
    if erase:
        crop = _erase_rings(crop, erase, origin=(x0, y0))
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def _detect_organizer(image: np.ndarray, region: BBox, seal_boxes: Sequence[BBox], engine: OcrEngine, *,
                      lift: bool, erase: Sequence[BBox] = (), label: re.Pattern[str] | None = None
                      ) -> tuple[str | None, float]:
    clipped = _clip(image, region)
    if clipped is None:
        return None, 0.0
    crop = _lifted(image, clipped, seal_boxes, lift, erase)
    if crop is None:
        return None, 0.0
    result = engine.recognize(crop, region_hint="block")
    for ln in text_lines(result):
        value = organizer_value(ln.text, label) if label else organizer_value(ln.text)
        if value:
            return value, ln.conf
    return None, 0.0


def _read_band(image: np.ndarray, band: BBox, seal_boxes: Sequence[BBox], engine: OcrEngine, *,
               lift: bool, erase: Sequence[BBox] = ()) -> tuple[str, float] | None:
    """One text row (``band``, prepared px) read on its own, the seal ink over it lifted
    (``erase``: seal boxes whose rings are painted out first)."""
    clipped = _clip(image, band)
    if clipped is None:
        return None
    crop = _lifted(image, clipped, seal_boxes, lift, erase)
    if crop is None:
        return None
    got = _read_line(engine, crop)
    return (normalize_text(got[0]), got[1]) if got else None


def _width_units(text: str) -> float:
    """A text's printed width in CJK character widths (Latin, digits and ASCII marks: half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def fill_code_suffix(fields: CertificateFields, fragments: list[TextLine], image: np.ndarray,
                     engine: OcrEngine) -> None:
    """A code read without its suffix (``(国)``/``(省)``/``(市)`` lost or garbled on a thresholded
    scan): the few characters after its serial, located by character widths on the code's line,
    are read on their own. Only a known suffix is added."""
    code = fields.project_code
    if not code or code.endswith(")"):
        return
    cfg = section("reading")
    serial = code.rsplit("-", 1)[-1]
    for ln in fragments:
        text = to_halfwidth(ln.text)
        m = re.search(rf"[-—]\s*{serial}(?!\d)", text)
        if not m:
            continue
        x0, y0, x1, y1 = ln.box
        per = (x1 - x0) / max(_width_units(text), 1.0)  # one CJK character's width
        end = x0 + _width_units(text[:m.end()]) * per
        pad = cfg["region_pad"] * (y1 - y0)
        box = (end - cfg["suffix_before"] * per, y0 - pad, end + cfg["suffix_after"] * per, y1 + pad)
        clipped = _clip(image, box)
        if clipped is None:
            return
        cx0, cy0, cx1, cy1 = clipped
        got = _read_line(engine, image[cy0:cy1, cx0:cx1])
        if got is None:
            return
        tail = _SUFFIX_TAIL.search(to_halfwidth(got[0]))
        suffix = code_suffix(tail.group(1)) if tail else None
        if suffix:
            fields.project_code = f"{code}({suffix})"
            conf = min(fields.confidence.get("project_code", 1.0), got[1]) * cfg["reread_conf_factor"]
            fields.confidence["project_code"] = round(conf, 3)
        return


def reread(fields: CertificateFields, result: OcrResult, image: np.ndarray, engine: OcrEngine, *,
           seals: Sequence[tuple[str, BBox]] = (), colour: bool = False) -> None:
    """Every region re-read the page needs (see the module doc); ``seals`` in prepared pixels;
    ``colour``: the page's seal ink was red and has been suppressed already."""
    lines = text_lines(result)
    fragments = [TextLine(normalize_text(ln.text), ln.box, ln.conf) for ln in result.lines if ln.text.strip()]
    fill_credits(fields, lines, image, engine)
    fill_code_suffix(fields, fragments, image, engine)
    fill_organizer(fields, lines, fragments, image, engine, seals, colour=colour)
    read_ticked(fields, fragments, image, engine)
