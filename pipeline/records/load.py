"""Load and validate the credit-system export (contract section 2).

A folder with ``persons.csv`` + ``credits.csv`` (UTF-8, UTF-8-BOM or GBK/GB18030)
or one ``.xlsx`` with sheets ``persons`` and ``credits``. Every problem is
collected with its file, row (header = row 1) and column, then raised at once
as :class:`RecordsError`; nothing is returned half-validated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.errors import Problem, RecordsError
from pipeline.models import CreditRecord, Person
from pipeline.normalize import to_halfwidth
from pipeline.records.idcard import id_problem, normalize_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Column:
    key: str  # English name / alias, the model field
    header: str  # Chinese header
    required: bool = False
    kind: str = "text"  # text | id | int | float | date | bool | bool_or_none | choice
    choices: tuple[str, ...] = ()


PERSON_COLUMNS: tuple[Column, ...] = (
    Column("id_number", "身份证号", True, "id"),
    Column("name", "姓名", True),
    Column("unit", "单位"),
    Column("unit_level", "单位级别", kind="choice", choices=("省级", "州市级", "县级", "乡镇", "村")),
    Column("title_level", "职称级别", kind="choice", choices=("初级", "中级", "副高", "正高")),
    Column("specialty", "专业"),
    Column("discipline_code", "学科代码"),
    Column("early_promotion", "提前晋升", kind="bool"),
    Column("covid_frontline", "抗疫一线", kind="bool"),
    Column("mandatory_training_passed", "全员培训", kind="bool_or_none"),
)

CREDIT_COLUMNS: tuple[Column, ...] = (
    Column("record_id", "记录编号", True),
    Column("id_number", "身份证号", True, "id"),
    Column("name", "姓名"),
    Column("year", "年度", True, "int"),
    Column("project_code", "项目编号"),
    Column("project_title", "项目名称"),
    Column("category", "学分类别", True, "choice", ("I类国家级", "I类省级", "II类")),
    Column("credits", "学分", True, "float"),
    Column("date", "日期", True, "date"),
    Column("mode", "学习形式", kind="choice", choices=("面授", "远程")),
    Column("organizer", "主办单位"),
    Column("certificate_no", "证书编号"),
    Column("entered_on", "录入日期", kind="date"),
)

_TRUE = {"是", "y", "yes", "true", "1", "t"}
_FALSE = {"否", "n", "no", "false", "0", "f"}
_DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_BLANK: dict[str, object] = {"bool": False, "bool_or_none": None, "date": None, "int": None, "float": None}
_SHEET_ALIASES = {"persons": ("persons", "人员", "人员信息"), "credits": ("credits", "学分", "学分记录")}


@dataclass
class RecordsExport:
    """A validated export: every person and credit record, with where they came from."""

    persons: list[Person]
    credits: list[CreditRecord]
    source: str = ""
    encodings: dict[str, str] = field(default_factory=dict)
    file_hashes: dict[str, str] = field(default_factory=dict)  # sha256 by file name, when it was read


class RecordsChangedError(RecordsError):
    """The export changed while it was being read or used: stop rather than mix old and new."""


# --------------------------------------------------------------------- reading


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """Decode CSV bytes: UTF-8 with BOM, UTF-8, GB18030 (a superset of GBK), then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            return None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


