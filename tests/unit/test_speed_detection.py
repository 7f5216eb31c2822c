"""Detection at the resolution detection needs (issue 18): a whole page is detected at
``ocr.rapid_det_max_side`` on its long side, the boxes come back in the page's pixels, and the
detect-then-recognise split reads exactly what RapidOCR's own page call reads."""

from __future__ import annotations

import pytest

from pipeline.ocr.rapid import RapidOcrEngine
from tests.ocr.render import render_certificate

pytestmark = pytest.mark.ocr


@pytest.fixture(scope="module")
def engine() -> RapidOcrEngine:
    return RapidOcrEngine()


@pytest.fixture(scope="module")
def page():
    return render_certificate(dpi=150, seal_over=None)  # 1237 x 877 px


def _detector_inputs(engine: RapidOcrEngine):
    seen: list[tuple[int, int]] = []
    det = engine._ocr.text_det
    infer = det.infer

    def recording(batch, _infer=infer):
        seen.append(tuple(batch.shape[2:]))
        return _infer(batch)

    det.infer = recording
    return seen, infer


def _overlap(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def test_detection_input_is_limited_and_boxes_come_back_in_page_pixels(engine, page) -> None:
    seen, infer = _detector_inputs(engine)
    saved = engine.det_max_side
    try:
        engine.det_max_side = 0  # RapidOCR's own page setting: detected at the page's size
        full = engine.recognize(page)
        engine.det_max_side = 640
        small = engine.recognize(page)
    finally:
        engine.det_max_side = saved
        engine._ocr.text_det.infer = infer
    assert max(seen[0]) > 1200 and max(seen[1]) <= 640  # the detector's input is what was asked
    h, w = page.shape[:2]
    assert (small.width, small.height) == (w, h)
    assert "继续医学教育" in small.text.replace(" ", "")
    for line in small.lines:  # boxes scaled back onto the page, where the full-size detection put them
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
        assert max(_overlap(line.box, other.box) for other in full.lines) > 0.6
    assert max(line.box[2] for line in small.lines) > 0.6 * w  # not left in the detector's 640 px frame


def test_detect_then_recognise_reads_what_rapidocr_reads(engine, page) -> None:
    raw, _ = engine._ocr(page, use_det=True, use_cls=False)
    detection = engine.detect(page)
    result = engine.recognize(page, detection=detection)
    assert sorted(text for _box, text, _score in raw) == sorted(line.text for line in result.lines)
    assert len(detection.boxes) == len(detection.upside_down) >= len(result.lines)
    assert all(p < 0.5 for p in detection.upside_down)  # an upright page's lines are upright
    with pytest.raises(ValueError):
        engine.recognize(page.copy(), detection=detection)  # another image's detection is refused
