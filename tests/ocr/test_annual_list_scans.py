"""Scanned annual lists read with rapidocr: the hardest list pages met in evaluation.

The images are the table band of generated `realistic` list scans (seed 101, grey, 200 dpi,
JPEG); each test puts the band back at its place on a blank A4 page at 200 dpi, so the
page pass sees what it saw on the whole page.

* ``list_dates_cut_by_detector.jpg``: the detector cuts the date cells into pieces and
  loses the year of three dates (``10-14``); they are read again from their cells.
* ``list_skewed_rows.jpg``: a page scanned 1.9° skewed. With the scanner's dark band along
  the bottom edge (as on the original page) the page is not deskewed before OCR, and rows
  grouped by vertical overlap alone chain into one (no row was read before the fix).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.models import PageImage
from pipeline.reading import read_page

pytestmark = pytest.mark.ocr
IMAGES = Path(__file__).parent / "images"
DPI = 200
A4_PX = (2339, 1653)


def _page(name: str, top: int, *, dark_bottom_px: int = 0) -> PageImage:
    band = cv2.imread(str(IMAGES / name), cv2.IMREAD_GRAYSCALE)
    page = np.full(A4_PX, 255, np.uint8)
    page[top:top + band.shape[0], :band.shape[1]] = band
    if dark_bottom_px:  # a scan's dark edge: paper grey darkening towards the page's bottom
        page[-dark_bottom_px:] = np.linspace(240, 40, dark_bottom_px).astype(np.uint8)[:, None]
    image = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    return PageImage(path=f"t/{name}", page=1, image=image, dpi=DPI,
                     width_pt=A4_PX[1] * 72 / DPI, height_pt=A4_PX[0] * 72 / DPI)


def _rows(reading) -> list[tuple]:
    return [(r.date, r.project_code, r.project_title, r.category, r.credits, r.mode)
            for r in reading.annual_list.rows]


def test_dates_the_detector_cut_are_read_from_their_cells():
    reading = read_page(_page("list_dates_cut_by_detector.jpg", 280), engine="rapidocr")
    assert reading.kind == "annual_list"
    assert _rows(reading) == [
        ("2018-02-13", "2018-04-04-918(省)", "医院感染预防与控制", "I类省级", 10.0, "远程"),
        ("2018-08-03", "2018-04-04-582(市)", "糖尿病综合管理新理念", "II类", 8.0, "面授"),
        ("2018-10-14", "2018-04-04-003(省)", "炎症性肠病诊治规范", "I类省级", 9.0, "面授"),
        ("2018-11-28", "2018-04-04-768(市)", "心血管疾病诊治新进展", "II类", 2.0, "面授"),
    ]


def test_skewed_list_keeps_its_rows_apart():
    reading = read_page(_page("list_skewed_rows.jpg", 250, dark_bottom_px=60), engine="rapidocr")
    assert reading.kind == "annual_list"
    assert _rows(reading) == [
        ("2021-01-05", "2021-11-01-369(省)", "医疗核心制度解读", "I类省级", 10.0, "面授"),
        ("2021-06-04", "2021-11-01-714(市)", "分子诊断技术新进展", "II类", 5.0, "面授"),
        ("2021-06-16", "2021-11-01-345(市)", "临床微生物检验进展", "II类", 6.0, "面授"),
        ("2021-06-28", "2021-11-01-393(省)", "分子诊断技术新进展", "I类省级", 9.0, "面授"),
    ]
