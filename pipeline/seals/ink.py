"""Unsure ink: seal-coloured ink of seal size on a page where no seal was found.

    unsure_ink(image, dpi=) -> [bbox in PDF points]

STAMP_MISSING says "未见任何印章": no seal at all on the certificate. That claim is the worst one
to get wrong (session 8: 6 of 8 on the Wenzhou-style set were pages with a printed seal the
detector could not outline: bars of bold text merged with the print under them, two pale bars
overlapping). So before it is made, the page is looked at once more for ink of the kind only a
seal leaves: red ink on colour scans (the red mask), the mid-tone ink away from black print on
grey scans (the pale mask: seal red turned grey) and the speck clusters of thresholded seal ink
on b/w scans. An outline in that ink the classifier takes for a seal but a guard dropped (a table cell's
sides run on: a bar crossed by a counterfoil's perforation) is unsure ink, and so is a blob of it (closed over ``unsure_ink.close_mm``) of about a seal's size that
fills a fair share of its box (``min_fill``: a seal's text and border do, a faint table frame
or a rule does not) is unsure ink: ``pipeline/seals/check.py`` then raises the weaker
STAMP_UNSURE (a review) instead of STAMP_MISSING. Thresholds in ``pipeline/config/seals.yaml``
(``unsure_ink``).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.models import BBox

from . import detect
from .config import load_config


def _blobs(mask: np.ndarray | None, px_per_mm: float, cfg: dict) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h, working pixels) of the mask's seal-sized, well-filled blobs."""
    if mask is None or not cv2.countNonZero(mask):
        return []
    k = max(3, int(round(float(cfg["close_mm"]) * px_per_mm)))
    closed = cv2.morphologyEx((mask > 0).astype(np.uint8) * 255, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed)
    lo_long, hi_long = (float(v) for v in cfg["long_mm"])
    out = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        long, short = max(w, h) / px_per_mm, min(w, h) / px_per_mm
        if lo_long <= long <= hi_long and short >= float(cfg["min_short_mm"]) and area >= cfg["min_fill"] * w * h:
            out.append((x, y, w, h))
    return out


def unsure_ink(image: np.ndarray, *, dpi: float, cfg: dict | None = None) -> list[BBox]:
    """Boxes (PDF points, top-left of the stored image) of seal-coloured ink of seal size; see the
    module docstring. Meant for pages where ``find_seals`` found nothing."""
    if image is None or image.size == 0 or dpi <= 0:
        return []
    cfg = cfg or load_config()
    pm = detect.prepare(image, dpi, cfg)
    if pm.colour:
        ink = pm.mask
    else:  # b/w specks and grey pale ink (a grey scan may pass for b/w: both are looked at)
        parts = [m for m in (pm.specks, pm.pale) if m is not None]
        ink = np.maximum.reduce(parts) if parts else None
    to_pt = 72.0 / (dpi * pm.scale)
    boxes = [(x * to_pt, y * to_pt, (x + w) * to_pt, (y + h) * to_pt)
             for x, y, w, h in _blobs(ink, pm.px_per_mm, cfg["unsure_ink"])]
    # outlines in seal-coloured ink (red, or the pale mask) the classifier calls seals that a guard
    # dropped (a pale bar crossed by a stub's perforation taken for a table cell); a black table's
    # cells are no seal ink
    h, w = pm.mask.shape
    most = int(cfg["unsure_ink"]["max_table_sides"])
    for c in detect.guarded(pm, detect.candidates(pm, cfg), model=detect.load_model(), cfg=cfg):
        if not (pm.colour or c.source == "pale") or detect._dark_inside(pm, c, cfg):
            continue
        if c.shape != "round" and detect.table_sides(pm, c, cfg, stop_at=most + 1) > most:
            continue  # a cell inside a table (3-4 sides run on; ruled in violet on colour pages), not a bar a line crosses (2)
        x0, y0, x1, y1 = c.bbox(w, h)
        boxes.append((x0 * to_pt, y0 * to_pt, x1 * to_pt, y1 * to_pt))
    return boxes


__all__ = ["unsure_ink"]
