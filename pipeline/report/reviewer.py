"""Everything a reviewer reads, written beside ``findings.json``: forms, summaries, report, workbook.

Order matters only for links: the office forms first (``OUT/forms/``, for the policy's
region), then ``summary.xlsx``/``summary.csv``, then the report (index + one page per
applicant, linking the forms), then ``findings.xlsx``. All of them mask ID numbers
(``pipeline/privacy.py``) unless ``show_id``; a form whose attachment asks for the number
(温州 附件1 学员身份证号码) carries it whole.

``records`` (a ``RecordStore``, or ``pipeline.forms.ExportRecords`` over an export) gives
the persons and credits the forms and the summary's totals are filled from; without it the
run's own store ``OUT/cme-audit.sqlite`` is used when there is one (the Prefect audit flow),
else forms are skipped and the totals left empty (e.g. a re-render from findings.json alone).
``policy`` defaults to the shipped policy the findings name.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pipeline.errors import CmeAuditError
from pipeline.models import Findings
from pipeline.report.view import load_report_config

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


def _default_records(out: Path) -> Any:
    """The run's own record store (``OUT/cme-audit.sqlite``, as ``cme-audit run`` and the audit flow
    keep it) when the caller passed none, else None."""
    path = out / "cme-audit.sqlite"
    if not path.is_file():
        return None
    from pipeline.records.store import RecordStore

    return RecordStore(f"sqlite:///{path.resolve()}")


def review_decisions(db_url: str | None, findings: Findings, out: Path) -> dict[str, str]:
    """The reviewers' final decision per applicant key, from the review store (``pipeline/records/decisions.py``).

    The store is ``db_url``, else the run's own ``OUT/cme-audit.sqlite`` when it exists (where
    ``cme-audit review OUT`` keeps decisions by default); no store, no decisions (the column
    stays empty). A decision taken on other flags than the applicant has now (the evidence
    changed since) is shown with ``（问题已变化，待重新决定）``.
    """
    if db_url is None:
        default = out / "cme-audit.sqlite"
        if not default.is_file():
            return {}
        db_url = f"sqlite:///{default.resolve()}"
    from pipeline.records.decisions import DecisionStore, DecisionStoreError, flags_hash

    labels = load_report_config()["decisions"]
    try:
        store = DecisionStore(db_url)
        out_map: dict[str, str] = {}
        for a in findings.applicants:
            decision = store.applicant_decision(a.applicant_key)
            if decision is None:
                continue
            text = labels.get(decision.decision, decision.decision)
            if decision.reason:
                text += f"：{decision.reason}"
            text += f"（{decision.who}，{decision.decided_at[:10]}）"
            current = flags_hash(f.model_dump(mode="json") for f in a.flags)
            if decision.evidence_hash and decision.evidence_hash != current:
                text += "（问题已变化，待重新决定）"
            out_map[a.applicant_key] = text
    except DecisionStoreError as exc:
        log.warning("reviewers' decisions not read: %s", exc)
        return {}
    return out_map


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
    if records is None:
        records = _default_records(out)
    ordered = sorted_applicants(findings)
    forms = None
    if records is not None and pol is not None:
        forms = write_forms(findings, out, policy=pol, records=records, applicants=ordered, show_id=show_id,
                            labels=load_report_config())
    decisions = review_decisions(db_url, findings, out)
    write_summary(findings, out, ordered, records=records, policy=pol, decisions=decisions, show_id=show_id)
    report_path = write_report(findings, out, show_id=show_id, forms=forms, decisions=decisions)
    write_xlsx(findings, out, show_id=show_id)
    return report_path
