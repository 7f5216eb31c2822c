"""An annual credit list page (学分登记表 / 年度学分清单) -> AnnualList.

Rows are visual rows (words grouped by their vertical centre); when the
header row (序号 日期 项目编号 项目名称 学分类别 学分 学习形式) is found, the
words are first turned by the header's slope (a page left slightly skewed
would otherwise chain its rows into one), then each row's words are put into
the header's columns by x position and every cell is parsed on its own.
Without a header the row text is parsed in the printed order (seq, date,
code, title, category, credits, mode).

Given the page image and the engine (``extract_annual_list(result, image=...,
engine=...)``), a cell whose value the page pass did not read (a date the
detector cut into pieces and lost a digit of, a dropped code suffix) is read
again from its own crop.

Layouts differ by organizer (session 8, issue 14), so nothing here assumes one:

* column titles are vocabulary (``list_columns`` of ocr_models/vocab/labels.yaml); a title
  printed on two lines (学分 / 类别) is joined from its stacked words, whether the detector put
  the two lines into one visual row or two; a word holding two titles (``序号项目名称``) is cut;
* a column starts in the blank the values leave before its title (``_columns``), so titles
  centred over cells whose values are left-aligned give the same columns as left-aligned ones;
* sum lines (小计 / 合计 / 总计, ``total_row`` / ``end_row`` of reading.yaml) are never rows;
* a line holding no typed value (a title, a date's 日, a unit wrapped in its cell) joins the row
  of the nearest line that holds one, its text appended in its column (``_group_lines``);
* a code the engine glued to the cell beside it goes to the empty code cell.

A row value read wrong is worse than one left null (order and list checks read rows), so every
cell is parsed by its column's type and a cell that does not parse stays null.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from pipeline.errors import OcrEngineError
from pipeline.extract.layout import TextLine, cut_at_next_label, join_fragments, labelled, same_row, text_lines
from pipeline.extract.list_blocks import block_rows
from pipeline.io.config import section
from pipeline.models import AnnualList, ListRow, OcrResult, Word

BBox = tuple[float, float, float, float]
from pipeline.normalize import (
    CODE_RE,
    category_from_code,
    code_suffix,
    digit_lookalikes,
    find_codes,
    find_dates,
    normalize_text,
    parse_category,
    parse_credits,
    parse_date,
    parse_id_number,
    parse_mode,
    to_halfwidth,
)

@lru_cache(maxsize=1)
def _headers() -> dict[str, re.Pattern]:
    """field -> the regular expression of its column titles (``list_columns`` of ocr_models/vocab/labels.yaml),
    in the order lists usually print them."""
    from pipeline.extract.candidates import vocab

    return {name: re.compile(rx) for name, rx in vocab()["list_columns"].items()}


def _alternatives(rx: str) -> list[str]:
    """The top-level alternatives of a regular expression (``a|b(?:c|d)`` -> ``a``, ``b(?:c|d)``)."""
    out, depth, start, escaped = [], 0, 0, False
    for i, ch in enumerate(rx):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(rx[start:i])
            start = i + 1
    out.append(rx[start:])
    return out


@lru_cache(maxsize=1)
def _title_words() -> list[tuple[str, re.Pattern]]:
    """(field, one title alternative) of every column, in the columns' order."""
    from pipeline.extract.candidates import vocab

    return [(name, re.compile(alt)) for name, rx in vocab()["list_columns"].items() for alt in _alternatives(rx)]


def _title_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, field) of the column titles in ``text``, left to right, each the longest title
    starting there (类别名称 is one category title, not 类别 + a 名称 title); they never overlap."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(text):
        best: tuple[int, int, str] | None = None
        for name, rx in _title_words():
            m = rx.match(text, i)
            if m and m.end() > i and (best is None or m.end() > best[1]):
                best = (i, m.end(), name)
        if best:
            spans.append(best)
            i = best[1]
        else:
            i += 1
    return spans


def _title_field(text: str) -> str | None:
    """The column a header cell's text names: its longest title (ties: the earlier column)."""
    spans = _title_spans(text)
    if not spans:
        return None
    order = list(_headers())
    return max(spans, key=lambda s: (s[1] - s[0], -order.index(s[2])))[2]


@lru_cache(maxsize=1)
def _compound_sep() -> re.Pattern:
    """What joins two titles of one column (``list_title_joiners`` of ocr_models/vocab/labels.yaml)."""
    from pipeline.extract.candidates import vocab

    return re.compile(r"\s*(?:" + "|".join(re.escape(j) for j in vocab()["list_title_joiners"]) + r")\s*")


def _compound_fields(text: str) -> tuple[str, ...] | None:
    """The fields of a header cell naming two or more columns' titles joined (``类别/学分``,
    ``项目名称及编号``, ``项目名称/主办单位``, ``项目名称（主办单位）``; ``list_title_joiners`` of labels.yaml): each part a whole title of its own
    field, in the printed order; None for any other text. Such a column's cells print the values of
    all of them (one after the other on a line, or one line each)."""
    text = normalize_text(text).replace(" ", "").translate(_PUNCT)
    bracketed = re.fullmatch(r"(.+?)\((.+)\)", text)  # 项目名称（主办单位）: the second title in brackets
    parts = list(bracketed.groups()) if bracketed else _compound_sep().split(text)
    if len(parts) < 2 or not all(parts) or not all(_whole_title(p) for p in parts):
        return None
    fields = tuple(_title_field(p) for p in parts)
    return fields if None not in fields and len(set(fields)) == len(fields) else None  # type: ignore[return-value]


def _join_compound(row: list[Word]) -> list[Word]:
    """Header words of one slash-joined title read apart (``项目名称`` ``/`` ``编号``, ``项目名称/`` ``编号``)
    joined into one word, so the second title starts no column of its own."""
    out: list[Word] = []
    for w in sorted(row, key=lambda w: w.box[0]):
        if out:
            prev = out[-1]
            height = max(prev.box[3] - prev.box[1], w.box[3] - w.box[1], 1.0)
            text = normalize_text(prev.text + w.text).replace(" ", "")
            close = w.box[0] - prev.box[2] < 0.9 * height and same_row(prev.box, w.box)
            slash = _compound_sep().fullmatch(normalize_text(prev.text)) is None and \
                (_compound_fields(text) is not None or _partial_compound(text))
            if close and slash:
                out[-1] = Word(text=text, conf=min(prev.conf, w.conf),
                               box=(prev.box[0], min(prev.box[1], w.box[1]), w.box[2], max(prev.box[3], w.box[3])))
                continue
        out.append(w)
    return out


def _partial_compound(text: str) -> bool:
    """``项目名称/``: a whole title and its joiner, waiting for the title after it."""
    text = text.translate(_PUNCT)
    if re.fullmatch(r"(.+?)\((.*)", text) and _whole_title(text.split("(")[0]):  # 项目名称（ before 主办单位）
        return True
    m = _compound_sep().search(text)
    return bool(m) and m.end() == len(text) and _whole_title(text[:m.start()])


def _compound_columns(rows: list[list[Word]]) -> dict[str, tuple[str, ...]]:
    """First field -> the fields after it, of every slash-joined title on the header's lines."""
    out: dict[str, tuple[str, ...]] = {}
    for row in rows:
        for w in _join_compound(row):
            fields = _compound_fields(w.text)
            if fields:
                out.setdefault(fields[0], fields[1:])
    return out


_YEAR_HEADER = re.compile(r"((?:19|20)\d\d)\s*年\s*度?")
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*[-~至到]\s*((?:19|20)\d\d)\s*年")
_CAT_TOKEN = re.compile(r"(?:I|Ⅰ|l|1|II|Ⅱ|ll|11)\s*类\s*(?:国家级|省级)?|国家级|省级")
_PUNCT = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})
# Cells whose value is worth a second reading from the image when the page pass gave none.
_REREAD = ("date", "project_code", "project_title", "category", "credits", "mode")


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed rows (vertical overlap with the row's last word), each left to right."""
    words = sorted(words, key=lambda w: ((w.box[1] + w.box[3]) / 2, w.box[0]))
    rows: list[list[Word]] = []
    for w in words:
        if rows and any(same_row(x.box, w.box) for x in rows[-1][-3:]):
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w.box[0]) for r in rows]


