"""Seals on a page: find every seal, read what it says, tell the CME office seal (落地章) from
the organizer's by that text.

    find_seals(image, dpi=200) -> [Seal(kind, bbox, text, text_confidence, authority_score,
                                        province, kind_from, score, shape)]

bbox is in PDF points from the top-left of the image as stored (pixels x 72/dpi).
Works on colour, grey and black-and-white scans in any rotation.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import cv2
import numpy as np

from pipeline.models import Seal

from . import detect, kind
from .config import load_config
from .features import feature_names
from .geometry import overlap_of_smaller

log = logging.getLogger(__name__)

__all__ = ["find_seals", "seconds_spent"]

_SPENT = [0.0]  # wall seconds spent in find_seals by this process


def seconds_spent() -> float:
    """Wall seconds this process has spent in find_seals so far (the reader's "seals" stage:
    take the difference around a page's reading)."""
    return _SPENT[0]


def find_seals(image: np.ndarray, *, dpi: float, read_text: bool | None = None) -> list[Seal]:
    """Every seal on the page image (BGR uint8, as stored), its text read and its kind judged
    from the text (``kind.judge``).

    read_text: False reads no text (the kind then comes from shape priors only: a strong prior or
    ``unknown``); default (None) and True read every seal's text.
    """
    started = time.perf_counter()
    try:
        return _find_seals(image, dpi=dpi, read_text=read_text is not False)
    finally:
        _SPENT[0] += time.perf_counter() - started


def _find_seals(image: np.ndarray, *, dpi: float, read_text: bool) -> list[Seal]:
    if image is None or image.size == 0 or dpi <= 0:
        return []
    cfg = load_config()
    pm = detect.prepare(image, dpi, cfg)
    found = detect.score(pm, detect.candidates(pm, cfg), model=detect.load_model(), cfg=cfg)
    # a rect outline thinner than any bar once snapped to its ink is a line of print (a coloured heading), no seal
    thinnest = float(cfg["size_mm"]["bar"]["min_found_short"]) * pm.px_per_mm
    found = [c for c in found if c.shape != "rect" or 2 * min(c.a, c.b) >= thinnest]
    # colour: a pale stamp with a thin rim, whole only in a finer faint mask, where no seal was found
    pm_faint, faint = detect.faint_only_seals(pm, image, dpi, found, model=detect.load_model(), cfg=cfg)
    faint = [c for c in faint if c.shape != "rect" or 2 * min(c.a, c.b) >= thinnest]
    # colour: a stamp in grey ink (no hue: no red mask sees it), where no seal was found
    pm_neutral, neutral = detect.neutral_only_seals(pm, image, dpi, found + faint, model=detect.load_model(), cfg=cfg)
    if not found and not faint and not neutral:
        return []
    centre_idx = feature_names(cfg["features"]).index("centre")
    feats = [*detect.features_for(pm, found, cfg), *detect.features_for(pm_faint, faint, cfg),
             *detect.features_for(pm_neutral, neutral, cfg)]
    grey_ink = [False] * (len(found) + len(faint)) + [True] * len(neutral)
    found = found + faint + neutral
    h, w = pm.mask.shape
    to_pt = 72.0 / (dpi * pm.scale)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    # grey scans with pale seal ink: black print is lifted off before the text is read (ringtext.seal_ink_gray: not
    # from a seal as black as print). A sparse grey page passes for b/w (few mid-tones over the whole page) but has
    # its mid-tone mask: its seals' grey is no print either (session 14: 单位：某某医院 under a 落地章 read as its words)
    grey_like = pm.mode == "grey" or (pm.mode == "bw" and bool(cfg["ringtext"].get("lift_print_sparse_grey")))
    mode = "grey" if grey_like and pm.pale is not None else ("colour" if pm.colour else "plain")
    seals = []
    for cand, f, grey_seal in zip(found, feats, grey_ink):
        full = replace(cand, cx=cand.cx / pm.scale, cy=cand.cy / pm.scale, a=cand.a / pm.scale,
                       b=cand.b / pm.scale)
        # a grey stamp on a colour scan is read as on a grey scan: its grey kept, black print lifted
        j = kind.judge(image, full, mode="grey" if grey_seal else mode, centre_ink=float(f[centre_idx]), cfg=cfg,
                       read=read_text)
        x0, y0, x1, y1 = cand.bbox(w, h)
        seals.append(Seal(kind=j.kind, bbox=(x0 * to_pt, y0 * to_pt, x1 * to_pt, y1 * to_pt), text=j.text,
                          score=round(cand.score, 4), shape=j.shape or cand.shape, text_confidence=j.text_confidence,
                          authority_score=j.authority_score, province=j.province,
                          kind_from=j.kind_from))  # type: ignore[arg-type]
    seals = merge_same_kind(seals, float(cfg["merge"]["same_kind_overlap"]))
    log.debug("%d seal(s) found", len(seals))
    return seals


def merge_same_kind(seals: list[Seal], overlap: float) -> list[Seal]:
    """Two outlines of one kind (organizer or 落地章) overlapping by ``overlap`` of the smaller box are
    one seal: a double-bordered rect on a grey scan found as two partial rects, a double-struck stamp.
    They become one seal over their union box, with the better-scored one's reading. (Seals of
    different kinds overlap on real pages: the 落地章 stamped over the organizer's seal; ``unknown``
    outlines are left apart, as nothing says they are one seal.) Session 8: the second half of a
    rect 落地章, read as 学分管理办公室 now, counted as a second, false 落地章."""
    out: list[Seal] = []
    for seal in sorted(seals, key=lambda s: -s.score):
        into = next((o for o in out if o.kind == seal.kind and seal.kind != "unknown"
                     and overlap_of_smaller(o.bbox, seal.bbox) >= overlap), None)
        if into is None:
            out.append(seal)
            continue
        into.bbox = (min(into.bbox[0], seal.bbox[0]), min(into.bbox[1], seal.bbox[1]),
                     max(into.bbox[2], seal.bbox[2]), max(into.bbox[3], seal.bbox[3]))
        if into.province is None:
            into.province = seal.province
    return sorted(out, key=lambda s: seals.index(s))

