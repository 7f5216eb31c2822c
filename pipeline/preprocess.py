"""Page image -> an upright, deskewed image with seal ink removed, ready for OCR.

Array in, array out (BGR uint8). Thresholds come from the ``preprocess``
section of ``pipeline/config/reading.yaml``.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field

import cv2
import numpy as np

from pipeline.io.config import section

log = logging.getLogger(__name__)

_ROTATE_CODES = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


@dataclass
class PreparedImage:
    image: np.ndarray  # BGR, upright and deskewed
    rotation: int  # degrees clockwise the stored page was turned
    skew: float  # degrees corrected after rotation (positive = counter-clockwise)
    ink_fraction: float
    red_fraction: float
    scale: float = 1.0  # prepared px per stored px

    @property
    def red_suppressed(self) -> bool:
        """Red seal ink was found and suppressed (a colour scan)."""
        return self.red_fraction >= section("preprocess")["red_min_fraction"]

    @property
    def is_blank(self) -> bool:
        return self.ink_fraction < section("preprocess")["blank_max_ink_fraction"]


def percentile_u8(values: np.ndarray, q: float) -> float:
    """``np.percentile(values, q)`` (its default, linear method) of a uint8 array, bit for bit, from
    the array's 256-bin histogram instead of a partial sort of every pixel (~30 ms on a page)."""
    n = values.size
    if values.dtype != np.uint8 or n == 0:
        return float(np.percentile(values, q))
    cum = np.cumsum(cv2.calcHist([values.reshape(-1, 1)], [0], None, [256], [0, 256]).ravel().astype(np.int64))
    virtual = (n - 1) * (q / 100)  # numpy's index of the linear method, and its weight below
    below = int(np.floor(virtual))
    gamma = virtual - below
    a = int(np.searchsorted(cum, below, side="right"))  # the values at sorted positions below, below+1
    b = int(np.searchsorted(cum, min(below + 1, n - 1), side="right"))
    diff = b - a
    return float(b - diff * (1 - gamma)) if gamma >= 0.5 else float(a + diff * gamma)


def red_mask(image: np.ndarray) -> np.ndarray:
    """Pixels of red/pink seal ink (uint8 0/255)."""
    cfg = section("preprocess")
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    s, v = int(cfg["red_min_saturation"]), int(cfg["red_min_value"])
    # red wraps around hue 0: two ranges (cv2.inRange, one pass each, instead of five numpy masks)
    low = cv2.inRange(hsv, (0, s, v), (int(cfg["red_hue_low"]), 255, 255))
    high = cv2.inRange(hsv, (int(cfg["red_hue_high"]), s, v), (255, 255, 255))
    return cv2.bitwise_or(low, high)


def suppress_red(image: np.ndarray) -> tuple[np.ndarray, float]:
    """Replace seal ink with paper colour, keeping dark text under it. Returns (image, red share).

    Inside the seal mask the red channel is used: red ink is bright there while
    black text (even when covered by translucent ink) stays darker. That
    channel is contrast-stretched between the darkest text and the ink.
    """
    if image.ndim != 3:
        return image, 0.0
    cfg = section("preprocess")
    mask = red_mask(image)
    frac = float(np.count_nonzero(mask)) / mask.size
    if frac < cfg["red_min_fraction"]:
        return image, frac
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8)) > 0
    out = image.copy()
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    paper = percentile_u8(grey, 90)
    inside = image[:, :, 2][mask].astype(np.float32)  # only the ink's pixels, not the page, as float
    lo = float(np.percentile(inside, cfg["red_text_percentile"]))
    hi = float(np.percentile(inside, cfg["red_ink_percentile"]))
    if hi - lo < cfg["red_min_contrast"]:
        out[mask] = (paper, paper, paper)
        return out, frac
    stretched = np.clip((inside - lo) / (hi - lo), 0.0, 1.0) * paper
    out[mask] = np.repeat(stretched.astype(np.uint8)[:, None], 3, axis=1)
    return out, frac


