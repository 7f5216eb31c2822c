"""Any submitted document file -> its pages (the ingest step of reading)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputDocumentError
from pipeline.io.images import IMAGE_SUFFIXES, count_image_pages, load_image
from pipeline.io.pdf import count_pdf_pages, load_pdf
from pipeline.models import PageImage

DOCUMENT_SUFFIXES = {".pdf"} | IMAGE_SUFFIXES


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_file(path: Path, rel_path: str) -> str:
    """The file's kind ('pdf' or 'image') after basic checks; raises InputDocumentError."""
    if not path.is_file():
        raise InputDocumentError(rel_path, "no such file")
    if path.stat().st_size == 0:
        raise InputDocumentError(rel_path, "文件为空（0 字节，the file is empty），未读取；请申请人重新提交该文件")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF"):
        return "pdf"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise InputDocumentError(rel_path, "扩展名为 .pdf，但不是 PDF 文件（not a PDF: no %PDF header），未读取；请申请人重新提交该文件")
    if suffix in IMAGE_SUFFIXES:
        return "image"
    raise InputDocumentError(rel_path, f"文件类型不受支持（{suffix or '无扩展名'}），未读取；"
                                       f"请提交 PDF、JPG、PNG 或 TIFF（PDF, JPG, PNG or TIFF）")


def load_pages(path: Path, rel_path: str, *, dpi: int | None = None) -> list[PageImage]:
    """The pages of a PDF or image file, in order, each rendered for OCR.

    Raises InputDocumentError (or EncryptedPdfError) naming ``rel_path`` when
    the file is empty, corrupt, encrypted or not a document.
    """
    path = Path(path)
    kind = _check_file(path, rel_path)
    digest = file_sha256(path)
    if kind == "pdf":
        return load_pdf(path, rel_path, dpi=dpi, content_hash=digest)
    return load_image(path, rel_path, dpi=dpi, content_hash=digest)


def load_page(path: Path, rel_path: str, page: int, *, dpi: int | None = None) -> PageImage:
    """One page (1-based) of a file, rendered alone (page workers load only their page).

    ``content_hash`` is left empty: the caller that split the file into pages
    already hashed it. Raises InputDocumentError as load_pages does.
    """
    path = Path(path)
    kind = _check_file(path, rel_path)
    loader = load_pdf if kind == "pdf" else load_image
    return loader(path, rel_path, dpi=dpi, only=page)[0]


def count_pages(path: Path) -> int:
    """How many pages the file holds (without rendering); raises InputDocumentError."""
    path = Path(path)
    rel = str(path)
    kind = _check_file(path, rel)
    return count_pdf_pages(path, rel) if kind == "pdf" else count_image_pages(path, rel)
