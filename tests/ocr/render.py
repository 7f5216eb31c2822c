"""Small page images rendered with Pillow + the system CJK fonts, for real-engine tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]


def font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    raise FileNotFoundError("no CJK font installed (fonts-noto-cjk or fonts-wqy-zenhei)")


CERT_LINES = [
    ("继续医学教育学分证书", 44, 0.5),
    ("证书编号：ZJ2021000123", 22, 0.6),
    ("王晓明同志于2021年5月12日至14日参加《心力衰竭", 30, 0.1),
    ("规范化管理》（项目编号：2021-04-05-123(国)）学习，", 30, 0.1),
    ("经考核合格，授予国家级继续医学教育Ⅰ类学分6分。", 30, 0.1),
    ("学习形式：面授", 30, 0.1),
    ("主办单位：温州医科大学附属第一医院", 30, 0.1),
    ("二〇二一年五月十四日", 30, 0.5),
]


def render_certificate(*, dpi: int = 200, seal_over: str | None = "organizer",
                       mode: str = "color") -> np.ndarray:
    """An A5-landscape-ish certificate at ``dpi``; optional red seal over the organizer line."""
    scale = dpi / 200
    w, h = int(1650 * scale), int(1170 * scale)
    img = Image.new("RGB", (w, h), (250, 248, 240))
    draw = ImageDraw.Draw(img)
    y = int(80 * scale)
    seal_centre = None
    for text, size, x_rel in CERT_LINES:
        f = font(int(size * scale))
        if x_rel == 0.5:
            x = (w - draw.textlength(text, font=f)) / 2
        else:
            x = int(x_rel * w)
        draw.text((x, y), text, font=f, fill=(25, 25, 30))
        if seal_over and seal_over in ("organizer",) and text.startswith("主办单位"):
            seal_centre = (int(x + 0.6 * draw.textlength(text, font=f)), y + int(size * scale / 2))
        y += int(size * scale * 2.1)
    if seal_centre:
        r = int(110 * scale)
        cx, cy = seal_centre
        overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
        od = ImageDraw.Draw(overlay)
        od.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 30, 40, 210), width=int(8 * scale))
        od.text((cx - r * 0.55, cy - r * 0.25), "★", font=font(int(60 * scale)), fill=(210, 30, 40, 210))
        od.text((cx - r * 0.8, cy + r * 0.2), "继续教育专用章", font=font(int(26 * scale)), fill=(210, 30, 40, 200))
        img = Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB")
    if mode == "grey":
        img = img.convert("L").convert("RGB")
    elif mode == "bw":
        img = img.convert("L").point(lambda p: 255 if p > 160 else 0).convert("RGB")
    return np.asarray(img)[:, :, ::-1].copy()
