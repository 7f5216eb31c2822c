"""A certificate page's OcrResult -> CertificateFields.

Two layouts are read: the paragraph certificate (``张三同志于2021年5月12日至14日
参加《title》（项目编号：code）学习……授予……Ⅰ类学分6分``, then ``学习形式：``,
``主办单位：`` and the issue date) and the table e-certificate (label | value
rows). Labelled values come from their own visual line (the label's row);
the running body text is read as one blob in reading order, so a code or title
wrapped over two lines is still whole. What is not read stays None.

Layouts the tool has never seen are read through ``pipeline/extract/candidates.py``: every
labelled value of the page (a label word of ``ocr_models/vocab/labels.yaml`` before it, the next
label ending it, placeholders such as ``(盖章)`` cut out) and every date with its role. Labelled
values come first for each field (validated by the field's parser), then the body finders below;
the date is the activity's (a date labelled or worded as the print / issue date never is, a
range gives its start; a date standing alone is kept as a candidate only). A name stops at any
known label and never starts inside a sentence head (兹证明). Every value found for a field is
kept in ``CertificateFields.candidates`` (the chosen one first, with its role) and the page's
text in ``page_text``, so matching can find a record's value on the page.

Where no label and no 兹证明 / 同志 introduce them, the body sentence's own grammar does (its
words are data: ``subject_sentence`` and ``title_body`` of the vocabulary): the name is the
subject starting a line before 于 + a date + 参加 (``胡建于2019-05-02参加``, ``学员胡建于…``,
``应娟娜(单位)于…``, ``梁琳:于…``); the title is the clause after the programme words (继续医学教育项目,
举办的) up to its code, 项目号 or 学习， (over line breaks); the mode follows 形式 / 方式 in the sentence.
These come after every labelled and bracketed reading, and each has a guard that makes it a null
rather than a wrong value (a date's digits between 于 and the verb; no sentence or class word in
a title; not a unit as the subject).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from pipeline.extract import candidates as cand
from pipeline.extract.layout import TextLine, text_lines
from pipeline.io.config import section
from pipeline.models import CertificateFields, OcrResult
from pipeline.normalize import (
    category_from_code,
    class_numeral_repaired,
    code_repaired,
    date_repaired,
    find_codes,
    find_dates,
    normalize_certificate_no,
    normalize_code,
    organizer_suffixes,
    parse_category,
    parse_credits,
    parse_date,
    parse_mode,
    restore_zeros,
    trim_organizer,
)

_CJK_NAME = r"([\u4e00-\u9fff]{2,4})"


def _label(words: str) -> re.Pattern[str]:
    """A label at the start of a line (table row, colon optional) or anywhere followed by a colon."""
    return re.compile(rf"(?:^\s*(?:{words})\s*[:：]?\s*|(?:{words})\s*[:：]\s*)")


_LBL_NAME = _label(r"姓\s*名|学员姓名")
_LBL_CODE = _label(r"项目编号|项目编码")
_LBL_TITLE = _label(r"项目名称|课程名称")
_LBL_CATEGORY = _label(r"学分类别|学分类型")
_LBL_CREDITS = re.compile(r"^\s*(?:学\s*分|授予学分|获得学分)(?!类)\s*[:：]?\s*(?=[\d０-９])|(?:学分数|授予学分)\s*[:：]\s*")
_LBL_DATE = _label(r"日\s*期|举办日期|举办时间|培训时间|学习时间")
_LBL_MODE = _label(r"学习形式|举办形式")
_LBL_ORG = _label(r"主办单位|举办单位|发证单位")
# The label in part, anywhere on the line: re-reads of a row under a dark seal (主办  温州市人民医院).
# Their values are only alternatives, taken when they name a known organizer (pipeline/vocabulary.py).
ORG_LABEL_LOOSE = re.compile(r"(?:主办单位|举办单位|发证单位|主办|办单位)\s*[:：;；]?\s*")
_LBL_CERTNO = re.compile(r"(?:证书编号|证书号)\s*[:：]?\s*")
# The mode in the body sentence (``学习形式面授``, ``形式面授``, ``学习方式`` / ``面授`` over a line break), after
# any word a mode's label ends in (the mode heads of ``label_heads``: …培训载体为面授, 授课形态为面授)
# (…学习途径为面授…, 授课方式为远程: the sentence's 为 before the mode) ...
def _mode_words() -> str:
    heads = {h for role in cand.vocab().get("label_heads") or [] if role.get("field") == "mode" and not role.get("with")
             for h in role["heads"]}
    return "|".join(sorted(map(re.escape, heads | {"形式", "方式", "途径"}), key=len, reverse=True))


@lru_cache(maxsize=1)
def _mode_body() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = _mode_words()
    # ... or the mode before its word (以面授方式学习, 通过远程形式)
    return (re.compile(rf"(?:{words})\s*(?:[:：]|为|是)?\s*([\u4e00-\u9fff]{{2}})"),
            re.compile(rf"(?:以|通过|采用|经)\s*([\u4e00-\u9fff]{{2}})\s*(?:{words})"))

# A stray mark may sit between the name and 同志, and 于 may be read as one (``张洋明[同志F2020年``).
_NAME_BODY = re.compile(_CJK_NAME + r"\s*[^\u4e00-\u9fff\d\s]?\s*同志")
_TITLE_QUOTED = re.compile(r"《\s*([^》]{2,60}?)\s*》")
# The closing 》 lost at a line's end (``参加《心肺复苏技能培训`` / ``(项目编号:…`` or ``(2018-06-…``):
# the title runs up to the bracketed code that follows it in the body text (项目编号, 项目登记号, 项目标识码 …).
_TITLE_OPEN = re.compile(r"《\s*([^》《()（）]{2,60}?)\s*[(（]\s*(?:项目[\u4e00-\u9fff]{0,3}?编?[号码]|(?:19|20)\d\d-\d\d-)")
# ...or the opening 《 lost at a line's start (``…继续医学教育项目`` / ``胸部影像诊断学习班》(项目编号``).
_TITLE_CLOSE = re.compile(r"教育项目\s*((?:(?!教育项目)[^》《()（）]){2,60}?)\s*》")
_CODE_BODY = re.compile(r"项目编[号码]\s*[:：]?\s*([^)）]{6,30}[)）]?)")
# 授予 is read 授子 / 授下 / 授 on thresholded scans, 学 as 字; the class word before 学分 anchors the
# value too (``I类字分6分`` when 授予 was on the line before); 获 alone is the verb as well
# (``获I类(省级)学分10分``, ``获II类学分学分3分``).
# The amount may be written in Chinese numerals, common or capital (``授予市级I类学分四分``, ``学分拾分``).
_CREDITS_BODY = re.compile(r"(?:(?:授\s*[予子于下]?|获得?)[^。，,]{0,24}?|类\s*)[学字]分\s*"
                           r"(\d{1,3}(?:\.\d)?|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾半]{1,3}(?:点五)?)\s*学?分")
_CREDITS_CELL = re.compile(r"(?<![类Ⅰ])学\s*分\s*[:：]?\s*(\d{1,3}(?:\.\d)?)(?![\d.]|\s*(?:类|分))")
# The body's date; a stray mark beside a number and 日 read as 曰/目/H (or lost before 至) on a
# thresholded scan still end the day (``于2019年4月11H至13目``, ``于2022年:3月9日``); 于 may be read
# as a mark after 同志 (``同志F2020年3月20日``).
_WHEN_BODY = re.compile(r"(?:于|在|同志[^\u4e00-\u9fff\d\s]?)\s*"
                        r"((?:19|20)\d\d\s*年\s*[:.·,]?\s*\d{1,2}\s*月\s*[:.·,]?\s*\d(?:[:.·]?\d)?"
                        r"\s*(?:[日曰目H]|(?=至)))")
_CERTNO = re.compile(r"([A-Za-z0-9][A-Za-z0-9\-]{3,40})")
_ORG_STOP = re.compile(r"\s{2,}|(?:19|20)\d\d\s*年|[〇○零一二三四五六七八九]{4}年")


def _labelled(lines: list[TextLine], label: re.Pattern[str]) -> tuple[str, float] | None:
    """The value after a label on its line (the label's table row or ``label：value`` line)."""
    for ln in lines:
        m = label.search(ln.text)
        if m:
            value = ln.text[m.end():].strip(" :;,.。，")
            if value:
                return value, ln.conf
    return None


def _blob(lines: list[TextLine]) -> tuple[str, float]:
    """Every line joined without separators (reading order), and the mean line confidence."""
    text = "".join(ln.text.replace(" ", "") for ln in lines)
    conf = sum(ln.conf for ln in lines) / len(lines) if lines else 0.0
    return text, conf


def _sentence_blob(lines: list[TextLine]) -> str:
    """The blob without the cells a second panel prints beside the body sentence on its rows (``…举办的
    《儿  学分属性:I类国家级`` / ``童呼吸系统疾病诊治》…``): on a line of several cells, a cell after
    the first that starts with a known label, and the cells after it, are left out, so a title
    wrapped in the sentence joins its own halves; so is a one-character cell beside others (a seal's
    character read into the sentence's line)."""
    out = []
    for ln in lines:
        cells = re.split(r"\s{2,}", ln.text.strip())
        keep = len(cells)
        for j in range(1, len(cells)):
            spans = cand.label_spans(cells[j])
            if spans and spans[0][0] == 0:
                keep = j
                break
        kept = cells[:keep]
        if len(kept) > 1:  # a seal's stray character standing apart (``医  中心建设与管理》``)
            kept = [c for c in kept if len(c.strip()) > 1]
        out.append("".join(kept).replace(" ", ""))
    return "".join(out)


def _name(lines: list[TextLine], blob: str, conf: float) -> tuple[str, float] | None:
    hit = _labelled(lines, _LBL_NAME)
    if hit:
        m = re.match(_CJK_NAME, hit[0].replace(" ", ""))
        if m:
            return m.group(1), hit[1]
    for ln in lines:  # the body's first line starts with the name: 张三同志于……
        m = re.match(r"\s*" + _CJK_NAME + r"\s*同志", ln.text)
        if m:
            return m.group(1), ln.conf
    m = _NAME_BODY.search(blob)
    if m:
        return m.group(1), conf * 0.8
    return None


def _repaired(conf: float) -> float:
    """Confidence of a value parsed only after a repair (``repaired_conf_factor``: below the matcher's
    ``mismatch_min_confidence``, so it supports a match but raises no FIELD_MISMATCH on its own)."""
    return conf * float(section("extract")["repaired_conf_factor"])


def _code(lines: list[TextLine], blob: str, conf: float) -> tuple[str, float] | None:
    # The blob first: a code wrapped at the end of a body line is whole only there.
    m = _CODE_BODY.search(blob)
    if m:
        code = normalize_code(m.group(1))
        if code:
            return code, (_repaired(conf) if code_repaired(m.group(1), code) else conf)
    hit = _labelled(lines, _LBL_CODE)
    if hit:
        code = normalize_code(hit[0])
        if code:
            return code, (_repaired(hit[1]) if code_repaired(hit[0], code) else hit[1])
    # a certificate number with letters before its year (``CM2020-II-73566``) holds no project code
    codes = find_codes(_LETTERED_NUMBER.sub(" ", blob))
    if not codes:
        return None
    # The page's only code, printed cleanly in the body sentence's brackets (``…与控制(2019-13-01-150(市))
    # 项目学习``) is the sentence's code slot, as 项目编号 would make it; any other code found in the text
    # is weaker.
    bracketed = _CODE_BRACKETED.search(blob)
    if len(set(codes)) == 1 and bracketed and normalize_code(bracketed.group(1)) == codes[0]:
        return codes[0], conf
    return (codes[0], _repaired(conf * 0.8) if code_repaired(blob, codes[0]) else conf * 0.8)


_LETTERED_NUMBER = re.compile(r"(?<![\dA-Za-z])[A-Za-z]{2,}[\dA-Za-z\-]*")
_CODE_BRACKETED = re.compile(r"[(（]\s*((?:19|20)\d\d-\d\d-\d\d-\d{3}\s*[(（][^()（）]{1,3}[)）])\s*[)）]")


def _title(lines: list[TextLine], blob: str, conf: float) -> tuple[str, float] | None:
    hit = _labelled(lines, _LBL_TITLE)
    if hit and not cand.only_labels(hit[0]):  # a header row's next label is no title
        value = _parse_title(hit[0])
        if value:
            return value, hit[1]
    m = _TITLE_QUOTED.search(blob)
    if m and not _crosses_cells(m.group(1)):
        return _unbalanced(m.group(1)), conf
    m = _TITLE_OPEN.search(blob) or _TITLE_CLOSE.search(blob) or _TITLE_BARE.search(blob)
    if m:
        return m.group(1), conf * 0.9
    title = title_in_sentence(blob)
    return (title, conf * float(cand.vocab()["title_body"]["confidence"])) if title else None


def _crosses_cells(title: str) -> bool:
    """A title read over the page's text that took in other cells (a table row read as one line of
    text: ``糖尿病综合管理新理念2018-04-01-928(沪)市级I类2018/1/29…``): it holds a project code or a date."""
    return bool(find_codes(title) or find_dates(title))


def _unbalanced(title: str) -> str:
    """A title without a bracket left open or closed at its ends (``)医院感染预防与控制``, a closing
    》 read as ``)``: ``…规范化诊疗)``); brackets that pair inside it stay."""
    pairs = {"(": ")", "（": "）"}
    while title and title[-1] in ")）" and not any(o in title for o, c in pairs.items() if c == title[-1]):
        title = title[:-1]
    while title and title[0] in ")）(（" and (title[0] in ")）" or pairs[title[0]] not in title):
        title = title[1:]
    return title


def _title_rx(intro: str) -> re.Pattern[str]:
    words = cand.vocab()["title_body"]
    ends = "|".join(f"(?:{w})" for w in words["before"])
    return re.compile(rf"(?:{intro})\s*([^《》()（）。，,:：]{{{int(words['min_chars'])},{int(words['max_chars'])}}}?)\s*(?:{ends})")


def title_in_sentence(blob: str) -> str | None:
    """A title printed without 《》 in the body sentence (``…举办的医院感染预防与控制(2019-…``,
    ``…继续医学教育项目传染病防治知识培训学习，项目编号…``): after the words that introduce the
    programme, up to the words that end it (``title_body`` of the vocabulary), over line breaks (the
    blob). Tried only where no bracketed or labelled title was read; None when the clause holds a
    word of the sentence around it (学分, 考核, 举办 …) or a class word."""
    words = cand.vocab()["title_body"]
    for intro in words["after"]:
        for m in _title_rx(intro).finditer(blob):
            title = m.group(1).strip()
            if (any(w in title for w in words["not_in"]) or re.search(r"[IⅠⅡ]+类|[一二]类|级", title)
                    or len(re.findall(r"[\u4e00-\u9fff]", title)) < int(words["min_chars"])
                    or cand.cut_at_labels(title) != title.replace(" ", "")):
                continue
            return title.replace(" ", "")
    return None


def _credits(lines: list[TextLine], blob: str, conf: float, max_credits: float) -> tuple[float, float] | None:
    for ln in lines:
        m = _LBL_CREDITS.search(ln.text)
        if m:
            value = parse_credits(ln.text[m.end():].split(" ")[0], max_credits=max_credits)
            if value is not None:
                return value, ln.conf
    m = _CREDITS_BODY.search(blob)
    if m:
        value = parse_credits(m.group(1) + "分", max_credits=max_credits)
        if value is not None:
            return value, conf
    for ln in lines:  # a table row whose label and value the engine merged with another row
        m = _CREDITS_CELL.search(ln.text)
        if m:
            value = parse_credits(m.group(1), max_credits=max_credits)
            if value is not None:
                return value, ln.conf * 0.9
    return None


def _labelled_parsed(lines: list[TextLine], label: re.Pattern, parse) -> tuple[str, float] | None:
    """The value beside ``label``, parsed, with the label line's confidence; None when unread."""
    hit = _labelled(lines, label)
    if hit:
        value = parse(hit[0])
        if value:
            return value, hit[1]
    return None


def _date(lines: list[TextLine], blob: str, conf: float) -> tuple[str, float] | None:
    hit = _labelled(lines, _LBL_DATE)
    if hit:
        iso = parse_date(hit[0])
        if iso:
            return iso, (_repaired(hit[1]) if date_repaired(hit[0]) else hit[1])
    m = _WHEN_BODY.search(blob)
    if m:
        iso = parse_date(m.group(1))
        if iso:
            return iso, (_repaired(conf) if date_repaired(m.group(1)) else conf)
    return None


def _category(lines: list[TextLine], blob: str, conf: float, code: str | None) -> tuple[str, float] | None:
    labelled = _labelled_parsed(lines, _LBL_CATEGORY, parse_category)
    if labelled:
        return labelled
    body = blob
    if re.search(r"II类", body):
        # Ⅰ read as II: the code's suffix names a Class I level that the body's own level word
        # (省级 / 国家级) repeats: two readings against one, the code's level (as a repair); a code of
        # Class I without that word leaves the page's category unread rather than wrong
        from_code = category_from_code(code)
        if from_code and from_code != "II类":
            level = from_code.removeprefix("I类")
            return (from_code, _repaired(conf * 0.9)) if level in body else None
        return "II类", conf * 0.9
    national = "国家级" in body
    provincial = "省级" in body
    if national != provincial:
        return ("I类国家级" if national else "I类省级"), conf
    from_code = category_from_code(code)
    if from_code:
        return from_code, conf * 0.7
    return None


def _mode(lines: list[TextLine], blob: str, conf: float) -> tuple[str, float] | None:
    return _labelled_parsed(lines, _LBL_MODE, parse_mode)


def organizer_value(text: str, label: re.Pattern[str] = _LBL_ORG) -> str | None:
    """The organizer named after its label on one line (``主办单位：宁波市第一医院  2018年…``), else None."""
    m = label.search(text)
    if not m:
        return None
    rest = cand.strip_placeholders(text[m.end():]).lstrip(" :：;；")  # 主办单位(盖章)：…
    value = _ORG_STOP.split(rest)[0].replace(" ", "").strip(" :;,.。，")
    value = trim_organizer(value)
    return value if len(value) >= 2 else None


def _organizer(lines: list[TextLine]) -> tuple[str, float] | None:
    for ln in lines:
        value = organizer_value(ln.text)
        if value:
            return value, ln.conf
    return None


def _certificate_no(lines: list[TextLine]) -> tuple[str, float] | None:
    for ln in lines:
        m = _LBL_CERTNO.search(ln.text)
        if not m:
            continue
        number = _parse_certificate_no(ln.text[m.end():])  # digits required: ``CertificateNo`` is a label
        if number:
            return number, ln.conf
    return None


def _fuzzy_labelled(lines: list[TextLine], labels: list[str], known: set[str]) -> Iterator[tuple[str, float]]:
    """Values after a label read with one character wrong or lost at the start of a line (a table
    row), in reading order; a line that starts with a label read exactly (``known``) is that label's row."""
    starts = tuple(known)
    for ln in lines:
        text = ln.text.lstrip()
        if text.startswith(starts):
            continue
        for label in labels:
            for size in (len(label), len(label) - 1):  # a character wrong, or lost (期 for 日期)
                if size < 1 or len(text) < size or Levenshtein.distance(text[:size], label) != 1:
                    continue
                value = text[size:].strip(" :：;,.。，")
                if value:
                    yield value, ln.conf * 0.9
                break  # the label read with a character wrong (培训名目): its last character is no value


_PARSERS = ("project_code", "project_title", "category", "mode", "date", "organizer", "certificate_no")


def _parse_fuzzy(field: str, value: str, max_credits: float) -> object | None:
    if field == "project_code":
        return normalize_code(value)
    if field == "project_title":
        return value.replace(" ", "").strip("《》") or None
    if field == "category":
        return parse_category(value)
    if field == "mode":
        return parse_mode(value)
    if field == "date":
        return parse_date(value)
    if field == "organizer":  # a label read with a character wrong: its value must name an institution
        from pipeline.normalize import organizer_suffixes

        org = _parse_organizer(value)
        return org if org and org.endswith(tuple(organizer_suffixes())) else None
    if field == "certificate_no":
        return _parse_certificate_no(value)
    return None


def _fill_fuzzy(found: dict[str, tuple[object, float] | None], lines: list[TextLine], max_credits: float) -> None:
    cfg = section("extract")
    labels: dict[str, list[str]] = {f: list(w) for f, w in (cfg.get("fuzzy_labels") or {}).items()}
    # ...and the vocabulary's long labels (one edit in four characters or more is still that label)
    for lb in cand.labels():
        if lb.field in _PARSERS and not lb.weak and len(lb.word) >= 4 and lb.word not in labels.get(lb.field, []):
            labels.setdefault(lb.field, []).append(lb.word)
    known = {w for words in labels.values() for w in words} | set(cfg.get("other_labels") or []) | {
        lb.word for lb in cand.labels() if lb.field is None}
    for field, words in labels.items():
        if found.get(field) is not None:
            continue
        for text, conf in _fuzzy_labelled(lines, words, known):
            value = _parse_fuzzy(field, text, max_credits)
            if value:  # the first row whose value parses as the field's
                found[field] = (value, conf)
                break


def _zeros_restored(find: Callable[[list[TextLine], str, float], tuple[str, float] | None], lines: list[TextLine],
                    blob: str, conf: float) -> tuple[str, float] | None:
    """``find`` (``_code``, ``_date``) again over the text with its 0s read as ``()`` restored; a value
    found only so is a repair."""
    fixed = [TextLine(restore_zeros(ln.text), ln.box, ln.conf) for ln in lines]
    if all(a.text == b.text for a, b in zip(fixed, lines, strict=True)):
        return None
    hit = find(fixed, restore_zeros(blob), conf)
    return (hit[0], _repaired(hit[1])) if hit else None


# ------------------------------------------------------------- candidates by label and role

Found = tuple[object, float, str]  # value, confidence, role


def _first_cjk_name(value: str) -> str | None:
    m = re.fullmatch(_CJK_NAME, value)
    return m.group(1) if m else None


def _names(segs: list[cand.Segment], lines: list[TextLine], blob: str, conf: float) -> list[Found]:
    out: list[Found] = []
    guessed: list[Found] = []  # under labels known by their head only (经办人员 is a person too): after the rest
    for seg in segs:
        if seg.label.field == "name":
            cells = re.split(r"\s{2,}", seg.value.strip())  # a name never holds a cell's gap
            rest = " ".join(cells[1:]) + seg.rest
            name = _first_cjk_name(cand.cut_at_labels(_without_missing_glyphs(cells[0]), rest))
            if name:
                (guessed if seg.label.guessed else out).append((name, seg.conf, "label"))
    body = _without_heads("|".join(ln.text.replace(" ", "") for ln in lines))  # a name never spans lines
    for ln in lines:  # the body's first line starts with the name: 张三同志于……
        m = re.match(r"\s*" + _CJK_NAME + r"\s*同志", _without_heads(ln.text))
        if m:
            out.append((m.group(1), ln.conf, "body"))
    out += _letter_subject_names("".join(ln.text.replace(" ", "") for ln in lines), conf)
    m = _NAME_BODY.search(body)
    if m:
        out.append((m.group(1), conf * 0.8, "body"))
    m = _name_after_head().search(blob)
    if m:
        name = _first_cjk_name(cand.cut_at_labels(m.group(1)))
        if name:
            out.append((name, conf * 0.8, "body"))
    out += _subject_names(lines)
    out += _salutation_names(lines)
    out += guessed
    if not out:
        out += _names_beside_unknown_labels(lines)
    if not out:
        out += _lone_line_names(lines)
    # a name read from the body sentence never runs into a 同志 that lost its 同 (``李涛司志于…``)
    return [f for f in out if f[2] != "body" or not _runs_into_tongzhi(str(f[0]))]


def _salutation_names(lines: list[TextLine]) -> list[Found]:
    """A letter addressed to the holder: a line opening with the name and a colon (``应燕超：``, a panel's
    cells may follow; a word of address before the name and a title after it, ``尊敬的施芳红医师：``), the next
    line's sentence opening with the second person (``salutation_you``: 你 / 您, an adverb after it: 您已) and
    于 / 在 before a date."""
    v = cand.vocab()
    alt = lambda ws: "|".join(sorted(map(re.escape, ws), key=len, reverse=True))  # noqa: E731
    you = alt(v.get("salutation_you") or [])
    if not you:
        return []
    opens = alt(v["subject_sentence"]["before_date"])
    optional = lambda key: rf"(?:{alt(v[key])})?" if v.get(key) else ""  # noqa: E731
    head, title = optional("salutation_heads"), optional("salutation_titles")
    adverb, since = optional("salutation_adverbs"), optional("salutation_from")
    for k, ln in enumerate(lines[:-1]):
        m = re.match(rf"\s*{head}\s*([\u4e00-\u9fff]{{2,4}}?)\s*{title}\s*[:：](?:\s{{2,}}|\s*$)", ln.text)
        if not m or not re.match(rf"\s*(?:{you})\s*{adverb}\s*(?:{opens})\s*{since}\s*[\d〇○零一二三四五六七八九]",
                                 lines[k + 1].text):
            continue
        name = m.group(1)
        if cand.cut_at_labels(name) == name and not cand.label_spans(name):
            return [(name, ln.conf * 0.85, "body")]
    return []


def _letter_subject_rx() -> re.Pattern[str]:
    grammar = cand.vocab()["letter_subject"]
    heads = "|".join(sorted(map(re.escape, grammar["heads"]), key=len, reverse=True))
    return re.compile(rf"(?:{heads})[:：,，]?([\u4e00-\u9fff]{{2,40}}?)(?:[(（][^()（）|]{{1,12}}[)）])?(?:同志)?"
                      rf"(?:于|在)\s*[\d〇○零一二三四五六七八九十]")


def _letter_subject_names(body: str, conf: float) -> list[Found]:
    """The holder in a letter's subject (``letter_subject`` of the vocabulary): the unit, department
    and post come first (现证明平阳县中医院神经内科主管技师冯强同志于2021年…), the name is the 2-4
    characters after the last post or unit word; the latest such cut that leaves 2-4 characters."""
    grammar = cand.vocab()["letter_subject"]
    m = _letter_subject_rx().search(body)
    if m is None:
        return []
    subject = m.group(1)
    words = list(grammar["posts"]) + list(grammar["unit_ends"]) + list(cand.vocab()["subject_sentence"]["prefixes"])
    cuts = sorted({mm.end() for w in words for mm in re.finditer(re.escape(w), subject)}, reverse=True)
    for cut in cuts + [0]:
        name = subject[cut:]
        if 2 <= len(name) <= 4 and name not in cand.vocab()["subject_sentence"]["not_names"]:
            return [(name, conf * 0.8, "body")]
    return []


def _runs_into_tongzhi(name: str) -> bool:
    """A four-character subject ending in 志 is a name run into a 同志 read without its 同
    (``夏海浩志``): which characters are the name cannot be told, so none."""
    return len(name) == 4 and name.endswith("志")


def _lone_line_names(lines: list[TextLine]) -> list[Found]:
    """A name printed large on a line of its own (a display certificate: ``授予`` / ``陈佳鹏`` /
    ``于2021年9月5-6日参加…``): the line holds 2-4 characters (and 同志) only, and the next line
    opens the body sentence (``before_date`` + a date's digits). Tried only where nothing else names
    the holder; a line read with less than the subject's ``min_conf`` is no name, nor one whose 同志
    was misread (``吴军蕾百志``, ``夏海浩志``: where the name ends cannot be told)."""
    grammar = cand.vocab()["subject_sentence"]
    opens = "|".join(map(re.escape, grammar["before_date"]))
    lines = _without_blank_lines(lines)
    for k, ln in enumerate(lines[:-1]):
        m = re.fullmatch(r"([\u4e00-\u9fff]{2,4}?)(?:同志)?[:：]?", ln.text.replace(" ", ""))
        if not m or ln.conf < float(grammar.get("min_conf", 0.0)):
            continue
        if not re.match(rf"\s*(?:{opens})\s*[\d〇○零一二三四五六七八九]", lines[k + 1].text):
            continue
        name = m.group(1)
        if (name not in grammar["not_names"] and cand.cut_at_labels(name) == name and not cand.label_spans(name)
                and not _runs_into_tongzhi(name)):
            return [(name, ln.conf * 0.8, "body")]
    return []


def _names_beside_unknown_labels(lines: list[TextLine]) -> list[Found]:
    """A name in a row of cells whose own label the vocabulary does not know (``受训者  张三  单位
    温州市中心医院``): the cell before it is a short word ending as a person's label does
    (``name_label_endings``: 者, 员, 人 …) and holding no known label, the cell after it is a known
    label. Taken only when nothing else names the holder."""
    endings = tuple(cand.vocab().get("name_label_endings") or [])
    if not endings:
        return []
    out: list[Found] = []
    for ln in lines:
        cells = [c.replace(" ", "") for c in re.split(r"\s{2,}", ln.text.strip())]
        for k in range(len(cells) - 2):
            label, value, after = cells[k], cells[k + 1], cells[k + 2]
            if not (re.fullmatch(r"[\u4e00-\u9fff]{2,5}", label) and label.endswith(endings)):
                continue
            if cand.label_spans(label) or not cand.label_spans(after) or cand.label_spans(after)[0][0] != 0:
                continue
            name = _first_cjk_name(value)
            if name and cand.cut_at_labels(name) == name and not cand.label_spans(name):
                out.append((name, ln.conf * 0.8, "cell"))
    # the same stacked: such a label alone on its line, the name alone on the next, then the next
    # label alone on its own (参与者 / 林娜 / 执业机构: a phone's card)
    texts = [ln.text.replace(" ", "") for ln in lines]
    for k in range(len(lines) - 2):
        label, value, after = texts[k], texts[k + 1], texts[k + 2]
        if not (re.fullmatch(r"[\u4e00-\u9fff]{2,5}", label) and label.endswith(endings)) or cand.label_spans(label):
            continue
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", after):
            continue
        name = _first_cjk_name(value)
        if name and cand.cut_at_labels(name) == name and not cand.label_spans(name):
            out.append((name, lines[k + 1].conf * 0.8, "cell"))
    return out[:1]


def _subject_rx() -> re.Pattern[str]:
    grammar = cand.vocab()["subject_sentence"]
    alt = lambda ws: "|".join(sorted(map(re.escape, ws), key=len, reverse=True))  # noqa: E731
    lead = alt(list(grammar["prefixes"]) + list(cand.vocab()["name_heads"]))
    return re.compile(rf"^[^\u4e00-\u9fff\d]{{0,2}}(?:(?:{lead})\s*[:：]?)?([\u4e00-\u9fff]{{2,4}}?)"
                      rf"(?:[(（][^()（）]{{2,30}}[)）])?(?:同志)?[:：]?(?:{alt(grammar['before_date'])})"
                      rf"([^。，,]{{1,{int(grammar['span'])}}}?)(?:{alt(grammar['verbs'])})")


def _subject_names(lines: list[TextLine]) -> list[Found]:
    """The subject of the body sentence (``subject_sentence`` of the vocabulary): a line that starts
    ``<name>于<date>参加`` (a prefix such as 学员 before it, a bracketed unit or a colon after it), read
    with the next line (参 / 加 split over a line break). The words between 于 and the verb must hold a
    date's digits or numerals; a subject that is a label, holds one, or is not a person is no name."""
    grammar = cand.vocab()["subject_sentence"]
    rx = _subject_rx()
    out: list[Found] = []
    lines = _without_blank_lines(lines)
    for k, ln in enumerate(lines):
        text = (ln.text + (lines[k + 1].text if k + 1 < len(lines) else "")).replace(" ", "")
        m = rx.match(text)
        if (not m or not re.search(r"[\d〇○O零一二三四五六七八九十]", m.group(2))
                or ln.conf < float(grammar.get("min_conf", 0.0))):
            continue
        name = _first_cjk_name(cand.cut_at_labels(m.group(1)))
        you = tuple(cand.vocab().get("salutation_you") or ())
        if name and name not in grammar["not_names"] and not _runs_into_tongzhi(name) \
                and not (you and name.startswith(you)):  # 您已于… addresses the holder: 您已 is no name
            out.append((name, ln.conf * 0.85, "body"))
            break
    return out


def _without_blank_lines(lines: list[TextLine]) -> list[TextLine]:
    """The lines without those holding only a form's blank or caption (a photo box's 照片 printed between the name
    and the sentence under it): no line of the text."""
    return [ln for ln in lines if cand.strip_placeholders(ln.text).strip(" ()（）")]


def _without_missing_glyphs(value: str) -> str:
    """A name's cell without the boxes a font without the separator's glyph printed before it
    (``参加人员口马超秀``: □ read as 口; ``missing_glyphs`` of the vocabulary, no surname among them)."""
    marks = "".join(cand.vocab().get("missing_glyphs") or [])
    return value.lstrip(marks + " ") if marks else value


def _without_heads(text: str) -> str:
    """``text`` with the sentence heads and marks before a name (兹证明, 授予 …) replaced by a mark."""
    words = list(cand.vocab()["name_heads"]) + list(cand.vocab().get("name_marks") or [])
    for head in sorted(words, key=len, reverse=True):
        text = text.replace(head, "|")
    return text


def _standalone_organizer(lines: list[TextLine], taken: set[str] = frozenset()) -> list[Found]:  # type: ignore[assignment]
    """An institution's name alone on a line (``organizer_alone_excluded`` of the vocabulary aside,
    and the values of other labels, ``taken``)."""
    from pipeline.normalize import organizer_suffixes

    excluded = cand.vocab().get("organizer_alone_excluded") or []
    suffixes = tuple(organizer_suffixes())
    for ln in lines:
        text = ln.text.replace(" ", "")
        if (re.fullmatch(r"[\u4e00-\u9fff()]{4,30}", text) and text.endswith(suffixes)
                and not re.search(r"\S\s{2,}\S", ln.text)  # one cell: not a name and a unit side by side
                and not any(w in text for w in excluded) and cand.cut_at_labels(text) == text
                and text not in taken):
            return [(text, ln.conf * 0.8, "standalone")]
    return []


def _name_after_head():  # noqa: ANN202 - a compiled pattern
    heads = "|".join(sorted(map(re.escape, cand.vocab()["name_heads"]), key=len, reverse=True))
    ends = "|".join(map(re.escape, cand.vocab()["name_ends"]))
    # ... or the bracketed unit after the name (兹有蒋辉浩(上海市第一人民医院)参加…)
    return re.compile(rf"(?:{heads})\s*[:：]?\s*([\u4e00-\u9fff]{{2,4}}?)\s*(?:{ends}|[,，:：\s(（])")


def _labelled_found(segs: list[cand.Segment], field: str, parse, *, fallback: bool = False) -> list[Found]:  # noqa: ANN001
    """Values of ``field``'s labels that parse, in reading order (``fallback``: of its fallback labels);
    those of labels known by their head only (``label_heads``) after the known labels'."""
    out: list[Found] = []
    guessed: list[Found] = []
    for seg in segs:
        if seg.label.field == field and seg.label.fallback == fallback and seg.value:
            value = parse(seg.value)
            if value:
                (guessed if seg.label.guessed else out).append((value, seg.conf, "label"))
    return out + guessed


def _certificate_first(segs: list[cand.Segment], found: list[Found]) -> list[Found]:
    """Numbers whose label says it is the certificate's (a word of ``certificate_no_marks``: 证书序列号,
    证照编号) before those of a bare number label (a receipt's 流水号, 编号 at its head)."""
    marks = tuple(cand.vocab().get("certificate_no_marks") or ())
    own = {_parse_certificate_no(sg.value) for sg in segs
           if sg.label.field == "certificate_no" and any(m in sg.label.word for m in marks)}
    return sorted(found, key=lambda f: f[0] not in own)


def _parse_title(value: str) -> str | None:
    piece = re.split(r"\s{2,}", value.strip())[0].replace(" ", "")
    quoted = _TITLE_QUOTED.search(piece)  # a separator the font lacked, read as 口, before 《title》
    piece = _unbalanced((quoted.group(1) if quoted else piece).strip("《》\"“”:;,."))
    if quoted:  # a stroke of the closing 》 read as a letter after the last character (《心肺复苏技能培训l》)
        piece = re.sub(r"(?<=[\u4e00-\u9fff])[lI|]$", "", piece)
    if len(re.findall(r"[\u4e00-\u9fff]", piece)) < 2 or re.search(r"[。，]", piece) or _crosses_cells(piece):
        return None
    return piece


def _parse_organizer(value: str) -> str | None:  # noqa: C901 - one check a line
    """An institution's name after its label. Latin letters before it are an English label the
    vocabulary does not know (or one misread, ``Organisei州洲市…``): cut off before a colon, else the
    name glued to them cannot be trusted (None). A date (``二〇二0年七月三十一日``) is never an organizer."""
    value = cand.strip_placeholders(value).strip(" :;")
    latin = re.match(r"[A-Za-z][A-Za-z .]*", value)
    if latin:
        rest = value[latin.end():]
        if not rest.startswith((":", "：")):
            return None
        value = rest.strip(" :：;")
    org = trim_organizer(_ORG_STOP.split(value)[0].replace(" ", "").strip(" :;,.。，"))
    if _DATE_WORDS.search(org) or re.search(r"\d", org) or any(w in org for w in cand.vocab()["organizer_never"]):
        return None
    # an organizer is an institution: its name ends with an institution word (``organizer_suffixes``);
    # a name cut short or run on into a seal's text (``温州市护理学``, ``…医院技教育部``) is a null
    if not org.endswith(tuple(organizer_suffixes())) or org.count("(") != org.count(")"):
        return None  # (an unbalanced bracket: a placeholder's remnant, ``(善醇中心`` for (盖章))
    return org if len(re.findall(r"[\u4e00-\u9fff]", org)) >= 2 else None


# A date's words in any numerals (``二〇二0年七月``, ``一九年一月``): never in an institution's name.
_DATE_WORDS = re.compile(r"[\d〇○零一二三四五六七八九十]\s*年\s*[\d〇○零一二三四五六七八九十]{1,2}\s*月|"
                         r"[\d〇○零一二三四五六七八九十]{2,4}\s*年$|[\d〇○零一二三四五六七八九十]\s*月\s*[\d〇○零一二三四五六七八九十]{1,3}\s*[日号]")


# ...with a ``第…号`` serial after the year (``沪继教字2018第17713号``) read whole, never cut at 第
# the serial may follow the year in brackets or after a word (沪继教2018（00627）, 沪2018继01532)
# a year in brackets after the letters (WZ（2020）008814), groups joined by / or . (2021/827263, 2021.8732.962)
_CERTNO_VALUE = re.compile(r"([A-Za-z]{1,6}[（(](?:19|20)\d\d[）)]\d{4,}|"
                           r"[A-Za-z\u4e00-\u9fff]{0,4}[A-Za-z0-9][A-Za-z0-9\-·]{3,40}(?:[/.]\d{3,}){0,2}"
                           r"(?:第\d{3,}号|[（(]\d{3,}[）)]|[\u4e00-\u9fff]{1,2}\d{3,})?)")


def _parse_certificate_no(value: str) -> str | None:
    """A certificate number: letters or a short Chinese prefix, then at least four digits; a project
    code (``编号：2020-04-05-072(市)`` labels the code on some layouts) is not one, nor a number
    whose font printed boxes (``0000000□00000``: see ``_unreadable_number``)."""
    spaced = re.split(r"\s{2,}", value.strip())[0]
    if _is_code(spaced) and not _is_code(spaced.replace(" ", "")):
        return None  # a project code with a stray mark before it (编号2 2019-04-04-500(市)): the code's cell
    cell = spaced.replace(" ", "")
    m = _CERTNO_VALUE.match(cell)
    # a year alone is no number (沪继教2018 is a number read in part)
    if not m or len(re.findall(r"\d", m.group(1))) < 5 or _is_code(m.group(0)) or _unreadable_number(cell):
        return None
    if re.search(r"\d[/.]\d", m.group(1)) and find_dates(m.group(1)):  # 2021/8/27 is a date, no number
        return None
    number = normalize_certificate_no(m.group(1))
    if number and "--" in number:  # a character lost between two dashes (``CM2022--12480``)
        return None
    # letters between digits are a class numeral (I, II) or an organizer's code after the year
    # (``2018ZJ464257``); a lone other letter, or letters after fewer than a year's digits, are digits
    # misread (``CMIE20190T9663``, ``201SZJ464257``): the number cannot be trusted
    for m in re.finditer(r"(\d+)([A-Za-z]+)(?=\d)", number or ""):
        if (len(m.group(2)) == 1 and m.group(2) not in "Il") or len(m.group(1)) < 4:
            return None
    return number


def _numbers_across_lines(lines: list[TextLine]) -> list[Found]:
    """A number's label and its value in running text, a line break anywhere between or inside them
    (a letter's ``…证书代`` / ``码20180397037714。``, ``…证号:`` / ``20191866367。``): the labels of
    ``certificate_no`` looked for in the page's lines joined, each value parsed as a number."""
    labels = cand.vocab()["fields"]["certificate_no"]
    words = sorted(set(labels.get("strong", [])) | set(labels.get("weak", [])), key=len, reverse=True)
    rx = re.compile(r"(?<!身份)(?<!项目)(?:" + "|".join(map(re.escape, words)) + r")\s*[:：]?\s*")
    joined = "".join(ln.text.replace(" ", "") for ln in lines)
    conf = min((ln.conf for ln in lines), default=0.0)
    out: list[Found] = []
    for m in rx.finditer(joined):
        tail = re.split(r"[。，,；;]", joined[m.end():m.end() + 40])[0]
        # the next line's English label glued to the number's end (…415823 / Issued on: …415823Issuedon) ends it
        cut = [start for start, _end, lb in cand.label_spans(tail) if lb.english and start > 0]
        number = _parse_certificate_no(tail[:cut[0]] if cut else tail)
        if number:
            out.append((number, conf * 0.85, "body"))
    return out


def _is_code(text: str) -> bool:
    """A project code, printed or read with a repairable slip; a class numeral between dashes
    (``GJ2019-II-61147``, which find_codes would repair to 2019-11-61-147) marks a certificate number."""
    # ...and so do letters glued to the year (ZJ2020-11-41793: II read as 11; a code's year opens it)
    return (bool(find_codes(text)) and not re.search(r"-(?:I{1,2}|Ⅰ|Ⅱ|ＩＩ|Ｉ)-", text)
            and not re.match(r"\s*[A-Za-z]{2,4}-?(?:19|20)\d\d", text))


def _unreadable_number(cell: str) -> bool:
    """A number cell holding a missing-glyph box (□) or whose digits are all 0 (boxes read as 0):
    what was printed cannot be read, so no number (rather than a wrong one)."""
    digits = re.sub(r"\D", "", cell)
    return "□" in cell or (bool(digits) and set(digits) == {"0"})


def _standalone_text(text: str) -> bool:
    """``text`` looks like a certificate number standing alone: letters (at most six Latin, or four
    characters) then digits, no project code, no date; a bare serial (a verification code such as
    3994929879780 printed beside the seal) starts with no year and is none."""
    bare_serial = text.isdigit() and not re.match(r"(?:19|20)\d\d", text)
    return bool(re.fullmatch(r"(?:[A-Za-z]{0,6}|[A-Za-z\u4e00-\u9fff]{0,4})-?\d[\dA-Za-z\-/.]{7,30}", text)
                or re.fullmatch(r"[A-Za-z]{1,6}[（(](?:19|20)\d\d[）)]\d{4,}", text)) \
        and not bare_serial and not find_codes(text) and not find_dates(text)


def _standalone_numbers(lines: list[TextLine]) -> list[Found]:
    """A certificate number printed alone on its line, without a label (``沪继教2018910434``)."""
    out: list[Found] = []
    for ln in lines:
        # the number may share its line with words only (``202266601809 继续医学教育验证章``: a seal's text)
        head, _sep, tail = ln.text.strip().partition(" ")
        text = (head if tail and not re.search(r"[\dA-Za-z]", tail) else ln.text).replace(" ", "")
        cells = re.split(r"\s{2,}", ln.text.strip())
        if len(cells) > 1 and not _standalone_text(text):
            # a cell of its own on a row of values (周思慧  CM2021-I-95974 under 结业学员 … 存档编号)
            text = next((c.replace(" ", "") for c in cells if _standalone_text(c.replace(" ", ""))), text)
        # a letter-prefixed number never holds a colon: one between digits is a mark of the engine
        # (``ZJ2021191:36745``); the number so read is a repair
        unmarked = re.sub(r"(?<=\d)[:：](?=\d)", "", text) if re.match(r"[A-Za-z]{2}\d", text) else text
        if _standalone_text(unmarked):
            number = _parse_certificate_no(unmarked)
            if number:
                c = ln.conf * 0.85
                out.append((number, _repaired(c) if unmarked != text else c, "standalone"))
    return out


def _body_organizers(blob: str, conf: float) -> list[Found]:
    out: list[Found] = []
    for rx in cand.vocab().get("organizer_body") or []:
        m = re.search(rx, blob)
        if m:
            org = _parse_organizer(m.group(1))
            if org:
                out.append((org, conf * 0.9, "body"))
    return out


# A body's title without brackets, between the programme's words and its code:
# ``…继续医学教育项目医疗核心制度解读(项目编号:…``.
_TITLE_BARE = re.compile(r"(?:教育项目|学习班|培训班)\s*((?:(?!教育项目)[^》《()（）。,，:]){2,40}?)\s*[(（]\s*项目编[号码]")


def _parse_credits_value(value: str, max_credits: float) -> float | None:
    """The amount after a credits label: an amount of 分 anywhere in its cell, else a number that
    opens the cell. Digits inside other words (an English label misread, ``((re1s:2分``) are none."""
    parts = re.split(r"\s+", value.strip())
    cell = parts[0]
    # the category, then the amount after a space (授予学分:国家级继续医学教育I类 10): the amount
    if len(parts) > 1 and re.fullmatch(r"\d{1,3}(?:\.\d)?学?分?", parts[1]) and (parse_category(cell) or re.search(r"类|级", cell)):
        cell = parts[1]
    # the category before the amount in one cell (核予学分:一类国家级10, 所授学分:I类(市级项目)7, 一类/市级6): its
    # class word's 一 / I is no amount
    m = re.fullmatch(r"(.+?)[:：·]?(\d{1,3}(?:\.\d)?)学?分?", cell)
    if m and (parse_category(m.group(1)) or re.search(r"类|级", m.group(1))
              or re.fullmatch(r"[\u4e00-\u9fff]{1,3}\s*[·.]?\s*[IⅠⅡ丨l|]{1,2}", m.group(1))):  # 国·丨10: 国家级 I类
        return parse_credits(m.group(2), max_credits=max_credits)
    m = re.search(r"(?<![A-Za-z\d.])(\d{1,3}(?:\.\d)?)\s*学?分", cell)
    if m:
        return parse_credits(m.group(1), max_credits=max_credits)
    # the amount that opens the cell, alone: 拾分,计40学时 is 10 credits (40 the hours), and hours
    # alone (40学时) are no credits
    m = re.match(r"([\d０-９]+(?:\.\d)?|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾半]{1,4}(?:点五)?)\s*(学时)?", cell)
    if not m or m.group(2):
        return None
    amount = m.group(1) if m.group(1)[0] in "0123456789０１２３４５６７８９" else m.group(1) + "分"
    return parse_credits(amount, max_credits=max_credits)


# Roles of a date, best first; a date of another role (issue, unknown) is never the field's value.
_DATE_ROLE_RANK = {"activity": 0, "date": 1}


def _dates(lines: list[TextLine], blob: str, conf: float,
           segs: list[cand.Segment] | None = None) -> tuple[list[Found], list[cand.DateCandidate]]:
    found = cand.date_candidates(lines, segs)
    issue = {d.value for d in found if d.role == "issue"}
    chosen: list[Found] = []
    for d in sorted(found, key=lambda d: (_DATE_ROLE_RANK.get(d.role, 9), not d.labelled)):
        if d.role in _DATE_ROLE_RANK:
            chosen.append((d.value, _repaired(d.conf) if date_repaired(d.raw) else d.conf, d.role))
    m = _WHEN_BODY.search(blob)  # the body's date with stray marks (``于2019年4月11H至13目``)
    if m:
        iso = parse_date(m.group(1))
        if iso and iso not in issue:
            chosen.append((iso, _repaired(conf) if date_repaired(m.group(1)) else conf, "activity"))
    return chosen, found


def _labelled_codes(segs: list[cand.Segment]) -> list[tuple[Found, str]]:
    out = []
    for seg in segs:
        if seg.label.field == "project_code" and seg.value:
            code = normalize_code(seg.value)
            if code:
                out.append(((code, seg.conf, "label"), seg.value))
        elif seg.label.field == "certificate_no" and seg.value:
            # a bare number label over a project code (编号2  2019-04-04-500(市)): the code, by its type
            codes = find_codes(seg.value) if _parse_certificate_no(seg.value) is None else []
            if len(codes) == 1:
                out.append(((codes[0], seg.conf, "label"), seg.value))
    return out


def _reads_as(field: str, value: str) -> bool:
    """Does ``value`` read as ``field``'s by its type alone? (Which side of a label row its values are
    on: ``candidates.label_rows``.) Titles prove nothing (any words are one), an organizer must end
    as an institution does."""
    from pipeline.normalize import organizer_suffixes

    cell = value.replace(" ", "")
    checks: dict[str, Callable[[str], object]] = {
        "name": lambda v: re.fullmatch(_CJK_NAME, v) and cand.cut_at_labels(v) == v,
        "project_code": lambda v: find_codes(v),
        "category": parse_category,
        "credits": lambda v: re.fullmatch(r"[\d.]+\s*分?", v) and parse_credits(v),
        "date": lambda v: find_dates(v),
        "issue_date": lambda v: find_dates(v),
        "mode": lambda v: len(v) <= 4 and parse_mode(v),
        "organizer": lambda v: (org := _parse_organizer(v)) and org.endswith(tuple(organizer_suffixes())),
        "certificate_no": _parse_certificate_no,
    }
    check = checks.get(field)
    return bool(check and cell and check(cell))


def _first(found: list[Found]) -> tuple[object, float] | None:
    return (found[0][0], found[0][1]) if found else None


def extract_certificate(result: OcrResult) -> CertificateFields:
    """Fields of one certificate page; unread fields are None; confidence per field read."""
    max_credits = float(section("extract")["max_credits"])
    lines = text_lines(result)
    blob, conf = _blob(lines)
    segs = cand.segments(lines, _reads_as)
    found_by: dict[str, list[Found]] = {
        "name": _names(segs, lines, blob, conf),
        "project_title": _labelled_found(segs, "project_title", _parse_title),
        "credits": _labelled_found(segs, "credits", lambda v: _parse_credits_value(v, max_credits)),
        "mode": _labelled_found(segs, "mode", parse_mode),
        "organizer": _labelled_found(segs, "organizer", _parse_organizer),
        "certificate_no": _certificate_first(segs, _labelled_found(segs, "certificate_no", _parse_certificate_no)),
        "category": _labelled_found(segs, "category", parse_category),
    }
    dates, all_dates = _dates(lines, blob, conf, segs)
    found_by["date"] = dates
    for field, finder in (("project_code", lambda: _code(lines, blob, conf)),
                          ("project_title", lambda: _title(lines, _sentence_blob(lines), conf)),
                          ("credits", lambda: _credits(lines, blob, conf, max_credits)),
                          ("organizer", lambda: _organizer(lines)),
                          ("certificate_no", lambda: _certificate_no(lines))):
        hit = finder()
        if hit and not (field == "organizer" and not _parse_organizer(str(hit[0]))):
            found_by.setdefault(field, []).append((hit[0], hit[1], "body"))
    if not found_by["mode"]:  # the sentence's 学习形式面授 / 形式面授 / 学习方式\n面授 (a line break inside)
        for rx in _mode_body():
            m = rx.search(blob)
            if m and parse_mode(m.group(1)):
                found_by["mode"].append((parse_mode(m.group(1)), conf * 0.9, "body"))
                break
    found_by["organizer"] += _body_organizers(blob, conf) or _body_organizers(_sentence_blob(lines), conf)
    found_by["certificate_no"] += _numbers_across_lines(lines)
    found_by["certificate_no"] += _standalone_numbers(lines)
    # A code under a label the old finders do not know (项目代码, 项目号) beats a code merely found in the
    # text; the body's 项目编号 (read over a line break) and the known labels keep their place.
    labelled_codes = [(v, _repaired(c) if code_repaired(str(raw), str(v)) else c, r)
                      for (v, c, r), raw in _labelled_codes(segs)]
    if labelled_codes and not (_CODE_BODY.search(blob) or _labelled(lines, _LBL_CODE)):
        found_by["project_code"] = labelled_codes + found_by.get("project_code", [])
    found: dict[str, tuple[object, float] | None] = {f: _first(v) for f, v in found_by.items()}
    _fill_fuzzy(found, lines, max_credits)
    if found.get("organizer") is None:  # a 承办单位 only where no 主办单位 was read at all, then a name alone
        found_by["organizer"] += _labelled_found(segs, "organizer", _parse_organizer, fallback=True)
        if not found_by["organizer"]:
            # a line another label names (the holder's 所属单位) is no organizer standing alone
            taken = {sg.value.replace(" ", "") for sg in segs if sg.label.field != "organizer"}
            found_by["organizer"] += _standalone_organizer(lines, taken)
        found["organizer"] = _first(found_by["organizer"])
    for field, find in (("project_code", _code), ("date", _date)):
        if found.get(field) is None:
            hit = _zeros_restored(find, lines, blob, conf)
            if hit and not (field == "date" and hit[0] in {d.value for d in all_dates if d.role == "issue"}):
                found[field] = hit
    code = found["project_code"][0] if found.get("project_code") else None
    if found.get("category") is None:
        found["category"] = _category(lines, blob, conf, code)  # type: ignore[arg-type]
        if found["category"] is not None:  # the body's class words (or the code's level, weaker)
            found_by.setdefault("category", []).append((found["category"][0], found["category"][1], "body"))
    if found.get("certificate_no") and found.get("category"):
        number, c = found["certificate_no"]
        fixed = _class_pair_repaired(class_numeral_repaired(str(number), str(found["category"][0])),
                                     str(found["category"][0]))
        if fixed != number:
            found["certificate_no"] = (fixed, _repaired(c))
    values = {k: v[0] for k, v in found.items() if v is not None}
    confidence = {k: round(min(max(float(v[1]), 0.0), 1.0), 3) for k, v in found.items() if v is not None}
    return CertificateFields(**values, confidence=confidence,
                             candidates=_candidates(found, found_by, all_dates),
                             page_text="\n".join(ln.text for ln in lines))


_CLASS_PAIR = re.compile(r"(?<=(?:19|20)\d\d)(lI|Il|ll|l|\|)(?=-|[A-Za-z]{2})")


def _class_pair_repaired(number: str, category: str) -> str:
    """A Class II certificate's II after the year read with an l (one stroke pair merged, ``JX2019l-556729``,
    ``2018lINB65922``) -> II; only where the certificate's own category is II类 and an l shows the misread."""
    if category != "II类":
        return number
    return _CLASS_PAIR.sub("II", number, count=1)


def _candidates(found: dict[str, tuple[object, float] | None], found_by: dict[str, list[Found]],
                all_dates: list[cand.DateCandidate]) -> dict[str, list[dict]]:
    """field -> every value offered (the chosen one first, then the others once each, with their roles)."""
    out: dict[str, list[dict]] = {}
    for field, hit in found.items():
        offered = list(found_by.get(field, []))
        if field == "date":
            offered += [(d.value, d.conf, d.role) for d in all_dates]
        if hit is not None:
            role = next((r for v, _c, r in offered if v == hit[0]), "other")
            offered.insert(0, (hit[0], hit[1], role))
        seen: set[tuple[str, str]] = set()
        rows = []
        for value, c, role in offered:
            key = (str(value), role)
            if key in seen:
                continue
            seen.add(key)
            rows.append({"value": value, "role": role, "conf": round(min(max(float(c), 0.0), 1.0), 3)})
        if rows:
            out[field] = rows
    return out


def extract_from_blob(result: OcrResult) -> CertificateFields:
    """The naive baseline's extraction: regexes over the whole text, no layout, no labels' rows."""
    text = "".join(ln.text for ln in result.lines).replace(" ", "")
    values: dict[str, object] = {}
    m = re.search(_CJK_NAME + r"同志", text) or re.search(r"姓名" + _CJK_NAME, text)
    if m:
        values["name"] = m.group(1)
    codes = find_codes(text)
    if codes:
        values["project_code"] = codes[0]
    m = _TITLE_QUOTED.search(text) or re.search(r"项目名称([\u4e00-\u9fff]{4,30})", text)
    if m:
        values["project_title"] = m.group(1)
    cat = parse_category(text)
    if cat:
        values["category"] = cat
    m = re.search(r"学分(\d{1,3}(?:\.\d)?)", text)
    if m:
        credits = parse_credits(m.group(1))
        if credits is not None:
            values["credits"] = credits
    iso = parse_date(text)
    if iso:
        values["date"] = iso
    mode = parse_mode(text)
    if mode:
        values["mode"] = mode
    m = re.search(r"(?:主办|发证)单位[:：]?([\u4e00-\u9fff]{4,30})", text)
    if m:
        values["organizer"] = m.group(1)
    m = re.search(r"证书编号[:：]?([A-Za-z0-9\-]{5,30})", text)
    if m:
        values["certificate_no"] = m.group(1)
    return CertificateFields(**values)
