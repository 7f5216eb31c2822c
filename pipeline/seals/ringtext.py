"""Read a seal's text: unwrap the ring of a round/oval seal to a strip, read a rectangle's lines.

    read_seal_text(crop, cand, mode, cfg, engine, enough) -> SealText(text, confidence)

OCR goes through the project's engine registry (pipeline.ocr.registry), recogniser only
(``region_hint="line"``: no page detection), so no OCR tool is imported here.

- Ink first: on colour scans the red channel's contrast (print drops out), or (``luma``, the re-read of
  a seal whose words named neither kind) the green channel where that hue is; on grey scans
  with pale seal ink the black print is turned to paper (``ringtext.lift_print``); b/w as is.
- Round and oval seals: the ellipse is turned to its axes and stretched to a circle, then
  polar-unwrapped (``cv2.warpPolar``) into a strip that starts in the widest gap of the ring
  text wherever the page put it (rotation-free). The centre (学分验证章, 继续教育专用章) is read
  as straight lines, both ways up. A fitted outline can sit inside the true border (grey
  scans), so when the first strip says too little, rings at ``ringtext.retry_scales`` of the
  radius are read too.
- Rectangles (and bars): deskewed long side horizontal, split into its lines of text by
  the ink's row profile, each line read both ways up (the better-read way is kept).

Views are read in order until ``enough(text so far)`` says the text decides the seal's kind,
which keeps the stage's OCR to one or two recogniser calls for a legible seal.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from .geometry import Candidate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SealText:
    text: str  # '' when nothing legible
    confidence: float | None  # mean recogniser confidence of the lines kept, by characters


def _ink(gray: np.ndarray) -> np.ndarray:
    _, m = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return m


INK_STEP = 20  # a channel this far above the others is ink (paper and grey print: within a few steps)


def seal_ink_gray(crop: np.ndarray, mode: str, cfg: dict | None = None, cand: Candidate | None = None,
                  luma: bool = False) -> np.ndarray:
    """A grey image where seal ink is dark: red-ward contrast on colour pages; on grey pages
    (``cfg`` given) the black print lifted to paper, the seal's lighter grey kept; plain grey else.

    Seal ink is any hue from orange-red to violet (the detector's red mask is Lab a* > 0): red ink's
    red channel stands above both others, violet ink's red and blue channels both stand above green
    (R ~ B, so red over max(G, B) alone leaves a violet seal blank). ``luma``: the strokes drawn from the
    green channel where that hue is (``_strokes_in_hue``). The seal being read (``cand``, in pixels of ``crop``) is seen in its own
    hue, the one most of its border's ink holds: a red seal stamped over a violet one (or the other
    way round) reads without the other's strokes. Black and grey print, blue print and green stay paper."""
    if mode == "colour":
        b, g, r = cv2.split(crop.astype(np.int16))
        red, violet = r - np.maximum(g, b), np.minimum(r, b) - g
        if cand is None:
            redness = np.maximum(red, violet)
        else:  # the hue of the seal's own border (its band from 0.9 to 1.05 of the outline)
            band = np.zeros(crop.shape[:2], np.uint8)
            centre = (int(round(cand.cx)), int(round(cand.cy)))
            cv2.ellipse(band, centre, (max(1, int(cand.a * 1.05)), max(1, int(cand.b * 1.05))), cand.angle, 0, 360,
                        1, -1)
            cv2.ellipse(band, centre, (max(1, int(cand.a * 0.9)), max(1, int(cand.b * 0.9))), cand.angle, 0, 360,
                        0, -1)
            on = band > 0
            reds = int(((red[on] >= INK_STEP) & (red[on] > violet[on])).sum())
            violets = int(((violet[on] >= INK_STEP) & (violet[on] > red[on])).sum())
            redness = red if reds >= violets else violet
        if luma and cfg is not None:
            return _strokes_in_hue(g, redness, cfg)
        redness = np.clip(redness, 0, 255).astype(np.uint8)
        return 255 - cv2.normalize(redness, None, 0, 255, cv2.NORM_MINMAX)
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    if mode == "grey" and cfg is not None:
        paper = float(np.percentile(gray, 90))
        black = (gray < paper - float(cfg["lift_print"])).astype(np.uint8)
        if cand is not None and _black_border(gray, cand, paper, black, cfg):
            return gray  # a seal as black as print (a photocopied stamp): lifting the print would lift the seal
        black = cv2.dilate(black, np.ones((3, 3), np.uint8))
        gray = np.where(black > 0, np.uint8(paper), gray).astype(np.uint8)
    return gray


