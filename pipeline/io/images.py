"""Image files (JPG, PNG, multi-page TIFF) -> page images. The only module that imports Pillow for input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import InputDocumentError
from pipeline.io.config import section
from pipeline.models import PageImage

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}


def _dpi_of(frame: Image.Image) -> float:
    info = frame.info.get("dpi")
    if info:
        try:
            value = float(info[0])
        except (TypeError, ValueError, IndexError):
            value = 0.0
        if 50 <= value <= 1200:
            return value
    return float(section("ingest")["image_default_dpi"])


def _to_bgr(frame: Image.Image) -> np.ndarray:
    rgb = np.asarray(frame.convert("RGB"), dtype=np.uint8)
    return rgb[:, :, ::-1].copy()


def count_image_pages(path: Path, rel_path: str) -> int:
    try:
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except (UnidentifiedImageError, OSError) as exc:
        raise InputDocumentError(rel_path, f"not a readable image ({exc}); ask for a new scan") from exc


def load_image(path: Path, rel_path: str, *, dpi: int | None = None, content_hash: str = "",
               only: int | None = None) -> list[PageImage]:
    """Every frame of an image file (or frame ``only``, 1-based) as a page; 1 px = 72/dpi PDF points."""
    pages: list[PageImage] = []
    try:
        with Image.open(path) as im:
            for index, frame in enumerate(ImageSequence.Iterator(im)):
                if only is not None and index + 1 != only:
                    continue
                frame.load()
                page_dpi = float(dpi) if dpi else _dpi_of(frame)
                image = _to_bgr(frame)
                h, w = image.shape[:2]
                pages.append(PageImage(path=rel_path, page=index + 1, image=image, dpi=page_dpi,
                                       width_pt=w * 72.0 / page_dpi, height_pt=h * 72.0 / page_dpi,
                                       content_hash=content_hash))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputDocumentError(rel_path, f"not a readable image ({exc}); ask for a new scan") from exc
    if not pages:
        what = "no frames" if only is None else f"no frame {only}"
        raise InputDocumentError(rel_path, f"the image file holds {what}; ask for a new scan")
    return pages
