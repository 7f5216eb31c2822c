"""Seal outline candidates: where a round, oval or rectangular seal border might be.

Works on a binary ink mask (uint8 0/255) of the downscaled page. Candidates
come from three sources, each cheap: Hough circles (round seals, also when cut
by the page edge or overlapped), holes of the mask (the paper inside a closed
border: ovals and rectangles), and outer blob contours split at deep convexity
defects (two overlapping seals in a colour mask).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass
class Candidate:
    shape: str  # round | oval | rect
    cx: float
    cy: float
    a: float  # half width (pixels, before rotation)
    b: float  # half height
    angle: float  # degrees
    source: str = ""
    score: float = 0.0  # probability that this is a seal
    fit: float = 0.0  # how well the outline lies on ink (ranks shapes of one seal)

    def unit_outline(self, n: int = 144) -> np.ndarray:
        """n points (x, y) on the outline relative to the centre, unrotated, scale 1."""
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        c, s = np.cos(t), np.sin(t)
        if self.shape == "rect":
            m = np.maximum(np.abs(c) / self.a, np.abs(s) / self.b)
            return np.stack([c / m, s / m], axis=1)
        return np.stack([self.a * c, self.b * s], axis=1)

    def outlines(self, scales: np.ndarray, n: int = 144) -> np.ndarray:
        """Points on the outline scaled by each of `scales` about the centre: (len(scales), n, 2)."""
        base = self.unit_outline(n)
        r = math.radians(self.angle)
        rot = np.array([[math.cos(r), math.sin(r)], [-math.sin(r), math.cos(r)]])
        pts = np.asarray(scales, dtype=np.float64)[:, None, None] * (base @ rot)[None, :, :]
        return pts + np.array([self.cx, self.cy])

    def outline(self, scale: float = 1.0, n: int = 144) -> np.ndarray:
        """n points (x, y) on the outline scaled by `scale` about the centre."""
        return self.outlines(np.array([scale]), n)[0]

    def bbox(self, width: int, height: int) -> tuple[float, float, float, float]:
        pts = self.outline(1.0, 72)
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        return (max(0.0, float(x0)), max(0.0, float(y0)), min(float(width), float(x1)), min(float(height), float(y1)))


def _intersection(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return ix * iy


def iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    inter = _intersection(a, b)
    ua = _area(a) + _area(b) - inter
    return inter / ua if ua > 0 else 0.0


def overlap_of_smaller(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The share of the smaller box that the two boxes have in common."""
    smaller = min(_area(a), _area(b))
    return _intersection(a, b) / smaller if smaller > 0 else 0.0


def remove_long_lines(mask: np.ndarray, length_px: int, *, keep_thick: int = 0) -> np.ndarray:
    """Drop straight horizontal/vertical strokes at least `length_px` long (table rules, underlines).

    keep_thick > 0 keeps strokes at least that many pixels thick (a seal's border), removing
    only thin rules.
    """
    length_px = max(5, int(length_px))
    h = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length_px, 1)))
    v = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length_px)))
    if keep_thick > 0:
        h = cv2.subtract(h, cv2.morphologyEx(h, cv2.MORPH_OPEN, np.ones((keep_thick, 1), np.uint8)))
        v = cv2.subtract(v, cv2.morphologyEx(v, cv2.MORPH_OPEN, np.ones((1, keep_thick), np.uint8)))
    return cv2.subtract(mask, cv2.bitwise_or(h, v))


def _fit(points: np.ndarray, source: str) -> list[Candidate]:
    """Ellipse and rotated-rectangle fits of a point set (N x 2)."""
    out: list[Candidate] = []
    if len(points) < 6:
        return out
    pts = points.astype(np.float32).reshape(-1, 1, 2)
    (cx, cy), (w, h), ang = cv2.fitEllipse(pts)
    if w > 0 and h > 0 and np.isfinite([cx, cy, w, h]).all():
        shape = "round" if min(w, h) / max(w, h) > 0.88 else "oval"
        if shape == "round":
            r = (w + h) / 4
            out.append(Candidate("round", cx, cy, r, r, 0.0, source))
        else:
            out.append(Candidate("oval", cx, cy, w / 2, h / 2, ang, source))
    (rx, ry), (rw, rh), rang = cv2.minAreaRect(pts)
    if rw > 0 and rh > 0:
        out.append(Candidate("rect", rx, ry, rw / 2, rh / 2, rang, source))
    return out


