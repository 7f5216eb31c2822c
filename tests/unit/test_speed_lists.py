"""List pages at the size they need (issue 18, session 8): a page taken for a list is read again with
its detector at ``ocr.list_det_max_side`` (0: the page's own size), only when that differs from the
page pass's; RapidOCR's ``recognize(det_max_side=...)`` sizes one call's detector and leaves the
engine's own setting as it was."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from pipeline import reading
from pipeline.errors import OcrEngineError
from pipeline.models import Line, OcrResult


def _result(text: str) -> OcrResult:
    return OcrResult(engine="fake", engine_version="1", width=10, height=10,
                     lines=[Line(text=text, conf=0.9, box=(0.0, 0.0, 5.0, 5.0), words=[])])


class FakeEngine:
    """Records the detector size of each whole-page call."""

    def __init__(self, det_max_side: int = 1280, fail: bool = False):
        self.det_max_side = det_max_side
        self.calls: list[int | None] = []
        self.fail = fail

    def recognize(self, image, *, region_hint=None, detection=None, det_max_side=None) -> OcrResult:
        self.calls.append(det_max_side)
        if self.fail:
            raise OcrEngineError("boom")
        return _result(f"read at {det_max_side}")


PAGE = SimpleNamespace(path="a.pdf", page=1)
IMAGE = np.zeros((10, 10, 3), np.uint8)


@pytest.fixture
def ocr_section(monkeypatch):
    cfg: dict = {}
    monkeypatch.setattr(reading, "section", lambda name: cfg if name == "ocr" else {})
    return cfg


def test_a_list_is_read_again_at_the_configured_detector_size(ocr_section) -> None:
    ocr_section["list_det_max_side"] = 0
    engine, timings = FakeEngine(1280), {}
    out = reading._list_reread(_result("page pass"), IMAGE, engine, timings, PAGE)
    assert engine.calls == [0] and out.lines[0].text == "read at 0"
    assert "list_reread" in timings


@pytest.mark.parametrize("side", [None, 1280])
def test_no_second_read_when_unset_or_the_page_pass_size(ocr_section, side) -> None:
    if side is not None:
        ocr_section["list_det_max_side"] = side
    engine = FakeEngine(1280)
    out = reading._list_reread(_result("page pass"), IMAGE, engine, {}, PAGE)
    assert engine.calls == [] and out.lines[0].text == "page pass"


def test_a_failed_list_re_read_keeps_the_page_pass(ocr_section) -> None:
    ocr_section["list_det_max_side"] = 2000
    engine = FakeEngine(1280, fail=True)
    out = reading._list_reread(_result("page pass"), IMAGE, engine, {}, PAGE)
    assert engine.calls == [2000] and out.lines[0].text == "page pass"


def test_an_engine_without_a_sized_detector_is_not_read_again(ocr_section) -> None:
    ocr_section["list_det_max_side"] = 0
    engine = FakeEngine()
    del engine.det_max_side  # tesseract and the like
    out = reading._list_reread(_result("page pass"), IMAGE, engine, {}, PAGE)
    assert engine.calls == [] and out.lines[0].text == "page pass"


@pytest.mark.ocr
def test_rapidocr_sizes_one_calls_detector_and_keeps_its_own() -> None:
    from pipeline.ocr.rapid import RapidOcrEngine
    from tests.ocr.render import render_certificate

    engine = RapidOcrEngine()
    page = render_certificate(dpi=150, seal_over=None)  # 1237 x 877 px
    seen: list[tuple[int, ...]] = []
    infer = engine._ocr.text_det.infer
    engine._ocr.text_det.infer = lambda batch: (seen.append(tuple(batch.shape[2:])), infer(batch))[1]
    engine.det_max_side = 640
    try:
        engine.recognize(page)                    # the page pass's size
        full = engine.recognize(page, det_max_side=0)  # the page's own size, this call only
        engine.recognize(page)
    finally:
        engine._ocr.text_det.infer = infer
    assert max(seen[0]) <= 640 and max(seen[1]) > 1200 and max(seen[2]) <= 640, seen
    assert engine.det_max_side == 640
    assert "继续医学教育" in full.text.replace(" ", "")
