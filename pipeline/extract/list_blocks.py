"""An annual list whose records are printed as blocks of lines -> rows (issue 14).

A credit system's print-out may give each project as a few stacked ``label：value`` lines (项目编号：… /
项目名称：… / 学分：… / 日期：…), one block per project, numbered or not, kept apart by spacing or rules,
one pair or two pairs a line. No column header is printed, so ``annual_list``'s table reading finds none.

The block is read by role, as a certificate's fields are: every labelled value of the page
(``candidates.segments``: the certificate label vocabulary, label heads, item numbers before a label),
kept for the list's fields; a value under a number label that parses as a project code is the code
(``编号：2019-05-01-571(市)``). A record ends where one of its fields is labelled again, or at a line
holding only an item number (``第2项``, ``【2】``, ``序号：2``); a line with no label right under a title
continues it; a line with no label holding one code opens a block with its code (and the title beside it); a
line with no label holding an item number and words opens a block with its title (``1、产科危急重症救治``). A
typed value that runs on into another list field's label word and its value (the engine joined the cells:
``编号:2018-06-01-432(市)II类分值:15``) is cut there, and what a code's value prints after the code is the
category when it reads as one (``二类(院级)``). Each value is parsed by its field's type (``value_of``: the list's
cell parsers, which know the page's stated year for a date printed as month and day), and what does not parse
stays null. A record needs a code or a date and one more typed value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pipeline.extract import candidates as cand
from pipeline.extract.layout import TextLine
from pipeline.models import ListRow
from pipeline.normalize import CODE_RE, find_codes, to_halfwidth

_CODE_TEXT = re.compile(CODE_RE.pattern + r"(?:\s*[(（]\s*[\u4e00-\u9fff]\s*[)）])?")
LIST_FIELDS = ("project_code", "project_title", "category", "credits", "date", "mode", "organizer")
_TYPED = ("project_code", "category", "credits", "date", "mode")
_NUMERIC = ("project_code", "credits", "date")
# a line holding only an item number: 第2项, 【2】, (2), 2., 序号:2, 记录2, 项目2, No.2 (a few words and the number)
# a line holding an item number and a title after it: 1、产科危急重症救治, 第2项 心肺复苏, (3) 糖尿病管理
_TITLE_HEAD = re.compile(r"^\s*(?:第\s*(\d{1,3})\s*[项条个笔]|[\[【(（]?\s*(\d{1,3})\s*[\]】)）.、．丶,，])\s*(.*?)\s*$")
_MARKER = re.compile(r"^\s*(?:第\s*\d{1,3}\s*[项条个笔]|[\[【(（]?\s*\d{1,3}\s*[\]】)）.、．]?|"
                     r"[^\d\s]{1,4}\s*[:：.]?\s*\d{1,3})\s*$")


def _marker(text: str) -> int | None:
    """The item number of a line that holds nothing else, else None."""
    if not _MARKER.match(text):
        return None
    return int(re.findall(r"\d{1,3}", text)[-1])


def _title_head(text: str) -> tuple[int, str] | None:
    """(item number, title) of a line printing an item number and then words of a title, else None."""
    m = _TITLE_HEAD.match(text)
    if m is None or len(re.findall(r"[\u4e00-\u9fff]", m.group(3))) < 2:
        return None
    return int(m.group(1) or m.group(2)), m.group(3).replace(" ", "")


@lru_cache(maxsize=1)
def _glued_labels() -> tuple[re.Pattern, dict[str, str]]:
    """A list field's label word followed by a colon or by a digit of its value (a numeric field's), and
    word -> field: where a value runs on into the next cell's label."""
    words = {lb.word: lb.field for lb in cand.labels() if lb.field in _TYPED and not lb.english and lb.word}
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"({alts})\s*(:?)"), words