def to_grey(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Dark ink (text, lines) as 255 on 0, by Otsu; a uniform page gives an empty mask."""
    if int(grey.max()) - int(grey.min()) < 40:
        return np.zeros_like(grey)
    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return bw


def remove_rules(image: np.ndarray) -> np.ndarray:
    """Paint long horizontal/vertical rules (table grids, borders) in paper colour.

    Engines read a table's grid lines as characters (|, 1, l) and lose the row
    structure; text strokes are far shorter than the rule kernels.
    """
    cfg = section("preprocess")
    grey = to_grey(image)
    bw = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    h, w = bw.shape
    frac = cfg["rule_min_length_fraction"]
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(w * frac), 10), 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(h * frac), 10))))
    rules = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    if not np.any(rules):
        return image
    out = image.copy()
    paper = int(percentile_u8(grey, 90))
    out[rules > 0] = paper if out.ndim == 2 else (paper, paper, paper)
    return out


def is_binary(image: np.ndarray, *, min_share: float | None = None, step: int = 4) -> bool:
    """True for a thresholded (black-and-white) scan: nearly every pixel is black or white.

    Looked at on every ``step``-th row and column (cheap); at least ``min_share`` (default
    ``preprocess.binary_min_share``) of those pixels must be exactly 0 or 255 in grey. Grey and
    colour scans (anti-aliased edges, paper noise; at most ~94 % on the generated sets) fail.
    """
    if min_share is None:
        min_share = section("preprocess")["binary_min_share"]
    grey = to_grey(image[::step, ::step])
    if grey.size == 0 or grey.dtype != np.uint8:
        return False
    return np.count_nonzero((grey == 0) | (grey == 255)) >= min_share * grey.size


def repair_binary(image: np.ndarray, *, sigma: float | None = None) -> np.ndarray:
    """A thresholded page softened by a slight Gaussian blur (``preprocess.binary_blur_sigma``):
    the recogniser then sees anti-aliased strokes as on a grey scan. Meant for pages
    ``is_binary`` accepts only; a sigma of 0 returns the image unchanged."""
    if sigma is None:
        sigma = float(section("preprocess")["binary_blur_sigma"])
    return cv2.GaussianBlur(image, (0, 0), sigma) if sigma > 0 else image


def rotate_quadrant(image: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate clockwise by 0/90/180/270."""
    degrees %= 360
    return image if degrees == 0 else cv2.rotate(image, _ROTATE_CODES[degrees])


def _small(mask: np.ndarray, long_side: int = 1000) -> np.ndarray:
    scale = long_side / max(mask.shape)
    if scale >= 1:
        return mask
    return cv2.resize(mask, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _profile_score(mask: np.ndarray, angle: float) -> float:
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rot.sum(axis=1, dtype=np.float64)
    return float(np.var(rows))


def estimate_skew(mask: np.ndarray, *, max_deg: float) -> float:
    """The angle (degrees, counter-clockwise positive, as cv2) that makes text rows horizontal."""
    small = _small(mask)
    best = max(np.arange(-max_deg, max_deg + 1e-6, 0.5), key=lambda a: _profile_score(small, a))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-6, 0.1)
    return float(round(max(fine, key=lambda a: _profile_score(small, a)), 2))


def deskew(image: np.ndarray, angle: float) -> np.ndarray:
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def is_landscape_text(mask: np.ndarray) -> bool:
    """True when text runs vertically in the image (page turned 90/270): column profile beats row profile."""
    small = _small(mask)
    rows = np.var(small.sum(axis=1, dtype=np.float64))
    cols = np.var(small.sum(axis=0, dtype=np.float64))
    return bool(cols > rows * 1.5)


@dataclass
class ScaledPage:
    """A page at OCR resolution, seal ink suppressed, in its stored orientation: the part of
    ``prepare`` that does not depend on the way up, kept so a page read again turned does not
    redo it (``skews``: by rotation mod 180; ``prepared``: by rotation)."""

    image: np.ndarray
    mask: np.ndarray  # dark ink, 255 on 0
    ink_fraction: float
    red_fraction: float
    scale: float
    binary: bool
    skews: dict[int, float] = field(default_factory=dict)
    prepared: dict[int, PreparedImage] = field(default_factory=dict)


def scale_page(image: np.ndarray, *, dpi: float | None = None) -> ScaledPage:
    """Downscale for OCR (to ``ocr_dpi`` when finer, within ``ocr_max_side_px``), then suppress
    red seal ink: at OCR resolution, so a 300 dpi scan's ink is looked at on 2.25x fewer pixels."""
    cfg = section("preprocess")
    binary = bool(cfg["binary_repair"]) and is_binary(image)  # before scaling: resizing greys a bw scan
    scale = 1.0
    if dpi and dpi > cfg["ocr_dpi"]:
        scale = cfg["ocr_dpi"] / dpi
    long_side = max(image.shape[:2]) * scale
    if long_side > cfg["ocr_max_side_px"]:
        scale *= cfg["ocr_max_side_px"] / long_side
    work = image
    if scale < 1.0:
        work = cv2.resize(work, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    work, red_frac = suppress_red(work) if cfg["red_suppress"] else (work, 0.0)
    mask = ink_mask(to_grey(work))
    ink = float(np.count_nonzero(mask)) / max(mask.size, 1)
    return ScaledPage(image=work, mask=mask, ink_fraction=ink, red_fraction=red_frac, scale=scale, binary=binary)


def orient(page: ScaledPage, rotation: int) -> PreparedImage:
    """``page`` turned ``rotation`` clockwise, deskewed, rules removed, a bw scan softened.
    Memoised on ``page``; a rotation 180 from one already prepared is that one turned (deskew and
    rule removal commute with a half turn), and a half turn keeps the skew."""
    rotation %= 360
    if rotation in page.prepared:
        return page.prepared[rotation]
    cfg = section("preprocess")
    ink = page.ink_fraction
    opposite = page.prepared.get((rotation + 180) % 360)
    if opposite is not None:
        prep = PreparedImage(image=rotate_quadrant(opposite.image, 180), rotation=rotation, skew=opposite.skew,
                             ink_fraction=ink, red_fraction=page.red_fraction, scale=page.scale)
        page.prepared[rotation] = prep
        return prep
    blank = ink < cfg["blank_max_ink_fraction"]
    if blank:
        rotation = 0
    work = rotate_quadrant(page.image, rotation)
    skew = 0.0
    if cfg["deskew"] and not blank:
        if rotation % 180 not in page.skews:
            page.skews[rotation % 180] = estimate_skew(rotate_quadrant(page.mask, rotation),
                                                       max_deg=cfg["max_skew_deg"])
        skew = page.skews[rotation % 180]
        if abs(skew) >= cfg["min_skew_deg"]:
            work = deskew(work, skew)
        else:
            skew = 0.0
    if cfg["remove_rules"] and not blank:
        work = remove_rules(work)
    if page.binary and not blank:
        work = repair_binary(work, sigma=cfg["binary_blur_sigma"])
    prep = PreparedImage(image=work, rotation=rotation, skew=skew, ink_fraction=ink,
                         red_fraction=page.red_fraction, scale=page.scale)
    page.prepared[rotation] = prep
    return prep


class _LastPage:
    """The last page scaled, so the orientation's re-reads of one page (``prepare`` called again
    with another rotation) reuse its scaling, ink suppression and preparations. Held by a weak
    reference to the stored image: a new page (or the old one freed, or another ``preprocess``
    configuration) starts afresh."""

    def __init__(self) -> None:
        self._ref: weakref.ref | None = None
        self._key: tuple = ()
        self.page: ScaledPage | None = None

    def get(self, image: np.ndarray, dpi: float | None) -> ScaledPage:
        key = (image.shape, image.dtype.str, dpi, repr(sorted(section("preprocess").items())))
        if self._ref is None or self._ref() is not image or self._key != key or self.page is None:
            self.page = None  # the previous page's arrays go before the new page's are made
            self.page = scale_page(image, dpi=dpi)
            self._ref, self._key = weakref.ref(image), key
        return self.page

    def clear(self) -> None:
        self._ref, self._key, self.page = None, (), None


_LAST = _LastPage()


def forget_page() -> None:
    """Drop the last page's scaled copy and preparations (a reader calls it after each page)."""
    _LAST.clear()


def prepare(image: np.ndarray, *, orientation: int | None = None,
            orient_fn=None, dpi: float | None = None) -> PreparedImage:
    """Downscale for OCR, red-ink suppression, orientation (0/90/180/270), deskew; a thresholded
    (black-and-white) scan is blurred slightly last (``repair_binary``).

    ``orientation``: a known rotation (skips detection); ``orient_fn(image) ->
    (rotation, confidence) | None`` detects it (e.g. tesseract OSD); without
    either, only 0/90 is decided by the text-line profile. ``dpi``: the
    image's resolution; it is scaled down to ``ocr_dpi`` when finer. The same page prepared again
    (another rotation) reuses what does not depend on the way up (``ScaledPage``).
    """
    cfg = section("preprocess")
    page = _LAST.get(image, dpi)
    rotation = 0
    if page.ink_fraction >= cfg["blank_max_ink_fraction"]:
        if orientation is not None:
            rotation = orientation % 360
        elif cfg["orientation"]:
            rotation = 90 if cfg["detect_quarter_turns"] and is_landscape_text(page.mask) else 0
            if orient_fn is not None:
                found = orient_fn(rotate_quadrant(page.image, rotation))
                if found is not None and found[0] in (0, 180):
                    rotation = (rotation + found[0]) % 360
                elif found is not None:
                    log.debug("OSD suggests %s after the profile test; ignored", found)
    return orient(page, rotation)


def tight_crop(image: np.ndarray, *, pad_ratio: float = 0.4) -> np.ndarray | None:
    """The region's ink (text, without rules) with a margin, or None when it holds no ink.

    Recognisers read a lone character badly inside a wide blank strip; cropped to
    its ink (plus ``pad_ratio`` of the ink height) it reads like a word.
    """
    grey = to_grey(image)
    bw = ink_mask(grey)
    if not np.any(bw):
        return None
    h, w = bw.shape
    rules = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(h * 0.8), 3))))
    rules |= cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(w * 0.5), 3), 1)))
    bw = cv2.bitwise_and(bw, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8))))
    bw = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks
    ys, xs = np.nonzero(bw)
    if len(xs) == 0:
        return None
    pad = int(max(ys.max() - ys.min(), 4) * pad_ratio) + 2
    y0, y1 = max(ys.min() - pad, 0), min(ys.max() + pad + 1, h)
    x0, x1 = max(xs.min() - pad, 0), min(xs.max() + pad + 1, w)
    return image[y0:y1, x0:x1]