def _words(result: OcrResult) -> list[Word]:
    out: list[Word] = []
    for line in result.lines:
        out.extend(line.words if line.words else [Word(text=line.text, conf=line.conf, box=line.box)])
    return out


def _row_text(row: list[Word]) -> str:
    return normalize_text(" ".join(w.text for w in row))


def _header_columns(rows: list[list[Word]]) -> tuple[int, dict[str, BBox]] | None:
    """(index of the header's last row, field -> the box of its column title) of the table header,
    or None.

    The header is the first row naming at least ``header_min_labels`` of the columns (a label the
    engine misread leaves that column out: its words go to a neighbour). Titles printed on two
    lines (项目 / 编码) may fall into one visual row or two: a row is also tried together with the
    next one when that one starts within ``header_stack_gap`` line heights, and the reading naming
    more columns is kept.
    """
    need = section("annual_list")["header_min_labels"]
    for i in range(len(rows)):
        best, end = _header_at(rows, i)
        if len(best) >= need:
            # the line above the header reaches the count with the header's help: the header's own
            # reading (with the line under it, a second tier) may name more
            if i + 1 < len(rows):
                nxt, nxt_end = _header_at(rows, i + 1)
                if len(nxt) > len(best):
                    return nxt_end, nxt
            return end, best
    return None


def _header_at(rows: list[list[Word]], i: int) -> tuple[dict[str, BBox], int]:
    """The titles row ``i`` names, alone or with the rows stacked close above or below it, and the
    index of the last row they take (the reading naming the most columns)."""
    cfg = section("annual_list")
    row = rows[i]
    best, end = _header_labels(row), i
    above = i > 0 and _stacked_rows(rows[i - 1], row, cfg["header_stack_gap"])
    below = i + 1 < len(rows) and _stacked_rows(row, rows[i + 1], cfg["header_stack_gap"])
    # a title's first line may stand above the header's line (获得 over 学分 beside one-line titles)
    tries = [(row + rows[i + 1], i + 1)] if below else []
    if below and i + 2 < len(rows) and _stacked_rows(rows[i + 1], rows[i + 2], cfg["header_stack_gap"]):
        tries.append((row + rows[i + 1] + rows[i + 2], i + 2))
    if above:
        tries.append((rows[i - 1] + row, i))
        if below:
            tries.append((rows[i - 1] + row + rows[i + 1], i + 1))
    for words, last in tries:
        labels = _header_labels(words)
        if len(labels) > len(best):
            best, end = labels, last
    return best, end


def _stacked_rows(upper: list[Word], lower: list[Word], max_gap: float) -> bool:
    """The lower row starts within ``max_gap`` line heights below the upper one's bottom."""
    height = float(np.median([w.box[3] - w.box[1] for w in upper]))
    gap = min(w.box[1] for w in lower) - max(w.box[3] for w in upper)
    return gap <= max_gap * height


def _split_titles(row: list[Word]) -> list[Word]:
    """A word holding two or more column titles (``序号项目名称``: the detector took two cells as one)
    becomes one word per title, its box cut in proportion to the characters."""
    out: list[Word] = []
    for w in row:
        text = normalize_text(w.text).replace(" ", "")
        if _compound_fields(text) is not None:  # 项目名称/编号: one column printing both
            out.append(w)
            continue
        spans = _title_spans(text)
        starts = [a for a, _b, _f in spans]
        if len(starts) == 1 and starts[0] == 0 and spans[0][1] < len(text) and _whole_title(text[spans[0][1]:]):
            starts.append(spans[0][1])  # 学习形式学分: a title, then a whole title of its own (学分 alone)
        if len(starts) < 2 or starts[0] != 0:  # 项目级别 is one title (级别), 序号项目名称 two
            out.append(w)
            continue
        per = (w.box[2] - w.box[0]) / max(len(text), 1)
        for a, b in zip(starts, starts[1:] + [len(text)]):
            out.append(Word(text=text[a:b], conf=w.conf,
                            box=(w.box[0] + a * per, w.box[1], w.box[0] + b * per, w.box[3])))
    return out


def _whole_title(text: str) -> bool:
    """The text is one column title from end to end (a title anchored as a whole word, ``^学分$``, too)."""
    return any(rx.fullmatch(text) for _name, rx in _title_words())


def _stacked_title(text: str, lower: str = "") -> bool:
    """Two stacked words make a column title: no longer than one (``header_stack_max_chars``), no
    digit, and ending with a title (学分 + 类别, 开始 + 日期), so a title over its first value (学分
    over 10, 学习形式 over 面授 on a skewed page whose rows chained into one) stays a title alone.
    Two whole titles (日期 over 项目名称: a header in two tiers) are one only when together they are
    one title too (学分 over 类别)."""
    t = normalize_text(text + lower).replace(" ", "")
    if len(t) > section("annual_list")["header_stack_max_chars"] or any(ch.isdigit() for ch in t):
        return False
    up, low = normalize_text(text).replace(" ", ""), normalize_text(lower).replace(" ", "")
    if up and low and _whole_title(up) and _whole_title(low) and not _whole_title(t):
        return False
    if _labelled_value(up):  # the holder's 姓名吴红 over the header's 序号: a line of values, no title's
        return False
    return any(end == len(t) for _a, end, _f in _title_spans(t))


def _labelled_value(text: str) -> bool:
    """``姓名吴红``, ``科室内科``: a label of the certificate vocabulary (a field's or another thing's,
    ``fields`` / ``stop_labels`` of labels.yaml) at the start, then a value holding no column title."""
    from pipeline.extract.candidates import label_spans

    spans = label_spans(text)
    if not spans or spans[0][0] != 0:
        return False
    rest = text[spans[0][1]:]
    return bool(rest) and not _title_spans(rest)


def _stack_titles(row: list[Word]) -> list[Word]:
    """Column titles printed on two lines (学分 over 类别) joined into one word, upper line first:
    words overlapping horizontally by ``header_stack_overlap`` of the narrower one, the lower
    below the upper (not on its line), together a column title (``_stacked_title``: a page title
    above the header or a value below it is never joined to one)."""
    cfg = section("annual_list")
    words = sorted(row, key=lambda w: (w.box[1], w.box[0]))
    used: set[int] = set()
    out: list[Word] = []
    for i, w in enumerate(words):
        if i in used:
            continue
        text, box = w.text, w.box
        for j in range(i + 1, len(words)):
            v = words[j]
            if j in used or same_row(box, v.box):
                continue
            overlap = min(box[2], v.box[2]) - max(box[0], v.box[0])
            narrower = max(min(box[2] - box[0], v.box[2] - v.box[0]), 1.0)
            height = max(w.box[3] - w.box[1], 1.0)
            if overlap / narrower >= cfg["header_stack_overlap"] and \
                    v.box[1] - box[3] <= cfg["header_stack_gap"] * height and _stacked_title(text, v.text):
                text = text + v.text
                box = (min(box[0], v.box[0]), box[1], max(box[2], v.box[2]), v.box[3])
                used.add(j)
        out.append(Word(text=text, conf=w.conf, box=box))
    return sorted(out, key=lambda w: w.box[0])


def _header_labels(row: list[Word]) -> dict[str, BBox]:
    """field -> the box of its header label found in the row (words first, then touching words joined;
    titles printed on two lines joined, a word holding two titles cut in two)."""
    row = _join_compound(_stack_titles(_split_titles(row)))
    text = _row_text(row).replace(" ", "")
    words = [(normalize_text(w.text).replace(" ", ""), w.box) for w in row]
    # a title anchored as a whole word (^学分$) counts where it stands as a word of its own
    named = {f for _a, _b, f in _title_spans(text)} | {_title_field(t) for t, _b in words if _whole_title(t)}
    if len(named - {None}) < section("annual_list")["header_min_labels"]:
        return {}
    found: dict[str, tuple[float, float, float, float]] = {}
    again: dict[str, list[BBox]] = {}  # a field's other title words (学分 over two columns, 分值 under it)
    for cells in (words, _cells(row)):
        for cell_text, box in cells:
            # a title holds no digit: 人员编号31575397 above the header is the holder's number
            name = None if any(ch.isdigit() for ch in cell_text) else \
                (_compound_fields(cell_text) or (_title_field(cell_text),))[0]
            if name is not None and name not in found and box[0] not in {b[0] for b in found.values()}:
                found[name] = box
            elif name is not None and name in found and box != found[name]:
                again.setdefault(name, []).append(box)
    _ungroup(found, again)
    _widen_to_cells(found, row)
    _fill_unnamed_column(found, row)
    return found