def _split_glued(field: str | None, value: str) -> list[tuple[str | None, str]]:
    """A value cut where another list field's label is glued into it (``…(市)II类分值:15`` -> the code's
    ``…(市)II类`` and credits ``15``); the value alone when none is."""
    if field == "project_title":  # a title's words may be anything
        return [(field, value)]
    rx, words = _glued_labels()
    out: list[tuple[str | None, str]] = []
    at, cur = 0, field
    for m in rx.finditer(value):
        f, rest = words[m.group(1)], value[m.end():]
        if m.start() == 0 or f == cur:
            continue
        # a colon after it, a digit of a numeric field's value, or a mode / category word (5月5日形式面授)
        if not (m.group(2) or (f in _NUMERIC and rest[:1].isdigit())
                or (f in ("mode", "category") and cand.typed_after(f, rest))):
            continue
        out.append((cur, value[at:m.start()].strip()))
        cur, at = f, m.end()
    out.append((cur, value[at:].strip()))
    return [(f, v) for f, v in out if v]


def _field(seg: cand.Segment, value_of: Callable[[str, str], object]) -> str | None:
    """The list field a labelled value gives: its label's, or the project code for a number label whose value
    reads as a code."""
    f = seg.label.field
    if f in LIST_FIELDS:
        return f
    if f == "certificate_no" and value_of("project_code", seg.value) is not None:
        return "project_code"
    return None


def block_rows(lines: list[TextLine], value_of: Callable[[str, str], object]) -> list[ListRow]:
    """Rows of the page's blocks of ``label：value`` lines (empty when it prints none)."""
    segs = cand.segments(lines)
    by_line: dict[int, list[tuple[str, str]]] = {}
    for sg in segs:
        # a value of no list field (a stop label's: (市)单位二类学分分值15) may still run on into one's label
        pairs = [(f, v) for f, v in _split_glued(_field(sg, value_of), sg.value) if f is not None]
        if pairs:
            by_line.setdefault(sg.line, []).extend(pairs)
    records: list[dict] = []
    cur: dict = {}
    last: tuple[str, int] | None = None  # (field, line) of the last value taken

    def close() -> None:
        nonlocal cur
        if cur:
            records.append(cur)
        cur = {}

    for k, ln in enumerate(lines):
        found = by_line.get(k)
        if not found:
            here = [sg for sg in segs if sg.line == k]
            n = _marker(ln.text) if all(sg.label.field is None for sg in here) else None
            if n is not None:
                close()
                cur["seq"] = n
                last = None
            elif not here and len(codes := find_codes(ln.text)) == 1:
                # a block's head line printing its code (and title) unlabelled: 1. 2019-04-03-472(省) 心血管疾病诊治新进展
                if "project_code" in cur:
                    close()
                cur["project_code"] = codes[0]
                rest = _CODE_TEXT.sub(" ", to_halfwidth(ln.text))
                rest = re.sub(r"^\s*\d{1,3}\s*[.、)]?\s*", "", rest).strip()
                if len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 4 and "project_title" not in cur:
                    cur["project_title"] = rest.replace(" ", "")
                last = ("project_title", k)
            elif not here and (head := _title_head(ln.text)) is not None:
                close()  # a block's head line: its item number and title (1、产科危急重症救治)
                cur["seq"], cur["project_title"] = head
                last = ("project_title", k)
            elif last is not None and last[0] == "project_title" and last[1] == k - 1 and not here \
                    and _under(lines[k - 1], ln):
                cur["project_title"] += ln.text.replace(" ", "")
                last = ("project_title", k)
            continue
        for f, value in found:
            if f in cur:
                close()
            cur[f] = value
            last = (f, k)
    close()
    out = []
    for rec in records:
        rest = _CODE_TEXT.sub(" ", to_halfwidth(rec.get("project_code", ""))).strip()
        if rest and "category" not in rec and value_of("category", rest) is not None:
            rec["category"] = rest  # printed after the code, unlabelled: 2018-06-01-432(市)  二类(院级)
        values = {f: value_of(f, rec[f]) for f in LIST_FIELDS if f in rec and f != "organizer"}
        typed = [f for f in _TYPED if values.get(f) is not None]
        if not (values.get("project_code") or values.get("date")) or len(typed) < 2:
            continue
        out.append(ListRow(seq=rec.get("seq"), cells={f: rec[f] for f in LIST_FIELDS if f in rec}, **values))
    return out


def _under(above: TextLine, line: TextLine) -> bool:
    """``line`` continues the value of ``above``: it starts within its width and lies within a line's height
    under it."""
    height = max(above.box[3] - above.box[1], 1.0)
    return above.box[0] - height <= line.box[0] <= above.box[2] and line.box[1] - above.box[3] <= 0.8 * height
