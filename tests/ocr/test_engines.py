"""Real OCR engines on small rendered certificates: the hard cases met in evaluation."""

from __future__ import annotations

import cv2
import pytest

from pipeline.models import PageImage
from pipeline.ocr.registry import get_engine
from pipeline.reading import read_page
from tests.ocr.render import render_certificate

pytestmark = pytest.mark.ocr
ENGINES = ["tesseract", "rapidocr"]
DPI = 150


def _page(image) -> PageImage:
    h, w = image.shape[:2]
    return PageImage(path="t/cert.png", page=1, image=image, dpi=DPI, width_pt=w * 72 / DPI, height_pt=h * 72 / DPI)


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_reports_name_version_and_boxes(engine):
    eng = get_engine(engine)
    img = render_certificate(dpi=DPI, seal_over=None)
    result = eng.recognize(img)
    assert result.engine == engine and engine in result.engine_version
    assert (result.width, result.height) == (img.shape[1], img.shape[0])
    assert "继续医学教育" in result.text.replace(" ", "")
    for line in result.lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= img.shape[1] and 0 <= y0 < y1 <= img.shape[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_colour_seal_over_organizer_is_suppressed(engine):
    reading = read_page(_page(render_certificate(dpi=DPI, seal_over="organizer")), engine=engine)
    assert reading.kind == "certificate"
    f = reading.certificate
    assert f.organizer == "温州医科大学附属第一医院"
    assert f.project_code == "2021-04-05-123(国)"
    assert f.date == "2021-05-12"        # first day of 2021年5月12日至14日
    assert f.credits == 6.0
    assert f.category == "I类国家级"
    assert f.name == "王晓明"


@pytest.mark.parametrize("engine", ENGINES)
def test_upside_down_grey_page_is_turned_and_read(engine):
    img = cv2.rotate(render_certificate(dpi=DPI, seal_over=None, mode="grey"), cv2.ROTATE_180)
    reading = read_page(_page(img), engine=engine)
    assert reading.kind == "certificate"
    assert reading.rotation == 180
    assert reading.certificate.project_code == "2021-04-05-123(国)"
    assert reading.certificate.certificate_no == "ZJ2021000123"


@pytest.mark.parametrize("engine", ENGINES)
def test_skewed_bw_page(engine):
    img = render_certificate(dpi=DPI, seal_over=None, mode="bw")
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 2.0, 1.0)
    img = cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255))
    reading = read_page(_page(img), engine=engine)
    assert reading.kind == "certificate"
    assert abs(reading.skew + 2.0) <= 0.3     # corrected by about -2 degrees
    # the robust fields; title accuracy on bw scans is measured in ocr_models/EVALUATION.md
    assert reading.certificate.project_code == "2021-04-05-123(国)"
    assert reading.certificate.credits == 6.0


def test_blank_page_is_unreadable():
    img = render_certificate(dpi=DPI, seal_over=None)
    img[:] = 250
    reading = read_page(_page(img), engine="tesseract")
    assert reading.kind == "unreadable"
    assert reading.note
