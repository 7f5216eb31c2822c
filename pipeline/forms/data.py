"""What goes into a form: the person from the records, credits per year and category, the findings.

Totals are the credit-system records that count for the audited year under the policy
(``Policy.counts``: the window's years and in-year cut-offs such as Jinhua 2020's 8月31日),
summed by category (I类国家级 / I类省级 / II类), the same records the rules counted. The
audited years are the applicant's ``window_years`` (written by the audit and by
``cme-audit check``); findings without them fall back to the years the person's records
cover. A record flagged doubtful (``RECORD_NO_CERT``, ``FIELD_MISMATCH``) still counts here:
the form reproduces the credit system, the note line carries the machine's verdict and flags.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.models import ApplicantFindings, CreditRecord, Person
from pipeline.privacy import shown_id

CATEGORY_KEYS = {"I类国家级": "national", "I类省级": "provincial", "II类": "class2"}


class RecordSource(Protocol):
    """Where persons and credits come from: ``RecordStore`` or an export (``ExportRecords``)."""

    def person(self, id_number: str) -> Person | None: ...

    def credits_for(self, id_number: str) -> list[CreditRecord]: ...


class ExportRecords:
    """A ``RecordsExport`` (``cme-audit check``) seen as a ``RecordSource``."""

    def __init__(self, export: Any):
        self._persons = {p.id_number: p for p in export.persons}
        self._credits: dict[str, list[CreditRecord]] = {}
        for record in export.credits:
            self._credits.setdefault(record.id_number, []).append(record)

    def person(self, id_number: str) -> Person | None:
        return self._persons.get(id_number)

    def credits_for(self, id_number: str) -> list[CreditRecord]:
        return list(self._credits.get(id_number, []))


@dataclass
class YearTotals:
    year: int
    from_month: int = 1
    to_month: int = 12
    span_note: str = ""  # e.g. （截至8月31日）
    national: float = 0.0
    provincial: float = 0.0
    class2: float = 0.0
    record_ids: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return self.national + self.provincial + self.class2

    def as_context(self) -> dict[str, Any]:
        return {"year": self.year, "from_month": self.from_month, "to_month": self.to_month,
                "span_note": self.span_note, "national": self.national, "provincial": self.provincial,
                "class2": self.class2, "total": self.total}


def applicant_years(applicant: ApplicantFindings, credits: list[CreditRecord]) -> list[int]:
    years = getattr(applicant, "window_years", None)
    if years:
        return sorted(int(y) for y in years)
    return sorted({r.year for r in credits})


def year_totals(credits: list[CreditRecord], years: list[int], policy: Any) -> list[YearTotals]:
    """Credits per audited year and category, counting only what ``policy`` counts."""
    window = policy.spec.window if policy is not None else None
    out = []
    for y in years:
        span = (window.optional_years.get(y) or window.spans.get(y)) if window is not None else None
        t = YearTotals(year=y)
        if span is not None:
            t.from_month = span.start.month if span.start else 1
            t.to_month = span.end.month if span.end else 12
            if span.end and (span.end.month, span.end.day) != (12, 31):
                t.span_note = f"（截至{span.end.month}月{span.end.day}日）"
        for r in credits:
            if r.year != y or (policy is not None and not policy.counts(r, years)):
                continue
            key = CATEGORY_KEYS.get(r.category)
            if key is None:
                continue
            setattr(t, key, getattr(t, key) + float(r.credits))
            t.record_ids.append(r.record_id)
        out.append(t)
    return out


def _sex(id_number: str | None) -> str:
    if id_number and len(id_number) == 18 and id_number[16].isdigit():
        return "男" if int(id_number[16]) % 2 else "女"
    return ""


def _birth(id_number: str | None) -> str:
    from pipeline.records.idcard import birth_date

    born = birth_date(id_number) if id_number and len(id_number) == 18 else None
    return f"{born.year}年{born.month}月" if born else ""


def flag_summary(applicant: ApplicantFindings, labels: dict[str, str]) -> str:
    """``问题 3 条：证书无对应学分记录×2、缺少继教办落地章×1`` or ``未发现问题``."""
    if not applicant.flags:
        return "未发现问题"
    codes = Counter(f.code for f in applicant.flags)
    parts = "、".join(f"{labels.get(c, c)}×{n}" for c, n in sorted(codes.items()))
    return f"问题 {len(applicant.flags)} 条：{parts}"


def form_context(applicant: ApplicantFindings, person: Person | None, totals: list[YearTotals], *,
                 title: str, shows_id: bool, show_id: bool, policy_title: str, labels: dict[str, Any],
                 generated_at: str | None) -> dict[str, Any]:
    """Every placeholder of a form (``pipeline/config/forms.yaml``) for one applicant."""
    id_number = person.id_number if person else applicant.id_number
    sums = {k: sum(getattr(t, k) for t in totals) for k in ("national", "provincial", "class2")}
    day = (generated_at or dt.date.today().isoformat())[:10]
    return {
        "title": title,
        "name": (person.name if person else applicant.name) or "",
        "sex": _sex(id_number),
        "birth": _birth(id_number),
        "unit": (person.unit if person else applicant.unit) or "",
        "specialty": person.specialty if person else "",
        "title_level": person.title_level if person else "",
        "discipline_code": person.discipline_code if person else "",
        # the attachment asks for the number: whole; else masked unless the reviewer asked
        "id_number": (id_number or "") if shows_id else shown_id(id_number, show_id=show_id),
        "verdict_label": labels["verdicts"].get(applicant.verdict, applicant.verdict),
        "flag_summary": flag_summary(applicant, labels["flags"]),
        "policy_title": policy_title,
        "generated_on": f"生成日期 {day}",
        "n_years": len(totals),
        "sum_national": sums["national"], "sum_provincial": sums["provincial"], "sum_class2": sums["class2"],
        "sum_total": sum(sums.values()),
    }
