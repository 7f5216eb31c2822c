"""Draw synthetic seals and pages: test images and fallback training patches.

Seals are drawn as an ink-alpha mask (0..1) and stamped onto a page by
multiplying with an ink colour, the way a real stamp darkens paper. Pages carry
black body text and table lines, and optionally the red distractors that must
NOT be taken for seals (red title, red rules, a red handwritten signature).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)

ORGANIZER_NAMES = ("温州医科大学附属第一医院", "浙江省医学会", "金华市中心医院", "云南省第一人民医院",
                   "上海交通大学医学院", "中华医学会继续教育部", "丽水市人民医院")
CME_OFFICE_NAMES = ("温州市继续医学教育委员会办公室", "金华市继续医学教育委员会", "浙江省继续医学教育委员会",
                    "云南省卫生健康委继教办", "上海市继续医学教育委员会办公室")
BODY_TEXT = "兹证明学员参加继续医学教育项目学习考核合格授予学分项目编号证书编号日期主办单位年月日"


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def _text_image(ch: str, size: int) -> Image.Image:
    font = _font(size)
    img = Image.new("L", (int(size * 1.4), int(size * 1.4)), 0)
    ImageDraw.Draw(img).text((img.width / 2, img.height / 2), ch, fill=255, font=font, anchor="mm")
    return img


@dataclass
class SealSpec:
    """What to draw: shape round|oval|rect, size in mm, ring and centre text."""

    kind: str  # organizer | cme_office
    shape: str
    width_mm: float
    height_mm: float
    ring_text: str
    centre_text: str = ""
    star: bool = False
    angle: float = 0.0  # degrees, counter-clockwise
    fade: float = 0.0  # 0 = full ink, 0.6 = pale and patchy
    double: bool = False
    border_mm: float = 1.2  # outer border line width
    inner_border: bool = False  # a thin second border just inside (common on oval / rect office seals)


def random_spec(rng: np.random.Generator, kind: str | None = None, *, wide: bool = False) -> SealSpec:
    """Sizes follow common practice (and the samples generator): round organizer seals
    40-44 mm with a star; CME office seals oval ~45x30 mm or rectangular ~55x21 mm.

    wide: any shape for either authority (``wide_spec``), as real offices and organizers stamp."""
    kind = kind or str(rng.choice(["organizer", "cme_office"]))
    if wide:
        return wide_spec(rng, kind)
    angle = float(rng.uniform(-14, 14))
    if kind == "organizer":
        d = float(rng.uniform(39, 45))
        return SealSpec(kind, "round", d, d, str(rng.choice(ORGANIZER_NAMES)),
                        centre_text=str(rng.choice(["", "继续教育专用章", "学分证书专用章"])), star=True,
                        angle=angle, border_mm=float(rng.uniform(0.8, 1.4)))
    shape = str(rng.choice(["oval", "rect"]))
    if shape == "oval":
        w, h = float(rng.uniform(44, 49)), float(rng.uniform(29, 33))
    else:
        w, h = float(rng.uniform(52, 57)), float(rng.uniform(20, 22.5))
    return SealSpec(kind, shape, w, h, str(rng.choice(CME_OFFICE_NAMES)),
                    centre_text=str(rng.choice(["学分验证章", "审核专用章", "学分登记专用章"])),
                    angle=angle, border_mm=float(rng.uniform(0.6, 1.3)), inner_border=bool(rng.random() < 0.5))


def wide_spec(rng: np.random.Generator, kind: str) -> SealSpec:
    """A seal of any shape for either authority: round (with or without a star, single or double
    ring), oval, rectangle, or a bar (strip) stamp 53-76 x 9-13 mm with one or two lines. The
    presence classifier learns outlines, not who stamps them, so every shape is drawn for both."""
    shape = str(rng.choice(["round", "oval", "rect", "bar"], p=[0.3, 0.2, 0.2, 0.3]))
    names = ORGANIZER_NAMES if kind == "organizer" else CME_OFFICE_NAMES
    centres = (["", "继续教育专用章", "学分证书专用章", "科教处"] if kind == "organizer"
               else ["学分验证章", "审核专用章", "学分登记专用章", "学分验证", "审核"])
    angle = float(rng.uniform(-14, 14))
    if shape == "round":
        w = h = float(rng.uniform(38, 45))
    elif shape == "oval":
        w, h = float(rng.uniform(40, 49)), float(rng.uniform(28, 34))
    elif shape == "rect":
        w, h = float(rng.uniform(48, 60)), float(rng.uniform(18, 26))
    else:
        w, h = float(rng.uniform(53, 76)), float(rng.uniform(9, 13))
    return SealSpec(kind, "rect" if shape == "bar" else shape, w, h, str(rng.choice(names)),
                    centre_text=str(rng.choice(centres)), star=shape == "round" and bool(rng.random() < 0.6),
                    angle=angle, border_mm=float(rng.uniform(0.5 if shape == "bar" else 0.6, 1.4)),
                    inner_border=shape != "bar" and bool(rng.random() < 0.35))


def draw_seal_alpha(spec: SealSpec, px_per_mm: float, rng: np.random.Generator) -> np.ndarray:
    """The seal as a float32 ink mask (1 = full ink), unrotated, tight canvas."""
    w = max(8, int(spec.width_mm * px_per_mm))
    h = max(8, int(spec.height_mm * px_per_mm))
    pad = max(2, int(0.04 * max(w, h)))
    img = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    draw = ImageDraw.Draw(img)
    border = max(2, int(round(spec.border_mm * px_per_mm)))
    box = (pad, pad, pad + w - 1, pad + h - 1)
    shapes = [(box, border)]
    if spec.inner_border:
        g = 2 * border
        shapes.append(((box[0] + g, box[1] + g, box[2] - g, box[3] - g), max(1, border // 2)))
    for b, width in shapes:
        if spec.shape == "rect":
            draw.rectangle(b, outline=255, width=width)
        else:
            draw.ellipse(b, outline=255, width=width)
    if spec.inner_border:
        border *= 3  # text keeps clear of both borders
    cx, cy = pad + w / 2, pad + h / 2
    if spec.shape == "rect" and w >= 3 * h:  # a bar (strip) stamp: one line, or two when thin print fits
        one = spec.ring_text + spec.centre_text
        lines = [one] if len(one) <= 16 or h < 10 * px_per_mm else [spec.ring_text, spec.centre_text]
        lines = [t for t in lines if t]
        fit_h = (h - 4 * border) / (1.25 * len(lines))
        size = max(6, int(min(fit_h, (w - 4 * border) / max(1, max(len(t) for t in lines)))))
        font = _font(size)
        for i, text in enumerate(lines):
            y = cy + (i - (len(lines) - 1) / 2) * size * 1.2
            draw.text((cx, y), text, fill=255, font=font, anchor="mm")
    elif spec.shape == "rect":
        lines = [spec.ring_text, spec.centre_text or "验证章"]
        size = max(6, int(min(h / 4.2, (w - 4 * border) / max(1, len(lines[0])))))
        font = _font(size)
        for i, text in enumerate(lines):
            y = cy + (i - 0.5) * size * 1.5
            draw.text((cx, y), text, fill=255, font=font, anchor="mm")
    else:
        n = len(spec.ring_text)
        rx, ry = w / 2 - border * 2.2, h / 2 - border * 2.2
        size = max(6, int(min(w, h) * 0.14))
        rx, ry = rx - size * 0.55, ry - size * 0.55
        span = min(250.0, 18.0 * n + 40)
        for i, ch in enumerate(spec.ring_text):
            a = math.radians(-90 - span / 2 + span * (i + 0.5) / n)  # clockwise across the top
            px, py = cx + rx * math.cos(a), cy + ry * math.sin(a)
            rot = -math.degrees(a) - 90
            glyph = _text_image(ch, size).rotate(rot, resample=Image.BILINEAR, expand=True)
            img.paste(255, (int(px - glyph.width / 2), int(py - glyph.height / 2)), glyph)
        if spec.star:
            r = min(w, h) * 0.16
            pts = []
            for k in range(10):
                rr = r if k % 2 == 0 else r * 0.4
                ang = math.radians(-90 + 36 * k)
                pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
            draw.polygon(pts, fill=255)
        if spec.centre_text:
            csize = max(6, int(min(w, h) * 0.1))
            yc = cy + min(w, h) * (0.28 if spec.star else 0.0)
            draw.text((cx, yc), spec.centre_text, fill=255, font=_font(csize), anchor="mm")
    alpha = np.asarray(img, dtype=np.float32) / 255.0
    if spec.fade > 0:
        noise = cv2.GaussianBlur(rng.random(alpha.shape).astype(np.float32), (0, 0), max(1.0, px_per_mm))
        noise = (noise - noise.min()) / max(1e-6, float(np.ptp(noise)))
        alpha *= np.clip(1.0 - spec.fade * (0.5 + noise), 0.15, 1.0)
    if spec.double:
        shift = np.float32([[1, 0, 0.8 * px_per_mm], [0, 1, 0.6 * px_per_mm]])
        alpha = np.maximum(alpha, 0.7 * cv2.warpAffine(alpha, shift, alpha.shape[::-1]))
    if spec.angle:
        hh, ww = alpha.shape
        m = cv2.getRotationMatrix2D((ww / 2, hh / 2), spec.angle, 1.0)
        c, s = abs(m[0, 0]), abs(m[0, 1])
        nw, nh = int(hh * s + ww * c), int(hh * c + ww * s)
        m[0, 2] += nw / 2 - ww / 2
        m[1, 2] += nh / 2 - hh / 2
        alpha = cv2.warpAffine(alpha, m, (nw, nh))
    return alpha


def stamp(page: np.ndarray, alpha: np.ndarray, centre: tuple[float, float],
          colour_bgr: tuple[int, int, int]) -> tuple[int, int, int, int] | None:
    """Multiply the ink onto the page in place; return the visible ink bbox in pixels."""
    ys, xs = np.nonzero(alpha > 0.2)
    if len(xs) == 0:
        return None
    hh, ww = alpha.shape
    x0 = int(round(centre[0] - ww / 2))
    y0 = int(round(centre[1] - hh / 2))
    H, W = page.shape[:2]
    px0, py0 = max(0, x0), max(0, y0)
    px1, py1 = min(W, x0 + ww), min(H, y0 + hh)
    if px1 <= px0 or py1 <= py0:
        return None
    a = alpha[py0 - y0:py1 - y0, px0 - x0:px1 - x0, None]
    ink = np.array(colour_bgr, dtype=np.float32)[None, None, :] / 255.0
    region = page[py0:py1, px0:px1].astype(np.float32)
    page[py0:py1, px0:px1] = np.clip(region * (1 - a + a * ink), 0, 255).astype(np.uint8)
    vis = a[..., 0] > 0.2
    yy, xx = np.nonzero(vis)
    if len(xx) == 0:
        return None
    return (px0 + int(xx.min()), py0 + int(yy.min()), px0 + int(xx.max()) + 1, py0 + int(yy.max()) + 1)


def red_ink(rng: np.random.Generator) -> tuple[int, int, int]:
    """A BGR stamp-pad colour: red, crimson, orange-red or faded pink."""
    choice = rng.integers(0, 4)
    if choice == 0:
        return (40, 30, 215)
    if choice == 1:
        return (70, 40, 190)  # crimson
    if choice == 2:
        return (30, 90, 235)  # orange-red
    return (120, 110, 230)  # pale


@dataclass
class SynthPage:
    image: np.ndarray  # BGR
    dpi: float
    seals: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)  # kind, bbox pt


def blank_page(dpi: float, rng: np.random.Generator, *, text: bool = True, table: bool = True,
               width_mm: float = 210, height_mm: float = 297) -> np.ndarray:
    px_mm = dpi / 25.4
    W, H = int(width_mm * px_mm), int(height_mm * px_mm)
    img = Image.new("RGB", (W, H), (250, 250, 247))
    draw = ImageDraw.Draw(img)
    size = max(8, int(4.2 * px_mm))
    font = _font(size)
    if text:
        y = int(40 * px_mm)
        while y < H - 30 * px_mm:
            n = int(rng.integers(8, 30))
            s = "".join(rng.choice(list(BODY_TEXT), n))
            draw.text((int(rng.uniform(18, 40) * px_mm), y), s, fill=(25, 25, 25), font=font)
            y += int(size * rng.uniform(1.6, 2.6))
    if table:
        x0, x1 = int(20 * px_mm), W - int(20 * px_mm)
        ty0 = int(rng.uniform(120, 180) * px_mm)
        for k in range(int(rng.integers(4, 9))):
            yy = ty0 + int(k * 9 * px_mm)
            draw.line((x0, yy, x1, yy), fill=(30, 30, 30), width=max(1, int(0.3 * px_mm)))
        for xx in np.linspace(x0, x1, int(rng.integers(3, 7))):
            draw.line((int(xx), ty0, int(xx), ty0 + int((k) * 9 * px_mm)), fill=(30, 30, 30),
                      width=max(1, int(0.3 * px_mm)))
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def add_red_title(page: np.ndarray, dpi: float, text: str = "继续医学教育学分证书") -> None:
    px_mm = dpi / 25.4
    img = Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB))
    draw = ImageDraw.Draw(img)
    draw.text((img.width / 2, 22 * px_mm), text, fill=(210, 30, 35), font=_font(int(11 * px_mm)), anchor="mm")
    page[:] = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def add_red_lines(page: np.ndarray, dpi: float) -> None:
    px_mm = dpi / 25.4
    H, W = page.shape[:2]
    for y_mm in (32, 35, 270):
        cv2.line(page, (int(15 * px_mm), int(y_mm * px_mm)), (W - int(15 * px_mm), int(y_mm * px_mm)),
                 (40, 30, 210), max(1, int(0.8 * px_mm)))
    cv2.rectangle(page, (int(10 * px_mm), int(10 * px_mm)), (W - int(10 * px_mm), H - int(10 * px_mm)),
                  (40, 30, 210), max(1, int(1.0 * px_mm)))


def add_red_signature(page: np.ndarray, dpi: float, rng: np.random.Generator) -> None:
    px_mm = dpi / 25.4
    H, W = page.shape[:2]
    x0, y0 = 120 * px_mm, 235 * px_mm
    t = np.linspace(0, 1, 200)
    xs = x0 + t * 45 * px_mm
    ys = y0 + 6 * px_mm * np.sin(t * rng.uniform(14, 22)) * np.exp(-t) + 4 * px_mm * np.sin(t * 5)
    pts = np.stack([xs, ys], axis=1).astype(np.int32)
    cv2.polylines(page, [pts], False, (60, 40, 200), max(1, int(0.6 * px_mm)), lineType=cv2.LINE_AA)
    # a loop, as in a hand-written flourish
    cv2.ellipse(page, (int(x0 + 8 * px_mm), int(y0)), (int(5 * px_mm), int(7 * px_mm)), 20, 0, 330,
                (60, 40, 200), max(1, int(0.6 * px_mm)))


def add_red_logo(page: np.ndarray, dpi: float, rng: np.random.Generator,
                 centre_mm: tuple[float, float] | None = None, diameter_mm: float | None = None) -> None:
    """A printed red emblem (a ring with a cross and a bar of text beside it), as on hospital
    or society letterheads: round and red, but no seal."""
    px_mm = dpi / 25.4
    d = diameter_mm or float(rng.uniform(12, 20))
    cx, cy = centre_mm or (float(rng.uniform(25, 60)), float(rng.uniform(15, 30)))
    c = (int(cx * px_mm), int(cy * px_mm))
    r = int(d / 2 * px_mm)
    ink = (40, 30, 210)
    t = max(1, int(0.8 * px_mm))
    cv2.circle(page, c, r, ink, t, lineType=cv2.LINE_AA)
    cv2.circle(page, c, int(r * 0.8), ink, max(1, t // 2), lineType=cv2.LINE_AA)
    arm = int(r * 0.45)
    cv2.rectangle(page, (c[0] - arm // 3, c[1] - arm), (c[0] + arm // 3, c[1] + arm), ink, -1)
    cv2.rectangle(page, (c[0] - arm, c[1] - arm // 3), (c[0] + arm, c[1] + arm // 3), ink, -1)
    img = Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB))
    ImageDraw.Draw(img).text((c[0] + r + int(3 * px_mm), c[1]), "温州市医学会", fill=(210, 30, 40),
                             font=_font(int(6 * px_mm)), anchor="lm")
    page[:] = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def place_seal(page: np.ndarray, dpi: float, spec: SealSpec, centre_mm: tuple[float, float],
               rng: np.random.Generator, colour: tuple[int, int, int] | None = None
               ) -> tuple[float, float, float, float] | None:
    px_mm = dpi / 25.4
    alpha = draw_seal_alpha(spec, px_mm, rng)
    box = stamp(page, alpha, (centre_mm[0] * px_mm, centre_mm[1] * px_mm), colour or red_ink(rng))
    if box is None:
        return None
    k = 72.0 / dpi
    return (box[0] * k, box[1] * k, box[2] * k, box[3] * k)


def to_grey(page: np.ndarray) -> np.ndarray:
    g = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    return cv2.cvtColor(g, cv2.COLOR_GRAY2BGR)


def to_bw(page: np.ndarray, threshold: int = 160) -> np.ndarray:
    g = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    b = np.where(g < threshold, 0, 255).astype(np.uint8)
    return cv2.cvtColor(b, cv2.COLOR_GRAY2BGR)


def rotate180(page: np.ndarray, seals: list[tuple[str, tuple[float, float, float, float]]], dpi: float):
    H, W = page.shape[:2]
    wpt, hpt = W * 72.0 / dpi, H * 72.0 / dpi
    out = [(k, (wpt - b[2], hpt - b[3], wpt - b[0], hpt - b[1])) for k, b in seals]
    return np.ascontiguousarray(page[::-1, ::-1]), out


def random_page(rng: np.random.Generator, dpi: float = 150, *, n_seals: int | None = None,
                distractors: bool = True, color: str = "color", cut_p: float = 0.0,
                overlap_p: float = 0.0, rotate_p: float = 0.0, pale_p: float = 0.15,
                double_p: float = 0.1, signature_p: float = 0.3, logo_p: float = 0.25,
                wide: bool = False) -> SynthPage:
    """A certificate-like page with 0-2 seals and random red distractors.

    cut_p: chance a seal hangs over the page edge; overlap_p: chance two seals overlap;
    rotate_p: chance the page is stored upside down; wide: seals of any shape for either authority
    (random_spec), bars included.
    """
    page = blank_page(dpi, rng)
    if distractors:
        if rng.random() < 0.5:
            add_red_title(page, dpi)
        if rng.random() < 0.3:
            add_red_lines(page, dpi)
        if rng.random() < signature_p:
            add_red_signature(page, dpi, rng)
        if rng.random() < logo_p:
            add_red_logo(page, dpi, rng)
    n = int(rng.integers(0, 3)) if n_seals is None else n_seals
    seals: list[tuple[str, tuple[float, float, float, float]]] = []
    kinds = ["organizer", "cme_office"] if n == 2 else [str(rng.choice(["organizer", "cme_office"]))] * n
    overlap = n == 2 and rng.random() < overlap_p
    for i, kind in enumerate(kinds):
        spec = random_spec(rng, kind, wide=wide)
        spec.fade = float(rng.uniform(0.3, 0.6)) if rng.random() < pale_p else 0.0
        spec.double = bool(rng.random() < double_p)
        if overlap:
            cx = 90.0 + 28 * i + rng.uniform(-3, 3)
            cy = 200.0 + rng.uniform(-8, 8)
        elif n == 2:
            cx, cy = 60.0 + 85 * i + rng.uniform(-10, 10), float(rng.uniform(60, 250))
        else:
            cx, cy = float(rng.uniform(40, 170)), float(rng.uniform(60, 250))
        if rng.random() < cut_p:
            cx = float(rng.choice([8.0, 202.0]))
        box = place_seal(page, dpi, spec, (cx, cy), rng)
        if box:
            seals.append((kind, box))
    if color == "grey":
        page = to_grey(page)
    elif color == "bw":
        page = to_bw(page)
    if rng.random() < rotate_p:
        page, seals = rotate180(page, seals, dpi)
    return SynthPage(page, dpi, seals)
