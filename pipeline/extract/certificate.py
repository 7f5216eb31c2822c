"""A certificate page's OcrResult -> CertificateFields.

Layout first: labelled fields (``项目编号：``) are read from their line, or
the line after the label; the running text of the body (``张三同志 ... 《title》
... 授予I类学分6分``) fills the rest. What is not read stays None.
"""

from __future__ import annotations

import re

from pipeline.extract.layout import TextLine, labelled, text_lines
from pipeline.io.config import section
from pipeline.models import CertificateFields, OcrResult
from pipeline.normalize import (
    category_from_code,
    find_codes,
    normalize_code,
    parse_category,
    parse_credits,
    parse_date,
    parse_mode,
)

_NAME = r"([\u4e00-\u9fff]{2,4})"
_LBL_NAME = re.compile(r"(?:姓\s*名|学员姓名|学员)\s*[:：]?\s*")
_NAME_BODY = [
    re.compile(_NAME + r"\s*(?:同志|学员|医师|先生|女士)\s*[:：,，]?"),
    re.compile(r"(?:兹证明|兹有|证明)\s*[:：]?\s*" + _NAME + r"\s*(?:同志|于|参加|在)"),
]
_LBL_CODE = re.compile(r"(?:项目编号|项目编码|编\s*号)\s*[:：]?\s*")
_LBL_TITLE = re.compile(r"(?:项目名称|课程名称|项\s*目)\s*[:：]\s*")
_TITLE_QUOTED = re.compile(r"《\s*([^》]{2,60}?)\s*》")
_LBL_CATEGORY = re.compile(r"(?:学分类别|类\s*别|学分类型)\s*[:：]?\s*")
_LBL_CREDITS = re.compile(r"(?:学\s*分(?:数)?|授予学分|获得学分)\s*[:：]\s*")
_CREDITS_BODY = re.compile(r"(?:授予|获得|计|予)\s*(?:[IⅠⅡl1二一]+\s*类)?\s*(?:继续医学教育)?\s*(?:学分)?\s*"
                           r"(\d{1,3}(?:\.\d)?)\s*(?:学)?分")
_CREDITS_ANY = re.compile(r"(\d{1,3}(?:\.\d)?)\s*学分")
_LBL_DATE = re.compile(r"(?:举办(?:日期|时间)|培训(?:日期|时间)|学习(?:日期|时间)|活动(?:日期|时间)|"
                       r"项目(?:日期|时间)|(?<!发证)(?<!颁发)日\s*期|时\s*间)\s*[:：]\s*")
_ISSUE_DATE = re.compile(r"发证|颁发|签发|落款")
_LBL_MODE = re.compile(r"(?:学习形式|举办形式|形\s*式|方式)\s*[:：]?\s*")
_LBL_ORG = re.compile(r"(?:主办单位|举办单位|主\s*办|承办单位|授予单位|发证单位)\s*[:：]\s*")
_ORG_WORDS = re.compile(r"(医院|大学|学院|学会|协会|委员会|中心|研究所|卫生健康|卫健委|分会|医学会)")
_LBL_CERTNO = re.compile(r"(?:证书编号|证书号|证\s*号|No\.?|NO\.?|№)\s*[:：]?\s*")
_CERTNO = re.compile(r"([A-Za-z0-9][A-Za-z0-9\-]{4,30})")


def _first_date(lines: list[TextLine]) -> tuple[str, float] | None:
    """The activity date: a labelled date first, else the first date outside the issue line."""
    hit = labelled(lines, _LBL_DATE)
    if hit:
        iso = parse_date(hit[0])
        if iso:
            return iso, hit[1]
    for ln in lines:
        if _ISSUE_DATE.search(ln.text) or find_codes(ln.text) and not re.search(r"年", ln.text):
            continue
        iso = parse_date(ln.text)
        if iso:
            return iso, ln.conf * 0.9
    return None


def _name(lines: list[TextLine]) -> tuple[str, float] | None:
    hit = labelled(lines, _LBL_NAME)
    if hit:
        m = re.match(_NAME, hit[0])
        if m:
            return m.group(1), hit[1]
    for ln in lines:
        for rx in _NAME_BODY:
            m = rx.search(ln.text)
            if m:
                return m.group(1), ln.conf * 0.9
    return None


def _title(lines: list[TextLine]) -> tuple[str, float] | None:
    hit = labelled(lines, _LBL_TITLE)
    if hit:
        m = _TITLE_QUOTED.search(hit[0])
        value = m.group(1) if m else hit[0]
        value = value.strip(" 《》")
        if value:
            return value, hit[1]
    text = "".join(ln.text for ln in lines)
    m = _TITLE_QUOTED.search(text)
    if m:
        confs = [ln.conf for ln in lines if "《" in ln.text or "》" in ln.text]
        return m.group(1).strip(), min(confs) if confs else 0.5
    return None


