"""A PDF text layer -> an OcrResult, so extraction reads born-digital pages like scans."""

from __future__ import annotations

from pipeline.models import OcrResult, TextSpan, Word
from pipeline.ocr.base import make_line

ENGINE_NAME = "text_layer"
ENGINE_VERSION = "text_layer-1"


def result_from_text_layer(spans: list[TextSpan], *, px_per_pt: float, width: int, height: int) -> OcrResult:
    """Words (PDF points) -> lines of words in pixels; words whose vertical centres agree form a line."""
    words = [Word(text=s.text, conf=1.0, box=(s.box[0] * px_per_pt, s.box[1] * px_per_pt,
                                               s.box[2] * px_per_pt, s.box[3] * px_per_pt))
             for s in spans if s.text.strip()]
    words.sort(key=lambda w: ((w.box[1] + w.box[3]) / 2, w.box[0]))
    rows: list[list[Word]] = []
    for w in words:
        cy = (w.box[1] + w.box[3]) / 2
        if rows:
            last = rows[-1]
            ly0 = min(x.box[1] for x in last)
            ly1 = max(x.box[3] for x in last)
            if ly0 <= cy <= ly1:
                last.append(w)
                continue
        rows.append([w])
    lines = [make_line(sorted(r, key=lambda w: w.box[0])) for r in rows]
    return OcrResult(engine=ENGINE_NAME, engine_version=ENGINE_VERSION, width=width, height=height, lines=lines)
