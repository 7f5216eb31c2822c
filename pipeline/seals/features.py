"""Rotation-invariant ring features of a candidate outline on an ink mask.

A seal border is a thick closed curve of seal size: ink all round the outline,
less ink just inside (the gap before the ring text) and little just outside.
The features sample the mask on the outline scaled by a few factors, count
inked sectors, and measure ink inside, in the centre (a star) and outside.
They do not depend on how the page is turned.
"""

from __future__ import annotations

import numpy as np

from .geometry import Candidate

SHAPES = ("round", "oval", "rect")


def _sample(mask: np.ndarray, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mask values at points (any leading shape, last axis x/y), and which lie inside the image."""
    h, w = mask.shape
    xi = np.rint(pts[..., 0]).astype(np.intp)
    yi = np.rint(pts[..., 1]).astype(np.intp)
    inside = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    vals = mask[np.clip(yi, 0, h - 1), np.clip(xi, 0, w - 1)] * inside
    return vals.astype(np.float32), inside


def feature_names(cfg: dict) -> list[str]:
    names = [f"cov_{s}" for s in cfg["scales"]]
    names += ["sectors_inked", "longest_gap", "inside_share", "interior", "centre", "outside",
              "aspect", "size_mm", "thin_ring"] + [f"shape_{s}" for s in SHAPES]
    return names


_INTERIOR = np.linspace(0.25, 0.85, 5)
_CENTRE = np.linspace(0.02, 0.2, 5)
_OUTSIDE = np.linspace(1.15, 1.35, 5)
N_PTS = 180


def _mean(vals: np.ndarray, inside: np.ndarray) -> float:
    n = int(inside.sum())
    return float(vals.sum() / n) if n else 0.0


def ring_cover(mask01: np.ndarray, cand: Candidate, n: int = 48) -> float:
    """Cheap pre-check: ink share on the outline itself (points inside the image)."""
    v, ins = _sample(mask01, cand.outlines(np.array([1.0]), n))
    return _mean(v, ins)


def snap(mask01: np.ndarray, cand: Candidate, offsets_px: np.ndarray, n: int = 72) -> tuple[Candidate, float]:
    """Move the outline in or out (by each offset, pixels) to where it lies most on ink.

    Returns the snapped candidate and its ink share on the outline. Fits from a hole sit
    on the border's inner edge, Hough circles wobble by a pixel or two; this fixes both.
    All offsets are sampled in one pass (this was the seal stage's largest cost outside OCR).
    """
    moved = [Candidate(cand.shape, cand.cx, cand.cy, cand.a + d, cand.b + d, cand.angle, cand.source)
             for d in offsets_px if cand.a + d > 1 and cand.b + d > 1]
    if not moved:
        return cand, -1.0
    v, ins = _sample(mask01, np.stack([c.outline(1.0, n) for c in moved]))
    counts = ins.sum(axis=1)
    sums = v.sum(axis=1)
    best, best_cov = cand, -1.0
    for c, total, k in zip(moved, sums, counts):
        cov = float(total / k) if k else 0.0
        if cov > best_cov + 1e-6:
            best, best_cov = c, cov
    return best, best_cov


def ring_features(mask01: np.ndarray, cand: Candidate, px_per_mm: float, cfg: dict) -> np.ndarray:
    """Feature vector (see feature_names) for one candidate; mask01 is float 0/1."""
    scales = np.asarray(cfg["scales"], dtype=np.float64)
    ring = np.asarray(cfg["ring_scales"], dtype=np.float64)
    groups = [scales, ring, _INTERIOR, _CENTRE, _OUTSIDE]
    allv, allin = _sample(mask01, cand.outlines(np.concatenate(groups), N_PTS))
    parts, k = [], 0
    for g in groups:
        parts.append((allv[k:k + len(g)], allin[k:k + len(g)]))
        k += len(g)
    (pv, pin), (rv, rin), iv, cv, ov = parts
    covs = [_mean(pv[i], pin[i]) for i in range(len(scales))]
    i1 = int(np.argmin(np.abs(scales - 1.0)))
    inside_share = float(pin[i1].mean())
    nsec = int(cfg["sectors"])
    per = N_PTS // nsec
    rv = rv[:, : per * nsec].reshape(len(ring), nsec, per)
    rin = rin[:, : per * nsec].reshape(len(ring), nsec, per)
    inked = rv.max(axis=(0, 2)) > 0
    valid = rin.any(axis=(0, 2))
    sectors_inked = float(inked[valid].mean()) if valid.any() else 0.0
    gaps = np.concatenate([(~inked) & valid] * 2).astype(np.int8)
    best = run = 0
    for g in gaps:
        run = run + 1 if g else 0
        best = max(best, run)
    longest_gap = min(best, nsec) / nsec
    interior, centre, outside = (_mean(v, i) for v, i in (iv, cv, ov))
    aspect = min(cand.a, cand.b) / max(cand.a, cand.b, 1e-6)
    size_mm = 2 * max(cand.a, cand.b) / px_per_mm
    cov = dict(zip(cfg["scales"], covs))
    thin_ring = cov.get(1.0, 0.0) - 0.5 * (cov.get(0.86, 0.0) + cov.get(1.14, 0.0))
    onehot = [1.0 if cand.shape == s else 0.0 for s in SHAPES]
    return np.array(covs + [sectors_inked, longest_gap, inside_share, interior, centre, outside,
                            aspect, size_mm, thin_ring] + onehot, dtype=np.float32)
