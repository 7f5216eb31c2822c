"""The OCR engine protocol and helpers shared by the engines."""

from __future__ import annotations

import re
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from pipeline.models import Line, OcrResult, Word

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