def _black_border(gray: np.ndarray, cand: Candidate, paper: float, black: np.ndarray, cfg: dict) -> bool:
    """The seal's own border (its band from 0.9 to 1.05 of the outline) is inked mostly as black as print
    (over ``ringtext.black_border_share`` of its ink)."""
    band = np.zeros(gray.shape, np.uint8)
    centre = (int(round(cand.cx)), int(round(cand.cy)))
    if cand.shape == "rect":
        for f, v in ((1.05, 1), (0.9, 0)):
            box = cv2.boxPoints(((cand.cx, cand.cy), (2 * cand.a * f, 2 * cand.b * f), cand.angle)).astype(np.int32)
            cv2.fillPoly(band, [box], v)
    else:
        cv2.ellipse(band, centre, (max(1, int(cand.a * 1.05)), max(1, int(cand.b * 1.05))), cand.angle, 0, 360, 1, -1)
        cv2.ellipse(band, centre, (max(1, int(cand.a * 0.9)), max(1, int(cand.b * 0.9))), cand.angle, 0, 360, 0, -1)
    ink = (band > 0) & (gray < paper - float(cfg["line_ink_below_paper"]))
    return bool(ink.any()) and float(black[ink].mean()) > float(cfg["black_border_share"])


def _strokes_in_hue(green: np.ndarray, redness: np.ndarray, cfg: dict) -> np.ndarray:
    """The seal's strokes at the scan's full resolution: the green channel (the darkest one of red and violet
    ink) where the seal's hue is (``redness`` at least ``colour_ink_min``, grown by a pixel), paper elsewhere.
    A colour scan keeps its colour at half the resolution of its brightness (JPEG), so the hue alone draws
    the strokes blurred: small pale ring text read as nothing."""
    own = (redness >= float(cfg["colour_ink_min"])).astype(np.uint8)
    own = cv2.dilate(own, np.ones((3, 3), np.uint8)) > 0
    paper = float(np.percentile(green, 90))
    view = np.where(own, np.minimum(green, paper), paper)
    lo = float(np.percentile(view[own], 5)) if own.any() else paper
    if paper - lo < 8:
        return np.full(green.shape, 255, np.uint8)
    return np.clip((view - lo) * 255.0 / (paper - lo), 0, 255).astype(np.uint8)


def _circle(gray: np.ndarray, cand: Candidate, scale: float) -> tuple[np.ndarray, float] | None:
    """The seal turned to its axes and stretched to a circle of radius R, centred in a square image."""
    R = max(cand.a, cand.b) * scale
    if R < 8:
        return None
    m = cv2.getRotationMatrix2D((cand.cx, cand.cy), cand.angle, 1.0)
    size = int(2 * R * 1.15) + 2
    m[0, 2] += size / 2 - cand.cx
    m[1, 2] += size / 2 - cand.cy
    sx, sy = R / max(cand.a * scale, 1e-6), R / max(cand.b * scale, 1e-6)
    m = np.diag([sx, sy]) @ m
    m[0, 2] += size / 2 * (1 - sx)
    m[1, 2] += size / 2 * (1 - sy)
    return cv2.warpAffine(gray, m, (size, size), borderValue=255, flags=cv2.INTER_LINEAR), R


