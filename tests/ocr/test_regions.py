"""Region re-reading: a table value the page pass dropped is read from its cell; an organizer row
under a grey seal is re-read with the seal ink lifted (fake engines, and rapidocr on real crops)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.extract.certificate import extract_certificate
from pipeline.extract.regions import PageGeometry, _erase_rings, lift_seal_ink, reread, to_prepared
from pipeline.models import CertificateFields, Line, OcrResult, Word
from pipeline.preprocess import deskew, rotate_quadrant, tight_crop
from pipeline.reading import fill_from_regions

IMAGES = Path(__file__).parent / "images"


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


# --------------------------------------------------------------- seals over the organizer



def _ring_page(ink: int) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """Paper with a text bar left of a seal and one across it; the seal's ring printed at ``ink``."""
    img = np.full((400, 900), 250, np.uint8)
    img[190:200, 60:300] = 30                       # text outside the seal (the label)
    cv2.circle(img, (600, 200), 150, int(ink), 8)    # the ring
    img[190:200, 380:820] = 30                       # text across the seal
    return img, (450.0, 50.0, 750.0, 350.0)


def test_grey_seal_ink_is_lifted_and_text_across_it_kept():
    img, box = _ring_page(ink=160)
    out = lift_seal_ink(img, [box], text_region=(0, 150, 900, 250))
    assert out[200 - 150, 600] >= 240                # top of the ring: paper now
    assert out[195, 455] <= 60                       # text where it crosses the ring: still dark
    assert out[195, 600] <= 60
    assert out[195, 100] == img[195, 100]            # outside the seal: untouched


def test_seal_as_dark_as_text_is_left_alone():
    img, box = _ring_page(ink=30)                    # a thresholded (bw) scan
    out = lift_seal_ink(img, [box], text_region=(0, 150, 900, 250))
    assert np.array_equal(out, img)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [0.0, 2.5])
def test_seal_box_maps_onto_the_prepared_page(rotation, skew):
    """A seal box in PDF points of the stored page lands on the same ink in the prepared image."""
    dpi, scale = 144.0, 0.5
    stored = np.full((800, 600), 255, np.uint8)
    stored[200:300, 100:260] = 0                     # the "seal", 160 x 100 px
    box_pt = (100 * 72 / dpi, 200 * 72 / dpi, 260 * 72 / dpi, 300 * 72 / dpi)
    prepared = cv2.resize(stored, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    prepared = deskew(rotate_quadrant(prepared, rotation), skew)
    ys, xs = np.nonzero(prepared < 128)
    want = (xs.min(), ys.min(), xs.max(), ys.max())
    got = to_prepared(box_pt, PageGeometry(stored_height=800, stored_width=600, dpi=dpi, scale=scale,
                                           rotation=rotation, skew=skew))
    assert all(abs(g - w) <= 4 for g, w in zip(got, want)), (got, want)


class RowEngine:
    """A fake engine: reads the organizer row garbled while mid-grey seal ink is in the crop."""

    name = "row"
    version = "row-1"

    def __init__(self) -> None:
        self.hints: list[str | None] = []

    def recognize(self, image, *, region_hint=None):
        self.hints.append(region_hint)
        grey = image if image.ndim == 2 else image[:, :, 0]
        inked = ((grey > 120) & (grey < 200)).mean() > 0.01
        text = "主办单位:装宁波市第一医院" if inked else "主办单位:宁波市第一医院"
        box = (0.0, 0.0, float(image.shape[1]), float(image.shape[0]))
        return OcrResult(engine=self.name, engine_version=self.version, width=image.shape[1],
                         height=image.shape[0], lines=[Line(text=text, conf=0.95, box=box,
                                                             words=[Word(text=text, conf=0.95, box=box)])])


def _organizer_page() -> tuple[np.ndarray, OcrResult]:
    img, _seal = _ring_page(ink=160)
    box_px = (40.0, 180.0, 820.0, 210.0)
    line = Line(text="主办单位:装宁波市第一医院", conf=0.9, box=box_px,
                words=[Word(text="主办单位:装宁波市第一医院", conf=0.9, box=box_px)])
    return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR), OcrResult(engine="row", engine_version="row-1", width=900,
                                                            height=400, lines=[line])


def test_organizer_row_under_a_grey_seal_is_reread_lifted():
    image, result = _organizer_page()
    fields = extract_certificate(result)
    assert fields.organizer == "装宁波市第一医院"
    engine = RowEngine()
    reread(fields, result, image, engine, seals=[("organizer", (450.0, 50.0, 750.0, 350.0))])
    assert fields.organizer == "宁波市第一医院" and engine.hints == ["line"]
    assert 0 < fields.confidence["organizer"] < 0.95


def test_organizer_not_reread_on_colour_or_without_seal():
    image, result = _organizer_page()
    for seals, colour in (([("organizer", (450.0, 50.0, 750.0, 350.0))], True), ([], False)):
        fields = extract_certificate(result)
        engine = RowEngine()
        reread(fields, result, image, engine, seals=seals, colour=colour)
        assert fields.organizer == "装宁波市第一医院" and not engine.hints


def test_organizer_under_a_seal_as_dark_as_text_gives_alternatives_only():
    """Thresholded scans: nothing lifts. The row is re-read as it is and with the seal's ring painted
    out; those reads are kept as alternatives (pipeline/vocabulary.py), the page pass's read stays."""
    img, seal = _ring_page(ink=30)
    _image, result = _organizer_page()
    fields = extract_certificate(result)
    engine = RowEngine()
    reread(fields, result, cv2.cvtColor(img, cv2.COLOR_GRAY2BGR), engine, seals=[("organizer", seal)])
    assert fields.organizer == "装宁波市第一医院"
    assert engine.hints == ["line", "line"]
    assert [text for text, _conf in fields.alternatives["organizer"]] == ["宁波市第一医院"]  # once, not twice


