"""Real OCR engines on small rendered certificates: the hard cases met in evaluation."""

from __future__ import annotations

import cv2
import numpy as np
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


# ------------------------------------------------------------- tesseract: dictionary, regions


def _text_line(text: str, size: int, *, blur: float = 0.0, threshold: int | None = None) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFilter

    from tests.ocr.render import font

    f = font(size)
    img = Image.new("L", (int(f.getlength(text)) + 20, size * 2), 245)
    ImageDraw.Draw(img).text((10, size // 3), text, font=f, fill=20)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if threshold:
        img = img.point(lambda p: 255 if p > threshold else 0)
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_GRAY2BGR)


def test_committed_tesseract_dictionary_is_what_the_builder_builds():
    from ocr_models.tesseract import build

    words, patterns = build.build()
    assert build.WORDS.read_text(encoding="utf-8") == words, "run python -m ocr_models.tesseract.build"
    assert build.PATTERNS.read_text(encoding="utf-8") == patterns, "run python -m ocr_models.tesseract.build"
    assert "特发此证" in words.split("\n") and "医院" in words.split("\n")
    assert r"\d\d\d\d-\d\d-\d\d-\d\d\d(市)" in patterns.split("\n")


def test_tesseract_loads_the_cme_dictionary(tmp_path):
    """The options the engine passes make tesseract 5 open the word and pattern files
    (a wrong path makes it say so, the committed ones load silently)."""
    import shlex
    import subprocess

    from pipeline.ocr.tesseract import USER_PATTERNS, USER_WORDS, TesseractEngine

    eng = TesseractEngine()
    options = eng._config(None)
    assert f"--user-words {USER_WORDS}" in options and f"--user-patterns {USER_PATTERNS}" in options
    assert "+vocab" in eng.version
    assert "--user-words" not in TesseractEngine(use_vocabulary=False)._config(None)
    image = tmp_path / "line.png"
    cv2.imwrite(str(image), _text_line("继续医学教育", 30))

    def stderr(opts: str) -> str:
        cmd = ["tesseract", str(image), "stdout", "-l", eng.lang, *shlex.split(opts)]
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stderr

    assert "failed to load" not in stderr(options)
    broken = options.replace(str(USER_WORDS), str(tmp_path / "missing.user-words"))
    assert "failed to load" in stderr(broken)


def test_tesseract_dictionary_helps_a_small_bw_cme_phrase():
    """特发此证 in 11 px bw: without the CME words tesseract reads Latin garbage."""
    from pipeline.ocr.tesseract import TesseractEngine

    image = _text_line("特发此证", 11, threshold=150)
    assert TesseractEngine().recognize(image).text.replace(" ", "") == "特发此证"
    assert TesseractEngine(use_vocabulary=False).recognize(image).text.replace(" ", "") != "特发此证"


def test_tesseract_region_whitelists():
    from pipeline.normalize import normalize_code
    from pipeline.ocr.tesseract import region_modes

    eng = get_engine("tesseract")
    label = _text_line("学分6", 30)
    digits = eng.recognize(label, region_hint="digits").text.replace(" ", "")
    assert digits and set(digits) <= set(region_modes()["digits"]["whitelist"])   # no label characters
    assert "学" in eng.recognize(label).text
    assert eng.recognize(_text_line("0.5", 30), region_hint="digits").text.strip() == "0.5"
    code = eng.recognize(_text_line("2019-06-01-465(市)", 30), region_hint="code").text
    assert set(code.replace(" ", "")) <= set(region_modes()["code"]["whitelist"])
    assert normalize_code(code) == "2019-06-01-465(市)"


def test_code_whitelist_allows_every_code_suffix():
    import yaml

    from pipeline.ocr.manifest import OCR_MODELS_DIR
    from pipeline.ocr.tesseract import region_modes

    suffixes = yaml.safe_load((OCR_MODELS_DIR / "patterns.yaml").read_text(encoding="utf-8"))["code_suffix_category"]
    assert set(suffixes) <= set(region_modes()["code"]["whitelist"])
