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
    """Mask values at points, and which points lie inside the image."""
    h, w = mask.shape
    xi = np.round(pts[:, 0]).astype(int)
    yi = np.round(pts[:, 1]).astype(int)
    inside = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    vals = np.zeros(len(pts), dtype=np.float32)
    vals[inside] = mask[yi[inside], xi[inside]]
    return vals, inside


def _area_density(mask: np.ndarray, cand: Candidate, s0: float, s1: float, n: int = 96) -> float:
    """Ink share over rings between scales s0 and s1 (sampled)."""
    vals, ins = [], []
    for s in np.linspace(s0, s1, 5):
        v, i = _sample(mask, cand.outline(float(s), n))
        vals.append(v[i])
        ins.append(i)
    allv = np.concatenate(vals)
    return float(allv.mean()) if len(allv) else 0.0


def feature_names(cfg: dict) -> list[str]:
    names = [f"cov_{s}" for s in cfg["scales"]]
    names += ["sectors_inked", "longest_gap", "inside_share", "interior", "centre", "outside",
              "aspect", "size_mm", "thin_ring"] + [f"shape_{s}" for s in SHAPES]
    return names


def ring_features(mask01: np.ndarray, cand: Candidate, px_per_mm: float, cfg: dict) -> np.ndarray:
    """Feature vector (see feature_names) for one candidate; mask01 is float 0/1."""
    n_pts = 180
    covs = []
    inside_share = 0.0
    for s in cfg["scales"]:
        v, ins = _sample(mask01, cand.outline(float(s), n_pts))
        covs.append(float(v[ins].mean()) if ins.any() else 0.0)
        if s == 1.0:
            inside_share = float(ins.mean())
    # sectors: inked if any ring scale has ink in that sector
    nsec = int(cfg["sectors"])
    per = n_pts // nsec
    inked = np.zeros(nsec, dtype=bool)
    valid = np.zeros(nsec, dtype=bool)
    for s in cfg["ring_scales"]:
        v, ins = _sample(mask01, cand.outline(float(s), n_pts))
        v = v[: per * nsec].reshape(nsec, per)
        ins = ins[: per * nsec].reshape(nsec, per)
        inked |= (v * ins).max(axis=1) > 0
        valid |= ins.any(axis=1)
    sectors_inked = float(inked[valid].mean()) if valid.any() else 0.0
    # longest run of empty valid sectors (circular)
    gaps = (~inked) & valid
    run = best = 0
    for g in np.concatenate([gaps, gaps]):
        run = run + 1 if g else 0
        best = max(best, run)
    longest_gap = min(best, nsec) / nsec
    interior = _area_density(mask01, cand, 0.25, 0.85)
    centre = _area_density(mask01, cand, 0.02, 0.2, 48)
    outside = _area_density(mask01, cand, 1.15, 1.35)
    aspect = min(cand.a, cand.b) / max(cand.a, cand.b, 1e-6)
    size_mm = 2 * max(cand.a, cand.b) / px_per_mm
    cov = dict(zip(cfg["scales"], covs))
    thin_ring = cov.get(1.0, 0.0) - 0.5 * (cov.get(0.86, 0.0) + cov.get(1.14, 0.0))
    onehot = [1.0 if cand.shape == s else 0.0 for s in SHAPES]
    return np.array(covs + [sectors_inked, longest_gap, inside_share, interior, centre, outside,
                            aspect, size_mm, thin_ring] + onehot, dtype=np.float32)
