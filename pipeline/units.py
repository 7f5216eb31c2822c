"""Per-unit pass rates (Yunnan 2020 六(三): 学分验证合格率要求95%以上 per institution)."""

from __future__ import annotations

from collections import defaultdict

from pipeline.models import ApplicantFindings

REQUIRED_RATE = 0.95  # the notice's 95% line; shown beside every unit


def unit_of(applicant: ApplicantFindings) -> str:
    """The person's unit from the records, else the bundle folder's parent path."""
    if applicant.unit:
        return applicant.unit
    key = applicant.applicant_key
    return key.rsplit("/", 1)[0] if "/" in key else "(未知单位)"


def unit_summaries(applicants: list[ApplicantFindings]) -> list[dict]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"pass": 0, "fail": 0, "needs_review": 0})
    for applicant in applicants:
        counts[unit_of(applicant)][applicant.verdict] += 1
    rows = []
    for unit in sorted(counts):
        c = counts[unit]
        persons = sum(c.values())
        rate = c["pass"] / persons if persons else 0.0
        rows.append({"unit": unit, "persons": persons, "passed": c["pass"], "failed": c["fail"],
                     "needs_review": c["needs_review"], "pass_rate": round(rate, 4),
                     "required_rate": REQUIRED_RATE, "meets_required_rate": rate >= REQUIRED_RATE})
    return rows
