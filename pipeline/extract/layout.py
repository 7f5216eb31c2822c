"""Layout helpers over an OcrResult: normalised lines, label lookup, neighbours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from pipeline.extract.vocabulary import vocab
from pipeline.models import BBox, OcrResult, Word
from pipeline.normalize import normalize_text


@dataclass
class TextLine:
    text: str  # normalised, no spaces between CJK characters
    box: BBox
    conf: float
    # the engine's fragments joined into this row (text, box), left to right; empty: the line is one
    # fragment. Kept so a row's cells can be placed (pipeline/extract/candidates.py: label rows).
    parts: list[tuple[str, BBox]] = field(default_factory=list)


def text_lines(result: OcrResult) -> list[TextLine]:
    """Lines in reading order (top to bottom, left to right), normalised; a mark a page prints between its
    labels and values as a colon (``听讲人=何平``: ``colon_marks`` of ocr_models/vocab/labels.yaml) is a colon."""
    colon = _colon_marks()
    lines = [TextLine(colon.sub(":", normalize_text(ln.text)) if colon else normalize_text(ln.text), ln.box, ln.conf)
             for ln in result.lines if ln.text.strip()]
    return merge_rows(lines)


@lru_cache(maxsize=1)
def _colon_marks() -> re.Pattern[str] | None:
    """A colon mark right after a word's CJK character (a label's end), spaces around it dropped."""
    marks = vocab().get("colon_marks") or []
    return re.compile(r"(?<=[\u4e00-\u9fff])\s*(?:" + "|".join(re.escape(m) for m in marks) + r")\s*") if marks else None


def same_row(a: BBox, b: BBox, *, min_overlap: float = 0.5) -> bool:
    """Two boxes sit on one printed row: they overlap vertically by at least half the smaller height."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    smaller = max(min(a[3] - a[1], b[3] - b[1]), 1.0)
    return overlap / smaller >= min_overlap


def centred_row(a: BBox, b: BBox) -> bool:
    """Two boxes on one printed row whose vertical centres each lie within the other box: a seal's
    ring text read as a tall fragment (rotated characters) crossing a printed row overlaps it, but
    its centre lies above or below the row (evaluation: grey certificates, the organizer's row read
    with the ring's ``江省``/``院附属`` appended)."""
    if not same_row(a, b):
        return False
    ca, cb = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    return a[1] <= cb <= a[3] and b[1] <= ca <= b[3]


def stacked(a: BBox, b: BBox) -> bool:
    """One box over the other in one cell: they share more than half the narrower one's width (fragments
    side by side on a printed row never do; pieces of one word cut with an overlap share a character)."""
    overlap = min(a[2], b[2]) - max(a[0], b[0])
    return overlap > 0.5 * max(min(a[2] - a[0], b[2] - b[0]), 1.0)


def _joins(row: list[TextLine], box: BBox) -> bool:
    """A fragment centred on a row's last one joins it, unless it lies under one of the row's fragments
    while the fragment nearest to it across (of those it lies under none of) shares under a quarter of
    its height (is on another printed row):
    a skewed label row chained to the value row under it (讲习日期 over 2019年5月11日) is two rows; a title
    cell printed on two lines (学分 over 分值) beside one-line titles is one."""
    if not any(stacked(x.box, box) for x in row):
        return True
    beside = [x for x in row if not stacked(x.box, box)]
    if not beside:
        return False
    nearest = min(beside, key=lambda x: max(x.box[0] - box[2], box[0] - x.box[2], 0.0))
    return same_row(nearest.box, box, min_overlap=0.25)  # 号 under 序, beside 课程题目 reaching half its height


def _reading_order(row: list[TextLine]) -> list[TextLine]:
    """A row's fragments left to right, those stacked in one cell top to bottom (《消化内镜诊疗技术 over
    进展》 starting a little left of it is read head first)."""
    cells: list[list[TextLine]] = []
    for x in sorted(row, key=lambda x: x.box[0]):
        cell = next((c for c in cells if any(stacked(y.box, x.box) for y in c)), None)
        if cell is None:
            cells.append([x])
        else:
            cell.append(x)
    cells.sort(key=lambda c: min(x.box[0] for x in c))
    return [x for c in cells for x in sorted(c, key=lambda x: x.box[1])]


