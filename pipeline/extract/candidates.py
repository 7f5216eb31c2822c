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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.extract.layout import TextLine
from pipeline.normalize import find_dates
from pipeline.settings import load_yaml

VOCAB_PATH = Path(__file__).resolve().parents[2] / "ocr_models" / "vocab" / "labels.yaml"
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


@dataclass
class Segment:
    """A label occurrence on a line and the text that follows it up to the next label."""

    label: Label
    value: str  # placeholders removed, separators stripped
    rest: str  # the line's text after the value (spaces kept)
    line: int  # index of the line
    conf: float


@lru_cache(maxsize=1)
def vocab() -> dict:
    return load_yaml(VOCAB_PATH)


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
    return sorted(out, key=lambda lb: -len(lb.word.replace(" ", "")))


def _label(field_name: str | None, word: str, weak: bool, *, fallback: bool = False) -> Label:
    chars = [re.escape(ch) for ch in word if not ch.isspace()]
    return Label(field_name, word.replace(" ", ""), weak, re.compile(r"\s*".join(chars), re.IGNORECASE),
                 fallback)


@lru_cache(maxsize=1)
def _placeholders() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in vocab()["placeholders"]))


def strip_placeholders(text: str) -> str:
    """``text`` without the blanks and instructions of a form (``(盖章)``, ``年 月 日``)."""
    return _placeholders().sub(" ", text)


def _accepted(text: str, start: int, end: int, label: Label) -> bool:
    """A label word found at text[start:end] labels a value: it starts a line or cell (or a colon
    follows it); a weak one needs a separator, the line's end, or (numeric fields) a digit after it."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    at_boundary = before in _BOUNDARY
    if not label.weak:
        return at_boundary or after == ":"
    if label.word.endswith("."):
        return at_boundary
    # a number right after the word (学分6, 编号2021…); at a line's start also letters (编号WZ2020…) or a
    # short Chinese prefix before the digits (编号沪继教2018-33685)
    numeric = label.field in _NUMERIC_FIELDS and (after.isdigit() or (start == 0 and (
        (after.isascii() and after.isalnum()) or re.match(r"[\u4e00-\u9fff]{1,4}\d{4}", text[end:]) is not None)))
    return at_boundary and (after in _WEAK_AFTER or numeric)


def label_spans(text: str) -> list[tuple[int, int, Label]]:
    """(start, end, label) of every label occurrence that labels something, left to right."""
    out: list[tuple[int, int, Label]] = []
    i = 0
    while i < len(text):
        hit = None
        for lb in labels():
            m = lb.pattern.match(text, i)
            if m and _accepted(text, i, m.end(), lb):
                hit = (i, m.end(), lb)
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def segments(lines: list[TextLine]) -> list[Segment]:
    """Every labelled value of the page, in reading order. A label alone on its line takes the next
    line as its value when that line starts with no label (a label cell above its value)."""
    out: list[Segment] = []
    for k, ln in enumerate(lines):
        spans = label_spans(ln.text)
        for n, (_start, end, lb) in enumerate(spans):
            stop = spans[n + 1][0] if n + 1 < len(spans) else len(ln.text)
            value = _clean(ln.text[end:stop])
            if not value and len(spans) == 1 and k + 1 < len(lines):
                nxt = lines[k + 1].text
                first = label_spans(nxt)
                if not first or first[0][0] > 0:
                    value = _clean(nxt[: first[0][0]] if first else nxt)
            out.append(Segment(lb, value, ln.text[stop:], k, ln.conf))
    return out


def _clean(value: str) -> str:
    return strip_placeholders(value).strip(" :;,.。，")


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


def date_candidates(lines: list[TextLine]) -> list[DateCandidate]:
    """Every date printed on the page with its role (see the module's docstring)."""
    width = int(vocab()["date_context"])
    out: list[DateCandidate] = []
    for k, ln in enumerate(lines):
        spans = label_spans(ln.text)
        for d in find_dates(ln.text):
            owner = next((lb for _s, e, lb in reversed(spans) if e <= d.start), None)
            role = None
            labelled = False
            if owner is not None and owner.field in ("date", "issue_date"):
                labelled = True
                role = "issue" if owner.field == "issue_date" else ("date" if owner.weak else "activity")
            if role is None:
                role = date_role(ln.text[max(0, d.start - width):d.start])
            if role is None:
                role = "activity" if d.is_range else "unknown"
            out.append(DateCandidate(d.iso, role, ln.text[d.start:d.end], ln.conf, k, labelled))
    return out
