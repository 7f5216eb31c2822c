"""Everything a reviewer reads, written beside ``findings.json``: forms, summaries, report, workbook.

Order matters only for links: the office forms first (``OUT/forms/``, for the policy's
region), then ``summary.xlsx``/``summary.csv``, then the report (index + one page per
applicant, linking the forms), then ``findings.xlsx``. All of them mask ID numbers
(``pipeline/privacy.py``) unless ``show_id``; a form whose attachment asks for the number
(温州 附件1 学员身份证号码) carries it whole.

``records`` (a ``RecordStore``, or ``pipeline.forms.ExportRecords`` over an export) gives
the persons and credits the forms and the summary's totals are filled from; without it
(e.g. a re-render from findings.json alone) forms are skipped and the totals left empty.
``policy`` defaults to the shipped policy the findings name.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pipeline.errors import CmeAuditError
from pipeline.models import Findings

log = logging.getLogger(__name__)


def _policy_for(findings: Findings, policy: Any) -> Any:
    if policy is not None:
        return policy
    from pipeline.rules import load_policy

    try:
        return load_policy(findings.policy)
    except CmeAuditError as exc:  # a policy file that is not shipped: forms and spans unknown
        log.warning("policy %s not found (%s): no forms, totals counted by year only", findings.policy, exc)
        return None


def review_decisions(db_url: str | None, applicant_keys: list[str]) -> dict[str, str]:
    """The reviewers' final decision per applicant key, from the review store when it exists.

    The review app (``pipeline/records/decisions.py``) provides
    ``applicant_decisions(db_url, applicant_keys) -> {key: decision text}``; until a store
    holds decisions (or without the module) the summary's decision column stays empty.
    """
    if not db_url:
        return {}
    try:
        from pipeline.records import decisions  # type: ignore[attr-defined]
    except ImportError:
        return {}
    reader = getattr(decisions, "applicant_decisions", None)
    if reader is None:
        return {}
    return {k: str(v) for k, v in (reader(db_url, applicant_keys) or {}).items() if v}


def write_reviewer_outputs(findings: Findings, out: Path, *, show_id: bool = False, records: Any = None,
                           policy: Any = None, db_url: str | None = None) -> Path:
    """Write forms, summaries, the report and findings.xlsx under ``out``; returns report.html's path."""
    from pipeline.forms import write_forms
    from pipeline.report.html import write_report
    from pipeline.report.summary import write_summary
    from pipeline.report.view import load_report_config, sorted_applicants
    from pipeline.report.xlsx import write_xlsx

    out = Path(out)
    pol = _policy_for(findings, policy)
    ordered = sorted_applicants(findings)
    forms = None
    if records is not None and pol is not None:
        forms = write_forms(findings, out, policy=pol, records=records, applicants=ordered, show_id=show_id,
                            labels=load_report_config())
    decisions = review_decisions(db_url, [a.applicant_key for a in ordered])
    write_summary(findings, out, ordered, records=records, policy=pol, decisions=decisions, show_id=show_id)
    report_path = write_report(findings, out, show_id=show_id, forms=forms, decisions=decisions)
    write_xlsx(findings, out, show_id=show_id)
    return report_path