def hough_candidates(mask: np.ndarray, r_min: float, r_max: float, cfg: dict) -> list[Candidate]:
    blur = cv2.GaussianBlur(mask, (5, 5), 1.2)
    circles = cv2.HoughCircles(blur, cv2.HOUGH_GRADIENT_ALT, dp=cfg["hough_dp"], minDist=max(4.0, r_min * 0.5),
                               param1=cfg["hough_param1"], param2=cfg["hough_param2"],
                               minRadius=int(r_min), maxRadius=int(r_max))
    if circles is None:
        return []
    return [Candidate("round", float(x), float(y), float(r), float(r), 0.0, "hough") for x, y, r in circles[0]]


def stretched_hough_candidates(mask: np.ndarray, aspect: float, r_min: float, r_max: float,
                               cfg: dict) -> list[Candidate]:
    """Ovals with a horizontal major axis (height = aspect x width) become circles when the
    mask is stretched vertically by 1/aspect: Hough finds them even when the border is dotted."""
    h, w = mask.shape
    stretched = cv2.resize(mask, (w, int(round(h / aspect))), interpolation=cv2.INTER_LINEAR)
    out = []
    for c in hough_candidates(stretched, r_min, r_max, cfg):
        out.append(Candidate("oval", c.cx, c.cy * aspect, c.a, c.a * aspect, 0.0, "hough_oval"))
    return out


def refine(mask: np.ndarray, cand: Candidate, band: float = 0.12, min_points: int = 30) -> Candidate:
    """Refit an ellipse (or rectangle) to the ink lying near the candidate's outline."""
    r = max(cand.a, cand.b) * (1 + band) + 2
    h, w = mask.shape
    x0, y0 = max(0, int(cand.cx - r)), max(0, int(cand.cy - r))
    x1, y1 = min(w, int(cand.cx + r) + 1), min(h, int(cand.cy + r) + 1)
    ys, xs = np.nonzero(mask[y0:y1, x0:x1])
    if len(xs) < min_points:
        return cand
    px, py = xs + x0 - cand.cx, ys + y0 - cand.cy
    t = math.radians(cand.angle)
    u = px * math.cos(t) + py * math.sin(t)
    v = -px * math.sin(t) + py * math.cos(t)
    if cand.shape == "rect":
        rho = np.maximum(np.abs(u) / cand.a, np.abs(v) / cand.b)
    else:
        rho = np.sqrt((u / cand.a) ** 2 + (v / cand.b) ** 2)
    near = np.abs(rho - 1) < band
    if near.sum() < min_points:
        return cand
    pts = np.stack([xs[near] + x0, ys[near] + y0], axis=1)
    fits = [c for c in _fit(pts, cand.source) if c.shape == cand.shape or
            (cand.shape != "rect" and c.shape != "rect")]
    return fits[0] if fits else cand


