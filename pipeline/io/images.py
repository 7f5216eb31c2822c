"""Image files (JPG, PNG, multi-page TIFF) -> page images. The only module that imports Pillow for input.

Every frame's size is checked from its header before it is decoded (``pipeline/io/budget.py``):
too big to decode -> the page is unreadable with the reason; bigger than a page's pixel budget ->
decoded reduced (JPEG draft mode, else ``Image.reduce``). Pillow's own decompression-bomb guard is
set to the same limit on purpose (``limits.yaml`` image.max_megapixels): a header claiming twice
that is refused at open. Modes are converted for OCR the way a reviewer sees the image: 16-bit and
32-bit grey scaled to 8 bits (not clipped to white), CMYK to RGB, palette and alpha composited on
white paper (a transparent background is paper, not black).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.errors import InputDocumentError
from pipeline.io.budget import PageOverBudgetError, plan_image
from pipeline.io.config import section
from pipeline.io.limits import limits
from pipeline.models import PageImage

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}

Image.MAX_IMAGE_PIXELS = int(limits().image.max_megapixels * 1e6)  # Pillow's bomb guard, deliberately
_WIDE_GREY = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


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
    mode = frame.mode
    if mode in _WIDE_GREY:
        values = np.asarray(frame, dtype=np.float64)
        top = float(values.max(initial=0.0))
        # I;16: 16-bit grey; I: Pillow's container for 16-bit PNG grey (or 8-bit data); F: floats
        peak = 65535.0 if mode.startswith("I;16") or top > 255.0 else (1.0 if mode == "F" and top <= 1.0 else 255.0)
        grey = np.clip(values * (255.0 / peak), 0, 255).astype(np.uint8)
        return np.repeat(grey[:, :, None], 3, axis=2)
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(paper, rgba)
    return rgb_to_bgr(np.asarray(frame.convert("RGB"), dtype=np.uint8))


def rgb_to_bgr(rgb: np.ndarray) -> np.ndarray:
    """An RGB uint8 image as a new BGR array: OpenCV swaps the channels ~15x faster than numpy's
    reversed-channel copy (``rgb[:, :, ::-1].copy()``, ~60 ms on a 300 dpi A4 page), same pixels."""
    if rgb.size == 0:
        return rgb[:, :, ::-1].copy()
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _bomb_reason(exc: Exception) -> str:
    found = re.search(r"\((\d+) pixels\)", str(exc))
    size = f"文件头声明 {int(found[1]) / 1e6:.0f} 兆像素" if found else str(exc)
    return (f"图像过大（{size}，上限 {limits().image.max_megapixels:g} 兆像素），未解码；"
            f"请人工查看原文件，或请申请人按原尺寸、300 dpi 以内重新扫描后补交")


def count_image_pages(path: Path, rel_path: str) -> int:
    try:
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise InputDocumentError(rel_path, _bomb_reason(exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputDocumentError(rel_path, f"图像文件损坏，无法读取（not a readable image: {exc}），未读取；请申请人重新扫描后补交") from exc


def _frame_page(frame: Image.Image, rel_path: str, page: int, *, dpi: int | None,
                content_hash: str) -> PageImage:
    """One frame as a page, decoded within the page budget (reduced when it is too big)."""
    width, height = frame.size
    factor, note = plan_image(width, height, rel_path, page=page)  # PageOverBudgetError: not decoded
    page_dpi = float(dpi) if dpi else _dpi_of(frame)
    if factor > 1 and frame.format == "JPEG":
        frame.draft(frame.mode, (width // factor, height // factor))  # the decoder scales by 1/2..1/8
    frame.load()
    if frame.size[0] > width // factor:
        frame = frame.reduce(max(1, round(frame.size[0] / (width // factor))))
    image = _to_bgr(frame)
    h, w = image.shape[:2]
    page_dpi = page_dpi * w / width  # the page keeps its size in points
    return PageImage(path=rel_path, page=page, image=image, dpi=page_dpi,
                     width_pt=w * 72.0 / page_dpi, height_pt=h * 72.0 / page_dpi,
                     content_hash=content_hash, note=note)


def load_image(path: Path, rel_path: str, *, dpi: int | None = None, content_hash: str = "",
               only: int | None = None) -> list[PageImage]:
    """Every frame of an image file (or frame ``only``, 1-based) as a page; 1 px = 72/dpi PDF points."""
    pages: list[PageImage] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # sizes are checked below
            with Image.open(path) as im:
                for index, frame in enumerate(ImageSequence.Iterator(im)):
                    if only is not None and index + 1 != only:
                        continue
                    pages.append(_frame_page(frame, rel_path, index + 1, dpi=dpi, content_hash=content_hash))
    except PageOverBudgetError:
        raise
    except Image.DecompressionBombError as exc:
        raise InputDocumentError(rel_path, _bomb_reason(exc)) from exc
    except MemoryError as exc:
        raise PageOverBudgetError(rel_path, "图像解码超出内存上限，未读取；请人工查看原文件") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputDocumentError(rel_path, f"图像文件损坏，无法读取（not a readable image: {exc}），未读取；请申请人重新扫描后补交") from exc
    if not pages:
        what = "no frames" if only is None else f"no frame {only}"
        raise InputDocumentError(rel_path, f"图像文件中没有可读的页（{what}），未读取；请申请人重新扫描后补交")
    return pages