def test_erase_rings_paints_the_ring_out_and_leaves_the_rest():
    img, box = _ring_page(ink=30)
    out = _erase_rings(img, [box])
    assert out[200 - 150, 600] == 255 and out[200 + 150, 600] == 255   # top and bottom of the ring
    assert out[195, 600] == img[195, 600] <= 60                         # text across the seal's middle
    assert out[195, 100] == img[195, 100]                               # outside the seal
    assert img[200 - 150, 600] == 30                                    # the input is not changed


# ------------------------------------------------- real pages (rapidocr): evaluation's hard cases

def _real(name: str, lines: list[tuple[str, tuple[float, float, float, float], float]]):
    image = cv2.cvtColor(cv2.imread(str(IMAGES / name), cv2.IMREAD_GRAYSCALE), cv2.COLOR_GRAY2BGR)
    h, w = image.shape[:2]
    result = OcrResult(engine="rapidocr", engine_version="page", width=w, height=h,
                       lines=[Line(text=t, conf=c, box=b, words=[Word(text=t, conf=c, box=b)]) for t, b, c in lines])
    return image, result


@pytest.mark.ocr
def test_real_grey_seal_over_organizer_row():
    """Grey scan (200 dpi): the page pass read ring text into the organizer (波市第产波市第一医院)."""
    from pipeline.ocr.registry import get_engine

    image, result = _real("grey_seal_over_organizer_row.png", [
        ("波市第", (265, 95, 479, 274), 0.95), ("主办单位", (126, 206, 350, 291), 1.0),
        ("产波市第一医院", (332, 215, 573, 271), 0.91), ("2018年8月4日", (348, 298, 573, 337), 1.0),
        ("继续教育专用章", (363, 346, 539, 401), 1.0)])
    fields = extract_certificate(result)
    assert fields.organizer != "宁波市第一医院"
    reread(fields, result, image, get_engine("rapidocr"),
           seals=[("organizer", (271, 115, 603, 447)), ("cme_office", (-276, 402, 92, 655))])
    assert fields.organizer == "宁波市第一医院"


@pytest.mark.ocr
def test_real_grey_seal_organizer_row_lost():
    """Grey scan (300 dpi): the page pass lost the organizer's row under the seal altogether."""
    from pipeline.ocr.registry import get_engine

    image, result = _real("grey_seal_organizer_row_lost.png", [
        ("浙", (283, 249, 336, 300), 1.0), ("继续医学教育专用章", (358, 345, 527, 412), 1.0)])
    fields = extract_certificate(result)
    assert fields.organizer is None
    reread(fields, result, image, get_engine("rapidocr"),
           seals=[("organizer", (269, 147, 572, 450)), ("cme_office", (-271, 418, 77, 656))])
    assert fields.organizer == "浙江省中医院"


# ------------------------------------------------------------------ a code's lost suffix

class TailEngine:
    """A fake engine: what a tight crop of a code's end reads (given), recording the crop widths."""

    name = "tail"
    version = "tail-1"

    def __init__(self, text: str) -> None:
        self.text = text
        self.widths: list[int] = []

    def recognize(self, image, *, region_hint=None):
        self.widths.append(image.shape[1])
        box = (0.0, 0.0, float(image.shape[1]), float(image.shape[0]))
        return OcrResult(engine=self.name, engine_version=self.version, width=image.shape[1],
                         height=image.shape[0], lines=[Line(text=self.text, conf=0.9, box=box,
                                                            words=[Word(text=self.text, conf=0.9, box=box)])])


def _code_line_page(text: str) -> tuple[np.ndarray, OcrResult]:
    img = np.full((200, 1400, 3), 255, np.uint8)
    for x in range(100, 1300, 12):   # the printed line: strokes all along it
        img[62:98, x:x + 4] = 0
    box = (100.0, 60.0, 1300.0, 100.0)
    return img, OcrResult(engine="tail", engine_version="tail-1", width=1400, height=200,
                          lines=[Line(text=text, conf=0.9, box=box, words=[Word(text=text, conf=0.9, box=box)])])


@pytest.mark.parametrize("read, expected", [
    ("-05-005([国))", "2020-04-05-005(国)"),
    ("05-005（囯）", "2020-04-05-005(国)"),
    ("-05-005([区)", "2020-04-05-005"),     # no known suffix: the code stays as read
    ("-05-005", "2020-04-05-005"),
    ("", "2020-04-05-005"),
])
def test_code_suffix_reread_from_the_codes_end(read, expected):
    image, result = _code_line_page("编号:2020-04-05-005([区)）学习,经考核合格,授予国家级继续医")
    fields = extract_certificate(result)
    assert fields.project_code == "2020-04-05-005"
    engine = TailEngine(read)
    reread(fields, result, image, engine)
    assert fields.project_code == expected
    assert engine.widths and engine.widths[0] < 300    # a few characters, not the line
    if expected.endswith(")"):
        assert fields.confidence["project_code"] < 0.9


def test_code_with_suffix_is_not_reread():
    image, result = _code_line_page("编号:2020-04-05-005(国)学习,经考核合格")
    fields = extract_certificate(result)
    engine = TailEngine("-05-005(省)")
    reread(fields, result, image, engine)
    assert fields.project_code == "2020-04-05-005(国)" and not engine.widths
