"""An annual credit list page (学分登记表 / 年度学分清单) -> AnnualList.

Rows are visual rows (words grouped by their vertical centre); when the
header row (序号 日期 项目编号 项目名称 学分类别 学分 学习形式) is found, each
row's words are put into the header's columns by x position; otherwise the row
text is parsed in the printed order (seq, date, code, title, category, credits, mode).
"""

from __future__ import annotations

import re

from pipeline.extract.layout import TextLine, cut_at_next_label, labelled, same_row
from pipeline.models import AnnualList, ListRow, OcrResult, Word
from pipeline.normalize import (
    CODE_RE,
    category_from_code,
    find_codes,
    normalize_text,
    parse_category,
    parse_credits,
    parse_date,
    parse_id_number,
    parse_mode,
    to_halfwidth,
)

HEADERS = {
    "seq": re.compile(r"序号"),
    "date": re.compile(r"日期|时间"),
    "project_code": re.compile(r"项目编号|编号"),
    "project_title": re.compile(r"项目名称|名称"),
    "category": re.compile(r"学分类别|类别"),
    "credits": re.compile(r"^学分$|学分数|^分值$"),
    "mode": re.compile(r"学习形式|形式"),
}
_YEAR_HEADER = re.compile(r"((?:19|20)\d\d)\s*年\s*度?")
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*[-~至到]\s*((?:19|20)\d\d)\s*年")
_CAT_TOKEN = re.compile(r"(?:I|Ⅰ|l|1|II|Ⅱ|ll|11)\s*类\s*(?:国家级|省级)?|国家级|省级")


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


def _header_columns(rows: list[list[Word]]) -> tuple[int, dict[str, float]] | None:
    """(row index, field -> the column's left edge x) of the table header row, or None."""
    for i, row in enumerate(rows):
        text = _row_text(row).replace(" ", "")
        if not ("序号" in text and ("项目" in text or "编号" in text)):
            continue
        cols: dict[str, float] = {}
        # Words first; then touching words joined (engines that split CJK words into characters).
        words = [(normalize_text(w.text), w.box[0], w.box[2]) for w in row]
        for cells in (words, _cells(row)):
            for cell_text, x0, _x1 in cells:
                for field, rx in HEADERS.items():
                    if field not in cols and rx.search(cell_text) and x0 not in cols.values():
                        cols[field] = x0
                        break
        if len(cols) >= 4:
            return i, cols
    return None


def _cells(row: list[Word]) -> list[tuple[str, float, float]]:
    """Adjacent words closer than about one character height form one cell."""
    cells: list[list[Word]] = []
    for w in row:
        height = max(w.box[3] - w.box[1], 1.0)
        if cells and w.box[0] - cells[-1][-1].box[2] < 0.9 * height:
            cells[-1].append(w)
        else:
            cells.append([w])
    return [(normalize_text("".join(x.text for x in c)), c[0].box[0], c[-1].box[2]) for c in cells]


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
        seq=int(seq_m.group(1)) if seq_m else None,
        date=iso,
        project_code=codes[0],
        project_title=title.strip(" |") or None,
        category=parse_category(cat_m.group(0)) if cat_m else None,
        credits=credits,
        mode=parse_mode(tail),
    )


def _parse_row_columns(row: list[Word], cols: dict[str, float]) -> ListRow | None:
    """Values are left-aligned under their header: a word belongs to the last column starting left of it."""
    by_field: dict[str, list[Word]] = {f: [] for f in cols}
    starts = sorted(cols.items(), key=lambda kv: kv[1])
    for w in row:
        tol = 0.6 * max(w.box[3] - w.box[1], 1.0)
        field = starts[0][0]
        for name, x0 in starts:
            if x0 <= w.box[0] + tol:
                field = name
        by_field[field].append(w)
    joined = {f: normalize_text(" ".join(w.text for w in ws)) for f, ws in by_field.items()}
    code = find_codes(joined.get("project_code", ""))
    iso = parse_date(joined.get("date", ""))
    if not code or not iso:
        return None
    seq_m = re.match(r"\d{1,3}", joined.get("seq", ""))
    return ListRow(
        seq=int(seq_m.group(0)) if seq_m else None,
        date=iso,
        project_code=code[0],
        project_title=joined.get("project_title", "").replace(" ", "") or None,
        category=parse_category(joined.get("category", "")),
        credits=parse_credits(joined.get("credits", "")),
        mode=parse_mode(joined.get("mode", "")),
    )


def extract_annual_list(result: OcrResult) -> AnnualList:
    """Rows, the year(s) covered, and the holder's name/id when printed."""
    rows = _rows(_words(result))
    header = _header_columns(rows)
    out_rows: list[ListRow] = []
    start = header[0] + 1 if header else 0
    for row in rows[start:]:
        parsed = _parse_row_columns(row, header[1]) if header else None
        text_parsed = _parse_row_text(_row_text(row))
        if parsed is None:
            parsed = text_parsed
        elif text_parsed is not None:
            # Fill what the column split missed from the printed-order parse.
            parsed = parsed.model_copy(update={k: v for k, v in text_parsed.model_dump().items()
                                               if getattr(parsed, k) is None and v is not None})
        if parsed is not None:
            if parsed.category is None:  # the cell was unreadable ("I类" alone is no category)
                parsed.category = category_from_code(parsed.project_code)
            out_rows.append(parsed)
    lines = [TextLine(_row_text(r), (r[0].box[0], r[0].box[1], r[-1].box[2], r[-1].box[3]), 1.0) for r in rows]
    header_text = " ".join(ln.text for ln in lines[:start or 4])
    compact = header_text.replace(" ", "")
    years = {int(y) for y in _YEAR_HEADER.findall(compact)}
    for a, b in _YEAR_RANGE.findall(compact):
        if int(a) <= int(b) <= int(a) + 10:
            years |= set(range(int(a), int(b) + 1))
    years |= {int(r.date[:4]) for r in out_rows if r.date}
    name = None
    hit = labelled(lines, re.compile(r"姓\s*名\s*[:：]?\s*"))
    if hit:
        m = re.match(r"([\u4e00-\u9fff]{2,4})", cut_at_next_label(hit[0].replace(" ", "")))
        name = m.group(1) if m else None
    id_number = parse_id_number(" ".join(ln.text for ln in lines[:start or 6]))
    continued = header is None and bool(out_rows) and not years - {int(r.date[:4]) for r in out_rows if r.date}
    return AnnualList(years=sorted(years), name=name, id_number=id_number, rows=out_rows,
                      continued=continued and not _YEAR_HEADER.search(header_text))