def _ungroup(found: dict[str, BBox], again: dict[str, list[BBox]]) -> None:
    """A title standing over another column's title is a group's (学分 over 项目级别 and 分值, a header of
    merged cells): the field's title is its other word printed under the group, where its values start."""
    for name, boxes in again.items():
        top = found[name]
        over = any(f != name and b[1] >= top[3] - 1 and min(b[2], top[2]) > max(b[0], top[0])
                   for f, b in found.items())
        lower = [b for b in boxes if b[1] >= top[3] - 1]
        if over and lower:
            found[name] = min(lower, key=lambda b: b[1])


def _widen_to_cells(found: dict[str, tuple[float, float, float, float]], row: list[Word]) -> None:
    """A label read in pieces (项 目 编号) starts at its first piece: the column's left edge is the
    left of the cell holding the matched piece, when that cell holds no other label."""
    for name, box in list(found.items()):
        for group in _cell_words(row):
            text, cell = _cell_of(group)
            inside = cell[0] <= box[0] <= cell[2]
            others = any(cell[0] <= b[0] <= cell[2] for n, b in found.items() if n != name)
            m = _headers()[name].search(text)
            if inside and not others and m:
                # only the words the title's match runs through: a word of its own before it in the
                # cell (行号 close left of 日期) is another column's title, not a piece of this one
                left = _first_word_in(group, m.start())
                found[name] = (min(left.box[0], box[0]), box[1], box[2], box[3])
                break


def _fill_unnamed_column(found: dict[str, tuple[float, float, float, float]], row: list[Word]) -> None:
    """A header label misread beyond recognition (学分类别 as "FRR") still starts a column: a header
    word lying alone between two named columns whose printed order leaves one column out between
    them is that column."""
    order = list(_headers())
    named = sorted(((box[0], name) for name, box in found.items()), key=lambda t: t[0])
    for (x_a, a), (x_b, b) in zip(named, named[1:]):
        ia, ib = order.index(a), order.index(b)
        if ib - ia != 2 or order[ia + 1] in found:
            continue
        right_of_a = found[a][2]
        top, bottom = min(found[a][1], found[b][1]), max(found[a][3], found[b][3])
        # on the titles' line: the page's title above the header is no title of a column
        between = [w for w in row if right_of_a < w.box[0] < x_b and normalize_text(w.text)
                   and top <= (w.box[1] + w.box[3]) / 2 <= bottom]
        if between:
            found[order[ia + 1]] = between[0].box


def _cell_words(row: list[Word]) -> list[list[Word]]:
    """Adjacent words closer than about one character height, grouped: one cell each."""
    cells: list[list[Word]] = []
    for w in row:
        height = max(w.box[3] - w.box[1], 1.0)
        if cells and w.box[0] - cells[-1][-1].box[2] < 0.9 * height:
            cells[-1].append(w)
        else:
            cells.append([w])
    return cells


def _cell_of(c: list[Word]) -> tuple[str, tuple[float, float, float, float]]:
    return (normalize_text("".join(x.text for x in c)),
            (c[0].box[0], min(x.box[1] for x in c), c[-1].box[2], max(x.box[3] for x in c)))


def _first_word_in(group: list[Word], pos: int) -> Word:
    """The word of a cell's words holding character ``pos`` of their joined (normalised) text."""
    n = 0
    for w in group:
        n += len(normalize_text(w.text))
        if n > pos:
            return w
    return group[-1]


def _cells(row: list[Word]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Adjacent words closer than about one character height form one cell."""
    return [_cell_of(c) for c in _cell_words(row)]


def _header_slope(rows: list[list[Word]]) -> float:
    """The header row's slope (dy/dx of its labels' centres, least squares); 0 without a header.

    The header is looked for among the words of every row, so a skewed page whose
    rows chained into one still gives its slope."""
    cfg = section("annual_list")
    for row in rows:
        labels = _header_labels(row)
        if len(labels) < cfg["header_min_labels"]:
            continue
        xs = np.array([(b[0] + b[2]) / 2 for b in labels.values()])
        ys = np.array([(b[1] + b[3]) / 2 for b in labels.values()])
        if xs.max() - xs.min() < 1.0:
            return 0.0
        slope = float(np.polyfit(xs, ys, 1)[0])
        return slope if abs(slope) <= math.tan(math.radians(cfg["max_slope_deg"])) else 0.0
    return 0.0


def _turned(words: list[Word], slope: float) -> list[Word]:
    """Words with their box centres turned by -atan(slope) about the origin (sizes kept)."""
    if slope == 0.0:
        return words
    a = math.atan(slope)
    c, s = math.cos(a), math.sin(a)
    out = []
    for w in words:
        cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
        hw, hh = (w.box[2] - w.box[0]) / 2, (w.box[3] - w.box[1]) / 2
        nx, ny = cx * c + cy * s, -cx * s + cy * c
        out.append(Word(text=w.text, conf=w.conf, box=(nx - hw, ny - hh, nx + hw, ny + hh)))
    return out


def _parse_row_text(text: str) -> ListRow | None:
    """A row from its text in printed order; None when it has no project code."""
    codes = find_codes(text)
    if not codes:
        return None
    iso = parse_date(text)  # None when the date cell was not read: the row still counts
    seq_m = re.match(r"\s*(\d{1,3})(?!\d|\s*[-./年])", text)
    code_m = CODE_RE.search(to_halfwidth(text))
    after = text[code_m.end():] if code_m else text
    cat_m = _CAT_TOKEN.search(after)
    title = after[:cat_m.start()] if cat_m else ""
    tail = after[cat_m.end():] if cat_m else after
    credits = None
    num = re.search(r"(\d{1,3}(?:\.\d)?)", tail)
    if num:
        credits = parse_credits(num.group(1))
    return ListRow(
        cells={"row": text},
        seq=int(seq_m.group(1)) if seq_m else None,
        date=iso,
        project_code=codes[0],
        project_title=title.strip(" |") or None,
        category=parse_category(cat_m.group(0)) if cat_m else None,
        credits=credits,
        mode=parse_mode(tail),
    )


def _list_date(text: str) -> str | None:
    """A date cell: a printed date, or its eight digits when the engine lost a separator
    (``201805-29``); anything else is no date."""
    iso = parse_date(text)
    if iso is None:
        digits = re.sub(r"\D", "", to_halfwidth(text))
        iso = parse_date(digits) if len(digits) == 8 else None
    return iso


_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*(?:[-./月·。]\s*(\d{1,2})\s*日?)\s*$")


def _month_day(text: str, year: int | None) -> str | None:
    """A date cell printing month and day only (``07-25``, ``1月8日``) on a page whose title states
    its one year (``（2019年）``): that year's date. Without one stated year it is no date."""
    import datetime as dt

    m = _MONTH_DAY.match(to_halfwidth(text or ""))
    if year is None or m is None:
        return None
    try:
        return dt.date(year, int(m.group(1)), int(m.group(2))).isoformat()
    except ValueError:
        return None


def _starts_column(words: list[Word], cols: _Columns, name: str) -> bool:
    """The cell's text starts where its column's values start: left of its title's centre, or no
    further right of the title's left edge than ``column_tolerance`` line heights (a piece whose
    head the engine lost starts further right)."""
    title = cols.titles.get(name)
    if title is None or not words:
        return False
    first = min(words, key=lambda w: w.box[0])
    tol = section("annual_list")["column_tolerance"] * (first.box[3] - first.box[1])
    return first.box[0] <= max(title[0] + tol, (title[0] + title[2]) / 2)


