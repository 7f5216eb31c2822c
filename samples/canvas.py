"""Two drawing surfaces with one API (PDF points, text placed by baseline):
a Pillow raster for scanned pages and a pymupdf page for born-digital ones."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from samples.fonts import FONTS, font, font_for

_ALIGN = {"l": "ls", "m": "ms", "r": "rs"}


@lru_cache(maxsize=4)
def _pdf_font(path: str):
    import fitz

    return fitz.Font(fontfile=path)


class RasterCanvas:
    def __init__(self, size_pt: tuple[float, float], dpi: int, ink: tuple[int, int, int]):
        self.scale = dpi / 72.0
        self.w_pt, self.h_pt = size_pt
        self.image = Image.new("RGB", (round(size_pt[0] * self.scale), round(size_pt[1] * self.scale)),
                               (255, 255, 255))
        self.draw = ImageDraw.Draw(self.image)
        self.ink = ink

    def text(self, x: float, y: float, s: str, size: float, role: str = "serif", align: str = "l",
             color: tuple[int, int, int] | None = None) -> None:
        f = font(font_for(role, s), round(size * self.scale))
        self.draw.text((x * self.scale, y * self.scale), s, font=f, fill=color or self.ink,
                       anchor=_ALIGN[align])

    def text_width(self, s: str, size: float, role: str = "serif") -> float:
        return font(font_for(role, s), round(size * self.scale)).getlength(s) / self.scale

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8,
             color: tuple[int, int, int] | None = None) -> None:
        self.draw.line((x0 * self.scale, y0 * self.scale, x1 * self.scale, y1 * self.scale),
                       fill=color or self.ink, width=max(1, round(width * self.scale)))

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8,
             color: tuple[int, int, int] | None = None, fill: tuple[int, int, int] | None = None) -> None:
        self.draw.rectangle((x0 * self.scale, y0 * self.scale, x1 * self.scale, y1 * self.scale),
                            outline=color or self.ink, width=max(1, round(width * self.scale)), fill=fill)

    def blocks(self, x: float, y: float, cell: float, bits: np.ndarray) -> None:
        """A QR-like block pattern (top-left x, y; cell size in points)."""
        for (r, c), v in np.ndenumerate(bits):
            if v:
                self.rect(x + c * cell, y + r * cell, x + (c + 1) * cell, y + (r + 1) * cell,
                          width=0.1, fill=self.ink)

    def array(self) -> np.ndarray:
        return np.asarray(self.image, dtype=np.float32).copy()


class PdfCanvas:
    """Draws on a pymupdf page with an embedded CJK font (subset on save): a real text layer."""

    FONTNAME = "zenhei"
    FONTFILE = FONTS["hei"][0]

    def __init__(self, page, ink: tuple[int, int, int]):  # page: fitz.Page
        import fitz

        self._fitz = fitz
        self.page = page
        self.font = _pdf_font(self.FONTFILE)
        page.insert_font(fontname=self.FONTNAME, fontfile=self.FONTFILE)
        self.ink = tuple(c / 255 for c in ink)

    def text(self, x: float, y: float, s: str, size: float, role: str = "serif", align: str = "l",
             color: tuple[int, int, int] | None = None) -> None:
        w = self.text_width(s, size)
        x0 = x - (w / 2 if align == "m" else w if align == "r" else 0)
        self.page.insert_text((x0, y), s, fontsize=size, fontname=self.FONTNAME, color=self.ink)

    def text_width(self, s: str, size: float, role: str = "serif") -> float:
        return self.font.text_length(s, fontsize=size)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8,
             color: tuple[int, int, int] | None = None) -> None:
        self.page.draw_line((x0, y0), (x1, y1), color=self.ink, width=width)

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8,
             color: tuple[int, int, int] | None = None, fill: tuple[int, int, int] | None = None) -> None:
        self.page.draw_rect(self._fitz.Rect(x0, y0, x1, y1), color=self.ink, width=width)
