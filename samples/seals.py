"""Red seals: geometry (analytic bounding boxes) and drawing.

A seal's truth bbox comes from its geometry, not from the pixels, so a dry run
(no rendering) states exactly the boxes a rendered run draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from samples.fonts import font


@dataclass
class SealSpec:
    kind: str  # organizer | cme_office
    shape: str  # round | oval | rect
    cx: float  # centre, PDF points on the upright page
    cy: float
    w: float  # outer width / height in points
    h: float
    angle: float  # degrees counter-clockwise
    outer_text: str
    centre_text: str = ""
    color: tuple[int, int, int] = (205, 30, 40)
    alpha: float = 0.85
    double: tuple[float, float] | None = None  # offset (pt) of a second, fainter strike
    extra: dict = field(default_factory=dict)

    def bbox(self) -> tuple[float, float, float, float]:
        """Axis-aligned box of the (rotated) seal, in upright-page points."""
        a = math.radians(self.angle)
        c, s = abs(math.cos(a)), abs(math.sin(a))
        hw, hh = self.w / 2, self.h / 2
        if self.shape == "rect":
            ex, ey = hw * c + hh * s, hw * s + hh * c
        else:  # ellipse (a circle when w == h)
            ex = math.sqrt((hw * c) ** 2 + (hh * s) ** 2)
            ey = math.sqrt((hw * s) ** 2 + (hh * c) ** 2)
        x0, y0, x1, y1 = self.cx - ex, self.cy - ey, self.cx + ex, self.cy + ey
        if self.double:
            dx, dy = self.double
            x0, y0 = min(x0, x0 + dx), min(y0, y0 + dy)
            x1, y1 = max(x1, x1 + dx), max(y1, y1 + dy)
        return (x0, y0, x1, y1)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        th = math.radians(90 + 36 * i)
        pts.append((cx + rad * math.cos(th), cy - rad * math.sin(th)))
    draw.polygon(pts, fill=255)


def _glyph(ch: str, size: int, rot: float) -> Image.Image:
    f = font("sans_bold", size)
    im = Image.new("L", (int(size * 1.4), int(size * 1.4)), 0)
    ImageDraw.Draw(im).text((im.width / 2, im.height / 2), ch, font=f, fill=255, anchor="mm")
    return im.rotate(rot, resample=Image.BICUBIC, expand=True)


def _arc_text(mask: Image.Image, text: str, cx: float, cy: float, rx: float, ry: float,
              size: int, span: float) -> None:
    n = len(text)
    if n == 0:
        return
    step = span / max(n - 1, 1)
    start = 90 + span / 2
    for i, ch in enumerate(text):
        th = math.radians(start - i * step)
        x, y = cx + rx * math.cos(th), cy - ry * math.sin(th)
        rot = math.degrees(th) - 90  # glyph top points outward
        g = _glyph(ch, size, rot)
        box = (int(x - g.width / 2), int(y - g.height / 2))
        region = mask.crop((box[0], box[1], box[0] + g.width, box[1] + g.height))
        mask.paste(ImageChops.lighter(region, g), box)


def _seal_mask(spec: SealSpec, scale: float) -> Image.Image:
    """Ink coverage (L) of the unrotated seal, size w x h points at ``scale`` px/pt."""
    w, h = max(8, round(spec.w * scale)), max(8, round(spec.h * scale))
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    lw = max(2, round(min(w, h) * 0.035))
    if spec.shape == "round":
        d.ellipse((0, 0, w - 1, h - 1), outline=255, width=lw)
        _star(d, w / 2, h / 2, w * 0.17)
        n = max(1, len(spec.outer_text))
        fs = int(min(w * 0.13, math.pi * w * 0.8 * (235 / 360) / (n * 1.1)))
        span = min(235.0, max(130.0, n * 21.0))
        _arc_text(mask, spec.outer_text, w / 2, h / 2, w / 2 - lw - fs * 0.75, h / 2 - lw - fs * 0.75,
                  fs, span)
        if spec.centre_text:
            f = font("sans_bold", int(min(w * 0.075, w * 0.5 / max(1, len(spec.centre_text)))))
            d.text((w / 2, h * 0.76), spec.centre_text, font=f, fill=255, anchor="mm")
    elif spec.shape == "oval":
        d.ellipse((0, 0, w - 1, h - 1), outline=255, width=lw)
        d.ellipse((lw * 2, lw * 2, w - 1 - lw * 2, h - 1 - lw * 2), outline=255, width=max(1, lw // 2))
        n = max(1, len(spec.outer_text))
        arc = math.pi * (w + h) / 4 * (200 / 360)  # ~ length of the text arc
        fs = int(min(h * 0.15, arc / (n * 1.1)))
        _arc_text(mask, spec.outer_text, w / 2, h / 2, w / 2 - lw * 3 - fs * 0.7,
                  h / 2 - lw * 3 - fs * 0.7, fs, 200)
        f = font("sans_bold", int(h * 0.15))
        d.text((w / 2, h * 0.66), spec.centre_text, font=f, fill=255, anchor="mm")
    else:  # rect
        d.rectangle((0, 0, w - 1, h - 1), outline=255, width=lw)
        d.rectangle((lw * 2, lw * 2, w - 1 - lw * 2, h - 1 - lw * 2), outline=255, width=max(1, lw // 2))
        f1 = font("sans_bold", int(min(h * 0.26, (w * 0.86) / max(1, len(spec.outer_text)))))
        d.text((w / 2, h * 0.34), spec.outer_text, font=f1, fill=255, anchor="mm")
        f2 = font("sans_bold", int(h * 0.26))
        d.text((w / 2, h * 0.70), spec.centre_text, font=f2, fill=255, anchor="mm")
    return mask


def draw_seal(page: Image.Image, spec: SealSpec, scale: float, rng: np.random.Generator) -> None:
    """Stamp ``spec`` onto ``page`` (an upright RGB image) in place: multiply-blended red ink."""
    strikes = [(0.0, 0.0, spec.alpha)]
    if spec.double:
        strikes.append((spec.double[0], spec.double[1], spec.alpha * 0.6))
    base = _seal_mask(spec, scale).rotate(spec.angle, resample=Image.BICUBIC, expand=True)
    tint = 1.0 - np.array(spec.color, dtype=np.float32) / 255.0
    W, H = page.size
    for dx, dy, alpha in strikes:
        m = np.asarray(base, dtype=np.float32) / 255.0
        texture = rng.uniform(0.55, 1.0, size=m.shape).astype(np.float32)
        texture[rng.random(m.shape) < 0.06] = 0.15  # ink drop-outs
        m = m * texture * alpha
        cx, cy = (spec.cx + dx) * scale, (spec.cy + dy) * scale
        x0, y0 = round(cx - m.shape[1] / 2), round(cy - m.shape[0] / 2)
        sx0, sy0 = max(0, -x0), max(0, -y0)
        ex, ey = min(m.shape[1], W - x0), min(m.shape[0], H - y0)
        if ex <= sx0 or ey <= sy0:
            continue
        box = (x0 + sx0, y0 + sy0, x0 + ex, y0 + ey)
        region = np.asarray(page.crop(box), dtype=np.float32)
        region *= 1.0 - m[sy0:ey, sx0:ex, None] * tint[None, None, :]
        page.paste(Image.fromarray(region.clip(0, 255).astype(np.uint8), "RGB"), box[:2])
