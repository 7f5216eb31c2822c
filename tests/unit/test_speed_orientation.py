"""No second whole-page reading where the page's way up is known from its detected lines
(issue 18): ``pipeline/orientation.py`` with a fake engine that has a detector and an angle
classifier. The page's tag (its rotation) travels through a fake ``prepare``."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline import orientation
from pipeline.models import Line, OcrResult
from pipeline.ocr.base import Detection
from pipeline.preprocess import PreparedImage

FLAT = (10.0, 10.0, 410.0, 50.0)  # a line of ~10 characters lying
STANDING = (10.0, 10.0, 50.0, 410.0)


def _prepare(image: np.ndarray, *, orientation: int | None = None, dpi: float | None = None) -> PreparedImage:
    rotation = (orientation or 0) % 360
    tagged = np.full((8, 8, 3), rotation // 90, np.uint8)
    return PreparedImage(image=tagged, rotation=rotation, skew=0.0, ink_fraction=0.1, red_fraction=0.0)


class FakeEngine:
    """``stored``: how far (degrees clockwise) the stored page must be turned to be upright;
    ``lines``: lines found;
    ``reads_well``: the upright page reads as a confident certificate (else a poor 'other' page)."""

    name = "fake"
    version = "1"

    def __init__(self, stored: int, *, lines: int = 12, reads_well: bool = True) -> None:
        self.stored, self.lines, self.reads_well = stored, lines, reads_well
        self.recognised: list[int] = []  # rotation of each whole-page recognition

    def _upright_by(self, image: np.ndarray) -> int:  # how far the image still is from upright
        return (self.stored - int(image[0, 0, 0]) * 90) % 360

    def detect(self, image: np.ndarray) -> Detection:
        off = self._upright_by(image)
        box = STANDING if off in (90, 270) else FLAT
        # RapidOCR turns a standing crop a quarter counter-clockwise: upright on a page that wants
        # turning 270 (a quarter counter-clockwise) to be upright, upside down on one that wants 90
        upside = {0: 0.02, 180: 0.97, 90: 0.96, 270: 0.03}[off]
        return Detection(boxes=(box,) * self.lines, upside_down=(upside,) * self.lines,
                         shape=image.shape[:2], handle=id(image))

    def recognize(self, image: np.ndarray, *, region_hint=None, detection=None) -> OcrResult:
        self.recognised.append(int(image[0, 0, 0]) * 90)
        off = self._upright_by(image)
        if off == 0 and self.reads_well:
            text, conf, box = "继续医学教育学分证书项目编号授予学分特发此证", 0.95, FLAT
        elif off == 0:
            text, conf, box = "本页说明文字若干内容", 0.6, FLAT
        else:
            text, conf, box = "口口", 0.3, STANDING if off in (90, 270) else FLAT
        lines = [Line(text=text, conf=conf, box=box) for _ in range(self.lines)]
        return OcrResult(engine="fake", engine_version="1", width=8, height=8, lines=lines)


@pytest.fixture(autouse=True)
def fake_prepare(monkeypatch):
    monkeypatch.setattr(orientation, "prepare", _prepare)
    from pipeline.io import config

    ocr = dict(config.section("ocr"), orientation_from_detection=True, flip_vote_min_lines=6, flip_vote_share=0.8)
    real = config.section
    monkeypatch.setattr(orientation, "section", lambda name: ocr if name == "ocr" else real(name))


@pytest.mark.parametrize("stored", [0, 90, 180, 270])
def test_each_way_up_is_recognised_once(stored: int) -> None:
    engine = FakeEngine(stored)
    result, prep = orientation.read_upright(np.zeros((8, 8, 3), np.uint8), engine, 200)
    assert prep.rotation == stored
    assert engine.recognised == [stored]  # the page recognised once, the way it is kept
    assert "证书" in result.text


def test_a_poor_page_found_upright_is_not_read_turned_180() -> None:
    engine = FakeEngine(0, reads_well=False)
    _result, prep = orientation.read_upright(np.zeros((8, 8, 3), np.uint8), engine, 200)
    assert prep.rotation == 0 and engine.recognised == [0]


def test_without_enough_lines_to_vote_the_page_is_still_read_turned() -> None:
    engine = FakeEngine(0, lines=3, reads_well=False)
    orientation.read_upright(np.zeros((8, 8, 3), np.uint8), engine, 200)
    assert engine.recognised[:2] == [0, 180]  # the vote is not taken: the old 180 re-read


def test_an_engine_without_a_detector_reads_the_old_way() -> None:
    engine = FakeEngine(180)
    engine.detect = None  # type: ignore[assignment]  (e.g. tesseract)
    _result, prep = orientation.read_upright(np.zeros((8, 8, 3), np.uint8), engine, 200)
    assert prep.rotation == 180 and engine.recognised == [0, 180]
