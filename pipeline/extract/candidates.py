"""Candidates for a certificate's fields, found by the words around them, whatever the layout.

A certificate is a set of values each printed next to words that say what it is: a label
before it (``姓名``, ``培训项目``, ``打印时间``), the sentence it sits in (``于2021年5月12日``), the
next label that ends it. No layout is assumed: a row of cells (``姓名  李娜  性别  女``), a
``label：value`` list, a two-column card and a paragraph are all read as label occurrences on
lines. For each line every label occurrence is found (longest label first; where it starts a
line or a cell, or where a colon follows it), and the text up to the next label is its value;
placeholders (``(盖章)``, an unfilled ``年 月 日``) are cut out. Dates are found wherever they are
printed and given a role: ``activity`` (an activity label, words such as 于/举办/培训 before it,
or the start of a range), ``date`` (a plain 日期/时间 label), ``issue`` (打印/发证/签发 …) or
``unknown`` (a date standing alone, as the issue date at a certificate's foot).

The words are data (``ocr_models/vocab/labels.yaml``); this module knows no design.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.layout import TextLine
from pipeline.extract.vocabulary import VOCAB_PATH, vocab  # noqa: F401 - VOCAB_PATH: the vocabulary's file, for callers
from pipeline.normalize import CODE_RE, find_dates, parse_category, parse_mode

# Characters after which a label starts a cell or a clause.
_BOUNDARY = set(" :;,.。、)]|")
# What may follow a weak label (a short word also found in running text).
_WEAK_AFTER = set(" :.")
_NUMERIC_FIELDS = {"credits", "date", "issue_date", "certificate_no"}


@dataclass(frozen=True)
class Label:
    field: str | None  # None: a stop label (another thing printed on the page)
    word: str
    weak: bool
    pattern: re.Pattern[str]
    fallback: bool = False  # its values come after those of the field's other labels
    english: bool = False  # an English label word (``Name``, ``Serial No.``): a label, never a value
    guessed: bool = False  # a word the vocabulary does not know, named by its head (``label_heads``)


@dataclass
class Segment:
    """A label occurrence on a line and the text that follows it up to the next label."""

    label: Label
    value: str  # placeholders removed, separators stripped
    rest: str  # the line's text after the value (spaces kept)
    line: int  # index of the line
    conf: float
    paired: bool = False  # paired with its label across lines or cells (``label_rows``)


@lru_cache(maxsize=1)
def labels() -> list[Label]:
    """Every label word, longest first; a word's characters may be printed spaced out."""
    out: list[Label] = []
    for field_name, words in vocab()["fields"].items():
        for weak in (False, True):
            for word in words.get("weak" if weak else "strong") or []:
                out.append(_label(field_name, str(word), weak))
        for word in words.get("fallback") or []:
            out.append(_label(field_name, str(word), False, fallback=True))
    for word in vocab()["stop_labels"]:
        out.append(_label(None, str(word), False))
    for field_name, words in (vocab().get("english_labels") or {}).items():
        for word in words:
            out.append(_label(None if field_name == "other" else field_name, str(word), False, english=True))
    return sorted(out, key=lambda lb: -len(lb.word.replace(" ", "")))


def _label(field_name: str | None, word: str, weak: bool, *, fallback: bool = False,
           english: bool = False) -> Label:
    chars = [re.escape(ch) for ch in word if not ch.isspace()]
    return Label(field_name, word.replace(" ", ""), weak, re.compile(r"\s*".join(chars), re.IGNORECASE),
                 fallback, english)


@lru_cache(maxsize=1)
def _placeholders() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in vocab()["placeholders"]))


def strip_placeholders(text: str) -> str:
    """``text`` without the blanks and instructions of a form (``(盖章)``, ``年 月 日``)."""
    return _placeholders().sub(" ", text)


# an item number (1. / 七、) or a field code (A01, [F01], [FO1] with O read for 0) before a label
_ITEM_NUMBER = re.compile(r"\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、．)）]|"
                          r"[\[【(（]?\s*[A-Z]{1,2}[0-9O]{1,3}\s*[\]】)）]?)\s*")


_DATE_BEFORE = re.compile(r"(?:(?:19|20)\d\d\s*年[\d\s月日号起至止到~～\-－—]*[日号止]|(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2})$")


