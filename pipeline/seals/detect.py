"""Find seal outlines on a page: ink mask -> shape candidates -> learned verification.

Colour pages use a red-ink mask (HSV with hue wrap-around, so orange-red and
crimson inks count, and black text drops out). Grey and black-and-white pages
use the dark-ink mask, where text is ink too: there the learned classifier on
ring features (features.py) decides which outlines are seals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from . import geometry
from .bars import side_pair_bars
from .classifier import load_graphs
from .config import load_config, model_path
from .features import ring_features, snap
from .geometry import Candidate

log = logging.getLogger(__name__)


@dataclass
class PageMasks:
    small: np.ndarray  # BGR, downscaled
    scale: float  # small pixels per original pixel
    colour: bool
    mask: np.ndarray  # uint8 0/255 ink mask used for shapes
    px_per_mm: float  # in the small image
    mode: str = "grey"  # colour | grey | bw: which mask (and which model) applies
    pale: np.ndarray | None = None  # grey scans: mid-tone ink away from black print (see pale_mask)
    black: np.ndarray | None = None  # with pale: the black print (0/1) it was cut from
    specks: np.ndarray | None = None  # b/w scans: where thresholded seal ink's specks cluster (0/255)


def is_colour_page(lab: np.ndarray, cfg: dict) -> bool:
    """Colour when enough pixels carry chroma (grey and b/w scans have a* = b* = 0)."""
    c = cfg["colour"]
    a = lab[..., 1].astype(np.int16) - 128
    b = lab[..., 2].astype(np.int16) - 128
    chroma = np.abs(a) + np.abs(b)
    return cv2.countNonZero((chroma > c["page_chroma"]).astype(np.uint8)) >= c["min_share"] * a.size


def red_mask(lab: np.ndarray, cfg: dict) -> np.ndarray:
    """Seal ink: red-ward (a* > 0) more than yellow-ward, so pale pink and orange-red inks count
    while gold/brown frames (b* >> a*), black text and paper do not."""
    c = cfg["colour"]
    a = lab[..., 1].astype(np.int16) - 128
    b = lab[..., 2].astype(np.int16) - 128
    redness = a - c["b_weight"] * np.maximum(b, 0)
    return ((redness >= c["a_min"]) & not_blue(b, c)).astype(np.uint8) * 255


def not_blue(b: np.ndarray, c: dict) -> np.ndarray:
    """Blue and violet print (a* > 0 too: navy has a* ~ +10) is no seal ink (``colour.b_min``)."""
    return b >= int(c.get("b_min", -128))


def faint_red_mask(lab: np.ndarray, cfg: dict) -> np.ndarray | None:
    """Colour pages: seal ink too pale for red_mask (a worn or lightly inked stamp, a* ~2-4 at the
    working resolution), with the same red-ward test at ``colour.faint_a_min``. None when it holds
    no more than red_mask (nothing faint on the page)."""
    c = cfg["colour"]
    if "faint_a_min" not in c:
        return None
    a = lab[..., 1].astype(np.int16) - 128
    b = lab[..., 2].astype(np.int16) - 128
    redness = a - c["b_weight"] * np.maximum(b, 0)
    faint = ((redness >= c["faint_a_min"]) & (redness < c["a_min"]) & not_blue(b, c)).astype(np.uint8)
    if cv2.countNonZero(faint) < c["faint_min_share"] * faint.size:
        return None
    return ((redness >= c["faint_a_min"]) & not_blue(b, c)).astype(np.uint8) * 255


def pooled_faint_mask(image: np.ndarray, dpi: float, shape: tuple[int, int], cfg: dict) -> np.ndarray | None:
    """The faint red mask (faint_red_mask) made at ``colour.faint_pool`` times the working resolution and pooled
    down to it (``shape``): a working pixel is faint ink when ``colour.faint_pool_share`` of it is. A pale stamp's
    thin rim (0.3-0.5 mm) averages away into paper at the working resolution alone (session 14: pale flat ovals
    with thin rims found in no mask). None without faint ink, or when ``faint_pool`` is 1."""
    c = cfg["colour"]
    pool = int(c.get("faint_pool", 1))
    if pool <= 1:
        return None
    fine, _ = downscale(image, dpi, float(cfg["work_dpi"]) * pool)
    faint = faint_red_mask(cv2.cvtColor(fine, cv2.COLOR_BGR2LAB), cfg)
    if faint is None:
        return None
    share = cv2.resize(faint, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
    return (share >= float(c["faint_pool_share"]) * 255).astype(np.uint8) * 255


def dark_mask(small: np.ndarray, cfg: dict) -> np.ndarray:
    """Ink = clearly darker than the paper. Seal ink turned grey is mid-tone, so the cut sits
    a fixed step below the paper level rather than at Otsu's text/paper split."""
    g = cfg["grey"]
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(grey, g["paper_percentile"]))
    mask = (grey < paper - g["ink_below_paper"]).astype(np.uint8) * 255
    if float(mask.mean()) > g["max_ink_share"] * 255:  # an all-dark page: nothing sensible to find
        return np.zeros_like(mask)
    return mask


