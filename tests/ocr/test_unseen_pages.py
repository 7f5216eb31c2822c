"""Certificates of layouts the tool was not built on, rendered and read by the real engine (issue 14).

Two small pages drawn with Pillow and a system CJK font: a fill-in form (a grid of label and value
cells, a ``(盖章)`` placeholder beside the organizer, ``工作单位`` right after the name) and an
e-certificate printed from a system (a print date at the top, the activity as a dotted range).
Both read wrongly at 783d88a (name 李娜工作, title, credits and date lost; the range's date unread).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.models import PageImage
from pipeline.reading import read_page
from tests.ocr.render import font

pytestmark = pytest.mark.ocr
DPI = 150


def _page(rows: list[tuple[str, int, int]], size: tuple[int, int] = (1240, 1000)) -> PageImage:
    """rows of (text, x, y) drawn in black at 30 px on paper."""
    img = Image.new("RGB", size, (250, 249, 244))
    draw = ImageDraw.Draw(img)
    f = font(30)
    for text, x, y in rows:
        draw.text((x, y), text, font=f, fill=(20, 20, 25))
    image = np.asarray(img)[:, :, ::-1].copy()
    h, w = image.shape[:2]
    return PageImage(path="t/cert.png", page=1, image=image, dpi=DPI, width_pt=w * 72 / DPI, height_pt=h * 72 / DPI)


def test_fill_in_form_read_by_its_cells() -> None:
    page = _page([
        ("继续医学教育学分登记证明", 400, 60),
        ("姓名", 80, 180), ("李娜", 300, 180), ("工作单位", 560, 180), ("温州市中心医院", 800, 180),
        ("培训项目", 80, 280), ("基层卫生适宜技术推广", 300, 280),
        ("项目编号", 80, 380), ("2021-11-01-204(市)", 300, 380),
        ("学分数", 80, 480), ("3分", 300, 480), ("类别", 560, 480), ("II类", 800, 480),
        ("学习时间", 80, 580), ("2021.05.12-05.14", 300, 580),
        ("培训单位(盖章)", 80, 700), ("温州市人民医院", 420, 700),
    ])
    f = read_page(page, engine="rapidocr").certificate
    assert f is not None
    assert (f.name, f.project_title, f.credits, f.date) == ("李娜", "基层卫生适宜技术推广", 3.0, "2021-05-12")
    assert f.organizer == "温州市人民医院"


def test_e_certificate_print_date_is_not_the_activity_date() -> None:
    page = _page([
        ("打印时间:2021-10-08", 860, 40),
        ("继续医学教育学分证书", 420, 120),
        ("学员姓名:张伟", 120, 240),
        ("课程名称:心力衰竭规范化管理", 120, 320),
        ("项目代码:2021-04-05-123(国)", 120, 400),
        ("学分类别:I类国家级", 120, 480),
        ("学分:6", 120, 560),
        ("学习时间:2021.05.12-05.14", 120, 640),
        ("培训单位:浙江省医学会", 120, 720),
    ])
    f = read_page(page, engine="rapidocr").certificate
    assert f is not None
    assert (f.name, f.date, f.project_code, f.credits) == ("张伟", "2021-05-12", "2021-04-05-123(国)", 6.0)
    assert "2021-10-08" in {c["value"] for c in f.candidates["date"]}  # kept, with its role
