"""Seals on a page: find every seal and tell the CME office seal (落地章) from the organizer's.

    find_seals(image, dpi=200) -> [Seal(kind, bbox, text, score, shape)]

bbox is in PDF points from the top-left of the image as stored (pixels x 72/dpi).
Works on colour, grey and black-and-white scans in any rotation.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import numpy as np

from pipeline.models import Seal

from . import detect, kind
from .config import load_config
from .features import feature_names

log = logging.getLogger(__name__)

__all__ = ["find_seals", "seconds_spent"]

_SPENT = [0.0]  # wall seconds spent in find_seals by this process


def seconds_spent() -> float:
    """Wall seconds this process has spent in find_seals so far (the reader's "seals" stage:
    take the difference around a page's reading)."""
    return _SPENT[0]


def find_seals(image: np.ndarray, *, dpi: float, read_text: bool | None = None) -> list[Seal]:
    """Every seal on the page image (BGR uint8, as stored), kind decided by shape and ring text.

    read_text: force (True) or forbid (False) OCR of seal text; default per seals.yaml.
    """
    started = time.perf_counter()
    try:
        return _find_seals(image, dpi=dpi, read_text=read_text)
    finally:
        _SPENT[0] += time.perf_counter() - started


def _find_seals(image: np.ndarray, *, dpi: float, read_text: bool | None) -> list[Seal]:
    if image is None or image.size == 0 or dpi <= 0:
        return []
    cfg = load_config()
    pm = detect.prepare(image, dpi, cfg)
    found = detect.score(pm, detect.candidates(pm, cfg), model=detect.load_model(), cfg=cfg)
    if not found:
        return []
    centre_idx = feature_names(cfg["features"]).index("centre")
    feats = detect.features_for(pm, found, cfg)
    h, w = pm.mask.shape
    to_pt = 72.0 / (dpi * pm.scale)
    kcfg = cfg
    if read_text is not None:
        kcfg = {**cfg, "kind": {**cfg["kind"], "ocr_when_shape_confident": read_text}}
        if read_text is False:
            kcfg["kind"]["decide_margin"] = 0.0
            kcfg["kind"]["read_organizer_text"] = False
    seals = []
    for cand, f in zip(found, feats):
        full = replace(cand, cx=cand.cx / pm.scale, cy=cand.cy / pm.scale, a=cand.a / pm.scale,
                       b=cand.b / pm.scale)
        k, text = kind.classify(image, full, colour=pm.colour, centre_ink=float(f[centre_idx]), cfg=kcfg)
        x0, y0, x1, y1 = cand.bbox(w, h)
        seals.append(Seal(kind=k, bbox=(x0 * to_pt, y0 * to_pt, x1 * to_pt, y1 * to_pt), text=text,
                          score=round(cand.score, 4), shape=cand.shape))
    log.debug("%d seal(s) found", len(seals))
    return seals
