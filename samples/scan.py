"""Turn a drawn page into a scan: seals, skew, upside-down, blur, noise, colour mode.

Also maps a box on the upright page to the page as stored (:func:`stored_bbox`).
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageFilter

from samples import config
from samples.canvas import RasterCanvas
from samples.designs import draw_page
from samples.seals import draw_seal
from samples.spec import PageSpec


def stored_bbox(box: tuple[float, float, float, float], size_pt: tuple[float, float], skew: float,
                rotation: int) -> list[float] | None:
    """Box (points, upright page) -> box on the stored page (skewed, maybe upside down), clipped."""
    W, H = size_pt
    a = math.radians(skew)
    ca, sa = math.cos(a), math.sin(a)
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - W / 2, y - H / 2
        px, py = W / 2 + dx * ca + dy * sa, H / 2 - dx * sa + dy * ca
        if rotation == 180:
            px, py = W - px, H - py
        xs.append(px)
        ys.append(py)
    x0, y0, x1, y1 = max(0.0, min(xs)), max(0.0, min(ys)), min(W, max(xs)), min(H, max(ys))
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return [round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1)]


def _page_size_px(spec: PageSpec) -> tuple[int, int]:
    s = spec.scan.dpi / 72.0
    return round(spec.size_pt[0] * s), round(spec.size_pt[1] * s)


def render_scan(spec: PageSpec) -> Image.Image:
    """The stored page image of a scanned page (mode RGB, L or 1)."""
    cfg = config.generator()["render"]
    rng = np.random.default_rng(spec.seed)
    sc = spec.scan
    scale = sc.dpi / 72.0
    if spec.kind == "unreadable" and not spec.design.startswith("cert"):
        w, h = _page_size_px(spec)
        arr = np.full((h, w, 3), 250.0, dtype=np.float32)
    else:
        cv = RasterCanvas(spec.size_pt, sc.dpi, tuple(cfg["ink"]))
        draw_page(cv, spec.kind, spec.design, spec.content)
        arr = cv.array()
        for seal in spec.seals:
            draw_seal(arr, seal, scale, rng)
    if sc.destroyed:
        h, w = arr.shape[:2]
        small = Image.fromarray(arr.clip(0, 255).astype(np.uint8)).resize((max(8, w // 40), max(8, h // 40)),
                                                                            Image.BILINEAR)
        arr = np.asarray(small.resize((w, h), Image.BILINEAR), dtype=np.float32) * 0.55 + 40
        arr += rng.normal(0, 45, size=arr.shape[:2])[..., None]
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")
    if sc.skew:
        img = img.rotate(sc.skew, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    if sc.rotation == 180:
        img = img.transpose(Image.Transpose.ROTATE_180)
    arr = np.asarray(img, dtype=np.float32).copy()
    if sc.dark_edge:
        h, w = arr.shape[:2]
        band = int(0.025 * (w if sc.dark_edge in ("left", "right") else h))
        ramp = np.linspace(0.15, 1.0, band, dtype=np.float32)
        if sc.dark_edge == "left":
            arr[:, :band] *= ramp[None, :, None]
        elif sc.dark_edge == "right":
            arr[:, w - band:] *= ramp[::-1][None, :, None]
        elif sc.dark_edge == "top":
            arr[:band] *= ramp[:, None, None]
        else:
            arr[h - band:] *= ramp[::-1][:, None, None]
    if sc.noise:
        arr += rng.normal(0, sc.noise, size=arr.shape[:2]).astype(np.float32)[..., None]
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")
    if sc.blur:
        img = img.filter(ImageFilter.GaussianBlur(sc.blur * scale / 2.78))
    if sc.color == "grey":
        img = img.convert("L")
    elif sc.color == "bw":
        img = img.convert("L").point(lambda v: 255 if v > cfg["bw_threshold"] else 0).convert("1")
    return img