def _csv_rows(path: Path, problems: list[Problem], encodings: dict[str, str]) -> Iterator[list[str]] | None:
    name = path.name
    if not path.exists():
        problems.append(Problem(name, f"file not found in {path.parent}; the export needs persons.csv "
                                      "and credits.csv (or one .xlsx)"))
        return None
    data = path.read_bytes()
    if not data.strip():
        problems.append(Problem(name, "the file is empty (zero bytes); export it again from the credit system"))
        return None
    decoded = decode_bytes(data)
    if decoded is None:
        problems.append(Problem(name, "cannot decode the text: save it as UTF-8 or GBK"))
        return None
    text, enc = decoded
    encodings[name] = enc
    return csv.reader(io.StringIO(text, newline=""))  # streamed: a 1M-row export is not held twice


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _xlsx_sheets(path: Path, problems: list[Problem]) -> dict[str, list[list[str]] | None]:
    name = path.name
    out: dict[str, list[list[str]] | None] = {"persons": None, "credits": None}
    if path.stat().st_size == 0:
        problems.append(Problem(name, "the file is empty (zero bytes); export it again from the credit system"))
        return out
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problems.append(Problem(name, f"not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})"))
        return out
    try:
        by_lower = {s.strip().lower(): s for s in wb.sheetnames}
        for key, aliases in _SHEET_ALIASES.items():
            sheet = next((by_lower[a] for a in aliases if a in by_lower), None)
            if sheet is None:
                problems.append(Problem(name, f"sheet '{key}' is missing (sheets found: {wb.sheetnames})"))
                continue
            out[key] = [[_cell_text(v) for v in row] for row in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    return out


# ------------------------------------------------------------------ validation


def _header_key(h: str) -> str:
    return re.sub(r"\s+", "", to_halfwidth(h)).lower()


def _map_header(file: str, header: list[str], columns: tuple[Column, ...],
                problems: list[Problem]) -> dict[str, int]:
    lookup: dict[str, Column] = {}
    for col in columns:
        lookup[_header_key(col.header)] = col
        lookup[_header_key(col.key)] = col
        lookup[_header_key(f"{col.header}({col.key})")] = col
    index: dict[str, int] = {}
    for i, raw in enumerate(header):
        if not raw.strip():
            continue
        found = lookup.get(_header_key(raw))
        if found is None:
            problems.append(Problem(file, f"unknown column '{raw}'; expected one of "
                                          + ", ".join(f"{c.header} ({c.key})" for c in columns), 1, raw))
        elif found.key in index:
            problems.append(Problem(file, f"column {found.header} ({found.key}) appears twice", 1, raw))
        else:
            index[found.key] = i
    for col in columns:
        if col.required and col.key not in index:
            problems.append(Problem(file, f"required column {col.header} ({col.key}) is missing", 1, col.header))
    return index


@cache
def _id_check(s: str) -> str | None:
    return id_problem(s)


def _parse(col: Column, raw: str) -> tuple[object, str | None]:
    """(value, problem) for one cell; blank optional cells give the field's default."""
    s = raw.strip()
    if not s:
        if col.required:
            return None, "is blank but required"
        return _BLANK.get(col.kind, ""), None
    kind = col.kind
    if kind == "text":
        return sys.intern(s), None  # names, units, titles, organizers repeat: one copy each in memory
    if kind == "choice":
        return (s, None) if s in col.choices else (None, f"'{s}' is not one of {' / '.join(col.choices)}")
    if kind == "id":
        s = sys.intern(normalize_id(s))
        why = _id_check(s)
        return s, (f"ID number '{s}' is invalid: {why}" if why else None)
    if kind == "date":
        if len(s) == 10 and s[4] == "-" and s[7] == "-":  # the usual YYYY-MM-DD, fast
            try:
                return dt.date.fromisoformat(s), None
            except ValueError:
                return None, f"'{s}' is not a date in the form YYYY-MM-DD"
        m = _DATE_RE.match(to_halfwidth(s))
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), None
            except ValueError:
                pass
        return None, f"'{s}' is not a date in the form YYYY-MM-DD"
    if kind == "int":
        return (int(s), None) if re.fullmatch(r"\d{1,4}", s) else (None, f"'{s}' is not a whole number")
    if kind == "float":
        try:
            v = float(s)
        except ValueError:
            try:
                v = float(to_halfwidth(s))
            except ValueError:
                return None, f"'{s}' is not a number"
        return (v, None) if 0 <= v < 1000 else (None, f"{v} is out of range (0..999)")
    if kind in ("bool", "bool_or_none"):
        low = s.lower()
        if low in _TRUE:
            return True, None
        if low in _FALSE:
            return False, None
        return None, f"'{s}' must be 是 or 否"
    return s, None


