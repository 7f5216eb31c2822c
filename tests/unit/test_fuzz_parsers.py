"""Parsers under fuzzing (issue 16): nothing escapes them but the documented error types.

The value parsers (dates, credits, project codes, certificate and ID numbers) return a value or
None and never raise; the records header/row parser raises only RecordsError; the policy loader
only PolicyError. Hypothesis draws OCR-like text (CJK, full-width forms, digits, punctuation,
control characters) and mutations of real inputs; a fixed seed keeps CI deterministic.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PolicyError, RecordsError
from pipeline.normalize import (
    normalize_certificate_no,
    normalize_code,
    parse_credits,
    parse_date,
    parse_id_number,
)
from pipeline.records.idcard import id_problem, normalize_id
from pipeline.records.load import load_export
from pipeline.rules import load_policy

FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FEW = settings(max_examples=30, deadline=None, derandomize=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# what OCR of a certificate produces: digits (also full-width and Chinese numerals), CJK, the
# separators of dates and codes, brackets, stray marks, whitespace and the odd control character
_OCR_ALPHABET = st.sampled_from(list(
    "0123456789０１２３４５６７８９〇零一二三四五六七八九十百年月日号至到~～-—－–/.:：;,，。()（）[]【】"
    "国省市县区类ⅠⅡI l|OoSsBZ学分证书编号项目授予第期号 \t\n\r\x00\x0b\u3000\ufeff"))
ocr_text = st.one_of(st.text(_OCR_ALPHABET, max_size=40), st.text(max_size=30))
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@FUZZ
@given(ocr_text)
def test_parse_date_returns_an_iso_date_or_none(s: str) -> None:
    value = parse_date(s)
    if value is not None:
        assert ISO.match(value), value
        dt.date.fromisoformat(value)  # a real calendar date


@FUZZ
@given(ocr_text)
def test_parse_credits_returns_a_bounded_number_or_none(s: str) -> None:
    value = parse_credits(s)
    assert value is None or (isinstance(value, float) and 0 <= value <= 100), value


@FUZZ
@given(ocr_text)
def test_normalize_code_returns_a_code_or_none(s: str) -> None:
    value = normalize_code(s)
    assert value is None or (isinstance(value, str) and re.match(r"^\d{4}-", value)), value


@FUZZ
@given(st.one_of(ocr_text, st.none()))
def test_normalize_certificate_no_never_raises(s: str | None) -> None:
    value = normalize_certificate_no(s)
    assert value is None or isinstance(value, str)


@FUZZ
@given(ocr_text)
def test_id_number_parsers_never_raise(s: str) -> None:
    value = parse_id_number(s)
    assert value is None or len(value) == 18
    why = id_problem(normalize_id(s))
    assert why is None or isinstance(why, str)


@FUZZ
@given(st.text(st.sampled_from(list("0123456789Xx")), min_size=18, max_size=18))
def test_id_problem_accepts_only_checksummed_numbers(s: str) -> None:
    from pipeline.records.idcard import check_digit

    if id_problem(s) is None:
        assert check_digit(s[:17]) == s[17].upper()


# ------------------------------------------------------------------ records export headers / rows

_HEADERS = ["身份证号", "姓名", "单位", "单位级别", "职称级别", "记录编号", "年度", "项目编号", "学分类别",
            "学分", "日期", "学习形式", "主办单位", "证书编号", "录入日期", "id_number", "name", "credits"]
cell = st.one_of(st.sampled_from(["", "是", "否", "I类国家级", "II类", "2022", "2022-05-01", "6",
                                  "330302198001011234", "面授"]), st.text(max_size=12))
row = st.lists(cell, max_size=8)
header = st.lists(st.one_of(st.sampled_from(_HEADERS), st.text(max_size=8)), max_size=10)


def _csv(lines: list[list[str]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(lines)
    return buf.getvalue()


@FEW
@given(header, st.lists(row, max_size=5), header, st.lists(row, max_size=5),
       st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]), st.binary(max_size=40))
def test_records_loader_raises_only_records_error(tmp_path_factory: pytest.TempPathFactory, p_head: list[str],
                                                   p_rows: list[list[str]], c_head: list[str],
                                                   c_rows: list[list[str]], encoding: str, junk: bytes) -> None:
    folder = tmp_path_factory.mktemp("export")
    (folder / "persons.csv").write_bytes(_csv([p_head, *p_rows]).encode(encoding, errors="replace"))
    (folder / "credits.csv").write_bytes(_csv([c_head, *c_rows]).encode(encoding, errors="replace") + junk)
    try:
        export = load_export(folder)
    except RecordsError as exc:
        assert str(exc)
    else:
        assert export.file_hashes.keys() == {"persons.csv", "credits.csv"}


@FEW
@given(st.binary(max_size=300))
def test_a_broken_workbook_raises_only_records_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "export.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    with pytest.raises(RecordsError):
        load_export(path)


# ------------------------------------------------------------------------------ policy loader

_REAL = yaml.safe_load((Path(__file__).resolve().parents[2] / "pipeline" / "policies" / "wenzhou-2023.yaml")
                       .read_text(encoding="utf-8"))
junk_value = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True),
                       st.text(max_size=10), st.lists(st.integers(), max_size=3),
                       st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


_PATHS = _paths(_REAL)


@st.composite
def mutated_policy(draw: st.DrawFn) -> dict:
    policy = copy.deepcopy(_REAL)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(_PATHS))
        parent = policy
        try:
            for key in where[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(where[-1], None)
            else:
                parent[where[-1]] = draw(junk_value)
        except (KeyError, IndexError, TypeError):
            continue
    return policy


@FEW
@given(st.one_of(mutated_policy(), st.text(max_size=200)))
def test_policy_loader_raises_only_policy_error(tmp_path_factory: pytest.TempPathFactory, content: object) -> None:
    path = tmp_path_factory.mktemp("policy") / "fuzzed.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    try:
        policy = load_policy(str(path))
    except PolicyError as exc:
        assert str(exc)
    else:
        assert policy.rules


def test_the_unmutated_policy_loads(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump(_REAL, allow_unicode=True), encoding="utf-8")
    assert load_policy(str(path)).rules  # the mutations above start from a valid policy