def _title(text: str) -> str | None:
    return text.replace(" ", "").strip("|") or None


# what stands between a code cell's digit groups: any mark, or only spaces (dashes lost on a thresholded scan)
_CODE_SEP = re.compile(r"(?<=\d)\s*[.·。,，:：\-_~]+\s*(?=\d)|(?<=\d)\s+(?=\d)")
# a code printed in a cell with its title, its dashes lost or read as spaces (急危重症护理新进展2019 04 03 665 ti)
_CODE_SPAN = re.compile(r"(?<!\d)(?:19|20)\d\d(?:[\s.·。,，:：\-_~]*\d){7,9}(?:\s*[(\[{|]?\s*[\u4e00-\u9fff]\s*[)\]}|]?)?")
_CODE_TAIL = re.compile(r"(?<=\d)\s*[(\[{|]?\s*([\u4e00-\u9fff])\s*[)\]}|]?\s*$")
_SUFFIXED = re.compile(r"\(([\u4e00-\u9fff])\)$")


def _dashed(text: str) -> str:
    """A run of digits as long as a code's (``extract.code_groups`` of reading.yaml), starting with a year, with
    its dashes put back (20190403472 -> 2019-04-03-472): a code cell's dashes lost in a thresholded scan."""
    groups = [int(n) for n in section("extract")["code_groups"]]

    def dash(m: re.Match[str]) -> str:
        digits, out, at = m.group(0), [], 0
        for n in groups:
            out.append(digits[at:at + n])
            at += n
        return "-".join(out)

    return re.sub(rf"(?<![\d-])(?:19|20)\d{{{sum(groups) - 2}}}(?![\d-])", dash, text)


def _list_code(text: str) -> str | None:
    """A code cell: it holds nothing but a code, so any mark between digit groups is a dash
    (``2018.11-01·395``) and a character after the serial is the suffix however it is bracketed
    (``123（省``, ``650|市）``). A suffix that is no approving level (``(布)``) is left out: the
    code is then read in part."""
    t = to_halfwidth(text).translate(_PUNCT)
    t = _CODE_TAIL.sub(r"(\1)", _dashed(_CODE_SEP.sub("-", t)))
    codes = find_codes(t)
    if not codes:
        return None
    m = _SUFFIXED.search(codes[0])
    if m and code_suffix(m.group(1)) is None:
        return codes[0][:m.start()]
    return codes[0]


def _level_category(text: str):  # noqa: ANN202 - Category | None
    """A level word alone (国家级 / 市级), as a Class I list's 级别 column prints it -> the records'
    category (``list_level_words`` of ocr_models/vocab/labels.yaml: Shanghai's 市级 is I类省级)."""
    from pipeline.extract.candidates import vocab

    word = text.replace(" ", "")
    return (vocab().get("list_level_words") or {}).get(word)


def _complete(name: str, value) -> bool:
    """A cell value that needs no second reading (a code needs its level suffix)."""
    if value is None:
        return False
    return name != "project_code" or bool(_SUFFIXED.search(value))


def _cell_value(name: str, text: str):
    """The value of one cell's text (None when it holds none)."""
    if name == "date":
        return _list_date(text)
    if name == "project_code":
        return _list_code(text)
    if name == "project_title":
        return _title(text)
    if name == "category":
        return parse_category(text) or _level_category(text)
    if name == "credits":
        return parse_credits(digit_lookalikes(text), max_credits=float(section("extract")["max_credits"]))
    if name == "mode":
        return parse_mode(text)
    if name == "seq":
        m = re.match(r"\d{1,3}", text)
        return int(m.group(0)) if m else None
    return None


def _block_value(name: str, text: str, year: int | None):
    """A block's value as a cell's (``_cell_value``); a date printed as month and day (``6月25日``, ``04.20``)
    is of the year the page's title states when it states one."""
    value = _cell_value(name, text)
    if name == "date" and value is None:
        return _month_day(text, year)
    return value


@dataclass
class _TableRow:
    cells: dict[str, list[Word]]          # field -> its words (turned coordinates)
    values: dict[str, object] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # field -> the cell's text


@dataclass
class _Columns:
    """Where each column starts: ``starts`` field -> x; a start in ``tolerant`` is a title's left edge
    (values left-aligned under it may begin a little left of it), the others lie in the blank
    between two columns' values."""
    starts: dict[str, float]
    tolerant: set[str]
    titles: dict[str, BBox] = field(default_factory=dict)  # field -> its title's box
    # a column whose title names more fields (类别/学分) -> the fields after its own, in print order
    compound: dict[str, tuple[str, ...]] = field(default_factory=dict)


_UNTITLED = "?"  # the key prefix of a column whose title is no known title word


def _untitled_columns(labels: dict[str, BBox], words: list[Word]) -> dict[str, BBox]:
    """The header's titles plus every other word on the header's line that is no known title
    (``主办者``, ``学习途径`` in words not in the vocabulary), keyed ``?<its text>``: each still starts a
    column, so its values stay out of their neighbours' cells, and its values may name its role
    (``_name_by_values``). A word of the header's line is one with its centre inside the titles'
    band, no digit and no overlap with a title."""
    if not labels:
        return labels
    top = min(b[1] for b in labels.values())
    bottom = max(b[3] for b in labels.values())
    out = dict(labels)
    for w in _stack_titles(_split_titles(words)):
        text = normalize_text(w.text).replace(" ", "")
        centre = (w.box[1] + w.box[3]) / 2
        if not _CJK.search(text) or any(ch.isdigit() for ch in text) or not top <= centre <= bottom:
            continue
        if any(min(w.box[2], b[2]) > max(w.box[0], b[0]) for b in out.values()):
            continue
        if _over_titles(w.box, labels):
            continue
        out[_UNTITLED + text] = w.box
    return out


def _over_titles(box: BBox, labels: dict[str, BBox]) -> bool:
    """A header word standing above the titles on both sides of it (项目情况 over 编号 and 项目名称) is
    a banner over a group of columns, no column of its own: its centre lies above the tops of the
    nearest titles left and right of it."""
    left = [b for b in labels.values() if b[2] <= box[0]]
    right = [b for b in labels.values() if b[0] >= box[2]]
    if not left or not right:
        return False
    near_left, near_right = max(left, key=lambda b: b[2]), min(right, key=lambda b: b[0])
    return (box[1] + box[3]) / 2 < min(near_left[1], near_right[1])


# Fields an untitled column may turn out to hold, tried in this order on its values.
_TYPED = ("project_code", "date", "category", "mode", "credits")


def _typed_as(name: str, text: str) -> bool:
    """A cell's text is a value of the field's type; a date also when it prints month and day only
    (``6月19日``: the year is the page's, ``_month_day``)."""
    if _cell_value(name, text) is not None:
        return True
    return name == "date" and _MONTH_DAY.match(to_halfwidth(text)) is not None


def _record_line(row: list[Word]) -> bool:
    """A line of words printing a record without its year or code (``1`` ``6月16日`` ``传染病…`` ``一类省级``
    ``10.0`` ``面授``, the code wrapped under its title): a word that is a month and day, and at least
    two more words each a category, a mode or a number of credits. Its words place the columns as a
    dated row's do."""
    texts = [normalize_text(w.text).replace(" ", "") for w in row]
    if not any(_MONTH_DAY.match(to_halfwidth(t)) for t in texts):
        return False
    return sum(1 for t in texts if any(_typed_as(f, t) for f in ("category", "mode", "credits"))) >= 2


def _row_numbers(cells: list[str]) -> bool:
    """A column's cells, one per table row (empty where unread), are the rows' numbers: at least two
    rows, and every cell read is its row's number counted from 1."""
    read = [(i, t.strip()) for i, t in enumerate(cells) if t.strip()]
    if len(cells) < 2 or not read or not all(t.isdigit() for _i, t in read):
        return False
    # counted from 1 by the rows, or by the lines that print a number (a record's code wrapped on a line of its own)
    return all(int(t) == i + 1 for i, t in read) or (len(read) >= 2 and [int(t) for _i, t in read] == list(range(1, len(read) + 1)))


