"""Quarter-turned pages: the generator stores them (boxes turn with the page, turns are seeded),
the reader decides which way up a page is (pipeline/orientation.py, with a fake engine)."""

from __future__ import annotations

import copy

import cv2
import numpy as np
import pytest
from PIL import Image

from pipeline import orientation
from pipeline.models import Line, OcrResult
from pipeline.preprocess import PreparedImage, rotate_quadrant
from samples.plan import plan_set
from samples.scan import render_scan, stored_bbox

YEARS = [2021, 2022]


def _pages(sp):
    for ap in sp.applicants:
        for f in ap.files:
            yield from f.pages


def _turns(sp) -> list[int]:
    return [p.scan.rotation for p in _pages(sp)]


def test_stored_bbox_quarter_turns_match_pillow() -> None:
    size = (600.0, 800.0)
    box = (100.0, 200.0, 160.0, 260.0)
    # the stored page of a 90 is the upright page turned a quarter counter-clockwise
    assert stored_bbox(box, size, 0.0, 90) == [200.0, 440.0, 260.0, 500.0]
    assert stored_bbox(box, size, 0.0, 270) == [540.0, 100.0, 600.0, 160.0]
    # the same as drawing the box and turning the picture as the scanner stores it
    for rotation, transpose in ((90, Image.Transpose.ROTATE_90), (270, Image.Transpose.ROTATE_270),
                                (180, Image.Transpose.ROTATE_180)):
        im = np.zeros((800, 600), np.uint8)
        im[200:260, 100:160] = 255
        turned = np.asarray(Image.fromarray(im).transpose(transpose))
        ys, xs = np.nonzero(turned)
        assert stored_bbox(box, size, 0.0, rotation) == [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]
    # clipping happens on the page before it is turned
    assert stored_bbox((550.0, 10.0, 650.0, 50.0), size, 0.0, 90) == [10.0, 0.0, 50.0, 50.0]


def _red(arr: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(np.ascontiguousarray(arr), cv2.COLOR_RGB2HSV).astype(int)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((hue <= 8) | (hue >= 168)) & (sat > 25) & (val > 110)


@pytest.mark.parametrize("rotation", [90, 270])
def test_a_quarter_turned_certificate_has_its_seal_boxes_on_its_seals(rotation: int) -> None:
    sp = plan_set(seed=5, applicants=1, profile="clean", years=YEARS, policy="wenzhou-2023",
                  max_certs_per_year=1, max_dpi=72)
    page = copy.deepcopy(next(p for p in _pages(sp) if p.kind == "certificate" and len(p.seals) == 2))
    upright = np.asarray(render_scan(page).convert("RGB"))
    page.scan.rotation = rotation
    arr = np.asarray(render_scan(page).convert("RGB"))
    assert arr.shape[:2] == upright.shape[1::-1]                 # width and height swapped
    s = page.scan.dpi / 72.0
    red = _red(arr)
    inside = np.zeros_like(red)
    for seal in page.seals:
        x0, y0, x1, y1 = (v * s for v in stored_bbox(seal.bbox(), page.size_pt, page.scan.skew, rotation))
        assert 0 <= x0 < x1 <= arr.shape[1] + 1 and 0 <= y0 < y1 <= arr.shape[0] + 1
        assert red[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))].mean() > 0.03
        inside[max(0, int(y0) - 2):int(np.ceil(y1)) + 2, max(0, int(x0) - 2):int(np.ceil(x1)) + 2] = True
    assert red.sum() > 100 and red[~inside].sum() <= 0.01 * red.sum()
    # the upright page's boxes would miss the ink: the seals moved with the page
    upright_inside = np.zeros_like(red)
    for seal in page.seals:
        x0, y0, x1, y1 = (v * s for v in stored_bbox(seal.bbox(), page.size_pt, page.scan.skew, 0))
        upright_inside[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))] = True
    assert red[~upright_inside].sum() > 0.3 * red.sum()

def test_quarter_turns_are_seeded_and_only_where_the_profile_asks() -> None:
    kw = {"applicants": 6, "years": YEARS, "policy": "wenzhou-2023", "max_certs_per_year": 3}
    harsh = _turns(plan_set(seed=9, profile="harsh", **kw))
    assert {90, 270} <= set(harsh)
    assert harsh == _turns(plan_set(seed=9, profile="harsh", **kw))
    assert not {90, 270} & set(_turns(plan_set(seed=9, profile="clean", **kw)))


