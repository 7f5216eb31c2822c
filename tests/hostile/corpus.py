"""Build the bad-input corpus of issue 16 programmatically (no network; one committed JBIG2 file).

``build_corpus(folder)`` lays every kind of bad input out as applicant folders under ``folder`` and
returns what each one is expected to produce: ``{rel_path: Expect(code, reason_fragment, page)}``.
Small on purpose: image pages are a few hundred pixels, so the OCR they get stays cheap.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

DATA = Path(__file__).resolve().parent / "data"
UNIT = "坏文件单位"


@dataclass(frozen=True)
class Expect:
    code: str | None  # FILE_INVALID, PAGE_UNREADABLE, or None (read normally, no flag of its own)
    reason: str  # a fragment of the flag message (or page note when code is None)
    page: int | None = None
    what: str = ""  # the kind of bad input, for the table
    stage: str = "ingest"  # where the outcome is decided: "ingest" (no OCR) or "read" (by the reader)


def _text_pdf(path: Path, pages: int = 1, size: tuple[float, float] = (595, 842), text: str = "继续医学教育") -> Path:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=size[0], height=size[1])
        if text:
            page.insert_text((72, 100), f"{text} {i + 1}", fontsize=12, fontname="china-s")
    doc.save(path)
    doc.close()
    return path


def _image_pdf(path: Path, page_size: tuple[float, float], image: Image.Image,
               rect: tuple[float, float, float, float] | None = None) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=page_size[0], height=page_size[1])
    from io import BytesIO

    buf = BytesIO()
    image.save(buf, format="PNG")
    page.insert_image(pymupdf.Rect(*(rect or (0, 0, *page_size))), stream=buf.getvalue())
    doc.save(path)
    doc.close()
    return path


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _png_header_bomb(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims width x height (8-bit grey) over a tiny, truncated IDAT."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\xff" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def _scan_like(width: int = 420, height: int = 300, mode: str = "L") -> Image.Image:
    """A small page image with a few dark bars (something for the reader to look at)."""
    arr = np.full((height, width), 245, dtype=np.uint8)
    for y in range(40, height - 40, 36):
        arr[y:y + 10, 40:width - 40] = 30
    return Image.fromarray(arr).convert(mode)


def build_corpus(root: Path) -> dict[str, Expect]:
    """Write the corpus under ``root`` (a SUBMISSIONS folder); return the expectations by rel path."""
    root = Path(root)
    expect: dict[str, Expect] = {}

    def folder(name: str) -> Path:
        path = root / UNIT / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    # --- files that cannot be read at all: FILE_INVALID
    a = folder("文件损坏")
    good = _text_pdf(a / "0_good.pdf")
    data = good.read_bytes()
    (a / "1_truncated.pdf").write_bytes(data[: len(data) // 3])
    expect[rel(a / "1_truncated.pdf")] = Expect("FILE_INVALID", "PDF 被截断", what="truncated PDF (cut at a third)")
    (a / "2_empty.pdf").write_bytes(b"")
    expect[rel(a / "2_empty.pdf")] = Expect("FILE_INVALID", "文件为空", what="0-byte file")
    (a / "3_text.pdf").write_text("这不是 PDF，只是一个文本文件。\n", encoding="utf-8")
    expect[rel(a / "3_text.pdf")] = Expect("FILE_INVALID", "不是 PDF 文件", what="text file named .pdf")
    doc = pymupdf.open(good)
    doc.save(a / "4_encrypted_open.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    expect[rel(a / "4_encrypted_open.pdf")] = Expect("FILE_INVALID", "PDF 已加密", what="encrypted, open password")
    (a / "5_no_pages.pdf").write_bytes(_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    expect[rel(a / "5_no_pages.pdf")] = Expect("FILE_INVALID", "没有页面", what="PDF with no pages")
    _text_pdf(a / "6_500_pages.pdf", pages=500, text="")
    expect[rel(a / "6_500_pages.pdf")] = Expect("FILE_INVALID", "文件页数过多", what="500 pages")
    _png_header_bomb(a / "7_bomb.png", 30000, 30000)
    expect[rel(a / "7_bomb.png")] = Expect("FILE_INVALID", "图像过大", what="30000 x 30000 PNG (header bomb)")
    (a / "8_说明.docx").write_bytes(b"PK\x03\x04 not really a docx")
    expect[rel(a / "8_说明.docx")] = Expect("FILE_INVALID", "文件类型不受支持", what="unsupported type (.docx)")
    os.symlink("/etc/passwd", a / "9_passwd.pdf")
    expect[rel(a / "9_passwd.pdf")] = Expect("FILE_INVALID", "符号链接指向提交目录之外",
                                              what="symlink out of the tree (/etc/passwd)")
    doc.save(a / "10_owner_only.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner",
             permissions=pymupdf.PDF_PERM_PRINT)
    doc.close()
    expect[rel(a / "10_owner_only.pdf")] = Expect(None, "", what="encrypted, owner password only (no open password)")

    # --- pages that cannot be read: PAGE_UNREADABLE with the reason
    b = folder("页面异常")
    (b / "1_no_contents.pdf").write_bytes(_raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]))
    expect[rel(b / "1_no_contents.pdf")] = Expect("PAGE_UNREADABLE", "空白页", 1, what="page with no contents", stage="read")
    _text_pdf(b / "2_vector_poster.pdf", size=(18000, 36000))
    expect[rel(b / "2_vector_poster.pdf")] = Expect("PAGE_UNREADABLE", "页面过大，超出像素上限", 1,
                                                     what="18000 x 36000 pt vector page")
    huge = _image_pdf(b / "3_huge_image.pdf", (8400, 8400), Image.new("1", (64, 64), 1))
    doc = pymupdf.open(huge)  # the image's header claims 35000 x 35000: the budget refuses it undecoded
    xref = doc[0].get_images()[0][0]
    doc.xref_set_key(xref, "Width", "35000")
    doc.xref_set_key(xref, "Height", "35000")
    doc.saveIncr()
    doc.close()
    expect[rel(b / "3_huge_image.pdf")] = Expect("PAGE_UNREADABLE", "图像过大", 1, what="35000 x 35000 image in a PDF")

    # --- odd but readable: read (possibly downsampled), no flag of their own beyond what the page says
    c = folder("格式各异")
    _image_pdf(c / "1_poster.pdf", (18000, 36000), _scan_like(600, 800), rect=(0, 6000, 18000, 30000))
    expect[rel(c / "1_poster.pdf")] = Expect("PAGE_UNREADABLE", "", 1, what="poster: 18000 x 36000 pt page, 600 x 800 image")
    _scan_like(mode="1").save(c / "2_ccitt.tif", compression="group4")
    expect[rel(c / "2_ccitt.tif")] = Expect("PAGE_UNREADABLE", "", 1, what="CCITT G4 TIFF")
    _scan_like(mode="CMYK").save(c / "3_cmyk.jpg", quality=85)
    expect[rel(c / "3_cmyk.jpg")] = Expect("PAGE_UNREADABLE", "", 1, what="CMYK JPEG")
    _scan_like(mode="CMYK").save(c / "4_cmyk.tif")
    expect[rel(c / "4_cmyk.tif")] = Expect("PAGE_UNREADABLE", "", 1, what="CMYK TIFF")
    Image.fromarray((np.asarray(_scan_like()).astype(np.uint16) * 257)).save(c / "5_grey16.png")
    expect[rel(c / "5_grey16.png")] = Expect("PAGE_UNREADABLE", "", 1, what="16-bit grey PNG")
    pal = _scan_like().convert("P")
    pal.save(c / "6_palette.png", transparency=0)
    expect[rel(c / "6_palette.png")] = Expect("PAGE_UNREADABLE", "", 1, what="palette PNG with transparency")
    rgba = _scan_like().convert("RGBA")
    rgba.putalpha(Image.fromarray(np.where(np.asarray(_scan_like()) < 128, 255, 0).astype(np.uint8)))
    rgba.save(c / "7_alpha.png")
    expect[rel(c / "7_alpha.png")] = Expect("PAGE_UNREADABLE", "", 1, what="RGBA PNG (transparent paper)")
    frames = [_scan_like() for _ in range(3)]
    frames[0].save(c / "8_multipage.tif", save_all=True, append_images=frames[1:])
    expect[rel(c / "8_multipage.tif")] = Expect("PAGE_UNREADABLE", "", 1, what="multi-page TIFF (3 frames)")
    (c / "9_jbig2.pdf").write_bytes((DATA / "jbig2.pdf").read_bytes())
    expect[rel(c / "9_jbig2.pdf")] = Expect("PAGE_UNREADABLE", "", 1, what="JBIG2 scan (OCRmyPDF's jbig2.pdf)")
    _text_pdf(c / "gbk.tmp")  # PyMuPDF writes only UTF-8 names: renamed to GBK bytes
    os.rename(os.fsencode(c / "gbk.tmp"), os.fsencode(c) + b"/" + "证书".encode("gbk") + b".pdf")
    expect[f"{UNIT}/格式各异/证书.pdf"] = Expect("PAGE_UNREADABLE", "", 1, what="file name in GBK bytes")
    return expect