def merge_rows(lines: list[TextLine]) -> list[TextLine]:
    """Join line fragments that sit on one printed row (engines that split at gaps, e.g. RapidOCR).

    Fragments are joined by one space, or by two when the gap is wider than a
    character (a new cell or field), so values can be cut at wide gaps. A fragment
    joins a row only when it is centred on it (``centred_row``; ``_joins``: a skewed label row and the
    values under it stay two rows). Fragments stacked in one cell are read top to bottom.
    """
    lines = sorted(lines, key=lambda ln: ((ln.box[1] + ln.box[3]) / 2, ln.box[0]))
    rows: list[list[TextLine]] = []
    for ln in lines:
        if rows and centred_row(rows[-1][-1].box, ln.box) and _joins(rows[-1], ln.box):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    out = []
    for row in rows:
        row[:] = _reading_order(row)
        text = row[0].text
        for prev, cur in pairwise(row):
            height = max(cur.box[3] - cur.box[1], 1.0)
            text += ("  " if cur.box[0] - prev.box[2] > height else " ") + cur.text
        box = (min(x.box[0] for x in row), min(x.box[1] for x in row),
               max(x.box[2] for x in row), max(x.box[3] for x in row))
        parts = [p for x in row for p in (x.parts or [(x.text, x.box)])]
        out.append(TextLine(text, box, sum(x.conf for x in row) / len(row), parts))
    return out


# Labels that end the value of a previous label on the same printed row.
NEXT_LABEL = re.compile(r"(?:身份证|性\s*别|单\s*位|出生|工作单位|电话|职\s*称|专业|年龄)")


def cut_at_next_label(value: str) -> str:
    """``戴思娜身份证号：33...`` -> ``戴思娜``: a value ends where the row's next label starts."""
    m = NEXT_LABEL.search(value)
    return value[: m.start()] if m and m.start() > 0 else value


def labelled(lines: list[TextLine], label: re.Pattern[str]) -> tuple[str, float, int] | None:
    """The text after a label (``项目编号: ...``) on its line, or on the next line when empty there.

    Returns (value, confidence, line index) or None.
    """
    for i, ln in enumerate(lines):
        m = label.search(ln.text)
        if not m:
            continue
        value = ln.text[m.end():].strip(" :;,.")
        if value:
            return value, ln.conf, i
        if i + 1 < len(lines):
            return lines[i + 1].text.strip(" :;,."), lines[i + 1].conf, i + 1
    return None


def join_fragments(words: list[Word], *, min_overlap_chars: float, slack_chars: float) -> str:
    """The words of one table cell, left to right, as one string (no spaces).

    Detectors sometimes cut a cell into overlapping pieces that both hold the
    characters at the cut (``2018-0`` + ``-01-29`` for ``2018-01-29``): where two
    pieces overlap by at least ``min_overlap_chars`` characters (by box width),
    the longest end of the text so far that the next piece starts with, and that
    is at most ``slack_chars`` longer than the overlap, is kept once.
    """
    ordered = sorted((w for w in words if w.text.strip()), key=lambda w: w.box[0])
    if not ordered:
        return ""
    text = ordered[0].text.strip()
    prev = ordered[0]
    for w in ordered[1:]:
        piece = w.text.strip()
        char_w = max(prev.box[2] - prev.box[0], 1.0) / max(len(prev.text.strip()), 1)
        overlap = (prev.box[2] - w.box[0]) / char_w
        keep = 0
        if overlap >= min_overlap_chars:
            for k in range(min(len(text), len(piece), int(overlap + slack_chars)), 0, -1):
                if text.endswith(piece[:k]):
                    keep = k
                    break
        text += piece[keep:]
        if w.box[2] >= prev.box[2]:
            prev = w
    return text
