"""The registration summary form (学分登记汇总表) -> RegistrationForm: who, and totals per year."""

from __future__ import annotations

import re

from pipeline.extract.layout import cut_at_next_label, labelled, text_lines
from pipeline.models import OcrResult, RegistrationForm
from pipeline.normalize import parse_credits, parse_id_number

_LBL_NAME = re.compile(r"姓\s*名\s*[:：]?\s*")
_LBL_UNIT = re.compile(r"(?:所在单位名称|单位名称|工作单位|单\s*位)\s*[:：]\s*")
_YEAR_ROW = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:年度?)?")
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d)?)(?![\d.])")


def extract_form(result: OcrResult) -> RegistrationForm:
    lines = text_lines(result)
    name = unit = None
    hit = labelled(lines, _LBL_NAME)
    if hit:
        m = re.match(r"([\u4e00-\u9fff]{2,4})", cut_at_next_label(hit[0].replace(" ", "")))
        name = m.group(1) if m else None
    hit = labelled(lines, _LBL_UNIT)
    if hit:
        m = re.match(r"([\u4e00-\u9fff()（）]{4,40})", hit[0].replace(" ", ""))
        unit = m.group(1) if m else None
    id_number = parse_id_number(" ".join(ln.text for ln in lines))
    totals: dict[int, float] = {}
    for ln in lines:
        m = _YEAR_ROW.match(ln.text)
        if not m:
            continue
        numbers = _NUMBER.findall(ln.text[m.end():])
        if not numbers:
            continue
        total = parse_credits(numbers[-1], max_credits=999)
        if total is not None:
            totals[int(m.group(1))] = total
    return RegistrationForm(name=name, id_number=id_number, unit=unit, totals=totals)