def _name_by_values(cols: _Columns, data_rows: list[list[Word]]) -> _Columns:
    """An untitled column whose values are of one field's type (codes, dates, categories, modes,
    numbers) that no titled column holds is that field's column: at least ``untitled_min_share`` of
    its non-empty cells in the table's rows parse as that field. Other untitled columns stay
    columns of no field (their words kept out of the others')."""
    share = section("annual_list")["untitled_min_share"]
    split = [_split_columns(row, cols) for row in data_rows]
    for key in [k for k in cols.starts if k.startswith(_UNTITLED)]:
        cells = [_cell_text([ln[key]]) for ln in split]
        texts = [t for t in cells if t]
        if not texts:
            continue
        if "seq" not in cols.starts and _row_numbers(cells):  # 1, 2 … down the rows: the row numbers, no credits
            cols.starts["seq"] = cols.starts.pop(key)
            continue
        for name in _TYPED:
            if name in cols.starts:
                continue
            if sum(_typed_as(name, t) for t in texts) >= share * len(texts):
                cols.starts[name] = cols.starts.pop(key)
                if key in cols.tolerant:
                    cols.tolerant.discard(key)
                    cols.tolerant.add(name)
                if key in cols.titles:
                    cols.titles[name] = cols.titles.pop(key)
                break
    return cols


def _tiers(labels: dict[str, BBox]) -> tuple[dict[str, BBox], dict[str, BBox]] | None:
    """(upper, lower) titles of a header printed in two tiers, each record then printed on two lines
    (``No. 日期 | 编号 | 类别 | 学分`` over ``项目名称／形式``); None for a one-tier header.

    The header is two-tiered when its titles fall into two bands whose centres lie more than
    ``tier_min_gap`` title heights apart and a title of the lower band stands under one of the upper
    (a title printed on two lines was joined into one word before, so it lies in neither band alone)."""
    if len(labels) < 2:
        return None
    gap = section("annual_list")["tier_min_gap"]
    height = float(np.median([b[3] - b[1] for b in labels.values()]))
    by_y = sorted(labels.items(), key=lambda kv: (kv[1][1] + kv[1][3]) / 2)
    centres = [(b[1] + b[3]) / 2 for _n, b in by_y]
    cuts = [i for i in range(1, len(by_y)) if centres[i] - centres[i - 1] > gap * height]
    if len(cuts) != 1:
        return None
    upper, lower = dict(by_y[:cuts[0]]), dict(by_y[cuts[0]:])
    under = any(min(a[2], b[2]) > max(a[0], b[0]) for a in lower.values() for b in upper.values())
    return (upper, lower) if under else None


def _columns(labels: dict[str, BBox], data: list[Word]) -> _Columns:
    """Column starts from the titles and the values under them.

    Titles may be left-aligned over their values or centred over cells whose values are
    left-aligned: either way a column's values start at its title's left edge or left of it, after
    a blank (x where no value word lies) that ends there. So a column starts in the last blank
    between the two titles' centres that starts left of its title's left edge and ends no later
    than that edge plus ``column_tolerance`` line heights: a value of the column on the left read in
    a wrong place makes another blank, never that one, and a narrow value under a narrow title
    leaves a blank inside the title, never that one either. Where there is none (a word the engine read across two
    cells, values right-aligned), the column starts at its title's left edge."""
    tol_h = section("annual_list")["column_tolerance"]
    named = sorted(labels.items(), key=lambda kv: kv[1][0])
    covered = sorted((w.box[0], w.box[2]) for w in data)
    line_h = float(np.median([w.box[3] - w.box[1] for w in data])) if data else 0.0
    starts = {named[0][0]: min([named[0][1][0]] + [w.box[0] for w in data])} if named else {}
    tolerant: set[str] = set()
    for (_a, box_a), (b, box_b) in zip(named, named[1:]):
        lo, hi = (box_a[0] + box_a[2]) / 2, (box_b[0] + box_b[2]) / 2
        limit = box_b[0] + tol_h * line_h
        blanks = [g for g in _blanks(covered, lo, hi) if g[0] < box_b[0] and g[1] <= limit]
        if blanks:
            starts[b] = (blanks[-1][0] + blanks[-1][1]) / 2
        else:
            starts[b] = box_b[0]
            tolerant.add(b)
    return _Columns(starts, tolerant, dict(labels))


