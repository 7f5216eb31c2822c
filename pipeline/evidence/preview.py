"""Page previews: the small upright page image kept from the reading, and boxes mapped onto it.

The reader process makes a preview of every page it reads (``make_preview``, called by
``pipeline/reading.py``): the stored page image scaled so its long side is about
``preview.long_side_px`` (``pipeline/config/evidence.yaml``), turned upright by the
reading's quarter turn and deskewed, encoded WebP/JPEG (tens of KB). The reading cache
writes it beside the cached reading, so evidence is cut from it after the audit, on a
warm rerun too, without loading a document again.

``to_preview`` maps a box in PDF points of the stored page (how seals are given) onto
the preview: the same geometry as the OCR's prepared image (``pipeline/extract/regions.py``),
with the preview's scale.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from pipeline.extract.regions import PageGeometry, to_prepared
from pipeline.models import BBox, PagePreview
from pipeline.preprocess import deskew, rotate_quadrant
from pipeline.settings import config

_EXT = {"webp": ".webp", "jpeg": ".jpg", "png": ".png"}


@lru_cache(maxsize=1)
def evidence_config() -> dict[str, Any]:
    return config("evidence")


def encode(image: np.ndarray, fmt: str, quality: int) -> bytes:
    """``image`` (BGR or grey uint8) as WebP/JPEG/PNG bytes."""
    params = {"webp": [cv2.IMWRITE_WEBP_QUALITY, quality], "jpeg": [cv2.IMWRITE_JPEG_QUALITY, quality],
              "png": [cv2.IMWRITE_PNG_COMPRESSION, 6]}[fmt]
    ok, buf = cv2.imencode(_EXT[fmt], image, params)
    if not ok:  # pragma: no cover - OpenCV built without the codec
        raise ValueError(f"OpenCV cannot encode {fmt}; set evidence.yaml images.format to png")
    return buf.tobytes()


def extension(fmt: str) -> str:
    return _EXT[fmt]


def make_preview(image: np.ndarray, *, dpi: float, rotation: int = 0, skew: float = 0.0) -> PagePreview:
    """A preview of the stored page ``image`` (BGR/grey uint8 as stored), upright as read."""
    cfg = evidence_config()["preview"]
    h, w = image.shape[:2]
    scale = min(1.0, float(cfg["long_side_px"]) / max(h, w, 1))
    small = cv2.resize(image, (max(round(w * scale), 1), max(round(h * scale), 1)),
                       interpolation=cv2.INTER_AREA) if scale < 1.0 else image
    upright = rotate_quadrant(small, rotation)
    if skew:
        upright = deskew(upright, skew)
    fmt = str(cfg["format"])
    return PagePreview(format=fmt, width=int(upright.shape[1]), height=int(upright.shape[0]), scale=scale,  # type: ignore[arg-type]
                       dpi=float(dpi), stored_width=int(w), stored_height=int(h), rotation=rotation % 360,
                       skew=float(skew), data=encode(upright, fmt, int(cfg["quality"])))


def preview_bytes(preview: PagePreview) -> bytes | None:
    """The encoded image: in memory, else from its file beside the cached reading."""
    if preview.data is not None:
        return preview.data
    if preview.file and Path(preview.file).is_file():
        return Path(preview.file).read_bytes()
    return None


def decode(preview: PagePreview) -> np.ndarray | None:
    """The preview as a BGR array, or None when its image is gone."""
    data = preview_bytes(preview)
    if data is None:
        return None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return image


def to_preview(box_pt: BBox, preview: PagePreview) -> BBox:
    """A box in PDF points of the stored page -> pixels of the preview."""
    geom = PageGeometry(stored_height=preview.stored_height, stored_width=preview.stored_width,
                        dpi=preview.dpi, scale=preview.scale, rotation=preview.rotation, skew=preview.skew)
    return to_prepared(box_pt, geom)


__all__ = ["decode", "encode", "evidence_config", "make_preview", "preview_bytes", "to_preview"]
