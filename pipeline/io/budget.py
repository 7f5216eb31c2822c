"""The pixel budget of a page, decided before anything is rendered or decoded.

A page's render size comes from its content, never from its nominal size alone: an 18000 x 36000 pt
poster holding one 2550 x 3300 image (OCRmyPDF's ``poster.pdf``) is rendered around that image's
own pixels, not at the 150 dpi floor (37500 x 75000 px, 8 GB). Then two caps (megapixels, pixels
per side, ``pipeline/config/limits.yaml``) scale it down; a page that would keep too little of its
content's resolution, or holds an image too big to decode, is refused with a reason a reviewer
reads (it becomes ``PAGE_UNREADABLE``). Pure arithmetic: ``pipeline/io/pdf.py`` and
``pipeline/io/images.py`` call it with what the file's headers say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.errors import InputDocumentError
from pipeline.io.limits import Limits, limits

RESCAN = "请人工查看原文件，或请申请人按原尺寸（A4/A3）、300 dpi 以内重新扫描该页后补交"


class PageOverBudgetError(InputDocumentError):
    """One page is over the pixel budget: it is not rendered (the page becomes PAGE_UNREADABLE)."""


@dataclass(frozen=True)
class RenderPlan:
    dpi: float  # the dpi to render at (after the caps)
    width_px: int
    height_px: int
    wanted_dpi: float  # before the caps
    note: str | None = None  # set when the page is read downsampled


@dataclass(frozen=True)
class ImageBox:
    """An image drawn on a page: its own pixels and the box it fills, in points."""

    width_px: int
    height_px: int
    width_pt: float
    height_pt: float


def _mp(width: float, height: float) -> float:
    return width * height / 1e6


def check_image_pixels(width_px: int, height_px: int, rel_path: str, *, page: int,
                       cfg: Limits | None = None) -> None:
    """Raise PageOverBudgetError when an image is too big to decode at all."""
    cfg = cfg or limits()
    if _mp(width_px, height_px) > cfg.image.max_megapixels:
        raise PageOverBudgetError(rel_path, (
            f"第 {page} 页图像过大（{width_px}×{height_px} 像素，{_mp(width_px, height_px):.0f} 兆像素，"
            f"上限 {cfg.image.max_megapixels:g} 兆像素），未解码；{RESCAN}"))


def native_dpi(images: list[ImageBox]) -> float | None:
    """The dpi of the page's largest image (by area on the page), or None when it holds none."""
    best: tuple[float, float] | None = None
    for im in images:
        w_pt = max(im.width_pt, 1e-3)
        area = im.width_pt * im.height_pt
        dpi = im.width_px / w_pt * 72.0
        if best is None or area > best[0]:
            best = (area, dpi)
    return best[1] if best else None


def plan_page(width_pt: float, height_pt: float, *, wanted_dpi: float, images: list[ImageBox],
              rel_path: str, page: int, cfg: Limits | None = None) -> RenderPlan:
    """The render of one PDF page within the budget, or PageOverBudgetError with the reason.

    ``wanted_dpi``: what the reading configuration asks for (the image's dpi clamped to
    ``ingest.min_dpi..max_dpi``, the default dpi, or the text-layer dpi).
    """
    cfg = cfg or limits()
    for im in images:
        check_image_pixels(im.width_px, im.height_px, rel_path, page=page, cfg=cfg)
    native = native_dpi(images)
    dpi = wanted_dpi
    if native is not None:
        dpi = min(dpi, native * cfg.page.max_upscale)  # never blow a small image up past its own pixels x2
    width_in, height_in = max(width_pt, 1.0) / 72.0, max(height_pt, 1.0) / 72.0
    scale = min(1.0,
                math.sqrt(cfg.page.max_megapixels * 1e6 / (width_in * height_in * dpi * dpi)),
                cfg.page.max_side_px / (max(width_in, height_in) * dpi))
    final = dpi if scale >= 1.0 else max(1.0, float(math.floor(dpi * scale)))  # whole dpi: the caps hold
    note = None
    if scale < 1.0:
        reference = min(native, wanted_dpi) if native is not None else wanted_dpi
        full_w, full_h = round(width_in * dpi), round(height_in * dpi)
        if final < reference * cfg.page.min_keep_fraction:
            raise PageOverBudgetError(rel_path, (
                f"第 {page} 页页面过大，超出像素上限（{width_pt:.0f}×{height_pt:.0f} 点，按 {dpi:.0f} dpi "
                f"需 {full_w}×{full_h} 像素；上限 {cfg.page.max_megapixels:g} 兆像素、每边 {cfg.page.max_side_px} "
                f"像素，缩小后只剩 {final:.0f} dpi），未读取；{RESCAN}"))
        note = (f"页面过大，已缩小读取（{full_w}×{full_h} 像素缩至 {round(width_in * final)}×"
                f"{round(height_in * final)}，{final:.0f} dpi）；如字段未识别，请人工查看该页")
    return RenderPlan(dpi=final, width_px=round(width_in * final), height_px=round(height_in * final),
                      wanted_dpi=wanted_dpi, note=note)


def plan_image(width_px: int, height_px: int, rel_path: str, *, page: int,
               cfg: Limits | None = None) -> tuple[int, str | None]:
    """The integer reduction factor for an image page within the page budget, and a note when > 1.

    Raises PageOverBudgetError when the image is too big to decode.
    """
    cfg = cfg or limits()
    check_image_pixels(width_px, height_px, rel_path, page=page, cfg=cfg)
    factor = 1
    while (_mp(width_px / factor, height_px / factor) > cfg.page.max_megapixels
           or max(width_px, height_px) / factor > cfg.page.max_side_px):
        factor += 1
    if factor == 1:
        return 1, None
    return factor, (f"图像过大，已缩小读取（{width_px}×{height_px} 像素缩至 {width_px // factor}×"
                    f"{height_px // factor}）；如字段未识别，请人工查看该页")
