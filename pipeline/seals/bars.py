"""A bar (strip) stamp found by its two long sides (issue 15).

    side_pair_bars(mask, px_per_mm, cfg) -> [Candidate(shape="rect", source=...)]

A bar's inside is a hole of paper only while its border is whole. Stamped half under a round or
oval seal, or across a printed label, the border breaks and its inside runs out into the other
seal's or the page's paper, so neither hole nor blob outlines find it (a 落地章 bar
under the organizer's round seal in colour, a pale grey bar under a black 继教委验证 label).
Its two long sides still stand: straight strokes, near parallel, a bar's height apart
(``size_mm.bar.short``), over a bar's length together (``size_mm.bar.long``). The candidate is
the rectangle over the union of the two sides; it counts only when both its short ends are inked
too (``candidates.bar_sides.end_cover``): two underlines or table rules one row apart have no
ends. The classifier and the guards then judge it like any other outline.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from .geometry import Candidate


def _segments(mask: np.ndarray, px_per_mm: float, bc: dict, join: bool) -> list[tuple[float, float, float, float]]:
    min_len = float(bc["min_side_mm"]) * px_per_mm
    lines = cv2.HoughLinesP(mask, 1, math.pi / 360, threshold=max(8, int(0.6 * min_len)),
                            minLineLength=int(min_len),
                            maxLineGap=int(float(bc["max_gap_mm_joined" if join else "max_gap_mm"]) * px_per_mm))
    if lines is None:
        return []
    mask01 = (mask > 0).astype(np.float32)
    off = float(bc["stroke_side_mm"]) * px_per_mm
    segs = sorted((tuple(float(v) for v in ln) for ln in lines.reshape(-1, 4)),
                  key=lambda s: -math.hypot(s[2] - s[0], s[3] - s[1]))
    segs = [seg for seg in segs[: 2 * int(bc["max_segments"])] if _is_stroke(mask01, seg, off, bc)]
    segs = segs[: int(bc["max_segments"])]
    if join:
        segs = _joined(segs, float(bc["join_gap_mm"]) * px_per_mm, math.radians(float(bc["angle_tol_deg"])))
    return segs  # type: ignore[return-value]


def _joined(segs: list, gap: float, tol: float) -> list:
    """Pieces of one straight side (broken where a printed label crosses it) joined: on one line
    (within 1.5 px across), parallel within ``tol``, at most ``gap`` apart along it. Longest first."""
    out: list = []
    for seg in segs:
        x0, y0, x1, y1 = seg
        for k, (a0, b0, a1, b1) in enumerate(out):
            ang = math.atan2(b1 - b0, a1 - a0)
            if abs((math.atan2(y1 - y0, x1 - x0) - ang + math.pi / 2) % math.pi - math.pi / 2) > tol:
                continue
            ux, uy = math.cos(ang), math.sin(ang)
            across = [abs((x - a0) * -uy + (y - b0) * ux) for x, y in ((x0, y0), (x1, y1))]
            if max(across) > 1.5:
                continue
            t = sorted([(x - a0) * ux + (y - b0) * uy for x, y in ((x0, y0), (x1, y1))])
            length = math.hypot(a1 - a0, b1 - b0)
            if t[0] > length + gap or t[1] < -gap:
                continue
            lo, hi = min(0.0, t[0]), max(length, t[1])
            out[k] = (a0 + ux * lo, b0 + uy * lo, a0 + ux * hi, b0 + uy * hi)
            break
        else:
            out.append(seg)
    return out


def _along(mask01: np.ndarray, seg: tuple[float, float, float, float], shift: float) -> float:
    """Ink share along the segment moved ``shift`` pixels across it."""
    return float(_along_all(mask01, seg, np.array([shift]))[0])


def _along_all(mask01: np.ndarray, seg: tuple[float, float, float, float], shifts: np.ndarray) -> np.ndarray:
    """Ink share along the segment moved by each of ``shifts`` pixels across it (one pass)."""
    h, w = mask01.shape
    x0, y0, x1, y1 = seg
    n = max(8, int(math.hypot(x1 - x0, y1 - y0)))
    ang = math.atan2(y1 - y0, x1 - x0)
    t = np.linspace(0.0, 1.0, n)[None, :]
    sh = shifts[:, None]
    xi = np.clip(np.rint(x0 + (x1 - x0) * t - math.sin(ang) * sh).astype(np.intp), 0, w - 1)
    yi = np.clip(np.rint(y0 + (y1 - y0) * t + math.cos(ang) * sh).astype(np.intp), 0, h - 1)
    return mask01[yi, xi].mean(axis=1)


def _is_stroke(mask01: np.ndarray, seg: tuple[float, float, float, float], off: float, bc: dict) -> bool:
    """A drawn side: inked along (within a pixel) with paper beside it on one side at least. A row of
    text holds as straight a run of ink, with ink on both sides of it."""
    got = _along_all(mask01, seg, np.array([-1.0, 0.0, 1.0, -off, off]))
    return float(got[:3].max()) >= float(bc["stroke_min_ink"]) and \
        float(got[3:].min()) <= float(bc["stroke_max_beside"])


def _end(mask01: np.ndarray, x0: float, y0: float, ux: float, uy: float, inner: float, outer: float,
         d: float, sign: float, cover: float) -> float | None:
    """Where the bar's short end is: the first line across it, going out from ``inner`` (where both
    sides still run) to ``outer``, inked over ``cover``; None when there is none. The first, not the
    best: a side read on through a round seal over the bar's end would reach that seal's far ring."""
    h, w = mask01.shape
    t = np.linspace(0.1 * d, 0.9 * d, 15)
    for step in np.arange(0.0, abs(outer - inner) + 0.5, 1.0):
        s = inner + sign * step
        xi = np.clip(np.rint(x0 + ux * s - uy * t).astype(np.intp), 0, w - 1)
        yi = np.clip(np.rint(y0 + uy * s + ux * t).astype(np.intp), 0, h - 1)
        if float(mask01[yi, xi].mean()) >= cover:
            return float(s)
    return None


def side_pair_bars(mask: np.ndarray, px_per_mm: float, cfg: dict, source: str = "bar_sides",
                   join: bool = False) -> list[Candidate]:
    """Bar outlines from pairs of long straight sides in ``mask`` (working pixels). ``join``: pieces
    of one side are joined across a gap (a pale mask, where a black label across a side is paper; in
    a red mask the gap is a seal over the bar, and a side joined across it runs on to its far ring)."""
    bar, bc = cfg["size_mm"]["bar"], cfg["candidates"]["bar_sides"]
    segs = _segments(mask, px_per_mm, bc, join)
    if len(segs) < 2:
        return []
    mask01 = (mask > 0).astype(np.float32)
    lo, hi = (float(v) * px_per_mm for v in bar["short"])
    long_lo, long_hi = (float(v) * px_per_mm for v in bar["long"])
    tol = math.radians(float(bc["angle_tol_deg"]))
    out: list[Candidate] = []
    for i, (x0, y0, x1, y1) in enumerate(segs):
        ang = math.atan2(y1 - y0, x1 - x0)
        ux, uy = math.cos(ang), math.sin(ang)
        for x2, y2, x3, y3 in segs[i + 1:]:
            other = math.atan2(y3 - y2, x3 - x2)
            if abs((other - ang + math.pi / 2) % math.pi - math.pi / 2) > tol:
                continue
            # the second side's distance across the first one's direction, and both along it
            d = ((x2 + x3) / 2 - x0) * -uy + ((y2 + y3) / 2 - y0) * ux
            if not lo <= abs(d) <= hi:
                continue
            # paper outside both sides (away from the bar): an inner border and a row of text inside a
            # rect seal pair up too, with the seal's print outside the lower one
            out2 = 1.0 if math.cos(other - ang) > 0 else -1.0
            side = math.copysign(float(bc["stroke_side_mm"]) * px_per_mm, d)
            if max(_along(mask01, (x0, y0, x1, y1), -side),
                   _along(mask01, (x2, y2, x3, y3), out2 * side)) > float(bc["stroke_max_beside"]):
                continue
            t = [((x - x0) * ux + (y - y0) * uy) for x, y in ((x0, y0), (x1, y1), (x2, y2), (x3, y3))]
            a0, a1 = sorted(t[:2])
            b0, b1 = sorted(t[2:])
            overlap = min(a1, b1) - max(a0, b0)
            if overlap < float(bc["min_overlap"]) * min(a1 - a0, b1 - b0):
                continue
            s0, s1 = min(a0, b0), max(a1, b1)
            if not long_lo <= s1 - s0 <= long_hi or s1 - s0 < float(bar["min_aspect"]) * abs(d):
                continue
            reach, cover = float(bc["end_reach_mm"]) * px_per_mm, float(bc["end_cover"])
            start = _end(mask01, x0, y0, ux, uy, max(a0, b0), s0 - reach, d, -1.0, cover)
            end = _end(mask01, x0, y0, ux, uy, min(a1, b1), s1 + reach, d, 1.0, cover)
            if start is None or end is None or not long_lo <= end - start <= long_hi:
                continue
            s0, s1, length = start, end, end - start
            mid = (s0 + s1) / 2
            cx = x0 + ux * mid - uy * d / 2
            cy = y0 + uy * mid + ux * d / 2
            a, b = length / 2, abs(d) / 2
            out.append(Candidate("rect", cx, cy, a, b, math.degrees(ang), source))
    return out


__all__ = ["side_pair_bars"]
