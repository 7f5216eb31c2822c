"""Red seals: geometry (analytic bounding boxes) and drawing.

A seal's truth bbox comes from its geometry, not from the pixels, so a dry run
(no rendering) states exactly the boxes a rendered run draws.

Two kinds of spec: a *classic* seal (``look is None``: the round organizer seal and the
oval / rectangular 落地章 samples/ has always drawn, pixel for pixel) and a *styled* seal
(``look`` set, chosen by :mod:`samples.seal_styles` from ``samples/config/seals.yaml``):
round / oval with one or two rings, with or without a star, ring text laid along the arc by
arc length with glyphs normal to the ellipse, centre lines, a serial along the bottom arc;
rectangular seals with lines of text; bar (strip) stamps with one line. Styled seals stay
inside their outline, so the analytic box covers all their ink.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from samples.fonts import font, font_for


@dataclass
class SealLook:
    """How a styled seal is drawn (all drawn from the seal's own random stream when planned)."""

    form: str  # round | oval | rect | bar (a bar is shape "rect" with one line)
    rings: int = 1  # 2: an inner ring / frame
    star: bool = False
    font: str = "sans_bold"
    span: float = 230.0  # degrees of arc the ring text spans (round / oval)
    offset: float = 0.0  # degrees the arc's middle sits off the top (counter-clockwise)
    text_scale: float = 1.0
    squash: float = 1.0  # glyph width / height of the ring text (condensed type on long names)
    border: float = 0.035  # outer ring width, fraction of the smaller side
    serial: str = ""  # digits along the bottom arc (round / oval) or a last line (rect)
    gradient: tuple[float, float] | None = None  # (direction deg, strength 0..1): uneven pressure
    stroke: float = 0.0  # extra stroke width, fraction of the glyph size (bw: thin faces survive the threshold)
    centre_lines: int = 0  # 2: the centre text always in two lines (0: as it fits)
    band: bool = False  # a band across the middle: two parallel lines, the centre text between (round / oval)
    layout: str = "ring"  # ring | lines: every text in straight lines inside the outline, no ring text


@dataclass
class SealSpec:
    kind: str  # organizer | cme_office
    shape: str  # round | oval | rect (a bar stamp is a rect)
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
    look: SealLook | None = None  # None: a classic seal
    style: str = ""  # the seal family (samples/config/seals.yaml), styled seals only
    province: str | None = None  # a CME office seal's province or municipality

    def text(self) -> str:
        """Everything the seal says, ring first: parts joined by one space."""
        parts = [self.outer_text, self.centre_text] + ([self.look.serial] if self.look else [])
        return " ".join(p for p in parts if p)

    def truth(self, box: list[float]) -> dict:
        """The truth entry of this seal with its stored ``box``. A classic seal keeps today's keys."""
        if self.look is None:
            return {"kind": self.kind, "bbox": box}
        return {"kind": self.kind, "shape": self.shape, "form": self.look.form, "style": self.style,
                "text": self.text(), "ring_text": self.outer_text, "centre_text": self.centre_text,
                "province": self.province, "star": self.look.star, "rings": self.look.rings, "bbox": box}

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


# ------------------------------------------------------------------------------ styled seals


def _glyph_in(ch: str, face: str, size: int, rot: float, squash: float = 1.0, stroke: float = 0.0) -> Image.Image:
    """One glyph, ``squash`` narrower than high, turned ``rot`` degrees counter-clockwise."""
    f = font(face, size)
    im = Image.new("L", (int(size * 1.4), int(size * 1.4)), 0)
    ImageDraw.Draw(im).text((im.width / 2, im.height / 2), ch, font=f, fill=255, anchor="mm",
                            stroke_width=round(size * stroke), stroke_fill=255)
    if squash < 0.99:
        im = im.resize((max(2, round(im.width * squash)), im.height), Image.BICUBIC)
    return im.rotate(rot, resample=Image.BICUBIC, expand=True)


def _paste_light(mask: Image.Image, g: Image.Image, x: float, y: float) -> None:
    box = (int(round(x - g.width / 2)), int(round(y - g.height / 2)))
    region = mask.crop((box[0], box[1], box[0] + g.width, box[1] + g.height))
    mask.paste(ImageChops.lighter(region, g), box)


def _ellipse_arc(rx: float, ry: float, t0: float, t1: float, n: int) -> list[float]:
    """``n`` parameters from ``t0`` to ``t1`` (radians) equally spaced by arc length on the ellipse."""
    ts = np.linspace(t0, t1, 721)
    seg = np.hypot(np.diff(rx * np.cos(ts)), np.diff(ry * np.sin(ts)))
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    if n == 1:
        return [float(np.interp(cum[-1] / 2, cum, ts))]
    return [float(np.interp(cum[-1] * i / (n - 1), cum, ts)) for i in range(n)]


def _arc_length(rx: float, ry: float, span_deg: float) -> float:
    t = np.linspace(0, math.radians(span_deg), 361)
    return float(np.hypot(np.diff(rx * np.cos(t)), np.diff(ry * np.sin(t))).sum())


def _ring_glyphs(mask: Image.Image, text: str, cx: float, cy: float, rx: float, ry: float, size: int,
                 look: SealLook, *, middle: float, span: float, bottom: bool = False) -> list[tuple[float, float]]:
    """Lay ``text`` along the ellipse (rx, ry), centred on angle ``middle`` (degrees, math sense).
    Top arc: read clockwise, glyph tops outward; bottom arc: read left to right, tops inward.
    Returns the glyph centres (pixels)."""
    n = len(text)
    if n == 0:
        return []
    centres = []
    m = math.radians(middle)
    h = math.radians(span) / 2
    ts = _ellipse_arc(rx, ry, m + h, m - h, n) if not bottom else _ellipse_arc(rx, ry, m - h, m + h, n)
    squash = look.squash if not bottom else 1.0
    for ch, t in zip(text, ts):
        x, y = cx + rx * math.cos(t), cy - ry * math.sin(t)
        normal = math.degrees(math.atan2(math.sin(t) / ry, math.cos(t) / rx))
        rot = normal - 90 if not bottom else normal + 90
        _paste_light(mask, _glyph_in(ch, look.font, size, rot, squash, look.stroke), x, y)
        centres.append((x, y))
    return centres


def _free_half_width(w: float, h: float, rx: float, ry: float, y0: float, y1: float,
                     glyphs: list[tuple[float, float, int]]) -> float:
    """Half the width a centred line between rows y0..y1 may take: inside the ellipse (rx, ry)
    and clear of the ring's glyphs ((x, y, size) centres) that reach those rows."""
    cx, cy = w / 2, h / 2
    far = max(abs(y0 - cy), abs(y1 - cy))
    half = rx * math.sqrt(max(0.0, 1 - (far / ry) ** 2))
    for x, y, size in glyphs:
        if y + size * 0.75 > y0 and y - size * 0.75 < y1:
            half = min(half, abs(x - cx) - size * 0.8)
    return max(half, 0.0)


def _fit_size(d: ImageDraw.ImageDraw, text: str, face: str, width: float, height: float) -> int:
    """The largest font size (px) at which ``text`` fits ``width`` x ``height``."""
    size = max(4, int(height))
    while size > 4:
        l, t, r, b = d.textbbox((0, 0), text, font=font(face, size), anchor="mm")
        if r - l <= width and b - t <= height:
            break
        size -= 1
    return size


def _line(mask: Image.Image, text: str, face: str, x: float, y: float, width: float, height: float,
          squash: float = 1.0, stroke: float = 0.0) -> None:
    """One straight line of text centred on (x, y), within width x height."""
    if not text:
        return
    d = ImageDraw.Draw(mask)
    size = _fit_size(d, text, face, width / squash, height)
    f = font(face, size)
    sw = round(size * stroke)
    l, t, r, b = d.textbbox((0, 0), text, font=f, anchor="mm", stroke_width=sw)
    im = Image.new("L", (r - l + 4, b - t + 4), 0)
    ImageDraw.Draw(im).text((im.width / 2, im.height / 2), text, font=f, fill=255, anchor="mm",
                            stroke_width=sw, stroke_fill=255)
    if squash < 0.99 or im.width > width:
        im = im.resize((max(2, min(int(width), round(im.width * squash))), im.height), Image.BICUBIC)
    _paste_light(mask, im, x, y)


_LINE_BREAKS = ("继续医学教育", "继续教育", "学分", "教学", "科研")  # a centre text breaks after these words


def _two_lines(text: str) -> tuple[str, str]:
    """``text`` in two lines: after a word of ``_LINE_BREAKS`` near the middle, else at the middle."""
    half = (len(text) + 1) // 2
    ks = [len(w) for w in _LINE_BREAKS if text.startswith(w) and abs(len(w) - half) <= 1]
    k = min(ks, key=lambda k: abs(k - half)) if ks else half
    return text[:k], text[k:]


def _styled_round(mask: Image.Image, spec: SealSpec) -> None:
    look = spec.look
    w, h = mask.size
    d = ImageDraw.Draw(mask)
    lw = max(2, round(min(w, h) * look.border))
    d.ellipse((0, 0, w - 1, h - 1), outline=255, width=lw)
    inset = lw
    if look.rings == 2:
        gap = max(2, round(min(w, h) * 0.03))
        thin = max(1, round(lw * 0.45))
        d.ellipse((lw + gap, lw + gap, w - 1 - lw - gap, h - 1 - lw - gap), outline=255, width=thin)
        inset = lw + gap + thin
    rx, ry = w / 2 - inset, h / 2 - inset
    pad = max(1.0, min(w, h) * 0.02)
    if look.layout == "lines":
        _inner_lines(mask, spec, rx - pad, ry - pad)
        return
    n = max(1, len(spec.outer_text))
    round_ = spec.shape == "round"
    span = min(look.span, max(150.0, n * 26.0))  # a short name is spread over less of the ring
    middle = 90 + look.offset
    if look.star and spec.centre_text:  # leave the bottom, symmetric, to the line under the star
        span, middle = min(span, 235.0), 90.0
    if look.band:  # the ring text stays above the band
        span = min(span, 170.0)
    arc = _arc_length(rx, ry, span)  # upper bound of the arc at the text's radius
    cap = min(w, h) * (0.15 if round_ else 0.19)
    # glyph size s: n glyphs of width s*squash*1.08 along the arc at radius (r - pad - 0.62 s)
    s = arc / (n * look.squash * 1.08 + 0.62 * math.radians(span))
    size = int(min(cap * look.text_scale, s))
    trx, try_ = rx - pad - size * 0.62, ry - pad - size * 0.62
    # on an oval the arc at the top is flatter: keep the spacing honest by measuring there
    while size > 5 and _arc_length(trx, try_, span) < n * size * look.squash * 1.02:
        size -= 1
        trx, try_ = rx - pad - size * 0.62, ry - pad - size * 0.62
    glyphs = [(x, y, size) for x, y in _ring_glyphs(mask, spec.outer_text, w / 2, h / 2, trx, try_, size,
                                                    look, middle=middle, span=span)]
    if look.serial:
        ss = max(5, int(size * 0.55))
        srx, sry = rx - pad - ss * 0.62, ry - pad - ss * 0.62
        sspan = min(360 - span - 30, math.degrees(len(look.serial) * ss * 0.72 / max(srx, sry) * 1.0))
        glyphs += [(x, y, ss) for x, y in _ring_glyphs(mask, look.serial, w / 2, h / 2, srx, sry, ss, look,
                                                       middle=270 + look.offset, span=max(20.0, sspan),
                                                       bottom=True)]
    centre = spec.centre_text
    fx, fy = rx - pad, ry - pad  # free of the ring line
    if look.band:
        _band(mask, centre, look, w, h, trx - size * 0.7, try_ - size * 0.7, max(1, round(lw * 0.5)))
        return
    top = h * 0.42
    if look.star:
        r = min(w, h) * (0.17 if round_ else 0.13)
        sy = h * (0.47 if round_ else 0.42) if centre else h * 0.5
        _star(d, w / 2, sy, r)
        top = sy + r * 0.85
    if centre:
        lh = h * (0.11 if round_ else 0.15)
        if not look.star:
            lh *= 1.15
        layouts = [[centre]]
        if len(centre) >= 7 and not look.star:  # a long centre text may take two lines
            layouts.append(list(_two_lines(centre)))
        if look.centre_lines == 2 and len(centre) >= 2:
            layouts = [list(_two_lines(centre))]

        def bands(lines: list[str], y0: float) -> list[tuple[str, float, float]]:
            """(line, centre row, free half width) of each line of a block starting at row y0."""
            out = []
            for i, t in enumerate(lines):
                a = y0 + i * lh * 1.15
                out.append((t, a + lh / 2, _free_half_width(w, h, fx, fy, a, a + lh, glyphs)))
            return out

        best = None
        for lines in layouts:
            block = lh * (1.15 * len(lines) - 0.15)
            for k in range(16):
                y0 = top + (h / 2 + fy * 0.9 - block - top) * k / 15
                bs = bands(lines, y0)
                size = min(min(lh, 2 * half * 0.95 / len(t)) for t, _, half in bs)
                key = (round(size, 1), -abs(y0 + block / 2 - h * 0.62))
                if best is None or key > best[0]:
                    best = (key, bs)
        for t, yc, half in best[1]:
            _line(mask, t, look.font, w / 2, yc, 2 * half * 0.95, lh, stroke=look.stroke)


def _band(mask: Image.Image, text: str, look: SealLook, w: int, h: int, bx: float, by: float, width: int) -> None:
    """Two parallel lines across the middle of a round / oval seal inside its ring text (half-axes ``bx``,
    ``by`` clear of it), ``text`` between them."""
    d = ImageDraw.Draw(mask)
    cx, cy = w / 2, h / 2
    half_h = by * 0.3
    for y in (cy - half_h, cy + half_h):
        half = bx * math.sqrt(max(0.0, 1 - ((y - cy) / by) ** 2))
        d.line((cx - half, y, cx + half, y), fill=255, width=width)
    inner = bx * math.sqrt(max(0.0, 1 - (half_h / by) ** 2))
    _line(mask, text, look.font, cx, cy, 2 * inner * 0.85, 2 * half_h * 0.75, stroke=look.stroke)


def _inner_lines(mask: Image.Image, spec: SealSpec, fx: float, fy: float) -> None:
    """Every text of a round / oval seal in straight lines inside it (half-axes ``fx``, ``fy`` free of the
    border): the ring text over one or two lines, the centre text under it, a serial last."""
    look = spec.look
    w, h = mask.size
    ring = spec.outer_text
    cut = next((i + 1 for i, ch in enumerate(ring[:7]) if ch in "省市"), 0)  # after the place, as offices set it
    lines = ([ring[:cut], ring[cut:]] if cut >= 3 and len(ring) - cut >= 4 else list(_two_lines(ring))) \
        if len(ring) > 9 else [ring]
    lines += [t for t in (spec.centre_text, look.serial) if t]
    n = len(lines)
    lh = 2 * fy * 0.78 / (n * 1.2)
    y = h / 2 - lh * 1.2 * (n - 1) / 2
    for t in lines:
        far = abs(y - h / 2) + lh / 2
        half = fx * math.sqrt(max(0.0, 1 - (far / fy) ** 2))
        _line(mask, t, look.font, w / 2, y, 2 * half * 0.92, lh, look.squash if t == ring else 1.0, look.stroke)
        y += lh * 1.2


def _styled_rect(mask: Image.Image, spec: SealSpec) -> None:
    look = spec.look
    w, h = mask.size
    d = ImageDraw.Draw(mask)
    lw = max(2, round(min(w, h) * look.border * (0.8 if look.form == "bar" else 1.0)))
    d.rectangle((0, 0, w - 1, h - 1), outline=255, width=lw)
    inset = lw
    if look.rings == 2:
        gap = max(2, round(min(w, h) * 0.05))
        thin = max(1, round(lw * 0.5))
        d.rectangle((lw + gap, lw + gap, w - 1 - lw - gap, h - 1 - lw - gap), outline=255, width=thin)
        inset = lw + gap + thin
    iw, ih = w - 2 * inset, h - 2 * inset
    pad = max(2.0, ih * 0.08)
    if look.form == "bar":
        text = spec.outer_text + spec.centre_text
        _line(mask, text, look.font, w / 2, h / 2, iw - 2 * pad, ih - 2 * pad, look.squash, look.stroke)
        return
    lines = [spec.outer_text, spec.centre_text] + ([look.serial] if look.serial else [])
    lines = [t for t in lines if t]
    weights = [1.0, 1.25, 0.75][:len(lines)] if len(lines) == 3 else [1.0, 1.3][:len(lines)]
    total = sum(weights)
    y = inset + pad
    for t, wt in zip(lines, weights):
        band = (ih - 2 * pad) * wt / total
        _line(mask, t, look.font, w / 2, y + band / 2, iw - 2 * pad, band * 0.86,
              look.squash if t == spec.outer_text else 1.0, look.stroke)
        y += band


def _gradient(mask: Image.Image, look: SealLook) -> Image.Image:
    if not look.gradient:
        return mask
    direction, strength = look.gradient
    w, h = mask.size
    a = math.radians(direction)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u = ((xx - w / 2) * math.cos(a) - (yy - h / 2) * math.sin(a)) / max(w, h)  # -0.5 .. 0.5
    ramp = 1.0 - strength * (u + 0.5).clip(0, 1)
    return Image.fromarray((np.asarray(mask, dtype=np.float32) * ramp).astype(np.uint8), "L")


def styled_mask(spec: SealSpec, scale: float) -> Image.Image:
    """Ink coverage (L) of an unrotated styled seal, w x h points at ``scale`` px/pt. A face not
    installed here (or lacking a glyph of the seal's text) is drawn in the fallback face."""
    spec = replace(spec, look=replace(spec.look, font=font_for(spec.look.font, spec.text())))
    w, h = max(8, round(spec.w * scale)), max(8, round(spec.h * scale))
    mask = Image.new("L", (w, h), 0)
    if spec.look.form in ("round", "oval"):
        _styled_round(mask, spec)
    else:
        _styled_rect(mask, spec)
    return _gradient(mask, spec.look)


def seal_image(spec: SealSpec, scale: float, rng: np.random.Generator | None = None,
               paper: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """The seal alone on paper (RGB, its rotated box plus a margin): for tests and training crops."""
    margin = 6
    x0, y0, x1, y1 = spec.bbox()
    W, H = round((x1 - x0) * scale) + 2 * margin, round((y1 - y0) * scale) + 2 * margin
    page = Image.new("RGB", (W, H), paper)
    moved = SealSpec(**{**spec.__dict__, "cx": spec.cx - x0 + margin / scale,
                        "cy": spec.cy - y0 + margin / scale})
    draw_seal(page, moved, scale, rng or np.random.default_rng(0))
    return page


def draw_seal(page: Image.Image, spec: SealSpec, scale: float, rng: np.random.Generator) -> None:
    """Stamp ``spec`` onto ``page`` (an upright RGB image) in place: multiply-blended red ink."""
    strikes = [(0.0, 0.0, spec.alpha)]
    if spec.double:
        strikes.append((spec.double[0], spec.double[1], spec.alpha * 0.6))
    mask = _seal_mask(spec, scale) if spec.look is None else styled_mask(spec, scale)
    base = mask.rotate(spec.angle, resample=Image.BICUBIC, expand=True)
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
