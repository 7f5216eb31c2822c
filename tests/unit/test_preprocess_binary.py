"""Black-and-white (thresholded) pages: cheap detection, and the stroke repair run on them only."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.io.config import section
from pipeline.preprocess import is_binary, prepare, repair_binary


def _bw_page() -> np.ndarray:
    """A thresholded page: white paper, black text strokes 1 px wide (some broken), a rule."""
    img = np.full((600, 800, 3), 255, np.uint8)
    for x in range(100, 700, 12):
        img[200:230, x] = 0                          # thin vertical strokes
        img[200, x:x + 8] = 0
        img[230, x:x + 8:2] = 0                      # a dotted (broken) horizontal stroke
    img[400, 50:750] = 0                             # a table rule
    return img


def _grey_page() -> np.ndarray:
    """The same page as a grey scan: anti-aliased strokes on slightly noisy paper."""
    rng = np.random.default_rng(3)
    img = cv2.GaussianBlur(_bw_page(), (0, 0), 1.0).astype(np.int16)
    img += rng.integers(-6, 7, img.shape[:2], dtype=np.int16)[:, :, None]
    img = np.clip(img - 10, 0, 255).astype(np.uint8)
    return img


def _grey_pixels(img: np.ndarray) -> int:
    return int(np.count_nonzero((img > 0) & (img < 255)))


def test_binary_page_is_detected():
    assert is_binary(_bw_page())
    assert is_binary(cv2.cvtColor(_bw_page(), cv2.COLOR_BGR2GRAY))


def test_grey_colour_and_blank_grey_pages_are_not_binary():
    assert not is_binary(_grey_page())
    colour = _grey_page()
    colour[300:360, 300:360] = (40, 30, 215)         # a red seal patch does not make it binary
    assert not is_binary(colour)
    assert not is_binary(np.full((100, 100, 3), 240, np.uint8))   # grey paper, no pure white


def test_a_few_grey_pixels_still_binary_but_not_many():
    img = _bw_page()
    img[:3, :] = 128                                  # 0.5 % of the page: still thresholded
    assert is_binary(img)
    img[:60, :] = 128                                 # 10 %: not
    assert not is_binary(img)


def test_repair_spreads_a_thin_stroke_into_grey_edges():
    img = _bw_page()
    out = repair_binary(img, sigma=0.8)
    assert out.dtype == np.uint8 and out.shape == img.shape
    assert _grey_pixels(img) == 0 and _grey_pixels(out) > 0
    row = out[215, 97:104, 0]                        # across the 1 px stroke at x=100
    assert row[3] < 160 and row[3] < row[2] and row[3] < row[4]   # the stroke stays the darkest
    assert 0 < int(row[2]) < 255 and 0 < int(row[4]) < 255    # its neighbours turn grey
    assert np.count_nonzero(out[:, :, 0] < 255) > 2 * np.count_nonzero(img[:, :, 0] < 255)
    assert np.array_equal(repair_binary(img, sigma=0.0), img)


def test_default_step_is_on_and_blurs():
    cfg = section("preprocess")
    assert cfg["binary_repair"] and cfg["binary_blur_sigma"] > 0


def test_prepare_repairs_only_binary_pages(monkeypatch):
    cfg = section("preprocess")
    for key, value in {"binary_repair": True, "binary_blur_sigma": 0.8, "deskew": False,
                       "orientation": False}.items():
        monkeypatch.setitem(cfg, key, value)
    grey = _grey_page()
    prepared_grey = prepare(grey, dpi=200)
    monkeypatch.setitem(cfg, "binary_repair", False)
    unrepaired_grey = prepare(grey, dpi=200)
    assert np.array_equal(prepared_grey.image, unrepaired_grey.image)    # grey scan untouched
    monkeypatch.setitem(cfg, "binary_repair", True)
    bw = _bw_page()
    repaired = prepare(bw, dpi=200).image
    monkeypatch.setitem(cfg, "binary_repair", False)
    plain = prepare(bw, dpi=200).image
    assert _grey_pixels(plain) == 0 and _grey_pixels(repaired) > 0   # the bw page was repaired
    assert np.count_nonzero(repaired[:, :, 0] < 255) > np.count_nonzero(plain[:, :, 0] < 255)
