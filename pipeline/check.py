"""The records-only audit (``cme-audit check``): every person's records against a policy.

Yunnan and Shanghai verify from the credit system alone: no documents, so no
document flags; one ApplicantFindings per person keyed by 身份证号, plus per-unit
pass rates (Yunnan: each institution must reach 95%).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Protocol

from pipeline import __version__
from pipeline.models import ApplicantFindings, CreditRecord, Findings, Person
from pipeline.rules import Policy, decide_verdict, evaluate

log = logging.getLogger(__name__)


class RecordsExportLike(Protocol):
    persons: list[Person]
    credits: list[CreditRecord]


def run_check(export: RecordsExportLike, policy: Policy, *, year: int | None = None) -> Findings:
    """Apply ``policy`` to every person of ``export``; ``year`` is the audited year or the
    window's last year where the policy does not fix it."""
    by_person: dict[str, list[CreditRecord]] = defaultdict(list)
    for record in export.credits:
        by_person[record.id_number].append(record)
    known = {p.id_number for p in export.persons}
    orphans = sorted(set(by_person) - known)
    if orphans:
        log.warning("%d id number(s) in credits are not in persons and are not audited (e.g. %s)",
                    len(orphans), orphans[0])
    applicants = [check_person(p, by_person.get(p.id_number, []), policy, year=year)
                  for p in export.persons]
    return Findings(policy=policy.name, policy_sha256=policy.sha256, tool_version=__version__,
                    generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    applicants=applicants, units=unit_pass_rates(applicants, policy))


def check_person(person: Person, records: list[CreditRecord], policy: Policy, *,
                 year: int | None = None) -> ApplicantFindings:
    years = policy.window_years(person=person, list_years=[], audit_year=year)
    results = evaluate(person, records, policy, years=years)
    return ApplicantFindings(applicant_key=person.id_number, id_number=person.id_number,
                             name=person.name, unit=person.unit, documents=[], flags=[],
                             rules=results, verdict=decide_verdict(results, [], policy),
                             window_years=years)  # type: ignore[call-arg]  # extra field, as in run


def unit_pass_rates(applicants: list[ApplicantFindings], policy: Policy) -> list[dict]:
    """Per unit: persons, passed (verdict pass), failed, needs_review, pass_rate, meets_required_rate.

    ``meets_required_rate`` compares the rate with the policy's ``unit_pass_rate.min`` (Yunnan
    0.95, "95%以上" read as at least 95%); None when the policy sets no unit rate.
    """
    required = policy.spec.unit_pass_rate.min if policy.spec.unit_pass_rate else None
    groups: dict[str, list[ApplicantFindings]] = defaultdict(list)
    for a in applicants:
        groups[a.unit or ""].append(a)
    rows = []
    for unit in sorted(groups):
        members = groups[unit]
        counts = {v: sum(1 for a in members if a.verdict == v) for v in ("pass", "fail", "needs_review")}
        rate = round(counts["pass"] / len(members), 4)
        rows.append({"unit": unit, "persons": len(members), "passed": counts["pass"],
                     "failed": counts["fail"], "needs_review": counts["needs_review"], "pass_rate": rate,
                     "required_rate": required,
                     "meets_required_rate": None if required is None else rate >= required})
    return rows
