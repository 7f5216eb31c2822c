"""The reviewer report: one self-contained HTML page (inline CSS, no network), Chinese labels."""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.models import Findings
from pipeline.report.view import report_view

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
REPORT_FILE = "report.html"


def _num(value: object) -> object:
    """8.0 -> 8, 6.5 -> 6.5; anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _num
    return env


def render_report(findings: Findings, *, eval_summary: dict | None = None, show_id: bool = False) -> str:
    """The report's HTML as a string; ID numbers masked unless ``show_id``."""
    return _environment().get_template("report.html.j2").render(
        **report_view(findings, eval_summary=eval_summary, show_id=show_id))


def write_report(findings: Findings, out: Path, *, eval_summary: dict | None = None,
                 show_id: bool = False) -> Path:
    """Write ``out/report.html``; ``eval_summary`` (e.g. EvalReport.headline()) adds a figures table."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORT_FILE
    path.write_text(render_report(findings, eval_summary=eval_summary, show_id=show_id), encoding="utf-8")
    log.info("wrote %s", path)
    return path