def hole_candidates(mask: np.ndarray, d_min: float, d_max: float) -> list[Candidate]:
    """Holes (paper enclosed by ink) of seal size: the inside of a closed seal border."""
    framed = mask.copy()
    framed[0, :] = framed[-1, :] = 255  # close borders cut by the page edge
    framed[:, 0] = framed[:, -1] = 255
    contours, hierarchy = cv2.findContours(framed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    out: list[Candidate] = []
    if hierarchy is None:
        return out
    for cnt, hier in zip(contours, hierarchy[0]):
        if hier[3] < 0:  # an outer boundary, not a hole
            continue
        x, y, w, h = cv2.boundingRect(cnt)
        if max(w, h) > d_max or max(w, h) < d_min * 0.6:
            continue
        hull = cv2.convexHull(cnt)
        out.extend(_fit(hull.reshape(-1, 2), "hole"))  # the border's inner edge; snapped outward later
    return out


def blob_candidates(mask: np.ndarray, d_min: float, d_max: float, cfg: dict, *,
                    nested: bool = False) -> list[Candidate]:
    """Outer contours of ink blobs (colour masks), split where two seals overlap.

    nested: also blobs lying inside another blob's hole (a seal inside a page frame)."""
    if nested:
        found, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
        contours = [c for c, h in zip(found, hierarchy[0])
                    if h[3] < 0] if hierarchy is not None else []
    else:
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    out: list[Candidate] = []
    for cnt in contours:
        x, y, w, h = cv2.boundingRect(cnt)
        if max(w, h) < d_min * 0.6 or max(w, h) > d_max * 2.2 or len(cnt) < 20:
            continue
        pts = cnt.reshape(-1, 2)
        out.extend(_fit(cv2.convexHull(cnt).reshape(-1, 2), "blob"))
        hull_idx = cv2.convexHull(cnt, returnPoints=False)
        try:
            defects = cv2.convexityDefects(cnt, hull_idx)
        except cv2.error:
            defects = None
        if defects is None:
            continue
        size = max(w, h)
        deep = sorted(int(d[2]) for d in defects.reshape(-1, 4) if d[3] / 256.0 > cfg["defect_depth"] * size)
        if len(deep) < 2:
            continue
        cuts = deep + [deep[0] + len(pts)]
        doubled = np.concatenate([pts, pts])
        for s, e in zip(cuts[:-1], cuts[1:]):
            arc = doubled[s:e]
            if len(arc) >= cfg["min_arc_share"] * len(pts):
                out.extend(_fit(arc, "arc"))
    return out


def outline_area(c: Candidate) -> float:
    """The area inside the outline itself (not its box): 4ab for a rect, pi ab for an ellipse."""
    return 4.0 * c.a * c.b if c.shape == "rect" else math.pi * c.a * c.b


def _area(b: tuple[float, float, float, float]) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _inside_share(inner: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> float:
    return _intersection(inner, outer) / max(_area(inner), 1e-6)


def nms(cands: list[Candidate], width: int, height: int, thr: float, *, contain: float = 0.9,
        fit_ratio: float = 0.7, nested: float = 1.01, bar_aspect: float | None = None) -> list[Candidate]:
    """One outline per seal: best (score + fit) first; a clearly larger outline that contains a
    kept one and lies nearly as well on ink replaces it (an oval beats the circle inscribed in it,
    a whole seal beats the crescent left by an overlapping one). A smaller outline lying at least
    `nested` inside a kept one is a part of that seal (its ring text, star, inner border), not a
    second seal: overlapping seals are offset by far more than that. So is a bar (a rect
    ``bar_aspect`` times as long as tall) lying that much inside a larger rect, whatever the order
    they were kept in: a rect seal's border and a line of its text pair up as a bar's two sides.
    (Not inside a round or oval seal: a bar stamped across one is a seal of its own.)"""
    kept: list[Candidate] = []
    boxes: list[tuple[float, float, float, float]] = []
    for c in sorted(cands, key=lambda c: -(c.score + c.fit)):
        bb = c.bbox(width, height)
        clash = [i for i, kb in enumerate(boxes) if iou(bb, kb) > thr]
        if not clash:
            if any(_inside_share(bb, kb) >= nested and _area(kb) > _area(bb) for kb in boxes):
                continue
            kept.append(c)
            boxes.append(bb)
            continue
        if len(clash) == 1:
            i = clash[0]
            # clearly larger by the outline's own area: a rect turned 45 degrees has a box half again its size
            # (a square fitted inside a round seal's ring replaced the circle and read nothing)
            if (_inside_share(boxes[i], bb) >= contain and outline_area(c) > 1.15 * outline_area(kept[i])
                    and c.fit >= fit_ratio * kept[i].fit):
                kept[i], boxes[i] = c, bb
        elif all(_inside_share(boxes[i], bb) >= contain for i in clash) and \
                c.fit >= fit_ratio * max(kept[i].fit for i in clash):
            # one seal seen whole beats the pieces a printed row across it cut it into
            # (two half-ovals above and below the organizer's row, each taken for a 落地章)
            for i in sorted(clash, reverse=True):
                del kept[i], boxes[i]
            kept.append(c)
            boxes.append(bb)
    if bar_aspect is not None:  # whatever the order they were kept in
        kept = [k for k, kb in zip(kept, boxes) if not _is_bar_shaped(k, bar_aspect) or not any(
            o.shape == "rect" and not _is_bar_shaped(o, bar_aspect)
            and _inside_share(kb, ob) >= nested and _area(ob) > _area(kb)
            for o, ob in zip(kept, boxes) if o is not k)]
    return kept


def _is_bar_shaped(c: Candidate, aspect: float) -> bool:
    return c.shape == "rect" and min(c.a, c.b) > 0 and max(c.a, c.b) >= aspect * min(c.a, c.b)


def extended_sides(mask: np.ndarray, cand: Candidate, px_per_mm: float, *, ext_mm: tuple[float, float],
                   min_cover: float, clear_mm: float = 1.2, max_clear: float = 0.3, band_fill: float = 0.9,
                   stop_at: int = 4) -> int:
    """How many sides of a rectangular outline carry on as ruled lines past its corners.

    A seal's border ends at its corners; a table cell's sides are rules that run on
    into the next cells. Each side is sampled along its own line from ext_mm[0] to
    ext_mm[1] beyond both corners (one pixel either side of the line, so a slightly
    skewed rule still counts); a side extends when either end is inked over min_cover
    while the parallels clear_mm either side are inked under max_clear (a thin rule,
    not a line of printed text running past the seal), or one is and the other is inked over
    band_fill (the edge of a shaded band: the cells under a grey header band are no rect seals).
    Counting stops at ``stop_at`` sides.
    """
    if cand.shape != "rect":
        return 0
    t = math.radians(cand.angle)
    ux, uy = math.cos(t), math.sin(t)  # the rect's own x axis (as in Candidate.outlines)
    vx, vy = -math.sin(t), math.cos(t)
    h, w = mask.shape
    steps = np.arange(ext_mm[0], ext_mm[1] + 1e-9, 0.5) * px_per_mm
    n = 0
    # (half length along, axis along, offset across, axis across) for the four sides
    sides = [(cand.a, (ux, uy), s * cand.b, (vx, vy)) for s in (-1, 1)]
    sides += [(cand.b, (vx, vy), s * cand.a, (ux, uy)) for s in (-1, 1)]
    clear = clear_mm * px_per_mm

    def inked(d: np.ndarray, across: float, ax: float, ay: float, bx: float, by: float):
        x = cand.cx + ax * d + bx * across
        y = cand.cy + ay * d + by * across
        xi, yi = np.rint(x).astype(np.intp), np.rint(y).astype(np.intp)
        ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
        return ok & (mask[np.clip(yi, 0, h - 1), np.clip(xi, 0, w - 1)] > 0), ok

    for half, (ax, ay), off, (bx, by) in sides:
        extends = False
        for sign in (-1, 1):
            d = sign * (half + steps)
            hit = np.zeros(len(d), dtype=bool)
            inside = np.zeros(len(d), dtype=bool)
            for nudge in (-1.0, 0.0, 1.0):
                got, ok = inked(d, off + nudge, ax, ay, bx, by)
                hit |= got
                inside |= ok
            if inside.sum() < len(d) // 2 or hit[inside].mean() < min_cover:
                continue
            beside = [inked(d, off + s * clear, ax, ay, bx, by)[0][inside].mean() for s in (-1, 1)]
            # a thin rule: paper both sides; or the edge of a shaded band (a banded grid's header, a shaded
            # label column): paper on one side, solid fill on the other (printed text beside a seal is neither)
            if max(beside) < max_clear or (min(beside) < max_clear and max(beside) >= band_fill):
                extends = True
                break
        n += extends
        if n >= stop_at:
            break
    return n
