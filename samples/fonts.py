"""CJK fonts for page rendering, by role, cached."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

# name -> (file, face index of the Simplified-Chinese face)
FONTS: dict[str, tuple[str, int]] = {
    "serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "sans_bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "song": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
}

# font families a design may be drawn with: (title, body)
FAMILIES: list[tuple[str, str]] = [
    ("serif_bold", "serif"), ("sans_bold", "song"), ("hei", "serif"),
    ("serif_bold", "kai"), ("sans_bold", "sans"), ("hei", "song"),
]


@lru_cache(maxsize=256)
def font(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    path, index = FONTS[name]
    return ImageFont.truetype(path, max(4, int(size_px)), index=index)
