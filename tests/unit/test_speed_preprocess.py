"""Preprocessing does each thing once per page (issue 18, session 9): a page read again turned
(``pipeline/orientation.py`` calls ``prepare`` with another rotation) reuses its downscaled,
ink-suppressed copy and its skew, a half turn of an already prepared page is that page turned, and
the detector's input normalisation runs in float32 with RapidOCR's result."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline import preprocess
from pipeline.preprocess import forget_page, prepare


def _page(seed: int = 0) -> np.ndarray:
    """A 300 dpi colour 'page': dark text rows, a slight skew, a red stamp."""
    img = np.full((1200, 900, 3), 245, np.uint8)
    rng = np.random.default_rng(seed)
    for y in range(150, 1050, 60):
        for x in range(100, 800, 40):
            if rng.random() < 0.8:
                cv2.rectangle(img, (x, y), (x + 25, y + 25), (30, 30, 30), 3)
    cv2.circle(img, (600, 900), 120, (40, 40, 220), 10)
    m = cv2.getRotationMatrix2D((450, 600), 1.2, 1.0)
    return cv2.warpAffine(img, m, (900, 1200), borderValue=(245, 245, 245))


@pytest.fixture()
def scaled(monkeypatch: pytest.MonkeyPatch) -> list:
    calls: list = []
    real = preprocess.scale_page

    def counting(image, *, dpi=None):
        calls.append(dpi)
        return real(image, dpi=dpi)

    monkeypatch.setattr(preprocess, "scale_page", counting)
    forget_page()
    yield calls
    forget_page()


def test_a_page_prepared_again_turned_is_scaled_once(scaled: list) -> None:
    page = _page()
    first = prepare(page, orientation=None, dpi=300)
    half = prepare(page, orientation=180, dpi=300)
    quarter = prepare(page, orientation=90, dpi=300)
    assert len(scaled) == 1
    assert first.scale == pytest.approx(200 / 300) and first.red_fraction > 0
    assert np.array_equal(half.image, cv2.rotate(first.image, cv2.ROTATE_180)) and half.skew == first.skew
    assert quarter.image.shape[:2] == first.image.shape[1::-1] and quarter.rotation == 90


def test_the_memo_is_the_page_prepared_afresh(scaled: list) -> None:
    page = _page()
    prepare(page, orientation=None, dpi=300)
    again = prepare(page, orientation=0, dpi=300)
    forget_page()
    fresh = prepare(page, orientation=0, dpi=300)
    assert len(scaled) == 2 and np.array_equal(again.image, fresh.image) and again.skew == fresh.skew


def test_another_page_or_configuration_is_scaled_afresh(scaled: list, monkeypatch: pytest.MonkeyPatch) -> None:
    page, other = _page(0), _page(1)
    prepare(page, dpi=300)
    prepare(other, dpi=300)
    cfg = preprocess.section("preprocess")
    monkeypatch.setitem(cfg, "red_suppress", False)
    unsuppressed = prepare(other, dpi=300)
    assert len(scaled) == 3 and unsuppressed.red_fraction == 0.0


def test_detector_normalisation_in_float32_equals_rapidocr() -> None:
    from rapidocr_openvino.ch_ppocr_det.utils import DetPreProcess

    from pipeline.ocr.rapid import _float32_normalize

    op = DetPreProcess(1280, "max", [0.5, 0.5, 0.5], [0.5, 0.5, 0.5])
    img = np.random.default_rng(3).integers(0, 256, (320, 224, 3), dtype=np.uint8)
    ours = _float32_normalize(op)(img)
    assert ours.dtype == np.float32
    assert np.allclose(ours, op.normalize(img).astype(np.float32), atol=1e-6)
