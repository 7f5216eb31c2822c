"""Read a seal's text: unwrap the ring of a round/oval seal to a strip, or deskew a rectangle.

OCR goes through the project's engine registry (pipeline.ocr.registry), in its
one-line mode, so no OCR tool is imported here. Unwrapping is rotation-free:
the strip starts in the widest gap of the ring text, wherever the page put it.
"""

from __future__ import annotations

import logging
import math

import cv2
import numpy as np

from .geometry import Candidate

log = logging.getLogger(__name__)


def _ink(gray: np.ndarray) -> np.ndarray:
    _, m = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return m


def seal_ink_gray(crop: np.ndarray, colour: bool) -> np.ndarray:
    """A grey image where seal ink is dark: red channel contrast on colour pages, plain grey else."""
    if colour:
        b, g, r = cv2.split(crop.astype(np.int16))
        redness = np.clip(r - np.maximum(g, b), 0, 255).astype(np.uint8)
        return 255 - cv2.normalize(redness, None, 0, 255, cv2.NORM_MINMAX)
    return cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)


def ring_strip(gray: np.ndarray, cand: Candidate, cfg: dict) -> np.ndarray | None:
    """The ring text band of a round/oval seal as a horizontal strip (text upright, left to right)."""
    # make the ellipse a circle: rotate to its axes and stretch the minor axis
    R = max(cand.a, cand.b)
    if R < 8:
        return None
    m = cv2.getRotationMatrix2D((cand.cx, cand.cy), cand.angle, 1.0)
    size = int(2 * R * 1.15) + 2
    m[0, 2] += size / 2 - cand.cx
    m[1, 2] += size / 2 - cand.cy
    sx, sy = R / max(cand.a, 1e-6), R / max(cand.b, 1e-6)
    m = np.diag([sx, sy]) @ m
    m[0, 2] += size / 2 * (1 - sx)
    m[1, 2] += size / 2 * (1 - sy)
    norm = cv2.warpAffine(gray, m, (size, size), borderValue=255, flags=cv2.INTER_LINEAR)
    n_ang = max(64, int(2 * math.pi * R * 0.78))
    n_rad = max(16, int(R))
    polar = cv2.warpPolar(norm, (n_rad, n_ang), (size / 2, size / 2), R,
                          cv2.WARP_POLAR_LINEAR | cv2.INTER_LINEAR)
    band = polar[:, int(cfg["inner"] * n_rad):int(cfg["outer"] * n_rad)]
    strip = cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)
    # start at the middle of the widest gap in the text
    ink = _ink(strip).astype(bool)
    inner_rows = ink[int(0.1 * ink.shape[0]):int(0.85 * ink.shape[0])]
    col = inner_rows.mean(axis=0) > 0.02
    if col.any() and not col.all():
        doubled = np.concatenate([~col, ~col])
        best_len, best_end, run = 0, 0, 0
        for i, g in enumerate(doubled):
            run = run + 1 if g else 0
            if run > best_len:
                best_len, best_end = run, i
        start = (best_end - best_len // 2) % len(col)
        strip = np.roll(strip, -start, axis=1)
    return strip


def rect_lines(gray: np.ndarray, cand: Candidate) -> list[np.ndarray]:
    """A rectangular seal deskewed with its long side horizontal, both ways up."""
    a, b, ang = cand.a, cand.b, cand.angle
    if b > a:
        a, b, ang = b, a, ang + 90
    m = cv2.getRotationMatrix2D((cand.cx, cand.cy), ang, 1.0)
    w, h = int(2 * a), int(2 * b)
    m[0, 2] += w / 2 - cand.cx
    m[1, 2] += h / 2 - cand.cy
    up = cv2.warpAffine(gray, m, (w, h), borderValue=255)
    return [up, cv2.rotate(up, cv2.ROTATE_180)]


def read_text(image: np.ndarray, cand_full: Candidate, colour: bool, cfg: dict, engine) -> str:
    """OCR the seal's text; '' when nothing legible. cand_full is in full-resolution pixels."""
    gray = seal_ink_gray(image, colour)
    texts: list[tuple[float, str]] = []
    if cand_full.shape == "rect":
        views = rect_lines(gray, cand_full)
    else:
        strip = ring_strip(gray, cand_full, cfg)
        views = [strip] if strip is not None else []
        inner = Candidate(cand_full.shape, cand_full.cx, cand_full.cy, cand_full.a * 0.6, cand_full.b * 0.6,
                          cand_full.angle)
        views += rect_lines(gray, inner)  # centre text (e.g. 学分验证章), either way up
    for view in views:
        if view is None or view.size == 0:
            continue
        bgr = cv2.cvtColor(view, cv2.COLOR_GRAY2BGR)
        result = engine.recognize(bgr, region_hint="line")
        for line in result.lines:
            if line.conf >= cfg["min_score"]:
                texts.append((line.conf, line.text))
    return " ".join(t for _, t in texts)
