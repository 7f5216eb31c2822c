"""Turn a drawn page into a scan: seals, skew, turned (90/180/270), blur, noise, colour mode.

Also maps a box on the upright page to the page as stored (:func:`stored_bbox`).
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageChops, ImageFilter

from samples import config
from samples.canvas import RasterCanvas
from samples.designs import draw_page
from samples.seals import draw_seal
from samples.spec import PageSpec


def stored_bbox(box: tuple[float, float, float, float], size_pt: tuple[float, float], skew: float,
                rotation: int) -> list[float] | None:
    """Box (points, upright page) -> box on the stored page (skewed, maybe turned), clipped.

    ``rotation`` is what the reader has to turn the stored page clockwise to make it upright
    (:attr:`samples.spec.ScanSpec.rotation`): the stored page of a 90 is the upright page turned
    a quarter counter-clockwise, ``size_pt[1]`` wide and ``size_pt[0]`` high.
    """
    W, H = size_pt
    a = math.radians(skew)
    ca, sa = math.cos(a), math.sin(a)
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - W / 2, y - H / 2
        xs.append(W / 2 + dx * ca + dy * sa)
        ys.append(H / 2 - dx * sa + dy * ca)
    x0, y0, x1, y1 = max(0.0, min(xs)), max(0.0, min(ys)), min(W, max(xs)), min(H, max(ys))
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    turned = {0: (x0, y0, x1, y1),
              90: (y0, W - x1, y1, W - x0),     # a quarter counter-clockwise: (x, y) -> (y, W - x)
              180: (W - x1, H - y1, W - x0, H - y0),
              270: (H - y1, x0, H - y0, x1)}    # a quarter clockwise: (x, y) -> (H - y, x)
    return [round(v, 1) for v in turned[rotation % 360]]


# PIL's transpose turning the upright page into the stored one (ROTATE_90 is counter-clockwise).
_STORE_TURN = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def _page_size_px(spec: PageSpec) -> tuple[int, int]:
    s = spec.scan.dpi / 72.0
    return round(spec.size_pt[0] * s), round(spec.size_pt[1] * s)


def _noise(img: Image.Image, sigma: float, rng: np.random.Generator, tile: int = 384) -> Image.Image:
    """Add grey gaussian noise (a seeded tile repeated across the page, for speed)."""
    n = rng.standard_normal((tile, tile), dtype=np.float32) * sigma
    pos_t = Image.fromarray(n.clip(0, 255).astype(np.uint8), "L")
    neg_t = Image.fromarray((-n).clip(0, 255).astype(np.uint8), "L")
    w, h = img.size
    pos, neg = Image.new("L", (w, h)), Image.new("L", (w, h))
    ox, oy = int(rng.integers(0, tile)), int(rng.integers(0, tile))
    for y in range(-oy, h, tile):
        for x in range(-ox, w, tile):
            pos.paste(pos_t, (x, y))
            neg.paste(neg_t, (x, y))
    pos, neg = Image.merge("RGB", (pos,) * 3), Image.merge("RGB", (neg,) * 3)
    return ImageChops.subtract(ImageChops.add(img, pos), neg)


def _dark_edge(img: Image.Image, edge: str) -> Image.Image:
    w, h = img.size
    band = int(0.025 * (w if edge in ("left", "right") else h))
    if band < 2:
        return img
    box = {"left": (0, 0, band, h), "right": (w - band, 0, w, h), "top": (0, 0, w, band),
           "bottom": (0, h - band, w, h)}[edge]
    arr = np.asarray(img.crop(box), dtype=np.float32)
    ramp = np.linspace(0.15, 1.0, band, dtype=np.float32)
    if edge == "left":
        arr *= ramp[None, :, None]
    elif edge == "right":
        arr *= ramp[::-1][None, :, None]
    elif edge == "top":
        arr *= ramp[:, None, None]
    else:
        arr *= ramp[::-1][:, None, None]
    img.paste(Image.fromarray(arr.astype(np.uint8), "RGB"), box[:2])
    return img


def render_scan(spec: PageSpec) -> Image.Image:
    """The stored page image of a scanned page (mode RGB, L or 1)."""
    cfg = config.generator()["render"]
    rng = np.random.default_rng(spec.seed)
    sc = spec.scan
    scale = sc.dpi / 72.0
    if spec.kind == "unreadable" and not spec.design.startswith("cert"):
        w, h = _page_size_px(spec)
        img = Image.new("RGB", (w, h), (250, 250, 248))
    else:
        cv = RasterCanvas(spec.size_pt, sc.dpi, tuple(cfg["ink"]))
        draw_page(cv, spec.kind, spec.design, spec.content)
        img = cv.image
        for seal in spec.seals:
            draw_seal(img, seal, scale, rng)
    if sc.destroyed:
        w, h = img.size
        small = img.resize((max(8, w // 40), max(8, h // 40)), Image.BILINEAR).resize((w, h), Image.BILINEAR)
        img = Image.eval(small, lambda v: int(v * 0.55 + 40))
        img = _noise(img, 45, rng)
    if sc.skew:
        img = img.rotate(sc.skew, resample=Image.BILINEAR, expand=False, fillcolor=(255, 255, 255))
    if sc.rotation % 360:
        img = img.transpose(_STORE_TURN[sc.rotation % 360])
    if sc.dark_edge:
        img = _dark_edge(img, sc.dark_edge)
    if sc.noise:
        img = _noise(img, sc.noise, rng)
    if sc.blur:
        img = img.filter(ImageFilter.GaussianBlur(sc.blur * scale / 2.78))
    if sc.color == "grey":
        img = img.convert("L")
    elif sc.color == "bw":
        thr = cfg["bw_threshold"]
        img = img.convert("L").point(lambda v: 255 if v > thr else 0).convert("1")
    return img
