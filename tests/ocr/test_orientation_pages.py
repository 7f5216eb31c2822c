"""Page orientation with the real engines: quarter-turned pages are turned back and read;
upright portrait and landscape pages (borders, tables) are never turned, and cost one reading."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.io.load import load_pages
from pipeline.models import PageImage
from pipeline.ocr.registry import get_engine
from pipeline.reading import read_page
from tests.ocr.render import CERT_LINES, font, render_certificate

pytestmark = pytest.mark.ocr
DPI = 150
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "data"


def _page(image: np.ndarray) -> PageImage:
    h, w = image.shape[:2]
    return PageImage(path="t/cert.png", page=1, image=image, dpi=DPI, width_pt=w * 72 / DPI, height_pt=h * 72 / DPI)


def _portrait_certificate() -> np.ndarray:
    """A portrait certificate in a double border frame (what fooled the old ink-profile test)."""
    w, h = int(8.27 * DPI), int(11.69 * DPI)
    img = Image.new("RGB", (w, h), (250, 248, 240))
    draw = ImageDraw.Draw(img)
    for inset, width in ((40, 8), (62, 2)):
        draw.rectangle((inset, inset, w - inset, h - inset), outline=(150, 110, 40), width=width)
    y = 180
    for text, size, _ in CERT_LINES:
        f = font(int(size * 0.75))
        x = (w - draw.textlength(text, font=f)) / 2
        draw.text((x, y), text, font=f, fill=(25, 25, 30))
        y += int(size * 2.6)
    return np.asarray(img)[:, :, ::-1].copy()


class _Counting:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, engine: str):
        self.calls = 0
        eng = get_engine(engine)
        original = eng.recognize

        def recognize(image, *, region_hint=None, **kw):  # kw: a detection reused (pipeline/ocr/base.py)
            if region_hint is None:
                self.calls += 1
            return original(image, region_hint=region_hint, **kw)

        monkeypatch.setattr(eng, "recognize", recognize)


@pytest.mark.parametrize("engine", ["rapidocr", "tesseract"])
@pytest.mark.parametrize("turn,expected", [(cv2.ROTATE_90_CLOCKWISE, 270), (cv2.ROTATE_90_COUNTERCLOCKWISE, 90)])
def test_quarter_turned_page_is_turned_back_and_read(engine: str, turn: int, expected: int) -> None:
    img = cv2.rotate(render_certificate(dpi=DPI, seal_over="organizer", mode="grey"), turn)
    reading = read_page(_page(img), engine=engine)
    assert reading.kind == "certificate"
    assert reading.rotation == expected
    f = reading.certificate
    assert f.project_code == "2021-04-05-123(国)"
    assert f.name == "王晓明"
    assert f.credits == 6.0


@pytest.mark.parametrize("engine", ["rapidocr", "tesseract"])
@pytest.mark.parametrize("shape", ["landscape", "portrait"])
def test_upright_page_is_not_turned_and_is_read_once(monkeypatch, engine: str, shape: str) -> None:
    img = render_certificate(dpi=DPI, seal_over="organizer") if shape == "landscape" else _portrait_certificate()
    counter = _Counting(monkeypatch, engine)
    reading = read_page(_page(img), engine=engine)
    assert reading.kind == "certificate" and reading.rotation == 0
    assert counter.calls == 1


def test_a_seal_on_a_quarter_turned_page_is_reported_on_the_stored_page() -> None:
    """Seals are found on the stored image: their boxes do not move with the reading's turn."""
    upright = render_certificate(dpi=DPI, seal_over="organizer")
    stored = cv2.rotate(upright, cv2.ROTATE_90_CLOCKWISE)
    reading = read_page(_page(stored), engine="rapidocr")
    assert reading.rotation == 270
    stamps = reading.certificate.stamps
    assert stamps
    red = (stored[:, :, 2].astype(int) - stored[:, :, 1].astype(int)) > 80
    ys, xs = np.nonzero(red)
    s = DPI / 72
    ink = (xs.min() / s, ys.min() / s, xs.max() / s, ys.max() / s)
    x0, y0, x1, y1 = stamps[0].bbox
    ix = min(x1, ink[2]) - max(x0, ink[0])
    iy = min(y1, ink[3]) - max(y0, ink[1])
    assert ix > 0 and iy > 0
    assert ix * iy >= 0.5 * (ink[2] - ink[0]) * (ink[3] - ink[1])


