"""The static reviewer report: ``OUT/report.html`` (the index) and ``OUT/report/<n>.html`` per applicant.

Self-contained: inline CSS and JS, no network resources; evidence images are the files
under ``OUT/evidence/`` beside it (linked relatively, so the OUT folder can be copied or
zipped whole). The index lists every applicant with verdict, unit and flag counts and
filters and sorts in the browser (inline JS, one table: fine at 5,000 rows). Each
applicant page shows the verdict, the rules with clause, value and threshold, every flag
in Chinese with its evidence, links to the office forms and the pages as read.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.atomic import atomic_write
from pipeline.models import Findings
from pipeline.report.view import applicant_views, load_report_config, report_view, sorted_applicants

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
REPORT_FILE = "report.html"


def _num(value: object) -> object:
    """8.0 -> 8, 6.5 -> 6.5; anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One environment per process: templates are compiled once, not once per applicant page."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _num
    return env


def _mark_missing_images(view: dict[str, Any], out: Path | None) -> None:
    for flag in view["flags"]:
        for ev in flag["evidence"]:
            ev["exists"] = bool(ev["path"]) and (out is None or (out / ev["path"]).is_file())


def render_report(findings: Findings, *, eval_summary: dict | None = None, show_id: bool = False,
                  forms: Any = None) -> str:
    """The index page's HTML as a string; ID numbers masked unless ``show_id``."""
    index = report_view(findings, eval_summary=eval_summary, show_id=show_id)
    index["forms"] = _form_links(forms)
    return _environment().get_template("index.html.j2").render(**index)


def _form_links(forms: Any) -> list[dict[str, str]]:
    if forms is None:
        return []
    return [{"title": forms.titles[k], "pdf": f"forms/{p.name}"} for k, p in forms.pdfs.items()]


def render_applicant(view: dict[str, Any], *, prev: dict | None, next_: dict | None, forms: Any = None,
                     decision: str = "") -> str:
    """One applicant's page (``view`` from ``applicant_views``)."""
    cfg = load_report_config()
    return _environment().get_template("applicant.html.j2").render(
        a=view, title=cfg["title"], index_file=REPORT_FILE,
        prev={"file": Path(prev["page"]).name, "name": prev["name"] or prev["applicant_key"]} if prev else None,
        next={"file": Path(next_["page"]).name, "name": next_["name"] or next_["applicant_key"]} if next_ else None,
        forms=forms.for_applicant(view["number"]) if forms is not None else [], decision=decision)


def write_report(findings: Findings, out: Path, *, eval_summary: dict | None = None,
                 show_id: bool = False, forms: Any = None, decisions: dict[str, str] | None = None) -> Path:
    """Write ``out/report.html`` and one page per applicant under ``out/report/``; returns the index.

    ``eval_summary`` (e.g. EvalReport.headline()) adds a figures table to the index;
    ``forms`` (``pipeline.forms.FormsWritten``) links each applicant's forms; ``decisions``
    (applicant key -> the reviewer's final decision) shows it on the page.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    views = applicant_views(findings, show_id=show_id)
    index = report_view(findings, eval_summary=eval_summary, show_id=show_id, applicants=views)
    index["forms"] = _form_links(forms)
    env = _environment()
    path = out / REPORT_FILE
    atomic_write(path, env.get_template("index.html.j2").render(**index))
    pages_dir = out / load_report_config()["pages_dir"]
    pages_dir.mkdir(parents=True, exist_ok=True)
    keys = [a.applicant_key for a in sorted_applicants(findings)]  # the views' keys may be masked
    for i, (view, key) in enumerate(zip(views, keys)):
        _mark_missing_images(view, out)
        html = render_applicant(view, prev=views[i - 1] if i else None,
                                next_=views[i + 1] if i + 1 < len(views) else None, forms=forms,
                                decision=(decisions or {}).get(key, ""))
        atomic_write(out / view["page"], html)
    for stale in pages_dir.glob("*.html"):  # pages of a previous run with more applicants
        if stale.stem.isdigit() and int(stale.stem) > len(views):
            stale.unlink()
    log.info("wrote %s and %d applicant pages", path, len(views))
    return path