def _rows(file: str, rows: Iterable[list[str]], columns: tuple[Column, ...],
          problems: list[Problem]) -> Iterator[tuple[int, dict[str, object]]]:
    """Validated rows as (row number, values); problems appended for every bad cell."""
    it = iter(rows)
    header = next(it, None)
    if header is None:
        problems.append(Problem(file, "no header row; the file holds nothing"))
        return
    index = _map_header(file, header, columns, problems)
    cols = [c for c in columns if c.key in index]
    for rowno, row in enumerate(it, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values: dict[str, object] = {}
        ok = True
        for col in cols:
            i = index[col.key]
            value, why = _parse(col, row[i] if i < len(row) else "")
            if why:
                problems.append(Problem(file, f"{col.header} ({col.key}) {why}", rowno, col.header))
                ok = False
            values[col.key] = value
        if ok:
            yield rowno, values
        elif columns is PERSON_COLUMNS and "id_number" in values and values["id_number"]:
            yield rowno, {**values, "_invalid": True}  # a person row with problems still names its 身份证号


def _persons(file: str, rows: Iterable[list[str]], problems: list[Problem]) -> dict[str, Person]:
    persons: dict[str, Person] = {}
    first_row: dict[str, int] = {}
    for rowno, v in _rows(file, rows, PERSON_COLUMNS, problems):
        if "id_number" not in v:  # the column is missing: reported once, rows cannot be checked further
            continue
        if "_invalid" in v:
            if str(v["id_number"]) not in persons:
                persons[str(v["id_number"])] = None  # type: ignore[assignment]  # known, already reported
                first_row[str(v["id_number"])] = rowno
            continue
        pid = str(v["id_number"])
        if pid in persons:
            problems.append(Problem(file, f"身份证号 {pid} appears again (first on row {first_row[pid]})",
                                    rowno, "身份证号"))
            continue
        first_row[pid] = rowno
        values = {c.key: _parse(c, "")[0] for c in PERSON_COLUMNS if c.key not in v} | v
        persons[pid] = Person.model_construct(None, **values)
    return persons


def _credits(file: str, rows: Iterable[list[str]], persons: dict[str, Person] | None,
             problems: list[Problem]) -> list[CreditRecord]:
    out: list[CreditRecord] = []
    seen: dict[str, int] = {}
    defaults = {"project_code": "", "project_title": "", "mode": "面授", "organizer": "",
                "certificate_no": None, "entered_on": None, "name": ""}
    for rowno, v in _rows(file, rows, CREDIT_COLUMNS, problems):
        if "record_id" not in v or "id_number" not in v:  # a key column is missing: reported once
            continue
        rid = str(v["record_id"])
        if rid in seen:
            problems.append(Problem(file, f"记录编号 {rid} is not unique (first on row {seen[rid]})",
                                    rowno, "记录编号"))
            continue
        seen[rid] = rowno
        pid = str(v["id_number"])
        person = persons.get(pid) if persons is not None else None
        if persons is not None and pid not in persons:
            problems.append(Problem(file, f"身份证号 {pid} is not in persons; add the person or fix the number",
                                    rowno, "身份证号"))
            continue
        data = {**defaults, **{k: val for k, val in v.items() if val not in ("", None)}}
        if not data["name"] and person is not None:
            data["name"] = person.name
        if not data.get("certificate_no"):
            data["certificate_no"] = None
        out.append(CreditRecord.model_construct(None, **data))
    return out


def _validate(source: str, persons_rows: Iterable[list[str]] | None, credits_rows: Iterable[list[str]] | None,
              names: tuple[str, str], problems: list[Problem], encodings: dict[str, str]) -> RecordsExport:
    persons = _persons(names[0], persons_rows, problems) if persons_rows is not None else None
    credits = _credits(names[1], credits_rows, persons, problems) if credits_rows is not None else []
    if problems:
        raise RecordsError(problems, hint=f"Fix {source} and import again; nothing was imported.")
    log.info("records export %s: %d persons, %d credit records", source, len(persons or {}), len(credits))
    return RecordsExport([p for p in (persons or {}).values() if p is not None], credits, source, encodings)


def export_files(path: Path) -> list[Path]:
    """The files an export consists of (what ``load_export`` reads), for hashing."""
    path = Path(path)
    if path.is_dir():
        xlsx = sorted(path.glob("*.xlsx"))
        if not (path / "persons.csv").exists() and len(xlsx) == 1:
            return xlsx
        return [p for p in (path / "persons.csv", path / "credits.csv") if p.exists()]
    return [path] if path.exists() else []


def export_hashes(path: Path) -> dict[str, str]:
    """sha256 of each file of the export, by file name."""
    from pipeline.cache import file_sha256

    return {p.name: file_sha256(p) for p in export_files(path)}


def changed_files(path: Path, before: dict[str, str]) -> list[str]:
    """The export's files whose content differs from ``before`` (or that appeared or went)."""
    after = export_hashes(path)
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


def check_unchanged(path: Path, before: dict[str, str]) -> None:
    """Raise RecordsChangedError naming each file of the export that changed since ``before``."""
    changed = changed_files(path, before)
    if changed:
        raise RecordsChangedError([Problem(name, (
            "changed while the run was using it (its sha256 differs from when it was read); "
            "the findings would mix the old and the new export, so none were written")) for name in changed],
            hint=f"Wait until {path} is completely exported, then run again.")


def load_export(path: Path) -> RecordsExport:
    """Read and validate an export folder or .xlsx; raises RecordsError listing every problem.

    The export's files are hashed before and after reading: one that changed meanwhile (an export
    still being written, a copy over the network) stops the load, rather than importing a mix of
    old and new rows (all or nothing).
    """
    path = Path(path)
    before = export_hashes(path)
    export = _load_export(path)
    changed = changed_files(path, before)
    if changed:
        raise RecordsChangedError([Problem(name, "changed while it was being read (its sha256 differs "
                                                 "before and after); nothing was imported") for name in changed],
                                  hint=f"Wait until {path} is completely exported, then run again.")
    export.file_hashes = before
    return export


def _load_export(path: Path) -> RecordsExport:
    problems: list[Problem] = []
    encodings: dict[str, str] = {}
    if path.is_dir():
        xlsx = sorted(path.glob("*.xlsx"))
        if not (path / "persons.csv").exists() and len(xlsx) == 1:
            path = xlsx[0]
        else:
            p_rows = _csv_rows(path / "persons.csv", problems, encodings)
            c_rows = _csv_rows(path / "credits.csv", problems, encodings)
            return _validate(str(path), p_rows, c_rows, ("persons.csv", "credits.csv"), problems, encodings)
    if path.suffix.lower() == ".xlsx" and path.exists():
        sheets = _xlsx_sheets(path, problems)
        return _validate(str(path), sheets["persons"], sheets["credits"],
                         (f"{path.name}:persons", f"{path.name}:credits"), problems, encodings)
    raise RecordsError([Problem(str(path), "not an export: give a folder with persons.csv and credits.csv, "
                                           "or one .xlsx with sheets persons and credits")])