# Committed samples: portrait and landscape certificates (colour, grey, bw), scanned annual
# lists, upside-down pages. (set, file, page): the truth's rotation must come out.
COMMITTED = [
    ("realistic", "苍南县人民医院/曹华欣/10.pdf", 3),                  # cert_national_p, colour
    ("realistic", "苍南县人民医院/曹华欣/3.pdf", 1),                   # list_scan, grey
    ("realistic", "瓯海区娄桥街道社区卫生服务中心/刘军雪/刘军雪.pdf", 12),   # cert_class2, 180
    ("harsh", "苍南县人民医院/曾涛杰/8.pdf", 2),                       # cert_national_p, bw
    ("harsh", "苍南县人民医院/曾涛杰/11.png", 1),                      # cert_provincial_l, bw
    ("harsh", "温州市中西医结合医院/吴慧瑶/6.pdf", 1),                  # list_scan, bw, 180
]


@pytest.mark.parametrize("set_name,path,page_no", COMMITTED)
def test_committed_sample_pages_keep_their_orientation(set_name: str, path: str, page_no: int) -> None:
    truth = json.loads((SAMPLES / set_name / "truth.json").read_text(encoding="utf-8"))
    want = next(p for a in truth["applicants"] for d in a["documents"] if d["path"] == path
                for p in d["pages"] if p["page"] == page_no)
    page = load_pages(SAMPLES / set_name / "submissions" / path, path)[page_no - 1]
    reading = read_page(page, engine="rapidocr")
    assert reading.kind == want["kind"]
    assert reading.rotation == want["scan"]["rotation"]


def _column_set_certificate() -> np.ndarray:
    """An honour certificate set in columns (竖排), right to left, with its project code and number in
    a horizontal footer: the reader turns the page a quarter to read the columns as lines."""
    w, h = int(11.69 * DPI), int(8.27 * DPI)
    img = Image.new("RGB", (w, h), (252, 252, 250))
    draw = ImageDraw.Draw(img)
    columns = ["荣誉证书", "王晓明同志：", "你于二〇二一年五月十二日至", "十四日参加温州市人民医院举办",
               "的《心力衰竭规范化管理》学习", "经考核合格，授予Ⅰ类学分六分。", "温州市人民医院", "二〇二一年五月二十日"]
    size = 40
    f = font(size)
    x = w - 170
    for text in columns:
        for i, ch in enumerate(text):
            draw.text((x, 110 + i * int(size * 1.25)), ch, font=f, fill=(20, 20, 25))
        x -= int(size * 1.9)
    small = font(22)
    draw.text((120, h - 120), "备案号码  2021-04-03-804(浙)", font=small, fill=(20, 20, 25))
    draw.text((w // 2, h - 120), "存档编号  浙继教字2021第02367号", font=small, fill=(20, 20, 25))
    return np.asarray(img)[:, :, ::-1].copy()


def test_a_column_set_certificate_keeps_its_horizontal_footer() -> None:
    """hs10 (session 11): turned a quarter to read its columns, a 竖排 certificate's footer stood in that
    frame and was read upside down, so its project code and number were lost (code .000 on the family)."""
    reading = read_page(_page(_column_set_certificate()), engine="rapidocr")
    fields = reading.certificate
    assert reading.rotation in (90, 270)
    assert fields is not None and "温州市人民医院" in (fields.page_text or "")
    assert fields.project_code == "2021-04-03-804(浙)"
    assert fields.certificate_no == "浙继教字2021第02367号"
