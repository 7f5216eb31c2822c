"""The office's own forms, filled from the records and the findings (``OUT/forms/``).

A policy names its forms (``forms: [wenzhou-annex1]`` in ``pipeline/policies/*.yaml``);
each form's layout is data (``pipeline/config/forms.yaml``), placed once
(``layout.py``) and drawn twice: one XLSX per applicant (``OUT/forms/<form>/<n>-<name>.xlsx``,
``n`` = the applicant's page number in the report) and one PDF per form with a page per
applicant (``OUT/forms/<form>.pdf``, for printing in one go; one PDF per applicant would
embed the CJK font thousands of times). Applicants the audit could not tie to a person
in the records get no form: there is nothing to fill it from.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.forms.data import ExportRecords, RecordSource, applicant_years, form_context, year_totals
from pipeline.forms.layout import forms_config, form_spec, place
from pipeline.forms.pdf import FormPage, write_forms_pdf
from pipeline.forms.xlsx import write_form_xlsx
from pipeline.models import ApplicantFindings, Findings

log = logging.getLogger(__name__)

FORMS_DIR = "forms"
_UNSAFE = re.compile(r'[\\/:*?"<>|\[\]\x00-\x1f]')

__all__ = ["ExportRecords", "FormsWritten", "RecordSource", "policy_forms", "write_forms"]


@dataclass
class FormsWritten:
    """What ``write_forms`` wrote: per form key, the PDF and the XLSX per report number."""

    pdfs: dict[str, Path] = field(default_factory=dict)
    xlsx: dict[str, dict[int, Path]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def for_applicant(self, number: int) -> list[dict[str, str]]:
        """[{title, xlsx, pdf}] for the applicant with report number ``number`` (paths relative to OUT)."""
        out = []
        for key, by_number in self.xlsx.items():
            if number in by_number:
                out.append({"title": self.titles[key], "xlsx": f"{FORMS_DIR}/{key}/{by_number[number].name}",
                            "pdf": f"{FORMS_DIR}/{self.pdfs[key].name}"})
        return out


def policy_forms(policy: Any) -> list[str]:
    """The form keys a policy names (none for a policy without ``forms:``)."""
    return list(getattr(policy.spec, "forms", None) or []) if policy is not None else []


def safe_name(text: str) -> str:
    return _UNSAFE.sub("_", text).strip() or "applicant"


def write_forms(findings: Findings, out: Path, *, policy: Any, records: RecordSource,
                applicants: list[ApplicantFindings], show_id: bool = False,
                labels: dict[str, Any]) -> FormsWritten:
    """Write every form of ``policy`` for every resolved applicant; ``applicants`` in report order.

    ``labels``: the report's Chinese labels (verdicts, flag names; ``pipeline/config/report.yaml``).
    """
    written = FormsWritten()
    keys = policy_forms(policy)
    if not keys:
        return written
    cfg = forms_config()
    people = []
    for number, applicant in enumerate(applicants, start=1):
        if not applicant.id_number:
            continue
        person = records.person(applicant.id_number)
        if person is None:
            continue
        credits = records.credits_for(applicant.id_number)
        totals = year_totals(credits, applicant_years(applicant, credits), policy)
        people.append((number, applicant, person, totals))
    for key in keys:
        spec = form_spec(key)
        pages: list[FormPage] = []
        written.titles[key] = spec.title
        written.xlsx[key] = {}
        for number, applicant, person, totals in people:
            ctx = form_context(applicant, person, totals, title=spec.title, shows_id=spec.shows_id,
                               show_id=show_id, policy_title=policy.title, labels=labels,
                               generated_at=findings.generated_at)
            grid = place(spec, ctx, [t.as_context() for t in totals], row_height=float(cfg["row_height"]))
            name = safe_name(person.name)
            path = out / FORMS_DIR / key / f"{number:04d}-{name}.xlsx"
            written.xlsx[key][number] = write_form_xlsx(grid, path, sheet_title=name, cfg=cfg["xlsx"])
            pages.append(FormPage(grid=grid, label=f"{number:04d} {person.name}"))
        if pages:
            written.pdfs[key] = write_forms_pdf(pages, out / FORMS_DIR / f"{key}.pdf", cfg=cfg["pdf"],
                                                fonts=list(cfg["fonts"]), title=spec.title)
        else:
            del written.xlsx[key], written.titles[key]
        log.info("form %s: %d applicants", key, len(pages))
    return written
