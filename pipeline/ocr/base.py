"""The OCR engine protocol and helpers shared by the engines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from pipeline.models import BBox, Line, OcrResult, Word

# What a region holds, so an engine can pick its mode/whitelist:
# None = a whole page; "block" = a small region of a few lines (detected at its own scale);
# "line" = one text line; "code" = a project code; "digits" = numbers.
RegionHint = Literal["block", "line", "code", "digits"] | None


@runtime_checkable
class OcrEngine(Protocol):
    name: str
    version: str  # engine + model versions; part of every cache key

    def recognize(self, image: np.ndarray, *, region_hint: RegionHint = None) -> OcrResult:
        """Read a BGR uint8 image; boxes in pixels of that image."""
        ...


@dataclass(frozen=True)
class Detection:
    """The text lines an engine's detector found on one image, before recognition.

    Engines with a separate detector (RapidOCR) offer ``detect(image) -> Detection`` and
    ``recognize(image, detection=...)``; ``pipeline/orientation.py`` decides a page's way up from
    the boxes (lines standing upright: a quarter turn) and ``upside_down`` (the engine's angle
    classifier), so a page is recognised only the way it is kept. Engines without (tesseract) are
    read the old way.
    """

    boxes: tuple[BBox, ...]  # axis-aligned, pixels of the image
    upside_down: tuple[float, ...]  # per box: probability that its line, as the engine cuts it, is upside down
    shape: tuple[int, int]  # (height, width) of the image
    handle: object = None  # engine-private: what recognize(detection=...) reuses


_ASCII_END = re.compile(r"[0-9A-Za-z.)\]]$")
_ASCII_START = re.compile(r"^[0-9A-Za-z(\[]")


def join_words(words: list[str]) -> str:
    """Words -> a line's text: a space only between two Latin/digit words (CJK gets none)."""
    out = ""
    for w in words:
        if out and _ASCII_END.search(out) and _ASCII_START.search(w):
            out += " "
        out += w
    return out


def make_line(words: list[Word]) -> Line:
    """A Line spanning its words (in reading order), conf = mean word conf."""
    x0 = min(w.box[0] for w in words)
    y0 = min(w.box[1] for w in words)
    x1 = max(w.box[2] for w in words)
    y1 = max(w.box[3] for w in words)
    conf = sum(w.conf for w in words) / len(words)
    return Line(text=join_words([w.text for w in words]), conf=conf, box=(x0, y0, x1, y1), words=words)


def empty_result(engine: OcrEngine, image: np.ndarray) -> OcrResult:
    h, w = image.shape[:2]
    return OcrResult(engine=engine.name, engine_version=engine.version, width=w, height=h, lines=[])
