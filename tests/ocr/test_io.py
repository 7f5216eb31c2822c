"""Ingest: PDFs (scanned, text layer, encrypted, corrupt), images, TIFF frames, empty files."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest
from PIL import Image

from pipeline.errors import EncryptedPdfError, InputDocumentError
from pipeline.io.load import count_pages, load_page, load_pages
from pipeline.reading import read_document

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def _text_pdf(path, lines):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="zh", fontfile=FONT)
    for i, text in enumerate(lines):
        page.insert_text((40, 60 + 20 * i), text, fontname="zh", fontsize=10)
    doc.save(path)
    return path


def _scan_pdf(path, dpi):
    img = Image.new("RGB", (2 * dpi, 1 * dpi), "white")   # a 2 x 1 inch page
    png = path.with_suffix(".png")
    img.save(png)
    doc = pymupdf.open()
    page = doc.new_page(width=144, height=72)
    page.insert_image(page.rect, filename=str(png))
    doc.save(path)
    return path


def test_zero_byte_file(tmp_path):
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    with pytest.raises(InputDocumentError, match="empty.pdf.*empty"):
        load_pages(f, "u/a/empty.pdf")


def test_truncated_pdf(tmp_path):
    good = _text_pdf(tmp_path / "g.pdf", ["证书"] * 10)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good.read_bytes()[:200])
    with pytest.raises(InputDocumentError, match="u/a/bad.pdf"):
        load_pages(bad, "u/a/bad.pdf")


def test_text_named_pdf_is_not_a_document(tmp_path):
    f = tmp_path / "note.pdf"
    f.write_text("这不是PDF文件", encoding="utf-8")
    with pytest.raises(InputDocumentError, match="not a PDF"):
        load_pages(f, "u/a/note.pdf")


def test_encrypted_pdf(tmp_path):
    f = tmp_path / "enc.pdf"
    doc = pymupdf.open()
    doc.new_page()
    doc.save(f, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(EncryptedPdfError, match="qpdf"):
        load_pages(f, "u/a/enc.pdf")
    reading = read_document(f, "u/a/enc.pdf")
    assert reading.error and not reading.pages


def test_text_layer_pdf_keeps_words_and_is_read_without_ocr(tmp_path):
    rows = ["2019年度继续医学教育学分登记表", "序号 日期 项目编号 项目名称 学分类别 学分 学习形式",
            "1 2019-01-08 2019-06-01-465(市) 医院感染预防与控制 II类 1 面授",
            "2 2019-02-01 2019-06-01-888(国) 产科危急重症救治 I类国家级 6 远程"]
    f = _text_pdf(tmp_path / "list.pdf", rows)
    pages = load_pages(f, "u/a/list.pdf")
    assert len(pages) == 1 and pages[0].text_layer
    assert any(s.text == "2019-06-01-465(市)" for s in pages[0].text_layer)
    doc = read_document(f, "u/a/list.pdf")
    page = doc.pages[0]
    assert (page.kind, page.source) == ("annual_list", "text_layer")
    assert [r.project_code for r in page.annual_list.rows] == ["2019-06-01-465(市)", "2019-06-01-888(国)"]
    assert page.annual_list.years == [2019]


@pytest.mark.parametrize("native, expected", [(150, 150), (300, 300), (600, 300)])
def test_scanned_pdf_renders_at_native_dpi_capped(tmp_path, native, expected):
    pages = load_pages(_scan_pdf(tmp_path / "s.pdf", native), "u/a/s.pdf")
    assert pages[0].text_layer is None
    assert abs(pages[0].dpi - expected) < 2
    assert pages[0].image.shape[1] == pytest.approx(2 * expected, rel=0.02)


def test_multipage_tiff_and_dpi(tmp_path):
    f = tmp_path / "scan.tif"
    frames = [Image.new("RGB", (400, 560), c) for c in ("white", "gray", "black")]
    frames[0].save(f, save_all=True, append_images=frames[1:], dpi=(100, 100))
    pages = load_pages(f, "u/a/scan.tif")
    assert [p.page for p in pages] == [1, 2, 3]
    assert pages[0].dpi == 100 and pages[0].width_pt == pytest.approx(400 * 72 / 100)
    assert isinstance(pages[2].image, np.ndarray) and pages[2].image.shape == (560, 400, 3)
    assert count_pages(f) == 3


def test_corrupt_jpeg(tmp_path):
    f = tmp_path / "x.jpg"
    f.write_bytes(b"\xff\xd8\xff\xe0garbage")
    with pytest.raises(InputDocumentError, match="u/a/x.jpg"):
        load_pages(f, "u/a/x.jpg")


def test_unknown_suffix(tmp_path):
    f = tmp_path / "x.docx"
    f.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputDocumentError, match="PDF, JPG, PNG or TIFF"):
        load_pages(f, "u/a/x.docx")


def test_load_page_renders_one_page(tmp_path):
    f = tmp_path / "scan.tif"
    frames = [Image.new("RGB", (40, 56), c) for c in ("white", "gray", "black")]
    frames[0].save(f, save_all=True, append_images=frames[1:], dpi=(100, 100))
    page = load_page(f, "u/a/scan.tif", 2)
    assert page.page == 2 and int(page.image[0, 0, 0]) == 128
    pdf = _text_pdf(tmp_path / "t.pdf", ["证书 学分 项目编号"] * 10)
    assert load_page(pdf, "u/a/t.pdf", 1).text_layer
    with pytest.raises(InputDocumentError, match="no page 2"):
        load_page(pdf, "u/a/t.pdf", 2)
