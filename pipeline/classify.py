"""An OCR reading of a page -> its kind (certificate, annual list, registration form, other, unreadable).

Keywords with weights (``classify.keywords`` in reading.yaml) plus layout: a table of dated rows
with project codes marks an annual list, and so do several distinct project codes on one page
however its cells were cut into lines (a certificate names one project, a registration form none):
types, not the list's column titles, which every organizer words its own way.

A certificate printed as a header row of column titles over one value row (a system print-out, a
fill-in form titled 学分登记表) has a list's words but names one project: exactly one project code
on the page counts for a certificate (``one_code_weight``). Evidence that holds for any layout adds
to a kind (``classify.evidence``: a year-list title ``2019年度…`` for a list, which no certificate
prints; a labelled certificate number ``编号：2019…`` for a certificate, which no list prints).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from pipeline.io.config import section
from pipeline.models import OcrResult, PageKind
from pipeline.normalize import code_repaired, find_codes, normalize_text, parse_date

_CJK = re.compile(r"[\u3400-\u9fff]")


def _dated_code_rows(result: OcrResult) -> int:
    rows = 0
    for line in result.lines:
        text = normalize_text(line.text)
        if parse_date(text) and find_codes(text):
            rows += 1
    return rows


def _distinct_codes(result: OcrResult) -> int:
    """Distinct project codes printed whole: with their level suffix (``2019-04-01-373(市)``) or their
    groups as printed (``2021-07-01-893``, the suffix lost in a scan); a registration number that only
    parses as a code once repaired (``CM2019-11-86227``) is none, and codes one character apart count
    once (a counterfoil repeats its code, once misread)."""
    seen: list[str] = []
    for line in result.lines:
        text = normalize_text(line.text)
        for code in find_codes(text):
            whole = code.endswith(")") or not code_repaired(text, code)
            if whole and all(_apart(code, other) for other in seen):
                seen.append(code)
    return len(seen)


def _apart(a: str, b: str) -> bool:
    """Two codes read are two projects: more than one character apart, their level suffixes compared where
    both print one (2018-04-02-633(市) and 2018-04-02-733(省) are two)."""
    if not (a.endswith(")") and b.endswith(")")):
        a, b = a.split("(")[0], b.split("(")[0]
    return Levenshtein.distance(a, b) > 1


@lru_cache(maxsize=1)
def _evidence_cached(items: tuple[tuple[str, str, float], ...]) -> list[tuple[str, re.Pattern, float]]:
    return [(kind, re.compile(rx), weight) for kind, rx, weight in items]


def _evidence(items: list[dict]) -> list[tuple[str, re.Pattern, float]]:
    """``classify.evidence`` of reading.yaml: (kind, pattern on the page's text without spaces, weight)."""
    return _evidence_cached(tuple((e["kind"], e["pattern"], float(e["weight"])) for e in items))


def _keywords(base: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """reading.yaml's keywords plus the vocabulary's ``page_keywords`` (ocr_models/vocab/labels.yaml)."""
    from pipeline.extract.candidates import vocab

    merged = {kind: dict(words) for kind, words in base.items()}
    for kind, words in (vocab().get("page_keywords") or {}).items():
        merged.setdefault(kind, {}).update(words)
    return merged


def classify(result: OcrResult, *, blank: bool = False) -> tuple[PageKind, float]:
    """(kind, confidence 0..1). Blank or too little readable text -> unreadable."""
    cfg = section("classify")
    text = normalize_text(result.text).replace(" ", "")
    if blank:
        return "unreadable", 1.0
    if len(_CJK.findall(text)) < cfg["min_chars_readable"]:
        return "unreadable", 0.8
    chars = sum(len(line.text) for line in result.lines)
    mean_conf = sum(line.conf * len(line.text) for line in result.lines) / max(chars, 1)
    if mean_conf < cfg["min_mean_conf"]:
        return "unreadable", round(1.0 - mean_conf, 3)
    scores: dict[str, float] = {}
    for kind, words in _keywords(cfg["keywords"]).items():
        scores[kind] = float(sum(weight for word, weight in words.items() if word in text))
    table_rows = _dated_code_rows(result)
    codes = _distinct_codes(result)
    rows = max(table_rows, codes if codes >= 2 else 0)
    if rows >= 2:
        scores["annual_list"] += float(cfg["code_row_weight"]) * rows
        for kind in cfg["kinds_without_codes"]:  # pages that never list projects (totals only)
            scores[kind] = 0.0
    elif table_rows == 1 or codes == 1:  # one project named: a certificate's mark, whatever its layout
        scores["certificate"] += float(cfg["one_code_weight"])
    for kind, rx, weight in _evidence(cfg["evidence"]):
        if rx.search(text):
            scores[kind] = scores.get(kind, 0.0) + weight
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score <= 0:
        return "other", 0.5
    confidence = best_score / (best_score + second) if best_score + second > 0 else 0.5
    if confidence < cfg["min_confidence"]:
        return "other", confidence
    return best, round(confidence, 3)  # type: ignore[return-value]