def _unwrap(norm: np.ndarray, R: float, cfg: dict) -> tuple[np.ndarray, float]:
    """(strip starting in the widest gap of the ring text, that gap's angle in degrees: image
    coordinates, clockwise from +x, i.e. where the seal's foot is)."""
    size = norm.shape[0]
    n_ang = max(64, int(2 * math.pi * R * 0.78))
    n_rad = max(16, int(R))
    polar = cv2.warpPolar(norm, (n_rad, n_ang), (size / 2, size / 2), R,
                          cv2.WARP_POLAR_LINEAR | cv2.INTER_LINEAR)
    band = polar[:, int(cfg["inner"] * n_rad):int(cfg["outer"] * n_rad)]
    strip = cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)  # column j: polar row j, angle 360 j / n_ang
    ink = _ink(strip).astype(bool)
    lo, hi = cfg["gap_rows"]  # the strip's top rows are the outer radii: ring text, not the centre's
    col = ink[int(lo * ink.shape[0]):int(hi * ink.shape[0])].mean(axis=0) > 0.02
    start = 0
    if col.any() and not col.all():
        doubled = np.concatenate([~col, ~col])
        best_len, best_end, run = 0, 0, 0
        for i, g in enumerate(doubled):
            run = run + 1 if g else 0
            if run > best_len:
                best_len, best_end = run, i
        start = (best_end - best_len // 2) % len(col)
        strip = np.roll(strip, -start, axis=1)
    return strip, 360.0 * start / n_ang


def ring_strip(gray: np.ndarray, cand: Candidate, cfg: dict, scale: float = 1.0) -> np.ndarray | None:
    """The ring text band of a round/oval seal as a horizontal strip (text upright, left to right)."""
    circle = _circle(gray, cand, scale)
    return _unwrap(*circle, cfg)[0] if circle is not None else None


def _gap_down(gray: np.ndarray, cand: Candidate, cfg: dict) -> tuple[np.ndarray, float] | None:
    """The seal stretched to a circle (``_circle``) and turned so that the gap of its ring text points down;
    (image, R)."""
    circle = _circle(gray, cand, 1.0)
    if circle is None:
        return None
    norm, R = circle
    _, gap = _unwrap(norm, R, cfg)
    c = norm.shape[0] / 2
    return cv2.warpAffine(norm, cv2.getRotationMatrix2D((c, c), gap - 90.0, 1.0), norm.shape[::-1],
                          borderValue=255), R


def foot_line(gray: np.ndarray, cand: Candidate, cfg: dict) -> np.ndarray | None:
    """The seal's foot, upright: the line under the centre (学分验证章, 继续医学教育审核章, a serial
    number) that sits in the gap of the ring text. The seal is turned so that gap points down."""
    turned = _gap_down(gray, cand, cfg)
    if turned is None:
        return None
    upright, R = turned
    c = upright.shape[0] / 2
    y0, y1 = (int(c + f * R) for f in cfg["foot_rows"])
    half = int(cfg["foot_half_width"] * R)
    return upright[y0:y1, int(c - half):int(c + half)]


def centre_turned(gray: np.ndarray, cand: Candidate, cfg: dict) -> np.ndarray | None:
    """A round seal's centre (``ringtext.centre_shrink`` of its radius), turned as its ring text stands (the
    gap down): a round outline says nothing of how the seal was turned, so its centre lines (学分验证专用章,
    a band between two rules) lie as the stamp was pressed, 15-40 degrees off on real pages."""
    turned = _gap_down(gray, cand, cfg)
    if turned is None:
        return None
    upright, R = turned
    c = upright.shape[0] / 2
    half = int(float(cfg["centre_shrink"]) * R)
    return upright[int(c - half):int(c + half), int(c - half):int(c + half)]


def deskewed(gray: np.ndarray, cand: Candidate, shrink: float = 1.0) -> np.ndarray | None:
    """The inside of a seal (``shrink`` of its half-axes) turned long side horizontal."""
    a, b, ang = cand.a * shrink, cand.b * shrink, cand.angle
    if b > a:
        a, b, ang = b, a, ang + 90
    w, h = int(2 * a), int(2 * b)
    if w < 8 or h < 8:
        return None
    m = cv2.getRotationMatrix2D((cand.cx, cand.cy), ang, 1.0)
    m[0, 2] += w / 2 - cand.cx
    m[1, 2] += h / 2 - cand.cy
    return cv2.warpAffine(gray, m, (w, h), borderValue=255)


def text_lines(view: np.ndarray, cfg: dict) -> list[np.ndarray]:
    """The lines of text of a deskewed seal, top to bottom: runs of inked rows (borders, which ink
    nearly the whole row, and rows of a few specks left out), each padded a little."""
    # ink: clearly darker than the view's paper (Otsu would split a dark border from pale small text)
    ink = view < float(np.percentile(view, 90)) - float(cfg["line_ink_below_paper"])
    h, w = ink.shape
    margin = max(2, int(cfg["rect_margin"] * h))
    inner = ink[:, margin:w - margin] if w > 2 * margin else ink
    share = inner.mean(axis=1)
    # ...and inked over line_min_rel of the view's text rows (their median): another seal's ring running through the
    # view inks every row a little, joining its lines into one the recogniser reads half of (hw13 唐燕/4.pdf#1)
    texty = share[(share > float(cfg["line_min_ink"])) & (share < float(cfg["line_max_ink"]))]
    least = max(float(cfg["line_min_ink"]),
                float(cfg.get("line_min_rel", 0.0)) * float(np.median(texty)) if texty.size else 0.0)
    rows = (share > least) & (share < float(cfg["line_max_ink"]))
    lines, start = [], None
    min_h = max(4, int(cfg["line_min_height"] * h))
    for y, on in enumerate(np.append(rows, False)):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if y - start >= min_h:
                pad = max(1, (y - start) // 5)
                lines.append(view[max(0, start - pad):min(h, y + pad)])
            start = None
    return lines


def _stretched(view: np.ndarray) -> np.ndarray:
    """Contrast stretched to the view's own ink (2nd percentile) and paper (90th)."""
    lo, hi = np.percentile(view, [2, 90])
    if hi - lo < 8:
        return view
    return np.clip((view.astype(np.float32) - lo) * 255.0 / (hi - lo), 0, 255).astype(np.uint8)


def _recognise(view: np.ndarray, engine, min_score: float) -> list[tuple[str, float]]:
    if view is None or view.size == 0 or min(view.shape[:2]) < 4:
        return []
    result = engine.recognize(cv2.cvtColor(view, cv2.COLOR_GRAY2BGR), region_hint="line")
    return [(line.text, line.conf) for line in result.lines if line.conf >= min_score]


def _upright(view: np.ndarray, engine, min_score: float, sure: float) -> list[tuple[str, float]]:
    """A straight line read both ways up; the way with the higher confidence (by characters) wins.
    A first way read at ``sure`` confidence or more (``ringtext.upright_sure``), two characters at
    least, is kept without reading the other (upside-down text reads garbled, at low confidence)."""
    best: list[tuple[str, float]] = []
    best_score = -1.0
    for v in (view, cv2.rotate(view, cv2.ROTATE_180)):
        got = _recognise(v, engine, min_score)
        score = sum(c * len(t) for t, c in got)
        if score > best_score:
            best, best_score = got, score
        n = sum(len(t) for t, _ in got)
        if n >= 2 and score / n >= sure:
            break
    return best


View = Callable[[], list[tuple[np.ndarray, bool]]]


def _views(gray: np.ndarray, cand: Candidate, cfg: dict) -> Iterator[View]:
    """Ways to see the seal's text, cheapest and likeliest first. Each gives (image, straight):
    a straight line is read both ways up; a polar strip is upright already."""

    def lines(shrink: float) -> list[tuple[np.ndarray, bool]]:
        v = deskewed(gray, cand, shrink)
        # an oblong rect seal's bold lines ink more of their rows than a centre text (a square box may
        # be fitted around a round seal: its centre text as before)
        oblong = max(cand.a, cand.b) > float(cfg["rect_oblong_aspect"]) * min(cand.a, cand.b)
        line_cfg = {**cfg, "line_max_ink": cfg["rect_line_max_ink"]} if oblong else cfg
        if v is None:
            return []
        # pale ink (a grey scan's light seal, its text ~35 below the paper) makes no rows darker than
        # line_ink_below_paper: its lines are split on the view stretched to its own ink (a two-line rect read
        # whole gave 「（）」: the recogniser reads one line; session 15, hs13 赵超刚/1.pdf#4)
        return [(ln, True) for ln in (text_lines(v, line_cfg) or text_lines(_stretched(v), line_cfg))]

    def ring(scale: float) -> list[tuple[np.ndarray, bool]]:
        s = ring_strip(gray, cand, cfg, scale)
        return [(s, False)] if s is not None else []

    if cand.shape == "rect":
        yield lambda: lines(float(cfg["rect_shrink"]))
        # a bar (strip) stamp is one line between its borders: read it whole when no line stood out
        # (pale ink next to a strong seal in the same crop is fainter than line_ink_below_paper)
        if max(cand.a, cand.b) >= float(cfg["bar_min_aspect"]) * min(cand.a, cand.b):
            yield lambda: [(_stretched(v), True)] if (v := deskewed(gray, cand, float(cfg["bar_shrink"]))) \
                is not None else []
        else:
            # a rect seal whose bold lines ink more of their rows than line_max_ink (taken for border
            # rows, so the lines split into fragments): read whole
            yield lambda: [(_stretched(v), True)] if (v := deskewed(gray, cand, float(cfg["rect_shrink"]))) \
                is not None else []
        return
    yield lambda: ring(1.0)
    yield lambda: [(ln, False) for ln in text_lines(f, cfg)] if (f := foot_line(gray, cand, cfg)) is not None \
        and f.size else []  # upright already: cut to its lines, so the recogniser sees the small text large
    yield lambda: lines(float(cfg["centre_shrink"]))
    if cand.shape == "round" and cfg.get("centre_turned"):
        # a round seal turned on the page: its centre lines as its ring text stands
        yield lambda: [(ln, True) for ln in text_lines(v, cfg)] if (v := centre_turned(gray, cand, cfg)) is not None \
            and v.size else []
    for scale in cfg["retry_scales"]:
        yield lambda scale=scale: ring(float(scale))


def read_seal_text(crop: np.ndarray, cand: Candidate, mode: str, cfg: dict, engine,
                   enough: Callable[[str], bool] = lambda _t: False, luma: bool = False) -> SealText:
    """OCR the seal's text (``cand`` in pixels of ``crop``). Views are read until ``enough``.
    ``luma``: colour scans' strokes from the green channel (``seal_ink_gray``)."""
    gray = seal_ink_gray(crop, mode, cfg, cand, luma=luma)
    min_score = float(cfg["min_score"])
    kept: list[tuple[str, float]] = []
    for view in _views(gray, cand, cfg):
        for img, straight in view():
            kept += _upright(img, engine, min_score, float(cfg["upright_sure"])) if straight \
                else _recognise(img, engine, min_score)
        if enough(" ".join(t for t, _ in kept)):
            break
    n = sum(len(t) for t, _ in kept)
    conf = round(sum(c * len(t) for t, c in kept) / n, 3) if n else None
    return SealText(" ".join(t for t, _ in kept), conf)