def _blanks(covered: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The stretches of (lo, hi) that no interval of ``covered`` (sorted by start) reaches into, left to right."""
    out: list[tuple[float, float]] = []
    x = lo
    for a, b in covered:
        if b <= x:
            continue
        if a >= hi:
            break
        if a > x:
            out.append((x, a))
        x = max(x, b)
    if x < hi:
        out.append((x, hi))
    return out


def _split_columns(row: list[Word], cols: _Columns) -> dict[str, list[Word]]:
    """A word belongs to the last column starting left of it."""
    tol_h = section("annual_list")["column_tolerance"]
    by_field: dict[str, list[Word]] = {f: [] for f in cols.starts}
    starts = sorted(cols.starts.items(), key=lambda kv: kv[1])
    for w in row:
        tol = tol_h * max(w.box[3] - w.box[1], 1.0)
        name = starts[0][0]
        for col, x0 in starts:
            if x0 <= w.box[0] + (tol if col in cols.tolerant else 0.0):
                name = col
        by_field[name].append(w)
    return by_field


def _split_merged_credits(cells: dict[str, list[Word]], texts: dict[str, str], cols: dict[str, float]) -> None:
    """The engine read the cell left of 学分 and the credits as one word (``国家级1类10`` over the
    级别 and 学分 columns): when the credits cell is empty, and that word runs past the credits
    column's left edge and ends with a number, the number is the credits cell's."""
    if "credits" not in cols or texts.get("credits"):
        return
    left = [f for f, x in sorted(cols.items(), key=lambda kv: kv[1]) if x < cols["credits"]]
    if not left or not cells.get(left[-1]):
        return
    prev = left[-1]
    if cells[prev][-1].box[2] <= cols["credits"]:
        return
    m = re.fullmatch(r"(.*\D)\s*(\d{1,3}(?:\.\d)?)\s*分?", texts.get(prev) or "")
    if m:
        texts[prev], texts["credits"] = m.group(1).strip(), m.group(2)


def _credits_without_column(texts: dict[str, str], cols: dict[str, float]) -> None:
    """A page whose credits title was not read (本项学 / 分 over and under the header's line) has no credits column:
    a category cell ending with a number (``国家级I类10``) then holds the credits, the column right of it."""
    if "credits" in cols or "category" not in cols:
        return
    m = re.fullmatch(r"(.*\D)\s*(\d{1,3}(?:\.\d)?)\s*分?", texts.get("category") or "")
    if m and parse_category(m.group(1)):
        texts["category"], texts["credits"] = m.group(1).strip(), m.group(2)


# Typed columns whose value the engine may read glued to the end of the cell on their left
# (``温州市卫生健康委员会面授`` over the organizer and mode columns).
_OVERRUN = ("mode", "category")


def _split_overrun(cells: dict[str, list[Word]], texts: dict[str, str], cols: dict[str, float]) -> None:
    """An empty typed cell whose left neighbour's last word runs past the column's left edge takes
    the shortest end of that word's text that is its value; the neighbour keeps the rest."""
    order = [f for f, _x in sorted(cols.items(), key=lambda kv: kv[1])]
    for name in _OVERRUN:
        if name not in cols or texts.get(name):
            continue
        i = order.index(name)
        if i == 0 or not cells.get(order[i - 1]):
            continue
        prev = order[i - 1]
        if cells[prev][-1].box[2] <= cols[name]:
            continue
        text = texts.get(prev) or ""
        for k in range(len(text) - 1, 0, -1):
            if _cell_value(name, text[k:]) is not None:
                # a value printed in brackets after the neighbour's (消化内镜诊疗技术进展（远程）): no bracket is either's
                texts[prev], texts[name] = text[:k].strip().rstrip("(（[【 ").strip(), text[k:].strip("()（）[]【】 ")
                break


def _is_table_row(v: dict) -> bool:
    """A table row has a project code, or a date and one more value."""
    return v.get("project_code") is not None or (
        v.get("date") is not None and (v.get("credits") is not None or v.get("project_title") is not None))


def _cell_crop(image: np.ndarray, row: list[Word], name: str, cols: dict[str, float],
               slope: float) -> np.ndarray | None:
    """The image of one cell, upright: between its column's left edge and the next one's, over the
    row's height, cut in the frame the words were turned to (so a skewed page's rules stay
    straight at the crop's edges and ``tight_crop`` can drop them)."""
    cfg = section("annual_list")
    starts = sorted(cols.values())
    x0 = cols[name]
    later = [x for x in starts if x > x0]
    height = float(np.median([w.box[3] - w.box[1] for w in row]))
    pad = cfg["cell_pad"] * height
    left = x0 - pad
    right = (later[0] - pad) if later else x0 + cfg["last_cell_width"] * height
    top = min(w.box[1] for w in row) - pad
    bottom = max(w.box[3] for w in row) + pad
    width, tall = int(right - left), int(bottom - top)
    if width <= 0 or tall <= 0:
        return None
    a = math.atan(slope)
    c, s = math.cos(a), math.sin(a)
    # turned frame -> image: p = R(a) t; the crop's (0, 0) is the cell's top-left corner
    m = np.array([[c, -s, c * left - s * top], [s, c, s * left + c * top]], dtype=np.float64)
    border = (255, 255, 255) if image.ndim == 3 else 255
    crop = cv2.warpAffine(image, m, (width, tall), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    return crop if crop.size else None


def _drop_rule_stubs(crop: np.ndarray) -> np.ndarray:
    """The cell with what is left of its table rules whitened: thin ink marks at least
    ``rule_stub_min_height`` of the crop tall (a broken rule is too short for ``tight_crop``'s
    line test and reads as ``1``: ``|3`` -> ``13``). Characters are never that tall in a cell
    padded above and below."""
    from pipeline.preprocess import ink_mask, to_grey

    cfg = section("annual_list")
    bw = ink_mask(to_grey(crop))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    h = crop.shape[0]
    out = crop.copy()
    for i in range(1, n):
        x, y, w, hh, _area = stats[i]
        if hh >= cfg["rule_stub_min_height"] * h and w <= cfg["rule_stub_max_width"] * hh:
            out[y:y + hh, x:x + w] = 255
    return out


def _reread(rows: list[_TableRow], raw_rows: list[list[Word]], cols: dict[str, float], image: np.ndarray,
            engine, slope: float) -> None:
    """Read again, from the image, each cell of a table row whose value the page pass did not give."""
    from pipeline.preprocess import tight_crop  # the extract layer needs it only with an image

    for row, words in zip(rows, raw_rows):
        for name in _REREAD:
            if name not in cols or _complete(name, row.values.get(name)):
                continue
            crop = _cell_crop(image, words, name, cols, slope)
            crop = tight_crop(_drop_rule_stubs(crop)) if crop is not None else None
            if crop is None:
                continue
            try:
                text = engine.recognize(crop, region_hint="line").text
            except OcrEngineError:
                continue
            value = _cell_value(name, normalize_text(text))
            old = row.values.get(name)
            if value is None or (old is not None and not _complete(name, value)):
                continue
            if name == "project_code" and old is not None and not value.startswith(old):
                continue  # the second reading of a code read in part must agree with its digits
            row.values[name] = value


def _cell_text(words_by_line: list[list[Word]]) -> str:
    """A cell's text: each printed line's pieces joined (``join_fragments``), the lines top to bottom
    (a title wrapped in its cell reads as one)."""
    cfg = section("annual_list")
    return normalize_text("".join(join_fragments(ws, min_overlap_chars=cfg["fragment_min_overlap_chars"],
                                                 slack_chars=cfg["fragment_slack_chars"])
                                  for ws in words_by_line if ws))


def _values(lines: list[dict[str, list[Word]]], cols: _Columns) -> tuple[dict[str, list[Word]], dict[str, str], dict]:
    """(cells, texts, values) of a table row printed over these lines (top to bottom)."""
    cells = {f: [w for ln in lines for w in ln[f]] for f in cols.starts}
    texts = {f: _cell_text([ln[f] for ln in lines]) for f in cols.starts}
    # a typed value glued on the end first (类别/学分's 15.0 then 面授 read as one word over the 学习形式 column):
    # the joined column's own values are then its text's ends
    _split_overrun(cells, texts, cols.starts)
    _split_compound(texts, lines, cols)
    _split_merged_credits(cells, texts, cols.starts)
    _credits_without_column(texts, cols.starts)
    _split_glued_code(texts, cols.starts)
    _split_date_spill(texts, cols.starts)
    _split_row_number(texts, cols.starts)
    return cells, texts, {f: _cell_value(f, t) for f, t in texts.items()}


_ROW_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.、．,，]\s*(\S.*)$")


def _split_row_number(texts: dict[str, str], cols: dict[str, float]) -> None:
    """A row's number read glued before its date (``1.02-22``, ``2.12月18日``, ``1.4.20``), in the date's
    cell or in the number's: when the text is no date or month-day as it stands and what follows the
    number is one, the number is the row's and the rest the date cell's."""
    for name in ("date", "seq"):
        text = texts.get(name) or ""
        if name == "seq" and ("date" not in cols or texts.get("date")):
            continue
        m = _ROW_NUMBER.match(to_halfwidth(text))
        if m is None or (name == "date" and _typed_as("date", text)):
            continue
        if _typed_as("date", m.group(2)):
            texts["date"] = m.group(2)
            if "seq" in cols and (name == "seq" or not texts.get("seq")):
                texts["seq"] = m.group(1)
            return


_NUMBER_TAIL = re.compile(r"^(.*?\D)?\s*(\d{1,3}(?:\.\d)?)\s*分?$")
_BRACKETS = "()（）[]【】 "


def _split_compound(texts: dict[str, str], lines: list[dict[str, list[Word]]], cols: _Columns) -> None:
    """A cell under a slash-joined title (``_compound_fields``) gives each later field its part: an
    untyped one (主办单位 after 项目名称) the cell's last printed line when it has more than one; a
    typed one what of the text parses as its type (a whole code anywhere, a date, the number ending
    the text for credits, the shortest end that is a category or mode), the first field the rest."""
    for first, later in cols.compound.items():
        for name in later:
            texts.setdefault(name, "")
            if texts[name] or not texts.get(first):
                continue
            text = texts[first]
            if name not in _VALUED:
                own = _rows([w for ln in lines for w in ln[first]])  # printed lines, top to bottom
                if len(own) >= 2:
                    texts[first], texts[name] = _cell_text(own[:-1]), _cell_text(own[-1:])
                continue
            part = _typed_part(name, text)
            if part is None:  # a value wrapped under the other (省级…I类 over 10.0) read into one visual row
                text = _top_down_text([w for ln in lines for w in ln[first]])
                part = _typed_part(name, text)
            if part is not None:
                a, b = part
                after = text[b:] if _CJK.search(text[b:]) else ""  # a code's misread tail (784: -5)) is no title's
                if name == "project_code" and not text[a:b].rstrip().endswith((")", "）")):
                    after = re.sub(r"^\s*[^\u4e00-\u9fff\s]{1,2}(?=\s*[\u4e00-\u9fff])", "", after)  # its suffix misread (665 ti)
                texts[name] = text[a:b].strip(_BRACKETS)
                texts[first] = (text[:a].rstrip(_BRACKETS) + after).strip()


def _top_down_text(words: list[Word]) -> str:
    """Words of one cell as printed lines top to bottom (words on one line left to right)."""
    return normalize_text("".join(w.text for row in _rows(words) for w in row))


def _typed_part(name: str, text: str) -> tuple[int, int] | None:
    """(start, end) of the stretch of ``text`` holding a value of field ``name``, or None."""
    if name == "project_code":
        m = CODE_RE.search(to_halfwidth(text).translate(_PUNCT))
        if m is None:  # dashes lost or read as spaces
            m = _CODE_SPAN.search(to_halfwidth(text).translate(_PUNCT))
        return (m.start(), m.end()) if m and _list_code(m.group(0)) is not None else None
    if name == "date":
        spans = find_dates(text)
        return (spans[0].start, spans[0].end) if spans else None
    if name == "credits":
        # the number ending the text (a bracket left over after it dropped), the longest that is an amount of
        # credits: 省·110.0 is 省·1 then 10.0
        end = len(text.rstrip(")）]】 "))
        m = _NUMBER_TAIL.match(text[:end])
        if not m or not m.group(1):
            return None
        for k in range(m.start(2), end):
            if text[k].isdigit() and _cell_value("credits", text[k:end]) is not None:
                return k, len(text)
        return None
    for k in range(len(text) - 1, 0, -1):  # category, mode: the shortest end that is one
        if _cell_value(name, text[k:].strip(_BRACKETS)) is not None:
            return k, len(text)
    return None


def _split_glued_code(texts: dict[str, str], cols: dict[str, float]) -> None:
    """The engine read a code and its neighbour cells as one word: when the code cell is empty and
    another cell's text holds a whole code while what is left of it is still that cell's value
    (``2021年6月10日2021-04-05-166（省）`` over the date and code columns), the code is the code
    cell's; text after the code (``2019-04-03-977（市）医院感染预防与控制``, whether read in the code
    cell or in the one before it) belongs to the column right of the code's, when that one is empty."""
    if "project_code" not in texts or "project_code" not in cols:
        return
    order = [f for f, _x in sorted(cols.items(), key=lambda kv: kv[1])]
    i = order.index("project_code")
    right = order[i + 1] if i + 1 < len(order) and not texts.get(order[i + 1]) else None
    for name, text in texts.items():
        if not text or (name != "project_code" and texts["project_code"]):
            continue
        m = CODE_RE.search(to_halfwidth(text).translate(_PUNCT))
        if m is None or _list_code(m.group(0)) is None:
            continue
        code, before, after = text[m.start():m.end()], text[:m.start()].strip(), text[m.end():].strip()
        spills = right is not None and len(_CJK.findall(after)) >= 2
        if name == "project_code":
            if spills and not before:
                texts["project_code"], texts[right] = code, after
            continue
        if spills and (not before or _cell_value(name, before) is not None):
            texts[name], texts["project_code"], texts[right] = before, code, after
            return
        rest = (before + after).strip()
        # what is left is still the cell's value; a column read for no field (an organizer's) keeps any text
        if rest and (name not in _VALUED or _cell_value(name, rest) is not None):
            texts["project_code"], texts[name] = code, rest
            return


_CJK = re.compile(r"[\u4e00-\u9fff]")
_VALUED = ("seq", "date", "project_code", "project_title", "category", "credits", "mode")  # _cell_value's fields


def _split_date_spill(texts: dict[str, str], cols: dict[str, float]) -> None:
    """A date cell read with the next cell's words after the date (``2019年02月25日静脉治疗护理技术规范``):
    when the column right of the date's is empty, the words after the date are its text."""
    if not texts.get("date") or "date" not in cols:
        return
    order = [f for f, _x in sorted(cols.items(), key=lambda kv: kv[1])]
    i = order.index("date")
    if i + 1 >= len(order) or texts.get(order[i + 1]):
        return
    spans = find_dates(texts["date"])
    if not spans or texts["date"][:spans[0].start].strip():
        return
    after = texts["date"][spans[0].end:].strip()
    if len(_CJK.findall(after)) >= 2:
        texts["date"], texts[order[i + 1]] = texts["date"][:spans[0].end], after


def _holds_anchor(values: dict) -> bool:
    """A line of a row holding one of the row's typed values (a code, a number), or a table row's
    date and title: not a wrapped title, unit or date alone (``2021年12月16`` over ``日``), nor the
    wrapped lines of two cells side by side (``Ⅰ类（国家级项`` beside ``2019年10月20``)."""
    if any(values.get(f) is not None for f in ("project_code", "credits", "seq")):
        return True
    return _is_table_row(values)


def _table_body(rows: list[list[Word]]) -> list[list[Word]]:
    """The table's lines: up to the totals line that ends it, sum lines (小计 …) left out."""
    cfg = section("annual_list")
    end_row, total_row = re.compile(cfg["end_row"]), re.compile(cfg["total_row"])
    body = []
    for row in rows:
        text = _row_text(row).replace(" ", "")
        if end_row.search(text):
            break
        if not total_row.search(text):
            body.append(row)
    return body


def _group_lines(rows: list[list[Word]], split: list[dict[str, list[Word]]], cols: _Columns, *,
                 below: bool = False) -> list[list[int]]:
    """Lines of one table row together: a line holding a typed value starts a row; a line holding
    none (a title, a code's tail or a unit wrapped in its cell) joins the row of the nearest such line
    (cells are centred or top-aligned, so a wrap may lie above the row's values or below them),
    when it lies within ``wrap_max_gap`` line heights of it; otherwise it stands alone. ``below``: a
    record's second line lies under its first (a two-tier header), so a line joins the nearest row above it."""
    cfg = section("annual_list")
    # a line printed only in columns of two fields (the code under its title in 项目名称/编号, with the credits
    # under their category in 类别/学分) is those cells' next line, not a row of its own, under a record's line
    # (a line of values holding none of a row's typed anchors above it joins it instead)
    anchors: list[int] = []
    for i, ln in enumerate(split):
        if not _holds_anchor(_values([ln], cols)[2]):
            continue
        second = bool(cols.compound) and {f for f, ws in ln.items() if ws} <= set(cols.compound)
        if not (second and i - 1 in anchors):
            anchors.append(i)
    heights = [w.box[3] - w.box[1] for r in rows for w in r]
    height = float(np.median(heights)) if heights else 1.0
    centre = [float(np.median([(w.box[1] + w.box[3]) / 2 for w in r])) for r in rows]
    groups: dict[int, list[int]] = {i: [i] for i in anchors}
    alone: list[list[int]] = []
    for i in range(len(rows)):
        if i in groups:
            continue
        near = sorted((a for a in anchors if not below or a < i), key=lambda a: (abs(centre[a] - centre[i]), a > i))
        best = near[0] if near else None
        if best is not None and abs(_nearest_line(groups[best], centre, centre[i]) - centre[i]) <= \
                cfg["wrap_max_gap"] * height:
            groups[best].append(i)
        else:
            alone.append([i])
    return sorted([sorted(g) for g in groups.values()] + alone)


def _nearest_line(group: list[int], centre: list[float], y: float) -> float:
    return min((centre[j] for j in group), key=lambda c: abs(c - y))


def _tiered_values(group: list[int], body: list[list[Word]], split: list[dict[str, list[Word]]], cols: _Columns,
                   lower: _Columns) -> tuple[dict[str, list[Word]], dict[str, str], dict]:
    """A record printed on two lines under a two-tier header: its first line read by the upper
    titles' columns, the lines under it by the lower titles'; a cell of the lower tier's fields
    comes from the lower lines."""
    cells, texts, values = _values([split[group[0]]], cols)
    if len(group) > 1:
        low_cells, low_texts, low_values = _values([_split_columns(body[i], lower) for i in group[1:]], lower)
        for f in [*lower.starts, *(x for later in lower.compound.values() for x in later)]:
            if low_texts.get(f) or f not in texts:
                cells[f], texts[f], values[f] = low_cells.get(f, []), low_texts[f], low_values[f]
    return cells, texts, values


def _table_rows(rows: list[list[Word]], cols: _Columns, *, image: np.ndarray | None, engine,
                slope: float, year: int | None = None, lower: _Columns | None = None) -> list[ListRow]:
    cfg = section("annual_list")
    body = _table_body(rows)
    split = [_split_columns(row, cols) for row in body]
    parsed: list[_TableRow] = []
    kept: list[list[Word]] = []
    grouped = _group_lines(body, split, cols, below=lower is not None)
    if lower is not None:
        groups = [_tiered_values(group, body, split, cols, lower) for group in grouped]
    else:
        groups = [_values([split[i] for i in group], cols) for group in grouped]
    # a column printing month and day only prints no year in any row; a year anywhere in it makes
    # a lone 10-14 the piece of a date whose year was lost (null, read again)
    if any(v.get("date") and v.get("project_code") for _c, _t, v in groups):
        year = None
    for group, (cells, texts, values) in zip(grouped, groups):
        # a month-day cell starting where the column's values start, or one cut from the row number's cell
        if values.get("date") is None and texts.get("date") and \
                (not cells.get("date") or _starts_column(cells["date"], cols, "date")):
            values["date"] = _month_day(texts["date"], year)
        filled = sum(1 for f in cols.starts if texts.get(f))
        if _is_table_row(values) or (image is not None and filled >= cfg["reread_min_cells"]):
            parsed.append(_TableRow(cells=cells, values=values, texts=texts))
            kept.append([w for i in group for w in body[i]])
    if image is not None and engine is not None:
        _reread(parsed, kept, cols.starts, image, engine, slope)
    out = []
    for r in parsed:
        v = r.values
        if not _is_table_row(v):
            continue
        out.append(ListRow(seq=v.get("seq"), date=v.get("date"), project_code=v.get("project_code"),
                           project_title=v.get("project_title"),
                           category=v.get("category") or category_from_code(v.get("project_code")),
                           credits=v.get("credits"), mode=v.get("mode"),
                           cells={f: t for f, t in r.texts.items() if t}))
    return out


def _repair_row_years(rows: list[ListRow], header_years: set[int]) -> None:
    """A row's date whose year is none of the header's while its own project code's year is one
    (``2016-04-05`` beside ``2018-13-01-…`` on a 2018 list) was misread in its year's digits
    (8 read as 6 / 5 in a scan's small type): two readings agree against one, so the date takes the
    code's year. Without such agreement the row keeps its date, and a real second year on the page
    still shows (pipeline/order.py decides whether the page is mixed)."""
    import datetime as dt

    if not header_years:
        return
    for r in rows:
        code = r.project_code or ""
        if not r.date or not re.match(r"(?:19|20)\d\d-", code):
            continue
        code_year, date_year = int(code[:4]), int(r.date[:4])
        if code_year != date_year and code_year in header_years and date_year not in header_years:
            try:
                r.date = dt.date.fromisoformat(f"{code_year}{r.date[4:]}").isoformat()
            except ValueError:
                continue


@lru_cache(maxsize=1)
def _labelled_year() -> re.Pattern:
    """A year after its label (``登记年度 2019``: ``labelled_year`` of reading.yaml)."""
    return re.compile(section("annual_list")["labelled_year"])


def _stated_years(rows: list[list[Word]]) -> set[int]:
    """The years the lines above the table state (``2019年度``, ``（2019年）``, ``2018-2019年``,
    ``登记年度 2019``)."""
    compact = "".join(_row_text(r) for r in rows).replace(" ", "")
    years = {int(y) for y in _YEAR_HEADER.findall(compact)}
    years |= {int(y) for y in _labelled_year().findall(compact)}  # 登记年度 2019 (a year in a boxed field)
    for a, b in _YEAR_RANGE.findall(compact):
        if int(a) <= int(b) <= int(a) + 10:
            years |= set(range(int(a), int(b) + 1))
    return years


def _footer_years(rows: list[list[Word]]) -> set[int]:
    """The years the page's foot names as the list's (``2018年度第1页共1页``, ``年度：2020``, a line of
    nothing but ``2019年``, ``2019-2020年度``): lines after the table's last row (``footer_year`` of
    reading.yaml); a print date in the foot (打印日期：2023-08-25) is none of them."""
    rx = re.compile(section("annual_list")["footer_year"])
    last = max((i for i, r in enumerate(rows) if find_codes(_row_text(r))), default=-1)
    years: set[int] = set()
    for row in rows[last + 1:]:
        line = _row_text(row).replace(" ", "")
        for a, b in _YEAR_RANGE.findall(line):  # 2019-2020年度
            if int(a) <= int(b) <= int(a) + 10:
                years |= set(range(int(a), int(b) + 1))
        years |= {int(next(g for g in m.groups() if g)) for m in rx.finditer(line)}
    return years


def _filled(rows: list[ListRow]) -> int:
    """How many row values a reading of the page gives."""
    return sum(v is not None for r in rows for v in (r.date, r.project_code, r.project_title, r.category, r.credits,
                                                      r.mode))


def extract_annual_list(result: OcrResult, *, image: np.ndarray | None = None, engine=None) -> AnnualList:
    """Rows, the year(s) covered, and the holder's name/id when printed.

    ``image`` (the page as the engine read it) and ``engine`` let cells the page pass
    missed be read again from their crops; without them only the page pass is used."""
    words = _words(result)
    slope = _header_slope(_rows(words))
    rows = _rows(_turned(words, slope))
    header = _header_columns(rows)
    start = header[0] + 1 if header else 0
    stated = _stated_years(rows[:start or 4])
    if header:
        body = _table_body(rows[start:])
        data_rows = [row for row in body if find_codes(_row_text(row)) or parse_date(_row_text(row)) or _record_line(row)]
        data = [w for row in data_rows for w in row]
        labels = _untitled_columns(header[1], [w for r in rows[max(0, header[0] - 2):start] for w in r])
        tiers = _tiers(labels)
        lower = None
        if tiers is not None:  # each record on two lines: the lower titles' columns read the second
            labels = tiers[0]
            seconds = [w for row in body if row not in data_rows for w in row]
            lower = _Columns({f: b[0] for f, b in tiers[1].items()}, set(tiers[1]), dict(tiers[1])) \
                if not seconds else _columns(tiers[1], seconds)
        cols = _name_by_values(_columns(labels, data), data_rows)
        compound = _compound_columns(rows[max(0, header[0] - 2):start])
        for c in (cols, lower):
            if c is not None:
                c.compound = {f: tuple(x for x in later if x not in c.starts)
                              for f, later in compound.items() if f in c.starts}
        if not stated:
            stated = _footer_years(rows[start:])
        out_rows = _table_rows(rows[start:], cols, image=image, engine=engine,
                               slope=slope, year=next(iter(stated)) if len(stated) == 1 else None, lower=lower)
    else:
        out_rows = []
        for row in rows:
            parsed = _parse_row_text(_row_text(row))
            if parsed is not None:
                if parsed.category is None:  # the cell was unreadable ("I类" alone is no category)
                    parsed.category = category_from_code(parsed.project_code)
                out_rows.append(parsed)
        # no header: the records may be printed as blocks of label：value lines; the reading that gives more
        # typed values is the page's
        year = next(iter(stated)) if len(stated) == 1 else None
        blocks = block_rows(text_lines(result), lambda name, text: _block_value(name, text, year))
        if _filled(blocks) > _filled(out_rows):
            out_rows = blocks
            for r in out_rows:
                r.category = r.category or category_from_code(r.project_code)
    lines = [TextLine(_row_text(r), (r[0].box[0], r[0].box[1], r[-1].box[2], r[-1].box[3]), 1.0) for r in rows]
    header_text = " ".join(ln.text for ln in lines[:start or 4])
    years = set(stated)
    _repair_row_years(out_rows, years)
    years |= {int(r.date[:4]) for r in out_rows if r.date}
    name = None
    hit = labelled(lines, re.compile(r"姓\s*名\s*[:：]?\s*"))
    if hit:
        m = re.match(r"([\u4e00-\u9fff]{2,4})", cut_at_next_label(hit[0].replace(" ", "")))
        name = m.group(1) if m else None
    id_number = parse_id_number(" ".join(ln.text for ln in lines[:start or 6]))
    continued = header is None and bool(out_rows) and not years - {int(r.date[:4]) for r in out_rows if r.date}
    return AnnualList(years=sorted(years), name=name, id_number=id_number, rows=out_rows,
                      continued=continued and not _YEAR_HEADER.search(header_text)
                      and not _labelled_year().search(header_text.replace(" ", "")))
