"""CJK fonts for page rendering, by role, cached.

``FONTS`` and ``FAMILIES`` are the faces of the classic designs (kept as they were, so
``--families classic`` renders byte for byte as before). ``EXTRA_FONTS`` adds every other
CJK face Debian ships that is installed here (``scripts/setup.sh`` installs them): Noto
weights (Light … Black), WenQuanYi Micro Hei, AR PL SungtiL / KaitiM GB, LXGW WenKai, Droid Sans Fallback.
The design families (``samples/families/``) draw their title, body and hand-filled value
faces from ``TITLE_FACES`` / ``BODY_FACES`` / ``HAND_FACES`` (held-out families also from
``HELDOUT_TITLE_FACES`` / ``HELDOUT_BODY_FACES``, which no development family uses); a face that is not installed, or
lacks a glyph of a text, falls back to one that has it (:func:`font_for`), so every printed
value is visible and a seed plans the same pages everywhere.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


_NOTO = "/usr/share/fonts/opentype/noto/Noto{kind}CJK-{weight}.ttc"
_EXTRA: dict[str, tuple[str, int]] = {
    **{f"sans_{w.lower()}": (_NOTO.format(kind="Sans", weight=w), 2)
       for w in ("Thin", "Light", "DemiLight", "Medium", "Black")},
    **{f"serif_{w.lower()}": (_NOTO.format(kind="Serif", weight=w), 2)
       for w in ("ExtraLight", "Light", "Medium", "SemiBold", "Black")},
    "microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "gbsong": ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),
    "gbkai": ("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", 0),
    "wenkai": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0),
    "wenkai_light": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", 0),
    "wenkai_bold": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf", 0),
    "droid": ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    # Noto Sans Mono CJK SC (face 7 of the Sans collections): monospaced Latin and digits, as system
    # print-outs have them. Held out: only held-out design families and seal styles use it.
    "sans_mono": (_NOTO.format(kind="Sans", weight="Regular"), 7),
    "sans_mono_bold": (_NOTO.format(kind="Sans", weight="Bold"), 7),
    # Held out since session 8 (the faces above were held out in session 7 and are development now):
    # the monospaced faces of LXGW WenKai and WenQuanYi, which no development family or seal uses.
    "wenkai_mono": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKaiMono-Regular.ttf", 0),
    "wenkai_mono_bold": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKaiMono-Bold.ttf", 0),
    "zenhei_mono": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1),
    "microhei_mono": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),
    # Held out since session 9 (the four above were held out in session 8, development now): faces no
    # development family or seal draws: LXGW WenKai Mono Light, WenQuanYi Zen Hei Sharp (bitmap-like),
    # Noto Sans CJK SC Thin (in no pool before), and the Japanese / Traditional faces of the Noto
    # collections, whose glyph forms differ from the SC ones (as a system set in another locale prints).
    "wenkai_mono_light": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKaiMono-Light.ttf", 0),
    "zenhei_sharp": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 2),
    "sans_jp": (_NOTO.format(kind="Sans", weight="Regular"), 0),
    "serif_tc_bold": (_NOTO.format(kind="Serif", weight="Bold"), 3),
    # Held out since session 10 (the five above were held out in session 9, development now): other
    # weights of the Noto collections in their Traditional / Hong Kong / Japanese faces (faces 0 JP,
    # 3 TC, 4 HK; 9 the monospaced HK face), which no pool or seal had.
    "sans_black_tc": (_NOTO.format(kind="Sans", weight="Black"), 3),
    "serif_semibold_hk": (_NOTO.format(kind="Serif", weight="SemiBold"), 4),
    "serif_light_jp": (_NOTO.format(kind="Serif", weight="Light"), 0),
    "sans_demilight_tc": (_NOTO.format(kind="Sans", weight="DemiLight"), 3),
    "sans_mono_hk": (_NOTO.format(kind="Sans", weight="Regular"), 9),
    # Held out since session 11 (the five above were held out in session 10, development now): the Korean
    # faces of the Noto collections (face 1, hanzi in Korean glyph forms), a bold HK sans, and the HK / TW
    # faces of AR PL UMing / UKai, which no pool or seal had.
    "serif_black_kr": (_NOTO.format(kind="Serif", weight="Black"), 1),
    "sans_bold_hk": (_NOTO.format(kind="Sans", weight="Bold"), 4),
    "sans_medium_kr": (_NOTO.format(kind="Sans", weight="Medium"), 1),
    "uming_tw": ("/usr/share/fonts/truetype/arphic/uming.ttc", 2),
    "ukai_hk": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 1),
    # Held out in session 13 (the five above were held out in session 11; all development now): other
    # weights of the Noto collections in their Korean / Hong Kong / Traditional faces (faces 1 KR, 3 TC,
    # 4 HK), which no pool or seal had.
    "serif_bold_kr": (_NOTO.format(kind="Serif", weight="Bold"), 1),
    "sans_black_hk": (_NOTO.format(kind="Sans", weight="Black"), 4),
    "serif_medium_tc": (_NOTO.format(kind="Serif", weight="Medium"), 3),
    "sans_light_hk": (_NOTO.format(kind="Sans", weight="Light"), 4),
    "serif_kr": (_NOTO.format(kind="Serif", weight="Regular"), 1),
    # Held out since session 15 (the five above were held out in session 13, development now): faces no pool
    # or seal had: Noto Serif CJK HK Black and Sans CJK KR Bold (titles), the monospaced KR face of Noto Sans
    # Mono CJK (face 6), Noto Serif CJK KR Light and AR PL UMing HK (bodies).
    "serif_black_hk": (_NOTO.format(kind="Serif", weight="Black"), 4),
    "sans_bold_kr": (_NOTO.format(kind="Sans", weight="Bold"), 1),
    "sans_mono_kr": (_NOTO.format(kind="Sans", weight="Regular"), 6),
    "serif_light_kr": (_NOTO.format(kind="Serif", weight="Light"), 1),
    "uming_hk": ("/usr/share/fonts/truetype/arphic/uming.ttc", 1),
}
EXTRA_FONTS = dict(_EXTRA)
FONTS.update(EXTRA_FONTS)
# Faces a page may pick. The pools name every face whether installed or not, so a seed plans the
# same pages on every machine; a face whose file is missing is drawn in the fallback face.
TITLE_FACES = ["serif_bold", "sans_bold", "hei", "serif_black", "sans_black", "serif_semibold", "sans_medium",
               "wenkai_bold", "microhei", "sans_mono_bold", "serif_extralight", "wenkai_mono_bold", "zenhei_mono",
               "zenhei_sharp", "serif_tc_bold", "sans_black_tc", "serif_semibold_hk", "serif_black_kr", "sans_bold_hk",
               "serif_bold_kr", "sans_black_hk"]
BODY_FACES = ["serif", "sans", "song", "hei", "gbsong", "microhei", "serif_light", "serif_medium", "sans_light",
              "sans_demilight", "sans_medium", "wenkai_light", "droid", "sans_mono", "microhei_mono", "wenkai_mono",
              "wenkai_mono_light", "sans_thin", "sans_jp", "serif_light_jp", "sans_demilight_tc", "sans_mono_hk",
              "sans_medium_kr", "uming_tw", "ukai_hk", "serif_medium_tc", "sans_light_hk", "serif_kr"]
HAND_FACES = ["kai", "gbkai", "wenkai", "wenkai_light"]
# Faces held out for held-out design families (issue 14): no development family ever draws them,
# so a held-out page may be set in a face the reading was never tuned on. Added to the pools above
# on held-out pages (samples.families.parts.faces with split "heldout"). Session 8 rotated them: the
# session-7 held-out faces (Noto Sans Mono CJK SC regular / bold, Noto Serif CJK ExtraLight) joined
# the development pools above; session 9 moved the session-8 ones (the monospaced WenKai / WenQuanYi
# faces) there too, and session 10 the session-9 ones (WenKai Mono Light, Zen Hei Sharp, Sans Thin, the
# JP / TC faces), session 11 the session-10 ones (the TC / HK / JP weights), and session 13 the
# session-11 ones (the KR / HK Noto faces, AR PL UMing TW / UKai HK), and session 15 the session-13 ones
# (Serif Bold / Regular KR, Sans Black / Light HK, Serif Medium TC); the held-out faces are again ones no
# pool or seal had.
HELDOUT_TITLE_FACES = ["serif_black_hk", "sans_bold_kr"]
HELDOUT_BODY_FACES = ["sans_mono_kr", "serif_light_kr", "uming_hk"]
HELDOUT_FACE_P = 0.25   # how often a held-out page takes a held-out face
_FALLBACK = "sans"


def _ink(name: str, ch: str) -> bytes | None:
    from PIL import Image, ImageDraw

    img = Image.new("L", (48, 48))
    ImageDraw.Draw(img).text((8, 8), ch, font=font(name, 24), fill=255)
    return img.tobytes() if img.getbbox() else None


@lru_cache(maxsize=4096)
def has_glyph(name: str, ch: str) -> bool:
    """Whether face ``name`` has a glyph for ``ch`` (whitespace counts as drawn): it draws ink, and
    not the face's missing-glyph box (Droid Sans Fallback has no ASCII digits: its box has ink)."""
    if ch.isspace():
        return True
    ink = _ink(name, ch)
    return ink is not None and ink != _ink(name, _MISSING)


_MISSING = "\U000F0000"  # a private-use code point no face here maps


def font_for(name: str, text: str) -> str:
    """``name`` if it is installed and has every glyph of ``text``, else the fallback face
    (classic faces never fall back)."""
    if name not in EXTRA_FONTS:
        return name
    if _installed(name) and all(has_glyph(name, ch) for ch in text):
        return name
    return _FALLBACK


@lru_cache(maxsize=64)
def _installed(name: str) -> bool:
    return Path(FONTS[name][0]).exists()


@lru_cache(maxsize=256)
def font(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    path, index = FONTS[name]
    return ImageFont.truetype(path, max(4, int(size_px)), index=index)