def _accepted(text: str, start: int, end: int, label: Label, prev_end: int = -1, leader: str = "") -> bool:
    """A label word found at text[start:end] labels a value: it starts a line or cell (or a colon
    follows it); a weak one needs a separator, the line's end, or (numeric fields) a digit after it.
    An English label word also counts right after another label (``参加人员Name郑静勇``), never inside a
    longer Latin word (``Date`` in ``Dates``)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    # an item number before a label starts it as a line would (``1.受证人：``, ``10、证号：``)
    at_boundary = before in _BOUNDARY or _ITEM_NUMBER.fullmatch(text[:start]) is not None
    # right after an English label (``CourseTitle课程题目``) a label starts as after a separator
    at_boundary = at_boundary or (start == prev_end and before.isascii() and before.isalpha())
    if label.english:
        if (before.isascii() and before.isalpha()) or (after.isascii() and after.islower()):
            return False
        # ...or glued to the digits of the value before it (CME-2019-I-415823Issued on: the engine lost the gap)
        return at_boundary or start == prev_end or after in ":：" or (before.isdigit() and text[start].isupper())
    if not label.weak:
        # a label glued to the date before it (…19日止学分分值  10分): a date ends where its 日 / 止 stands
        return at_boundary or after == ":" or _DATE_BEFORE.search(text[:start]) is not None
    if label.word.endswith("."):
        return at_boundary
    # a number right after the word (学分6, 编号2021…); at a line's start also letters (编号WZ2020…) or a
    # short Chinese prefix before the digits (编号沪继教2018-33685)
    numeric = label.field in _NUMERIC_FIELDS and (after.isdigit() or (start == 0 and (
        (after.isascii() and after.isalnum()) or re.match(r"[\u4e00-\u9fff]{1,4}\d{4}", text[end:]) is not None)))
    # at a line's or cell's start, a short value of the label's own type right after it (形式面授, 类别Ⅱ类/院级:
    # a print-out whose separator the engine lost)
    typed = (start == 0 or text[:start].endswith("  ")) and label.field in ("mode", "category") and typed_after(label.field, text[end:])
    return at_boundary and (after in _WEAK_AFTER or numeric or typed or (bool(leader) and after in leader))


def typed_after(field_name: str, rest: str) -> bool:
    """``rest`` up to its first wide gap is a short mode or category value (``field_name``'s type)."""
    value = re.split(r"\s{2,}", rest, maxsplit=1)[0].strip()
    if not value or len(value) > 10:
        return False
    return (parse_mode(value) if field_name == "mode" else parse_category(value)) is not None


def label_spans(text: str, leader: str = "") -> list[tuple[int, int, Label]]:
    """(start, end, label) of every label occurrence that labels something, left to right
    (``leader``: the page's leader marks, which follow a weak label as a colon would)."""
    out: list[tuple[int, int, Label]] = []
    i = 0
    while i < len(text):
        hit = None
        prev_end = out[-1][1] if out else -1
        for lb in labels():
            m = lb.pattern.match(text, i)
            if m and _accepted(text, i, m.end(), lb, prev_end, leader):
                hit = (i, m.end(), lb)
                break
        head = _head_label(text, i, after_english=bool(out) and out[-1][1] == i and out[-1][2].english)
        # a known word inside a longer label of a head's (获证人 in 获证人员：) is that label
        if head is not None and (hit is None or (head[1] > hit[1] and not hit[2].english)):
            hit = head
        elif hit is not None and not hit[2].english and hit[2].field and \
                (more := re.match(r"[\u4e00-\u9fff]{1,2}(?=\s)", text[hit[1]:])) is not None:
            # a known label and a character or two more before a space (证书号数 CME2020…): the longer word,
            # when its head names the same field
            word = text[i:hit[1] + more.end()]
            longer = _head_label(word + ":", 0)
            if longer is not None and longer[1] == len(word) and longer[2].field == hit[2].field:
                hit = (i, hit[1] + more.end(), longer[2])
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


@lru_cache(maxsize=1)
def _all_heads() -> frozenset[str]:
    return frozenset(h for role in vocab().get("label_heads") or [] for h in role["heads"])


_HEAD_AFTER = re.compile(r"\s*[:：]|\s*$|\s{2,}|[A-Za-z]|\s?[\d《]")  # …, or its value's digit or 《 (应得学分15)


@lru_cache(maxsize=1)
def _head_grammar() -> list[tuple[Label, re.Pattern[str], tuple[str, ...]]]:
    """(label, pattern of a word ending in one of its heads, words one of which it must hold) per
    role of ``label_heads`` in the vocabulary, in its order."""
    out = []
    for role in vocab().get("label_heads") or []:
        heads = "|".join(sorted(map(re.escape, role["heads"]), key=len, reverse=True))
        field_name = role.get("field")
        lb = Label(field_name, "", False, re.compile(""), guessed=True)
        # a person's label may run straight into the name that ends the line or its cell (参会者周娟晓)
        # (or a space between: 证书持有人 夏桂  所属单位…, the gap narrower than a character)
        after = _HEAD_AFTER.pattern + (r"|\s?[\u4e00-\u9fff]{2,4}(?:\s{2,}|\s*$)" if field_name == "name" else "")
        # the longest word that ends in a head (获证人员 郭娟凯: 获证人 + 员 would give the name 员郭娟凯)
        out.append((lb, re.compile(rf"[\u4e00-\u9fff]{{0,4}}(?:{heads})(?={after})"), tuple(role.get("with") or ())))
    return out


def _head_label(text: str, i: int, after_english: bool = False) -> tuple[int, int, Label] | None:
    """A label the vocabulary does not know, by its head word (``label_heads``: 核定学分 ends as credits
    labels end, 证照编号 is a number's with 证 in it): a word of 2-6 characters standing where a label
    stands (a line's or cell's start, after an item code or a slash) and followed by a colon, a cell's
    gap, the line's end or an English label. Its values come after those of known labels. Right after a
    label's colon stands that label's value (核定学分:院级类15: 院级类 is the category, no label)."""
    before = text[i - 1] if i > 0 else " "
    if not (before in _BOUNDARY or before == "/" or after_english or _ITEM_NUMBER.fullmatch(text[:i]) is not None):
        return None
    head = text[:i].rstrip()
    if head.endswith(":") and (spans := label_spans(head)) and spans[-1][1] >= len(head.rstrip(": ")):
        return None
    for lb, rx, must in _head_grammar():
        m = rx.match(text, i)
        if not m or m.end() - i < 2:
            continue
        word = text[i:m.end()]
        if must and not any(w in word for w in must):
            continue
        if any(not lb.weak and (k := lb.pattern.search(word, 1)) and k.group(0) not in _all_heads() for lb in labels()):
            return None  # a value before a known label (张三 + 工作单位) is no label; a head alone (单位) is
        if parse_category(word) or parse_mode(word):
            return None  # a value ending as a label does (二类学分, 面授方式) is the value
        return (i, m.end(), Label(lb.field, word, False, lb.pattern, guessed=True))
    return None


@lru_cache(maxsize=1)
def _heading_words() -> frozenset[str]:
    """``heading_words`` of the vocabulary: after a label word alone on its line, a section's heading."""
    return frozenset(vocab().get("heading_words") or [])


def _leader_page(lines: list[TextLine]) -> str:
    """The marks a page prints between its labels and values instead of a colon (leader dots the
    engine reads as 一, —, -: ``姓名一罗燕英``, ``计入学分—8``), when at least ``leader_min_labels`` labels
    of the page are followed by one (``leader_marks`` of the vocabulary); else "" (a 一 after one label
    is the value's: 类别一类)."""
    from pipeline.io.config import section

    marks = "".join(vocab().get("leader_marks") or [])
    if not marks:
        return ""
    n = sum(1 for ln in lines for _a, end, _lb in label_spans(ln.text) if end < len(ln.text) and ln.text[end] in marks)
    return marks if n >= int(section("extract")["leader_min_labels"]) else ""


def segments(lines: list[TextLine], accepts: Callable[[str, str], bool] | None = None) -> list[Segment]:
    """Every labelled value of the page, in reading order. A label alone on its line takes the next
    line as its value when that line starts with no label (a label cell above its value). Rows made
    only of labels, and lines that print their labels after their values, are paired with their values
    by ``label_rows`` (``accepts(field, value)``: does a value read as the field's? it decides whether
    a page prints its labels over or under their values)."""
    paired, handled, label_lines = label_rows(lines, accepts or (lambda _f, _v: True))
    out: list[Segment] = []
    leader = _leader_page(lines)
    for k, ln in enumerate(lines):
        if k in label_lines:  # a row of labels holds no value (``培训 项目名称`` is no 培训项目)
            continue
        spans = label_spans(ln.text, leader)
        for n, (_start, end, lb) in enumerate(spans):
            stop = spans[n + 1][0] if n + 1 < len(spans) else len(ln.text)
            raw = ln.text[end:stop]
            if leader and raw and raw[0] in leader:  # the page's leader dots, read as 一 / —— after each label
                raw = raw[1:] if raw[0] == "一" else raw.lstrip(leader.replace("一", ""))
            value = _clean(raw)
            if len(spans) == 1 and not ln.text[stop:].strip() and value in _heading_words():
                continue  # a section's heading (学习项目登记, 学员情况): a label word and a heading word, no value
            if only_labels(value):  # label words only (``培训内容  学分培训日期``): no value
                value = ""
            # a seal's stray letters beside a label over its value (``举办方  F`` / ``温州市医学会``) are no value
            if value and len(spans) == 1 and len(value) <= 2 and not re.search(r"[\u4e00-\u9fff\d]", value):
                value = ""
            # a label alone on its line labels the next line when that lies under it or just right of it (继教委验证：
            # at the left margin labels no signature block's 中国医师协会 far right of it)
            if not value and len(spans) == 1 and k + 1 < len(lines) and k not in handled and \
                    _near_value(ln.box, lines[k + 1].box):
                nxt = lines[k + 1].text
                first = label_spans(nxt)
                if not first or first[0][0] > 0:
                    value = _clean(nxt[: first[0][0]] if first else nxt)
            # the last label of a line, with nothing after it, labels the next line's cell right under it (a
            # seal caption's line ending 施训方式 over …  面授)
            if not value and len(spans) > 1 and n == len(spans) - 1 and k + 1 < len(lines) and k not in handled:
                value = _clean(_cell_under(ln, lines[k + 1]))
            out.append(Segment(lb, value, ln.text[stop:], k, ln.conf))
    out += paired
    out.sort(key=lambda sg: sg.line)
    return out


def _cell_under(line: TextLine, nxt: TextLine) -> str:
    """The text of ``nxt``'s fragment right under ``line``'s last fragment (sharing most of its width, within a
    line's height below it, holding no label), else ""."""
    if not line.parts or not nxt.parts:
        return ""
    _t, box = max(line.parts, key=lambda p: p[1][2])
    height = max(box[3] - box[1], 1.0)
    for text, b in nxt.parts:
        share = min(b[2], box[2]) - max(b[0], box[0])
        if share > 0.5 * min(b[2] - b[0], box[2] - box[0]) and 0 <= b[1] - box[1] <= 2 * height \
                and not label_spans(text):
            return text
    return ""


def _near_value(label: tuple, value: tuple) -> bool:
    """A line under a label's (sharing some of its width) or starting right of it within
    ``label_value_max_gap`` of its heights: where a label's value stands."""
    from pipeline.io.config import section

    if min(label[2], value[2]) > max(label[0], value[0]):
        return True
    height = max(label[3] - label[1], 1.0)
    return 0 <= value[0] - label[2] <= float(section("extract")["label_value_max_gap"]) * height


# ------------------------------------------------------------- label rows: labels over / under values

# Marks around a label in its own cell (``(姓名)``, ``学分：``): not part of the label.
_LABEL_MARKS = re.compile(r"[()（）\[\]【】:：.·\s]")


@dataclass
class Cell:
    text: str
    x0: float
    x1: float


def _cells(line: TextLine) -> list[Cell]:
    """The row's cells, left to right: its fragments, those stacked over one another (a header cell
    printed on two lines, ``学分`` over ``分值``) joined top to bottom."""
    parts = line.parts or [(line.text, line.box)]
    groups: list[list[tuple[str, tuple]]] = []
    for text, box in sorted(parts, key=lambda p: p[1][0]):
        for g in groups:
            gx0, gx1 = min(b[0] for _t, b in g), max(b[2] for _t, b in g)
            overlap = min(gx1, box[2]) - max(gx0, box[0])
            if overlap > 0.5 * min(gx1 - gx0, box[2] - box[0]):
                g.append((text, box))
                break
        else:
            groups.append([(text, box)])
    cells = []
    for g in groups:
        g.sort(key=lambda p: p[1][1])
        cells.append(Cell("".join(t for t, _b in g).strip(), min(b[0] for _t, b in g), max(b[2] for _t, b in g)))
    return cells


def _label_only(cell: Cell) -> list[tuple[Label, Cell]] | None:
    """The labels a cell holds when it holds nothing else (``学分性质项目代码`` is two, each placed by its
    characters' share of the cell's width), else None."""
    compact = _LABEL_MARKS.sub("", strip_placeholders(cell.text))
    if not compact:
        return None
    out: list[tuple[Label, Cell]] = []
    i = 0
    width = (cell.x1 - cell.x0) / len(compact)
    while i < len(compact):
        hit = next(((lb, m.end()) for lb in labels() for m in [lb.pattern.match(compact, i)] if m), None)
        if (i == 0 and (hit is None or hit[1] < len(compact)) and (head := _head_label(compact, 0)) is not None
                and head[1] == len(compact)):
            hit = (head[2], head[1])  # a cell that is one label known by its head (会议主题, 学分档次 under its value)
        if hit is None:  # labels known by their heads glued in one cell (给予学分参训形式): the shortest first
            hit = next(((h[2], i + h[1]) for k in range(i + 2, min(len(compact), i + 6) + 1)
                        if (h := _head_label(compact[i:k], 0)) is not None and h[1] == k - i), None)
        if hit is None:
            return None
        lb, end = hit
        out.append((lb, Cell(compact[i:end], cell.x0 + i * width, cell.x0 + end * width)))
        i = end
    return out


def only_labels(text: str) -> bool:
    """``text`` is label words and nothing else (``学分性质项目代码``, ``(姓名)``)."""
    return _label_only(Cell(text, 0.0, 1.0)) is not None


def _label_row(line: TextLine, *, unknown_words: bool = True) -> list[tuple[Label, Cell]] | None:
    """A row made only of labels, at least one of a field, else None. ``unknown_words``: a short word
    the vocabulary lacks may stand among the row's labels (not in two lines joined: a section's
    title above a header, 学员信息, is none of its labels)."""
    out: list[tuple[Label, Cell]] = []
    unknown = 0
    for cell in _cells(line):
        held = _label_only(cell)
        loose = _LABEL_MARKS.sub("", cell.text)
        if held is None and re.fullmatch(r"[\u4e00-\u9fff]", loose):  # a column's 序 whose 号 is a line below
            held = [(Label(None, "", False, re.compile(re.escape(cell.text))), cell)]
        elif held is None and unknown_words and re.fullmatch(r"[\u4e00-\u9fff]{2,5}", loose):
            # a short word the vocabulary lacks among the row's labels (项目档级 beside 授予学分 参与方式):
            # a label of no field, so its neighbours' values stay theirs
            held = [(Label(None, loose, False, re.compile(re.escape(cell.text))), cell)]
            unknown += 1
        if held is None:
            return None
        out += held
    loose = sum(1 for lb, _c in out if not lb.word)
    known = sum(1 for lb, _c in out if lb.field)
    fields = {lb.field for lb, _c in out if lb.field}
    # words the vocabulary lacks count only beside at least as many known labels of two fields at least
    # (Name研修学员 夏宇 is one bilingual label and its value)
    return out if known and len(out) - loose > loose and (
        not unknown or (known >= unknown and len(fields) >= 2)) else None


def _value_row(line: TextLine) -> bool:
    return not label_spans(line.text) and not any(_label_only(c) for c in _cells(line))


def _band(lines: list[TextLine], start: int, step: int) -> tuple[list[Cell], set[int]]:
    """The value cells of the row at ``start`` (``step``: 1 below its label row, -1 above it) and the
    lines that only wrap its cells (``2018年1月23日起`` / ``至24日止``; a long title's first half read as
    a line of its own): of up to three value lines close together, the one with the most cells is the
    row; a line beside it joins when each of its fragments overlaps one cell and starts where that
    cell starts (a seal's ring text over a cell does not). The lines used are returned with them."""
    height = max(lines[start].box[3] - lines[start].box[1], 1.0)
    band = [start]
    k = start + step
    while 0 <= k < len(lines) and len(band) < 3 and _value_row(lines[k]):
        near, far = (lines[k - step], lines[k]) if step > 0 else (lines[k], lines[k - step])
        if far.box[1] - near.box[3] > height:
            break
        band.append(k)
        k += step
    main = max(band, key=lambda j: len(_cells(lines[j])))
    cells = [Cell(c.text, c.x0, c.x1) for c in _cells(lines[main])]
    used = {main}
    for direction in (-1, 1):  # outwards from the row, in reading order
        j = main + direction
        while j in band:
            merged = [Cell(c.text, c.x0, c.x1) for c in cells]
            ok = True
            for frag in _cells(lines[j]):
                hits = [c for c in merged if min(c.x1, frag.x1) - max(c.x0, frag.x0) > 0]
                if not hits:  # a cell the row leaves empty, its text wrapped onto this line alone
                    merged.append(Cell(frag.text, frag.x0, frag.x1))
                    continue
                if len(hits) != 1 or not _wraps(hits[0], frag, height):
                    ok = False
                    break
                c = hits[0]
                c.text = (c.text + frag.text) if direction > 0 else (frag.text + c.text)
                c.x1 = max(c.x1, frag.x1)
            if not ok:
                break
            cells = sorted(merged, key=lambda c: c.x0)
            used.add(j)
            j += direction
    if start not in used:  # the row is not next to its labels: only the adjacent line's own cells
        return _cells(lines[start]), {start}
    return cells, used


def _wraps(cell: Cell, frag: Cell, height: float) -> bool:
    """A fragment continues a cell: it starts or ends where the cell does (a seal's ring text lying
    over a cell does neither)."""
    return abs(cell.x0 - frag.x0) <= height or abs(cell.x1 - frag.x1) <= height


def _pair(heads: list[tuple[Label, Cell]], cells: list[Cell],
          accepts: Callable[[str, str], bool]) -> list[tuple[Label, str]]:
    """Labels and values of two rows: in order when the rows hold as many cells, else by the widest
    horizontal overlap (each value to one label; of the cells under one label, the one that reads as
    its field's wins: ``学教育学分  中国医师协会`` over ``主办单位``, a seal's text beside the name)."""
    if len(heads) == len(cells):
        return [(lb, c.text) for (lb, _h), c in zip(heads, cells, strict=True)]
    under: dict[int, list[Cell]] = {}
    out = []
    for c in cells:
        over = [i for i in range(len(heads)) if min(heads[i][1].x1, c.x1) - max(heads[i][1].x0, c.x0) > 0
                and heads[i][0].field]
        if len(over) >= 2:  # one fragment read over several cells: its typed pieces go to their labels
            out += _split_cell(c.text, [heads[i][0] for i in over], accepts)
            continue
        n = max(range(len(heads)), key=lambda i: min(heads[i][1].x1, c.x1) - max(heads[i][1].x0, c.x0))
        if min(heads[n][1].x1, c.x1) - max(heads[n][1].x0, c.x0) > 0:
            under.setdefault(n, []).append(c)
    for n, cs in sorted(under.items()):
        lb = heads[n][0]
        fits = [c for c in cs if lb.field and accepts(lb.field, _clean(c.text))]
        if fits or len(cs) == 1:
            out.append((lb, (fits or cs)[0].text))
    return out


# an amount of 分, or a number ending the fragment right after words (继续医学教育Ⅱ类15 over 类别 and 学分)
_CREDIT_PIECE = re.compile(r"\d{1,3}(?:\.\d)?\s*分(?!\d)|(?<=[\u4e00-\u9fff])\d{1,3}(?:\.\d)?$")


_UNTYPED_SPLIT = ("project_title",)  # fields of a split fragment given the words left, not by their type


def _split_cell(text: str, heads: list[Label], accepts: Callable[[str, str], bool]) -> list[tuple[Label, str]]:
    """A fragment the engine read over several columns (``2020-04-04-968(省）10分省级I类``), cut into
    its typed pieces (a project code, a date, an amount of 分, the words between) and each label given
    the first piece, left to right, that reads as its field's; a label no piece fits gets none."""
    spans = [(m.start(), m.end()) for m in CODE_RE.finditer(text)]
    spans += [(d.start, d.end) for d in find_dates(text) if not any(a < d.end and d.start < b for a, b in spans)]
    spans += [(m.start(), m.end()) for m in _CREDIT_PIECE.finditer(text)
              if not any(a < m.end() and m.start() < b for a, b in spans)]
    spans.sort()
    pieces, at = [], 0
    for a, b in spans:
        if text[at:a].strip():
            pieces.append(text[at:a].strip())
        pieces.append(text[a:b])
        at = b
    if text[at:].strip():
        pieces.append(text[at:].strip())
    out, used = [], set()
    for lb in heads:
        k = next((i for i, p in enumerate(pieces) if i not in used and lb.field and accepts(lb.field, _clean(p))), None)
        if k is not None:
            used.add(k)
            out.append((lb, pieces[k]))
    # a title proves nothing by its type: the one label left whose field has no type gets the one words' piece left
    # (消化内镜诊疗技术进展 before the code under 讲习内容 and 核准编号)
    left = [lb for lb in heads if lb.field in _UNTYPED_SPLIT and all(lb is not o for o, _p in out)]
    rest = [i for i, p in enumerate(pieces) if i not in used and re.search(r"[\u4e00-\u9fff]{2}", p)]
    if len(left) == 1 and len(rest) == 1:
        out.append((left[0], pieces[rest[0]]))
    return out


def _trailing(line: TextLine) -> list[tuple[Label, str]] | None:
    """A line that prints each value before its label (``宋勇静  (姓名)``, ``15  所获分值``): cells that
    alternate value, label (a field's or another's), starting with a value; else None."""
    cells = _cells(line)
    if len(cells) < 2 or len(cells) % 2:
        return None
    out = []
    for value, label in zip(cells[::2], cells[1::2], strict=True):
        held = _label_only(label)
        if not held or len(held) != 1 or label_spans(value.text) or _label_only(value):
            return None
        out.append((held[0][0], value.text))
    return out


def _header_rows(lines: list[TextLine]) -> dict[int, tuple[list[tuple[Label, Cell]], int, int]]:
    """Label rows by their first line: (labels, first line, last line). A header whose cells are
    printed on two lines (``获得`` over ``学分``, ``学习`` over ``方式``, the engine cutting it into two
    rows) is one row when the two lines touch and only together hold labels alone."""
    out: dict[int, tuple[list[tuple[Label, Cell]], int, int]] = {}
    k = 0
    while k < len(lines):
        heads = _label_row(lines[k])
        if heads is not None:
            out[k] = (heads, k, k)
        elif k + 1 < len(lines):
            a, b = lines[k], lines[k + 1]
            if b.box[1] - a.box[3] < 0.5 * max(a.box[3] - a.box[1], 1.0):
                joined = TextLine(a.text + "  " + b.text, (min(a.box[0], b.box[0]), a.box[1], max(a.box[2], b.box[2]),
                                                           b.box[3]), min(a.conf, b.conf),
                                  (a.parts or [(a.text, a.box)]) + (b.parts or [(b.text, b.box)]))
                heads = _label_row(joined, unknown_words=False)
                if heads is not None and len(heads) >= 3:
                    out[k] = (heads, k, k + 1)
                    k += 2
                    continue
        k += 1
    return out


def label_rows(lines: list[TextLine],
               accepts: Callable[[str, str], bool]) -> tuple[list[Segment], set[int], set[int]]:
    """Values paired with labels printed in rows of their own, and the lines so read.

    A row made only of labels (a header row ``项目批准号  学分类型``, a form's captions ``(培训对象)
    (任职单位)`` under the blanks filled in) labels the row of values next to it: its cells in order
    when both rows hold as many, else by horizontal overlap; a value row's cells may wrap onto the
    line beside it. Whether the values sit under or over their labels is the page's habit: both are
    tried for every label row and the side whose values read as their fields' (``accepts``) more often
    wins (a tie: under, the header row over its values). A line printing ``value  label`` pairs is read
    so only when the page prints two or more such lines (one alone is no habit)."""
    rows = _header_rows(lines)
    label_lines = {j for _h, lo, hi in rows.values() for j in range(lo, hi + 1)}
    sides: dict[int, list[tuple[list[tuple[Label, str]], set[int]]]] = {}
    for k, (heads, lo, hi) in rows.items():
        options = []
        for step in (1, -1):
            j = (hi if step > 0 else lo) + step
            if 0 <= j < len(lines) and j not in label_lines and _value_row(lines[j]):
                # only a table's header row (three labels or more) has values that wrap onto a second line
                cells, used = _band(lines, j, step) if len(heads) >= 3 else (_cells(lines[j]), {j})
                options.append((_pair(heads, cells, accepts), used))
            else:
                options.append(([], set()))
        sides[k] = options
    score = [sum(sum(1 for lb, v in sides[k][s][0] if lb.field and accepts(lb.field, _clean(v))) for k in sides)
             for s in (0, 1)]
    side = 1 if score[1] > score[0] else 0
    out: list[Segment] = []
    handled = set(label_lines)
    for k in sides:
        pairs, used = sides[k][side]
        for lb, value in pairs:
            out.append(Segment(lb, _clean(value), "", min(used) if used else k, lines[k].conf, True))
        handled |= used
    trailing = {k: t for k, ln in enumerate(lines) if k not in label_lines and (t := _trailing(ln)) is not None}
    if len(trailing) >= 2:
        for k, pairs in trailing.items():
            out += [Segment(lb, _clean(v), "", k, lines[k].conf, True) for lb, v in pairs]
            handled.add(k)
    return out, handled, label_lines


def _clean(value: str) -> str:
    return strip_placeholders(value).strip(" :;,.。，·")  # · a leader mark after a label (姓名·  徐秀)


def cut_at_labels(value: str, rest: str = "") -> str:
    """A short value (a name) up to the first label word anywhere in it, also one whose first
    characters end the value and whose rest follows it (``张三工`` + ``作单位``)."""
    compact = value.replace(" ", "")
    following = rest.replace(" ", "")
    cut = len(compact)
    for lb in labels():
        m = lb.pattern.search(compact)
        if m:
            cut = min(cut, m.start())  # at 0: the value is itself a label, no value
        for k in range(1, min(len(lb.word), len(compact))):
            if compact.endswith(lb.word[:k]) and following.startswith(lb.word[k:]) and len(compact) - k >= 2:
                cut = min(cut, len(compact) - k)
    return compact[:cut]


@lru_cache(maxsize=1)
def _role_words() -> list[tuple[str, str]]:
    roles = vocab()["date_roles"]
    pairs = [(w, role) for role in ("issue", "activity") for w in roles[role]]
    return sorted(pairs, key=lambda p: -len(p[0]))


def date_role(context: str) -> str | None:
    """The role the words just before a date give it: the role word nearest the date wins."""
    best: tuple[int, str] | None = None
    for word, role in _role_words():
        i = context.rfind(word)
        if i >= 0 and (best is None or i + len(word) > best[0]):
            best = (i + len(word), role)
    return best[1] if best else None


@dataclass
class DateCandidate:
    value: str  # ISO
    role: str  # activity / date / issue / unknown
    raw: str
    conf: float
    line: int
    labelled: bool


def date_candidates(lines: list[TextLine], segs: list[Segment] | None = None) -> list[DateCandidate]:
    """Every date printed on the page with its role (see the module's docstring); a date paired with
    its label in a label row (``segs``: ``label_rows``), or printed on the line under its label alone
    (a receipt's ``培训日期`` / ``2018.06.10``), takes that label's role."""
    width = int(vocab()["date_context"])
    out: list[DateCandidate] = []
    for seg in segs or []:
        stacked = not seg.paired and seg.value and seg.value not in lines[seg.line].text
        if (seg.paired or stacked) and seg.label.field in ("date", "issue_date"):
            value = date_text(seg.value)
            for d in find_dates(value)[:1]:
                role = "issue" if seg.label.field == "issue_date" else ("date" if seg.label.weak else "activity")
                out.append(DateCandidate(d.iso, role, value[d.start:d.end], seg.conf, seg.line, True))
    for k, ln in enumerate(lines):
        spans = label_spans(ln.text)
        text = date_text(ln.text)
        own = len(text)
        if k + 1 < len(lines) and _WRAPPED_DATE_HEAD.search(text) and _WRAPPED_DATE_TAIL.match(lines[k + 1].text):
            text += date_text(lines[k + 1].text)  # a date the line break cut (于2020年5 / 月13号参加)
        before = lines[k - 1].text.replace(" ", "") if k else ""
        for d in find_dates(text):
            if d.start >= own:
                continue
            owner = next((lb for _s, e, lb in reversed(spans) if e <= d.start), None)
            role = None
            labelled = False
            if owner is not None and owner.field in ("date", "issue_date"):
                labelled = True
                role = "issue" if owner.field == "issue_date" else ("date" if owner.weak else "activity")
            if role is None:  # the words before it, on the line above too when it starts the line (…于 / 2020.11.21)
                role = date_role((before + text[:d.start])[-width:] if d.start < width else text[d.start - width:d.start])
            if role is None:
                role = "activity" if d.is_range else "unknown"
            out.append(DateCandidate(d.iso, role, text[d.start:d.end], ln.conf, k, labelled))
    return out


# A line ending in a date's head (a year, its month, their digits) and a line starting with its rest
# (in numerals too: 于二〇一八年四月 / 二十九日参加)
_WRAPPED_DATE_HEAD = re.compile(r"(?:(?:19|20)\d\d\s*年(?:\s*\d{1,2}(?:\s*月\s*\d?)?)?|"
                                r"[〇○零一二][〇○零一二三四五六七八九]{3}\s*年(?:\s*[一二三四五六七八九十]{1,3}\s*月?)?)\s*$")
_WRAPPED_DATE_TAIL = re.compile(r"\s*\d{0,2}\s*[月日号]|\s*\d{1,2}\s*[日号]|\s*[一二三四五六七八九十]{0,3}\s*[月日号]")
_YEAR_OF = re.compile(r"(?<=\d)(\s*年)度(?=\s*\d{1,2}\s*月)")
_DASH_READ_AS_ONE = re.compile(r"(?<=\d)一(?=\d{1,2}\s*[/.\-月])")


def date_text(text: str) -> str:
    """``text`` with the marks a date may print that the date forms do not take, each at its place
    (same length): ``2022年度11月13日`` (the year's 年度 before the month) as 年, and a range's dash read
    as 一 between numbers (``2019/2/28一3/2``) as -."""
    return _DASH_READ_AS_ONE.sub("-", _YEAR_OF.sub(lambda m: m.group(1) + " ", text))