def test_quarter_turns_leave_the_rest_of_a_seed_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turns come from their own stream: the same seed plans the same pages, turned or not."""
    from samples import config

    kw = {"applicants": 4, "years": YEARS, "policy": "wenzhou-2023", "max_certs_per_year": 3}
    realistic = config.generator()["profiles"]["realistic"]
    monkeypatch.setitem(realistic, "rotate90_p", 0.0)
    plain = list(_pages(plan_set(seed=2, profile="realistic", **kw)))
    monkeypatch.setitem(realistic, "rotate90_p", 0.5)
    turned = list(_pages(plan_set(seed=2, profile="realistic", **kw)))
    assert len(plain) == len(turned)
    changed = 0
    for a, b in zip(plain, turned):
        assert (a.kind, a.design, a.seed, a.truth) == (b.kind, b.design, b.seed, b.truth)
        assert (a.scan.dpi, a.scan.color, a.scan.skew) == (b.scan.dpi, b.scan.color, b.scan.skew)
        changed += a.scan.rotation != b.scan.rotation
    assert changed >= 5


# ------------------------------------------------------------------ pipeline/orientation.py
# A fake page: a 40x60 array whose one dark pixel is the upright page's top-left corner, so
# where it sits tells how the page is turned; a fake engine reads it the way the real ones do.

CERT_TEXT = ["继续医学教育学分证书", "证书编号ZJ2021000123学员王晓明", "王晓明同志参加心力衰竭规范化管理学习",
             "项目编号2021-04-05-123国", "经考核合格授予国家级继续医学教育学分", "主办单位温州医科大学附属第一医院",
             "特发此证"]


def _stored(turn: int) -> np.ndarray:
    """The upright fake page turned ``turn`` degrees clockwise (as a scanner might store it)."""
    up = np.full((40, 60, 3), 255, np.uint8)
    up[0, 0] = 0
    return rotate_quadrant(up, turn)


def _corner(image: np.ndarray) -> str:
    ys, xs = np.nonzero(image[:, :, 0] == 0)
    h, w = image.shape[:2]
    return ("top" if ys[0] < h / 2 else "bottom") + "-" + ("left" if xs[0] < w / 2 else "right")


def _lines(texts: list[str], conf: float, *, tall: bool) -> list[Line]:
    out = []
    for i, t in enumerate(texts):
        n = len(t) * 10
        box = (i * 12.0, 0.0, i * 12.0 + 10, float(n)) if tall else (0.0, i * 12.0, float(n), i * 12.0 + 10)
        out.append(Line(text=t, conf=conf, box=box))
    return out


class FakeEngine:
    """``rapid``: its detector follows the text (tall boxes on a quarter-turned page, read well
    one way round, dropped the other, as RapidOCR does); otherwise quarter-turned pages read as
    short wide garbage."""

    name, version = "fake", "1"

    def __init__(self, *, rapid: bool = True, upright_vertical: bool = False):
        self.rapid, self.upright_vertical, self.calls = rapid, upright_vertical, []

    def recognize(self, image: np.ndarray, *, region_hint=None) -> OcrResult:
        corner = _corner(image)
        self.calls.append(corner)
        garbage = ["口口目目口日", "曰口日目口口", "口目日口目曰"] * 3
        if corner == "top-left":
            lines = _lines(CERT_TEXT, 0.95, tall=self.upright_vertical)
        elif corner == "bottom-right":
            lines = _lines(garbage, 0.3, tall=False)
        elif not self.rapid:
            lines = _lines(["e RS", "b Ee it Bg", "Ll gee ss"] * 3, 0.3, tall=False)
        elif corner == "top-right":            # stored turned clockwise: crops turned back, read well
            lines = _lines(CERT_TEXT, 0.95, tall=True)
        else:                                  # crops read upside down score too low: dropped
            lines = _lines(["口日"], 0.6, tall=True)
        h, w = image.shape[:2]
        return OcrResult(engine="fake", engine_version="1", width=w, height=h, lines=lines)


@pytest.fixture()
def fake_prepare(monkeypatch: pytest.MonkeyPatch) -> None:
    def prepare(image, *, orientation=None, dpi=None, orient_fn=None):
        rotation = (orientation or 0) % 360
        return PreparedImage(image=rotate_quadrant(image, rotation), rotation=rotation, skew=0.0,
                             ink_fraction=0.1, red_fraction=0.0)

    monkeypatch.setattr(orientation, "prepare", prepare)


@pytest.fixture()
def osd(monkeypatch: pytest.MonkeyPatch) -> list:
    """Tesseract OSD replaced by the truth of the fake page; records its calls."""
    import pipeline.ocr.tesseract as tess

    calls: list = []
    answer = {"top-left": 0, "top-right": 270, "bottom-right": 180, "bottom-left": 90}

    def detect(image):
        calls.append(_corner(image))
        return answer[_corner(image)], 3.0

    monkeypatch.setattr(tess, "detect_orientation", detect)
    return calls


def test_vertical_share_counts_characters_of_lines_standing_upright() -> None:
    result = OcrResult(engine="f", engine_version="1", width=100, height=100,
                       lines=_lines(["一二三四", "五六"], 1.0, tall=True) + _lines(["七八九十", "一"], 1.0, tall=False))
    share, chars = orientation.vertical_share(result, tall_ratio=1.5)
    assert chars == 10                      # the lone character has no direction
    assert share == pytest.approx(0.6)
    assert not orientation.is_quarter_turned(result)    # too few characters to decide


@pytest.mark.parametrize("stored_turn,expected", [(0, 0), (90, 270), (270, 90), (180, 180)])
def test_the_page_is_read_the_right_way_up(fake_prepare, osd, stored_turn: int, expected: int) -> None:
    eng = FakeEngine()
    result, prep = orientation.read_upright(_stored(stored_turn), eng, 200)
    assert prep.rotation == expected
    assert _corner(prep.image) == "top-left" and result.lines[0].text == CERT_TEXT[0]
    assert osd == []                        # the line boxes were enough


def test_an_upright_page_that_reads_well_is_read_once(fake_prepare, osd) -> None:
    eng = FakeEngine()
    orientation.read_upright(_stored(0), eng, 200)
    assert eng.calls == ["top-left"] and osd == []


def test_a_quarter_turned_page_costs_two_or_three_readings(fake_prepare, osd) -> None:
    eng = FakeEngine()
    orientation.read_upright(_stored(90), eng, 200)
    assert eng.calls == ["top-right", "top-left"]           # tall lines read well: the right turn first
    eng = FakeEngine()
    orientation.read_upright(_stored(270), eng, 200)
    assert eng.calls == ["bottom-left", "top-right", "top-left"]   # nothing read; at 180 tall lines


def test_upright_vertical_text_is_not_turned(fake_prepare, osd) -> None:
    """A page whose text really runs top-to-bottom: neither quarter turn gives flat lines that read."""
    eng = FakeEngine(upright_vertical=True)
    _, prep = orientation.read_upright(_stored(0), eng, 200)
    assert prep.rotation == 0


@pytest.mark.parametrize("stored_turn,expected", [(90, 270), (270, 90)])
def test_osd_decides_for_engines_whose_boxes_do_not_follow_the_text(fake_prepare, osd, stored_turn: int,
                                                                      expected: int) -> None:
    eng = FakeEngine(rapid=False)
    _, prep = orientation.read_upright(_stored(stored_turn), eng, 200)
    assert prep.rotation == expected
    assert len(osd) == 1 and len(eng.calls) == 3          # upright, 180, the OSD turn


def test_without_osd_an_unreadable_quarter_turn_stays_as_stored(fake_prepare, monkeypatch) -> None:
    import pipeline.ocr.tesseract as tess

    monkeypatch.setattr(tess, "detect_orientation", lambda image: None)
    _, prep = orientation.read_upright(_stored(90), FakeEngine(rapid=False), 200)
    assert prep.rotation == 0


def test_quarter_turns_can_be_switched_off(fake_prepare, osd, monkeypatch) -> None:
    from pipeline.io.config import section

    monkeypatch.setitem(section("reading"), "quarter_turns", False)
    _, prep = orientation.read_upright(_stored(90), FakeEngine(), 200)
    assert prep.rotation == 0 and osd == []
