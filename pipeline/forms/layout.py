"""A form's layout (``pipeline/config/forms.yaml``) -> a grid of placed cells.

The attachments are paper tables with merged cells. One layout description, read as an
HTML table (rows top-down, each cell ``span`` columns wide and ``rows`` rows tall, put in
the first column not covered by a cell above), is placed once here and drawn by both
renderers (``xlsx.py``, ``pdf.py``), so the XLSX and the PDF of a form cannot drift apart.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import PolicyError, Problem
from pipeline.settings import CONFIG_DIR, load_yaml

CONFIG_PATH = CONFIG_DIR / "forms.yaml"

Style = Literal["title", "label", "value", "head", "note", "sign"]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CellSpec(_Spec):
    text: str = ""
    span: int = Field(default=1, ge=1)
    rows: int = Field(default=1, ge=1)
    style: Style = "value"
    align: Literal["left", "center"] = "center"
    border: bool = True


class RowSpec(_Spec):
    cells: list[CellSpec]
    repeat: Literal["years"] | None = None
    height: float | None = None


class FormSpec(_Spec):
    title: str
    source: str
    file_label: str
    shows_id: bool = False  # the attachment asks for the ID number: written whole
    columns: list[float]  # relative widths (XLSX character widths)
    rows: list[RowSpec]


@dataclass(frozen=True)
class Cell:
    """A placed cell: 0-based top-left ``row``/``col``, extent, and its filled-in text."""

    row: int
    col: int
    rows: int
    cols: int
    text: str
    value: Any  # a number when the text is exactly one numeric placeholder, else the text
    style: str
    align: str
    border: bool


@dataclass(frozen=True)
class Grid:
    cells: list[Cell]
    n_rows: int
    n_cols: int
    heights: list[float]  # points, per row
    widths: list[float]  # relative, per column


@lru_cache(maxsize=1)
def forms_config() -> dict[str, Any]:
    return load_yaml(CONFIG_PATH)


def form_spec(key: str) -> FormSpec:
    """The layout of form ``key``; raises PolicyError naming forms.yaml and the key."""
    forms = forms_config()["forms"]
    if key not in forms:
        raise PolicyError([Problem(file=str(CONFIG_PATH), message=(
            f"forms.{key}: no such form; a policy's `forms:` may name {', '.join(sorted(forms))}"))])
    try:
        spec = FormSpec.model_validate(forms[key])
    except ValidationError as exc:
        raise PolicyError([Problem(file=str(CONFIG_PATH), message=f"forms.{key}.{'.'.join(map(str, e['loc']))}: "
                                   f"{e['msg']}") for e in exc.errors()]) from exc
    return spec


def _fill(template: str, ctx: dict[str, Any]) -> tuple[str, Any]:
    """(text, value): the template filled in; value is the number itself for a lone numeric field."""
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    text = template.format_map(_Blank(ctx))
    if len(fields) == 1 and template == "{" + fields[0] + "}":
        raw = ctx.get(fields[0])
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return text, raw
    return text, text


class _Blank(dict):
    """format_map context: missing or None fields print as nothing, numbers as 8 / 6.5."""

    def __init__(self, ctx: dict[str, Any]):
        super().__init__(ctx)

    def __missing__(self, key: str) -> str:
        return ""

    def __getitem__(self, key: str) -> Any:
        value = super().get(key)
        if value is None:
            return ""
        if isinstance(value, float):
            return format_number(value)
        return value


def format_number(value: float) -> str:
    """8.0 -> "8", 6.5 -> "6.5", 0.25 -> "0.25"."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def place(spec: FormSpec, ctx: dict[str, Any], years: list[dict[str, Any]], *, row_height: float) -> Grid:
    """Place every cell of ``spec``, a ``repeat: years`` row once per entry of ``years``."""
    n_cols = len(spec.columns)
    cells: list[Cell] = []
    heights: list[float] = []
    covered: set[tuple[int, int]] = set()
    rows: list[tuple[RowSpec, dict[str, Any]]] = []
    for row in spec.rows:
        if row.repeat == "years":
            rows += [(row, {**ctx, **y}) for y in years]
        else:
            rows.append((row, ctx))
    for r, (row, row_ctx) in enumerate(rows):
        heights.append(row.height or row_height)
        col = 0
        for cs in row.cells:
            while (r, col) in covered:
                col += 1
            if col + cs.span > n_cols:
                raise PolicyError([Problem(file=str(CONFIG_PATH), message=(
                    f"forms: {spec.title}: row {r + 1} is wider than its {n_cols} columns"))])
            text, value = _fill(cs.text, row_ctx)
            cells.append(Cell(r, col, cs.rows, cs.span, text, value, cs.style, cs.align, cs.border))
            covered |= {(r + dr, col + dc) for dr in range(cs.rows) for dc in range(cs.span)}
            col += cs.span
    n_rows = max([c.row + c.rows for c in cells], default=0)
    heights += [row_height] * (n_rows - len(heights))
    return Grid(cells=cells, n_rows=n_rows, n_cols=n_cols, heights=heights, widths=list(spec.columns))
