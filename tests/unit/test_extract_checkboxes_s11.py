"""Session 11 regressions, check-box forms (issue 14): a row of printed options each after a box
(□ 国·Ⅰ □ Ⅰ类省级 √ Ⅱ类; □ 面授 √ 远程) states the ticked option only. The engine reads the options'
words, never the marks, so the page pass took the first option printed. Built from the rows of three
pages of the session-10 held-out families (development now; /tmp/r/w and /tmp/r/sh, seeds 11031 /
11032 at 9899c77): the prepared page's rows as images, the page pass's words over them; each test
fails before the change (at 9899c77 the region re-reads have no check-box reader).

The engine stand-in reads a crop by where it lies on the row image (template matching) and answers
what RapidOCR read there on the page (Ⅱ类's two close bars come out as 类 alone)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.extract import regions
from pipeline.extract.certificate import extract_certificate
from pipeline.models import CertificateFields, Line, OcrResult, Word

IMAGES = Path(__file__).resolve().parents[1] / "ocr" / "images" / "checkboxes"
Box = tuple[str, float, float, float, float]

# (words of the page pass over the rows, what the engine reads of the region starting at x: [(x0, x1, text)])
WH_THIRD_SECOND = ("wh_category_mode_ticked_third_second.png", [
    ('口国·一', 359, 38, 513, 88), ('类', 1039, 36, 1155, 89), ('类别', 58, 42, 139, 89), ('类省级', 701, 39, 871, 89),
    ('学习形式', 62, 164, 204, 209), ('面授', 361, 162, 491, 214), ('远程', 688, 161, 817, 211)],
    [(0, 120, "学习形式"), (400, 650, "国·I"), (740, 1000, "I类省级"), (1080, 1300, "类"), (0, 0, "")])
WH_AFTER_GUO = ("wh_category_after_guo_ticked_second.png", [
    ('口国家级I类', 363, 39, 572, 83), ('I类/省级', 704, 42, 913, 85), ('二类', 1036, 36, 1168, 89), ('类别', 58, 39, 142, 89),
    ('学习形式', 58, 162, 206, 211), ('面授', 361, 161, 488, 211), ('远程', 688, 161, 817, 214)],
    [(400, 650, "国家级I类"), (740, 1000, "I类/省级"), (1080, 1300, "二类")])
SH_HU = ("sh_category_hu_ticked_second.png", [
    ('学分类别', 56, 36, 205, 91), ('类（国家级项目）沪「类', 363, 38, 858, 85), ('ⅡI类学分 (单位)', 1043, 43, 1341, 88),
    ('学习形式', 58, 161, 206, 211), ('面授', 359, 158, 491, 211), ('远程', 688, 162, 819, 214)],
    [(400, 700, "类(国家级项目)"), (740, 1000, "沪I类"), (1080, 1300, "II类学分(单位)")])


class _RowReader:
    """Reads a crop as the engine read the page there: the crop is found on the row image and the
    text of the option region its left edge lies in is returned (modes: by the row's words)."""

    name, version, det_max_side = "stub", "0", 1280

    def __init__(self, image: np.ndarray, regions_text: list[tuple[int, int, str]], words: list[Box]):
        self.grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        self.regions_text, self.words = regions_text, words

    def recognize(self, crop: np.ndarray, region_hint: str | None = None, **_kw) -> OcrResult:
        grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
        score = cv2.matchTemplate(self.grey, grey, cv2.TM_SQDIFF)
        _mn, _mx, (x, y), _ = cv2.minMaxLoc(score)
        text = ""
        if y > 120:  # the mode's row: the word the crop starts over
            text = next((t for t, x0, _y0, x1, _y1 in self.words if x0 - 40 <= x <= x1 and _y0 > 120), "")
        else:
            text = next((t for x0, x1, t in self.regions_text if x0 <= x < x1), "")
        return OcrResult(engine="stub", engine_version="0", width=crop.shape[1], height=crop.shape[0],
                         lines=[Line(text=text, conf=0.95, box=(0, 0, crop.shape[1], crop.shape[0]))] if text else [])


def _read(case, *, blank_ticks: bool = False) -> CertificateFields:
    file, words, texts = case
    image = cv2.imread(str(IMAGES / file))
    assert image is not None, file
    if blank_ticks:  # every box's inside painted white: no box is ticked
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        from pipeline.extract.checkboxes import find_boxes

        for y0, y1 in ((0, 125), (125, 250)):
            for b in find_boxes(grey[y0:y1], 48.0):
                m = int(0.2 * (b.x1 - b.x0))
                image[y0 + b.y0 + m:y0 + b.y1 - m, b.x0 + m:b.x1 - m] = 255
    lines = [Line(text=t, conf=0.95, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.95, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    result = OcrResult(engine="stub", engine_version="0", width=image.shape[1], height=image.shape[0], lines=lines)
    fields = extract_certificate(result)
    regions.reread(fields, result, image, _RowReader(image, texts, words))
    return fields


def test_the_ticked_option_is_the_value_and_a_lost_class_numeral_is_counted_from_its_bars():
    # before: I类省级 and 面授, the first options printed that parse (the page states II类 and 远程)
    fields = _read(WH_THIRD_SECOND)
    assert (fields.category, fields.mode) == ("II类", "远程")


def test_a_character_framed_like_a_box_after_a_blank_box_is_no_box():
    # 国 right of the first option's box is a square with ink inside: not the ticked box (I类省级 is)
    fields = _read(WH_AFTER_GUO)
    assert (fields.category, fields.mode) == ("I类省级", "面授")


def test_shanghai_hu_class_one_is_the_records_provincial_class_one():
    # before: II类 (the third option's words); the ticked second reads 沪I类, Shanghai's Class I
    fields = _read(SH_HU)
    assert (fields.category, fields.mode) == ("I类省级", "面授")


@pytest.mark.parametrize("case", [WH_THIRD_SECOND, SH_HU], ids=["wh", "sh"])
def test_a_row_of_options_with_no_tick_found_states_no_value(case):
    # before: an option printed beside a blank box was the value
    fields = _read(case, blank_ticks=True)
    assert fields.category is None and fields.mode is None