def _code(lines: list[TextLine]) -> tuple[str, float] | None:
    hit = labelled(lines, _LBL_CODE)
    if hit:
        code = normalize_code(hit[0])
        if code:
            return code, hit[1]
    for ln in lines:
        codes = find_codes(ln.text)
        if codes:
            return codes[0], ln.conf * 0.9
    return None


def _credits(lines: list[TextLine], max_credits: float) -> tuple[float, float] | None:
    hit = labelled(lines, _LBL_CREDITS)
    if hit:
        value = parse_credits(hit[0], max_credits=max_credits)
        if value is not None:
            return value, hit[1]
    for rx in (_CREDITS_BODY, _CREDITS_ANY):
        for ln in lines:
            m = rx.search(ln.text)
            if m:
                value = parse_credits(m.group(1), max_credits=max_credits)
                if value is not None:
                    return value, ln.conf * 0.9
    return None


def _category(lines: list[TextLine], code: str | None) -> tuple[str, float] | None:
    hit = labelled(lines, _LBL_CATEGORY)
    if hit:
        cat = parse_category(hit[0])
        if cat:
            return cat, hit[1]
    text = "".join(ln.text for ln in lines).replace(" ", "")
    if re.search(r"(?:II|Ⅱ|二)类", text):
        return "II类", 0.8
    if re.search(r"(?:国家级)", text):
        return "I类国家级", 0.85
    if re.search(r"省级", text):
        return "I类省级", 0.85
    from_code = category_from_code(code)
    if from_code:
        return from_code, 0.7
    return None


def _mode(lines: list[TextLine]) -> tuple[str, float] | None:
    hit = labelled(lines, _LBL_MODE)
    if hit:
        mode = parse_mode(hit[0])
        if mode:
            return mode, hit[1]
    mode = parse_mode("".join(ln.text for ln in lines))
    return (mode, 0.7) if mode else None


def _organizer(lines: list[TextLine]) -> tuple[str, float] | None:
    hit = labelled(lines, _LBL_ORG)
    if hit and hit[0]:
        return hit[0].split(" ")[0].strip(), hit[1]
    # The signature block: a line near the bottom naming an institution, above the issue date.
    for ln in reversed(lines):
        text = ln.text.replace(" ", "")
        if _ORG_WORDS.search(text) and len(text) <= 30 and not re.search(r"[:：]|证书|兹|授予|同志", text):
            return text, ln.conf * 0.8
    return None


def _certificate_no(lines: list[TextLine]) -> tuple[str, float] | None:
    for ln in lines:
        m = _LBL_CERTNO.search(ln.text)
        if not m or _LBL_CODE.match(ln.text[m.start():]) and "证书" not in ln.text[:m.end()]:
            continue
        if "项目" in ln.text[max(0, m.start() - 2):m.end()]:
            continue
        value = _CERTNO.search(ln.text[m.end():].replace(" ", ""))
        if value:
            return value.group(1), ln.conf
    return None


def extract_certificate(result: OcrResult) -> CertificateFields:
    """Fields of one certificate page; unread fields are None; confidence per field read."""
    max_credits = float(section("extract")["max_credits"])
    lines = text_lines(result)
    found: dict[str, tuple[object, float] | None] = {}
    found["name"] = _name(lines)
    found["project_code"] = _code(lines)
    found["project_title"] = _title(lines)
    found["credits"] = _credits(lines, max_credits)
    found["date"] = _first_date(lines)
    code = found["project_code"][0] if found["project_code"] else None
    found["category"] = _category(lines, code)  # type: ignore[arg-type]
    found["mode"] = _mode(lines)
    found["organizer"] = _organizer(lines)
    found["certificate_no"] = _certificate_no(lines)
    values = {k: v[0] for k, v in found.items() if v is not None}
    confidence = {k: round(float(v[1]), 3) for k, v in found.items() if v is not None}
    return CertificateFields(**values, confidence=confidence)


def extract_from_blob(result: OcrResult) -> CertificateFields:
    """The naive baseline's extraction: regexes over the whole text, no layout."""
    text = "".join(ln.text for ln in result.lines).replace(" ", "")
    values: dict[str, object] = {}
    m = re.search(_NAME + r"同志", text)
    if m:
        values["name"] = m.group(1)
    codes = find_codes(text)
    if codes:
        values["project_code"] = codes[0]
    m = _TITLE_QUOTED.search(text)
    if m:
        values["project_title"] = m.group(1)
    cat = parse_category(text)
    if cat:
        values["category"] = cat
    m = _CREDITS_ANY.search(text)
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
    m = re.search(r"主办单位[:：]?([\u4e00-\u9fff]{4,30})", text)
    if m:
        values["organizer"] = m.group(1)
    m = re.search(r"证书编号[:：]?([A-Za-z0-9\-]{5,30})", text)
    if m:
        values["certificate_no"] = m.group(1)
    return CertificateFields(**values)
