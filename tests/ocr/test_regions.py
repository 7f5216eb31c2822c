"""Region re-reading: a table value the page pass dropped is read from its cell (fake engine)."""

from __future__ import annotations

import numpy as np

from pipeline.models import CertificateFields, Line, OcrResult, Word
from pipeline.preprocess import tight_crop
from pipeline.reading import fill_from_regions


class CellEngine:
    """A fake engine: reads '1' when handed a small crop with ink, records what it was given."""

    name = "cell"
    version = "cell-1"

    def __init__(self) -> None:
        self.crops: list[tuple[np.ndarray, str | None]] = []

    def recognize(self, image, *, region_hint=None):
        self.crops.append((image, region_hint))
        text = "1" if (image < 128).any() and image.shape[1] < 200 else ""
        lines = [Line(text=text, conf=0.9, box=(0, 0, image.shape[1], image.shape[0]),
                      words=[Word(text=text, conf=0.9, box=(0, 0, image.shape[1], image.shape[0]))])] if text else []
        return OcrResult(engine=self.name, engine_version=self.version, width=image.shape[1],
                         height=image.shape[0], lines=lines)


def _page_with_lone_digit() -> np.ndarray:
    img = np.full((300, 1200, 3), 255, np.uint8)
    img[100:140, 600:606] = 0          # the digit "1", right of the label
    img[:, 500:502] = 0                # the table's vertical rule, across the row
    return img


def _result(text: str) -> OcrResult:
    box = (100.0, 100.0, 160.0, 140.0)
    return OcrResult(engine="cell", engine_version="cell-1", width=1200, height=300,
                     lines=[Line(text=text, conf=0.95, box=box, words=[Word(text=text, conf=0.95, box=box)])])


def test_tight_crop_drops_rules_and_blank_space():
    crop = tight_crop(_page_with_lone_digit()[60:180, 200:1200])
    assert crop is not None and crop.shape[1] < 100      # the digit, not the 1000 px strip
    assert tight_crop(np.full((50, 400, 3), 255, np.uint8)) is None


def test_label_alone_on_its_row_gets_its_value_from_the_cell():
    engine = CellEngine()
    fields = CertificateFields()
    fill_from_regions(fields, _result("学分"), _page_with_lone_digit(), engine)
    assert fields.credits == 1.0 and fields.confidence["credits"] > 0
    assert engine.crops and engine.crops[0][1] == "digits"


def test_nothing_is_read_when_credits_known_or_cell_empty():
    engine = CellEngine()
    fields = CertificateFields(credits=4.0)
    fill_from_regions(fields, _result("学分"), _page_with_lone_digit(), engine)
    assert fields.credits == 4.0 and not engine.crops
    empty = CertificateFields()
    fill_from_regions(empty, _result("学分"), np.full((300, 1200, 3), 255, np.uint8), engine)
    assert empty.credits is None