def black_print(small: np.ndarray, cfg: dict) -> np.ndarray:
    """Grey scans: print (uint8 0/1), the ink more than pale_below_paper[1] below the paper level;
    seal red turned grey stays lighter than this."""
    g = cfg["grey"]
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.int16)
    paper = float(np.percentile(grey, g["paper_percentile"]))
    return (grey < paper - g["pale_below_paper"][1]).astype(np.uint8)


def pale_mask(small: np.ndarray, cfg: dict, black: np.ndarray | None = None) -> np.ndarray | None:
    """Grey scans: mid-tone ink away from black text. Seal red turns light grey while print stays
    black, so this holds the seals (and the thinnest print) alone; None when the page has no
    mid-tones (a b/w scan). ``black``: black_print of the page, when already made."""
    g = cfg["grey"]
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.int16)
    paper = float(np.percentile(grey, g["paper_percentile"]))
    black = black_print(small, cfg) if black is None else black
    near_dark = cv2.dilate(black, np.ones((3, 3), np.uint8))
    pale = ((grey < paper - g["pale_below_paper"][0]) & (black == 0) & (near_dark == 0)).astype(np.uint8) * 255
    if cv2.countNonZero(pale) < g["pale_min_share"] * pale.size:
        return None
    return pale


def downscale(image: np.ndarray, dpi: float, work_dpi: float) -> tuple[np.ndarray, float]:
    """Halve with INTER_AREA (OpenCV's fast path) while above twice work_dpi, then linear; (small, scale)."""
    small, cur = image, float(dpi)
    while cur / 2 >= work_dpi:
        small = cv2.resize(small, (small.shape[1] // 2, small.shape[0] // 2), interpolation=cv2.INTER_AREA)
        cur /= 2
    if cur > work_dpi * 1.05:
        f = work_dpi / cur
        small = cv2.resize(small, None, fx=f, fy=f, interpolation=cv2.INTER_LINEAR)
    return small, small.shape[1] / image.shape[1]


def is_bw_page(image: np.ndarray, cfg: dict) -> bool:
    """Black-and-white scan: almost no mid-tones (sampled on the full-resolution page)."""
    b = cfg["bw"]
    g = cv2.cvtColor(np.ascontiguousarray(image[::4, ::4]), cv2.COLOR_BGR2GRAY)
    mid = cv2.countNonZero(((g > b["mid_low"]) & (g < b["mid_high"])).astype(np.uint8))
    return mid <= b["max_mid_share"] * g.size


def speckle_mask(image: np.ndarray, dpi: float, shape: tuple[int, int], cfg: dict) -> np.ndarray:
    """Where small specks cluster. Thresholded to b/w, textured seal ink breaks into specks
    while text stays solid; the density of specks draws the seal's ring again."""
    b = cfg["bw"]
    g = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = (g < 128).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    max_area = b["speck_max_mm2"] * (dpi / 25.4) ** 2
    keep = (stats[:, cv2.CC_STAT_AREA] <= max_area).astype(np.uint8)
    keep[0] = 0
    specks = keep[labels] * 255
    density = cv2.resize(specks, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
    density = cv2.GaussianBlur(density, (0, 0), b["blur_px"])
    return (density >= b["min_density"] * 255).astype(np.uint8) * 255


def prepare(image: np.ndarray, dpi: float, cfg: dict | None = None) -> PageMasks:
    cfg = cfg or load_config()
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    small, scale = downscale(image, dpi, float(cfg["work_dpi"]))
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB)
    if is_colour_page(lab, cfg):
        # pale: the faint red ink (its outlines are measured on it, see _on_pale)
        return PageMasks(small, scale, True, red_mask(lab, cfg), dpi * scale / 25.4, "colour",
                         faint_red_mask(lab, cfg))
    mask = dark_mask(small, cfg)
    black = black_print(small, cfg)
    pale = pale_mask(small, cfg, black)  # long lines stay: they are a rectangular seal's sides here
    # thin table rules and underlines are never part of a seal; thick borders stay
    mask = geometry.remove_long_lines(mask, int(cfg["candidates"]["long_line_mm"] * dpi * scale / 25.4),
                                      keep_thick=int(cfg["candidates"]["thick_border_px"]))
    if is_bw_page(image, cfg):
        specks = speckle_mask(image, dpi, mask.shape, cfg)
        mask = cv2.bitwise_or(mask, specks)
        k = int(cfg["bw"]["close_px"])
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
        return PageMasks(small, scale, False, mask, dpi * scale / 25.4, "bw", pale, black, specks)
    return PageMasks(small, scale, False, mask, dpi * scale / 25.4, "grey", pale, black)


def faint_only_seals(pm: PageMasks, image: np.ndarray, dpi: float, found: list[Candidate], *,
                     model: dict | None = None, cfg: dict | None = None) -> tuple[PageMasks, list[Candidate]]:
    """Colour pages: seals whose outline is whole only in the faint mask made finer (``pooled_faint_mask``), where
    no seal was found already (a finer faint mask also draws a halo round every strong seal, whose outlines are
    no second seal). Returns the page masks they were found on (the pooled mask as ``pale``) and the seals."""
    cfg = cfg or load_config()
    if not pm.colour:
        return pm, []
    fine = pooled_faint_mask(image, dpi, pm.mask.shape, cfg)
    if fine is None:
        return pm, []
    pm2 = replace(pm, pale=fine)
    return pm2, _new_seals(pm2, found, float(cfg["colour"]["faint_pool_apart"]), cfg["colour"]["faint_pool_shapes"],
                           model=model, cfg=cfg)


def _new_seals(pm2: PageMasks, found: list[Candidate], far: float, shapes, *, model: dict | None,
               cfg: dict) -> list[Candidate]:
    """The seals of a second mask (``pm2``, colour pages' ``faint_only`` candidates) of ``shapes`` overlapping no seal
    already ``found`` by ``far`` of the smaller one."""
    h, w = pm2.mask.shape
    boxes = [c.bbox(w, h) for c in found]
    return [c for c in score(pm2, candidates(pm2, cfg, faint_only=True), model=model, cfg=cfg)
            if c.shape in set(shapes) and all(geometry.overlap_of_smaller(c.bbox(w, h), b) < far for b in boxes)]


def neutral_mask(image: np.ndarray, dpi: float, pm: PageMasks, cfg: dict) -> np.ndarray | None:
    """Colour pages: seal ink without a hue (a stamp in grey ink, or photocopied before the page was scanned in
    colour), at the working resolution: pixels of little chroma (``colour.neutral.max_chroma``) between
    ``colour.neutral.below_paper`` steps below the paper, none next to print as black as print, sampled at
    ``colour.neutral.dpi`` (nearest: no print averaged into grey) and pooled down as ``pooled_faint_mask``. A grey
    seal's ink stays grey at any resolution while print is black at its core (and thin printed rules blurred grey
    run on as rules: the table guard). None when it holds next to nothing."""
    n = cfg["colour"].get("neutral")
    if not n:
        return None
    f = min(1.0, float(n["dpi"]) / dpi)
    sub = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_NEAREST) if f < 1 else image
    b, g, r = cv2.split(sub)
    chroma = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    grey = cv2.cvtColor(sub, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(cv2.cvtColor(pm.small, cv2.COLOR_BGR2GRAY), cfg["grey"]["paper_percentile"]))
    near, far = n["below_paper"]
    black = cv2.dilate((grey < paper - far).astype(np.uint8), np.ones((3, 3), np.uint8))
    ink = ((chroma <= int(n["max_chroma"])) & (grey < paper - near) & (black == 0)).astype(np.uint8) * 255
    h, w = pm.mask.shape
    share = cv2.resize(ink, (w, h), interpolation=cv2.INTER_AREA)
    out = (share >= float(n["pool_share"]) * 255).astype(np.uint8) * 255
    return out if cv2.countNonZero(out) >= float(n["min_share"]) * out.size else None


def neutral_only_seals(pm: PageMasks, image: np.ndarray, dpi: float, found: list[Candidate], *,
                       model: dict | None = None, cfg: dict | None = None) -> tuple[PageMasks, list[Candidate]]:
    """Colour pages: seals in ink without a hue (``neutral_mask``), where no seal was found already; curved outlines
    only (``colour.neutral.shapes``: a printed box's thin rules blur to grey as a stamp's border does). The red
    masks see no grey ink, so such a stamp was found in no mask (session 15: grey ovals on colour scans, 1 of 44
    found, their certificates flagged CME_STAMP_MISSING or STAMP_MISSING). Returns the page masks they were found
    on (the neutral mask as both ``mask`` and ``pale``: the table guard's rules are there too) and the seals."""
    cfg = cfg or load_config()
    if not pm.colour:
        return pm, []
    neutral = neutral_mask(image, dpi, pm, cfg)
    if neutral is None:
        return pm, []
    pm2 = replace(pm, mask=neutral, pale=neutral)
    n = cfg["colour"]["neutral"]
    return pm2, _new_seals(pm2, found, float(n["apart"]), n["shapes"], model=model, cfg=cfg)


def candidates(pm: PageMasks, cfg: dict | None = None, *, faint_only: bool = False) -> list[Candidate]:
    """Seal outlines on the page (working pixels), snapped to their ink. ``faint_only`` (colour pages): those of
    the faint mask alone (``faint_only_seals``)."""
    cfg = cfg or load_config()
    cc, size = cfg["candidates"], cfg["size_mm"]
    d_min, d_max = size["min"] * pm.px_per_mm, size["max"] * pm.px_per_mm
    # holes and blobs are looked for up to the longest bar too (the Hough passes stay at seal size)
    d_long = max(d_max, size["bar"]["long"][1] * pm.px_per_mm)
    mask = pm.mask
    if pm.colour:
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        cands = [] if faint_only else geometry.blob_candidates(closed, d_min, d_long, cc)
        cands += [] if faint_only else geometry.hole_candidates(closed, d_min, d_long)
        if pm.pale is not None:  # a faint stamp is whole only in the faint red mask
            faint = cv2.morphologyEx(pm.pale, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
            for c in (geometry.blob_candidates(faint, d_min, d_long, cc, nested=True)  # inside a frame
                      + geometry.hole_candidates(faint, d_min, d_long)):
                c.source = "pale"
                cands.append(c)
        # a bar whose border a seal over it or a label across it broke: its two long sides
        cands += [] if faint_only else side_pair_bars(closed, pm.px_per_mm, cfg)
    else:
        clean = geometry.remove_long_lines(mask, int(cc["long_line_mm"] * pm.px_per_mm))
        cands = geometry.hole_candidates(clean, d_min, d_long) + geometry.hole_candidates(mask, d_min, d_long)
        # a pale or dotted border closes only when its gaps are bridged
        k = int(cc["bridge_px"])
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        cands += geometry.hole_candidates(cv2.morphologyEx(clean, cv2.MORPH_CLOSE, kernel), d_min, d_long)
        # ...and a rectangular seal's long sides are straight strokes too: bridge the mask that keeps them
        if cc["bridge_keep_lines"]:
            cands += geometry.hole_candidates(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel), d_min, d_long)
        # b/w: a bar's border merges with its text and the print under it into one blob: its outer
        # edge, bar-shaped fits only (round and oval outlines come from holes and Hough as before)
        if pm.specks is not None:
            cands += bar_blobs(pm, mask, d_min, d_long, cfg)
        # a pale seal's border is whole in the mid-tone mask even where text touches it
        if pm.pale is not None:
            k = int(cfg["grey"]["pale_close_px"])
            closed = cv2.morphologyEx(pm.pale, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
            # ...and its outer edge too when text inside bridges the border into pieces of paper
            pale_cands = (geometry.hole_candidates(pm.pale, d_min, d_long)
                          + geometry.hole_candidates(closed, d_min, d_long)
                          + geometry.blob_candidates(closed, d_min, d_long, cc, nested=True))
            for c in pale_cands:
                c.source = "pale"
                cands.append(c)
            if pm.specks is None:  # grey: a pale bar's long sides (b/w bars: bar_blobs)
                cands += side_pair_bars(pm.pale, pm.px_per_mm, cfg, source="pale", join=True)
    # Hough on a thickened half-size mask: dotted, pale rings still vote as circles
    thick = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    half = cv2.resize(thick, (mask.shape[1] // 2, mask.shape[0] // 2), interpolation=cv2.INTER_AREA)
    hough = [] if faint_only and pm.colour else geometry.hough_candidates(half, d_min / 4, d_max / 4, cc)
    for aspect in ([] if faint_only and pm.colour else cc["oval_aspects"]):
        hough += geometry.stretched_hough_candidates(half, aspect, d_min / 4, d_max / 4, cc)
    for c in hough:
        c.cx, c.cy, c.a, c.b = c.cx * 2, c.cy * 2, c.a * 2, c.b * 2
        cands.append(geometry.refine(mask, c, cc["refine_band"]))
    h, w = mask.shape
    mask01 = (mask > 0).astype(np.float32)
    pale01 = (pm.pale > 0).astype(np.float32) if pm.pale is not None else None
    lo, hi, step = cc["snap_mm"]
    offsets = np.arange(lo, hi + 1e-9, step) * pm.px_per_mm
    out: list[Candidate] = []
    blob_size = bar_blob_size(cfg)
    for c in cands:
        if not seal_sized(c, pm.px_per_mm, blob_size if c.source == "bar_blob" else size):
            continue
        pts = c.outline(1.0, 72)
        inside = ((pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)).mean()
        if inside < cfg["features"]["min_inside_share"]:
            continue
        on_pale = c.source == "pale" and pale01 is not None
        c, cover = snap(pale01 if on_pale else mask01, c, offsets)
        if cover < (cfg["grey"]["pale_min_ring_cover"] if on_pale else cc["min_ring_cover"]):
            continue
        if any(_same(c, o, pm.px_per_mm) for o in out):
            continue
        out.append(c)
    return out


def bar_blobs(pm: PageMasks, mask: np.ndarray, d_min: float, d_long: float, cfg: dict) -> list[Candidate]:
    """B/w: blobs of bar size whose ink is partly seal specks (size_mm.bar.blob_min_speck_share;
    a printed title line or header, a blob of bar length too, is solid print: 0-0.05, bars 0.26-0.37),
    at least blob_min_short tall."""
    bar = cfg["size_mm"]["bar"]
    short = float(bar["blob_min_short"]) * pm.px_per_mm
    out = []
    blob_size = bar_blob_size(cfg)
    for c in geometry.blob_candidates(mask, d_min, d_long, cfg["candidates"], nested=True):
        if c.shape != "rect" or not is_bar(c, pm.px_per_mm, blob_size) or 2 * min(c.a, c.b) < short:
            continue
        c.source = "bar_blob"
        inside = np.zeros_like(mask)
        box = cv2.boxPoints(((c.cx, c.cy), (2 * c.a, 2 * c.b), c.angle)).astype(np.int32)
        cv2.fillPoly(inside, [box], 255)
        ink = (mask > 0) & (inside > 0)
        specks = int(((pm.specks > 0) & ink).sum()) if pm.specks is not None else 0
        if specks >= float(bar["blob_min_speck_share"]) * max(1, int(ink.sum())):
            out.append(c)
    return out


def bar_blob_size(cfg: dict) -> dict:
    """size_mm for a b/w bar blob: the border with the text stamped over it merges with the print
    under it, so it may be a little taller than a drawn bar (size_mm.bar.blob_max_short)."""
    bar = cfg["size_mm"]["bar"]
    return {**cfg["size_mm"], "bar": {**bar, "short": [bar["short"][0],
                                                      float(bar.get("blob_max_short", bar["short"][1]))]}}


def seal_sized(c: Candidate, px_per_mm: float, size: dict) -> bool:
    """An outline of seal size (size_mm): a round, oval or rect seal, or a bar (a thin rect)."""
    side = 2 * max(c.a, c.b) / px_per_mm
    short = 2 * min(c.a, c.b) / px_per_mm
    if size["min"] <= side <= size["max"] and short >= size["min_short"]:
        return True
    return is_bar(c, px_per_mm, size)


def is_bar(c: Candidate, px_per_mm: float, size: dict) -> bool:
    """A bar (strip) stamp's outline: a thin rect of size_mm.bar."""
    side = 2 * max(c.a, c.b) / px_per_mm
    short = 2 * min(c.a, c.b) / px_per_mm
    bar = size["bar"]
    return (c.shape == "rect" and bar["long"][0] <= side <= bar["long"][1]
            and bar["short"][0] <= short <= bar["short"][1] and side >= bar["min_aspect"] * short)


def _same(a: Candidate, b: Candidate, px_per_mm: float) -> bool:
    """Two fits of one outline (from different sources): same shape, centre and size within 1 mm."""
    return (a.shape == b.shape and abs(a.cx - b.cx) < px_per_mm and abs(a.cy - b.cy) < px_per_mm
            and abs(a.a - b.a) < px_per_mm and abs(a.b - b.b) < px_per_mm
            and (a.shape == "round" or abs((a.angle - b.angle + 90) % 180 - 90) < 3))


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> dict | None:
    """The seal classifier of each scan mode (``colour``, ``grey``, ``bw``): the trained models'
    ONNX graphs beside the joblib file (``pipeline/seals/classifier.py``), or None."""
    p = Path(path) if path else model_path()
    graphs = load_graphs(p)
    if graphs is None:
        log.warning("seal classifier graphs beside %s not found; using the ring-coverage rule. "
                    "Train it (`python -m pipeline.seals.train --out %s`) or export it "
                    "(`python -m pipeline.seals.onnx_export`)", p, p)
    return graphs


def _rule_score(feats: np.ndarray, cfg: dict) -> float:
    """Fallback when no model: ring ink all round and a thin border."""
    i1 = cfg["features"]["scales"].index(1.0)
    return float(min(1.0, feats[i1] * 0.5 + feats[len(cfg["features"]["scales"])] * 0.5))


def score(pm: PageMasks, cands: list[Candidate], *, model: dict | None = None,
          cfg: dict | None = None) -> list[Candidate]:
    """Score each candidate (probability it is a seal); keep those over threshold, after NMS."""
    cfg = cfg or load_config()
    if not cands:
        return []
    feats = features_for(pm, cands, cfg)
    probs = _probs(pm, cands, feats, model, cfg)
    cc = cfg["candidates"]
    scales = cfg["features"]["scales"]
    ring = [scales.index(s) for s in cfg["features"]["fit_scales"]]
    for c, p, f in zip(cands, probs, feats):
        c.score = float(p)
        c.fit = float(f[ring].mean()) if ring else 0.0
        if c.shape == "rect":  # a square fit around a round seal lies on its ring text: prefer curves
            c.fit -= float(cc["rect_fit_penalty"])
    h, w = pm.mask.shape
    kept = [c for c in cands if c.score >= threshold(pm, c, cfg) and not _dark_inside(pm, c, cfg)
            and not _shaded_inside(pm, c, cfg)]
    kept = drop_table_cells(pm, kept, cfg)
    kept = geometry.nms(kept, w, h, cc["nms_iou"], contain=cc["contain"], fit_ratio=cc["contain_fit_ratio"],
                        nested=cc["nested"], bar_aspect=float(cfg["size_mm"]["bar"]["min_aspect"]))
    # after NMS: the frame took the other fits of it (an oval inside it, a date read) with it
    return [c for c in kept if not printed_frame(pm, c, cfg)]


def threshold(pm: PageMasks, c: Candidate, cfg: dict) -> float:
    """The classifier's threshold for a candidate: the page mode's, or on colour pages for a bar
    outline in the red mask ``threshold_colour_bar`` (a bar of thin red text holds little ink inside
    its border and scored 0.30: a clear 落地章 bar missed, CME_STAMP_MISSING claimed)."""
    cl = cfg["classifier"]
    if pm.colour and c.source != "pale" and "threshold_colour_bar" in cl and is_bar(c, pm.px_per_mm, cfg["size_mm"]):
        return float(cl["threshold_colour_bar"])
    return float(cl[f"threshold_{pm.mode}"])


def _probs(pm: PageMasks, cands: list[Candidate], feats: np.ndarray, model: dict | None, cfg: dict) -> np.ndarray:
    """The classifier's P(seal) for each candidate (the ring-coverage rule without a model)."""
    key = pm.mode if model is not None and pm.mode in model else ("colour" if pm.colour else "grey")
    if model is not None and key in model:
        probs = model[key].predict_proba(feats)[:, 1]
        pale = [i for i, c in enumerate(cands) if _on_pale(pm, c)]
        if pale and "colour" in model:  # the pale mask holds seal ink alone, like the red mask
            probs[pale] = model["colour"].predict_proba(feats[pale])[:, 1]
        return probs
    return np.array([_rule_score(f, cfg) for f in feats])


def guarded(pm: PageMasks, cands: list[Candidate], *, model: dict | None = None,
            cfg: dict | None = None) -> list[Candidate]:
    """Outlines the classifier takes for seals that a guard then dropped (a table cell's sides run
    on, black print inside a pale outline): ink the detector sees but cannot call a seal
    (``pipeline/seals/ink.py``)."""
    cfg = cfg or load_config()
    if not cands:
        return []
    probs = _probs(pm, cands, features_for(pm, cands, cfg), model, cfg)
    # a shaded area is neither a seal nor seal ink a guard dropped
    over = [c for c, p in zip(cands, probs) if p >= threshold(pm, c, cfg) and not _shaded_inside(pm, c, cfg)]
    unguarded = drop_table_cells(pm, [c for c in over if not _dark_inside(pm, c, cfg)], cfg)
    return [c for c in over if not any(c is u for u in unguarded)]


def drop_table_cells(pm: PageMasks, cands: list[Candidate], cfg: dict) -> list[Candidate]:
    """A rectangle (or an oval fitted inside one) whose sides run on past its corners is a table cell,
    not a seal. Rules are kept here (dark and pale ink), unlike in the shape mask; on colour pages the
    rules are those in the seal-ink mask (a table ruled in violet or red)."""
    if not any(c.shape in ("rect", "oval") for c in cands):
        return cands
    ruled = ruled_mask(pm, cfg)
    need = int(cfg["candidates"]["table_sides"])
    return [c for c in cands if c.shape == "round" or table_sides(pm, c, cfg, ruled, stop_at=need) < need]


def ruled_mask(pm: PageMasks, cfg: dict) -> np.ndarray:
    """Dark and pale ink with the rules kept (the table guard's view of the page); on colour pages the
    seal-ink mask, rules and all (black print rules under a seal's border are no part of it)."""
    if pm.colour:
        return pm.mask
    ruled = dark_mask(pm.small, cfg)
    return cv2.bitwise_or(ruled, pm.pale) if pm.pale is not None else ruled


def table_sides(pm: PageMasks, c: Candidate, cfg: dict, ruled: np.ndarray | None = None, stop_at: int = 4) -> int:
    """How many of the outline's sides run on as ruled lines past its corners (an oval: of the boxes
    around it: one fitted to a cell's paper sits near, not on, the cell's rules); counting stops at
    ``stop_at``."""
    cc = cfg["candidates"]
    ruled = ruled_mask(pm, cfg) if ruled is None else ruled
    scales = [1.0] if c.shape == "rect" else cc["table_oval_box_scales"]
    best = 0
    for f in scales:
        best = max(best, geometry.extended_sides(ruled, Candidate("rect", c.cx, c.cy, c.a * f, c.b * f, c.angle),
                                                 pm.px_per_mm, ext_mm=tuple(cc["table_ext_mm"]),
                                                 min_cover=float(cc["table_ext_cover"]), stop_at=stop_at))
        if best >= stop_at:
            break
    return best


def features_for(pm: PageMasks, cands: list[Candidate], cfg: dict | None = None) -> np.ndarray:
    cfg = cfg or load_config()
    if not cands:
        return np.zeros((0, 0), dtype=np.float32)
    mask01 = (pm.mask > 0).astype(np.float32)
    pale01 = (pm.pale > 0).astype(np.float32) if pm.pale is not None else None
    return np.stack([ring_features(pale01 if _on_pale(pm, c) else mask01, c, pm.px_per_mm, cfg["features"])
                     for c in cands])


def _dark_inside(pm: PageMasks, c: Candidate, cfg: dict) -> bool:
    """A pale-mask outline around mostly black print (a blurred QR code) is no pale seal: the
    inside of a pale seal is paper, pale ring text and a few lines of print. (Only pale outlines:
    a seal stamped in dark ink is as black as print on grey and b/w scans.)"""
    if not _on_pale(pm, c):
        return False
    black = pm.black if pm.black is not None else black_print(pm.small, cfg)
    pts = c.outlines(np.linspace(0.1, 0.85, 6), 72)
    xi = np.clip(np.rint(pts[..., 0]).astype(np.intp), 0, black.shape[1] - 1)
    yi = np.clip(np.rint(pts[..., 1]).astype(np.intp), 0, black.shape[0] - 1)
    # a bar is about one line of print tall: stamped over a printed line, that line fills more of it
    bar = c.shape == "rect" and max(c.a, c.b) >= cfg["size_mm"]["bar"]["min_aspect"] * min(c.a, c.b)
    limit = cfg["grey"]["pale_max_black_inside_bar" if bar else "pale_max_black_inside"]
    return float(black[yi, xi].mean()) > limit


def printed_frame(pm: PageMasks, c: Candidate, cfg: dict) -> bool:
    """Grey scans: a rect outline of the pale mask with a rule of black print round it just outside
    (``grey.frame_black_mm`` beyond it, inked black over ``grey.frame_black_cover`` of its length) is the thin inner
    rule of a printed double frame, blurred to mid-tone, not a pale seal's border (session 15: framed date fields,
    培训时间 2019年4月5日, found as rect and bar seals, some read as the organizer's by 培训)."""
    g = cfg["grey"]
    if "frame_black_mm" not in g or c.shape != "rect" or pm.mode != "grey" or not _on_pale(pm, c) or pm.black is None:
        return False
    black = pm.black
    h, w = black.shape
    lo, hi, step = (float(v) * pm.px_per_mm for v in g["frame_black_mm"])
    for d in np.arange(lo, hi + 1e-9, step):
        pts = Candidate("rect", c.cx, c.cy, c.a + d, c.b + d, c.angle).outline(1.0, 144)
        xi, yi = np.rint(pts[:, 0]).astype(np.intp), np.rint(pts[:, 1]).astype(np.intp)
        on = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
        if on.mean() > 0.5 and float(black[yi[on], xi[on]].mean()) >= float(g["frame_black_cover"]):
            return True
    return False


def _inside_share(mask: np.ndarray, c: Candidate) -> float:
    """Share of ``mask`` (0/1 or 0/255) on rings at 0.1-0.85 of the outline's axes: its inside."""
    pts = c.outlines(np.linspace(0.1, 0.85, 6), 72)
    xi = np.clip(np.rint(pts[..., 0]).astype(np.intp), 0, mask.shape[1] - 1)
    yi = np.clip(np.rint(pts[..., 1]).astype(np.intp), 0, mask.shape[0] - 1)
    return float((mask[yi, xi] > 0).mean())


def _shaded_inside(pm: PageMasks, c: Candidate, cfg: dict) -> bool:
    """A pale-mask outline whose inside is mostly mid-tone (grey scans) or faint red (colour) ink is a
    shaded area (a form's shaded label cells, a table's header band), not a seal: a pale seal's inside is
    paper with its text and a few printed lines (``grey.pale_max_fill_inside``,
    ``colour.faint_max_fill_inside``)."""
    if not _on_pale(pm, c):
        return False
    limit = cfg["colour"]["faint_max_fill_inside"] if pm.colour else cfg["grey"]["pale_max_fill_inside"]
    return _inside_share(pm.pale, c) > float(limit)


def _on_pale(pm: PageMasks, c: Candidate) -> bool:
    """Outlines found in the pale mask are measured on it (the dark mask breaks their border)."""
    return c.source == "pale" and pm.pale is not None
