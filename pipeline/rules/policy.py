"""A loaded policy: the validated spec plus the questions other stages ask of it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from pipeline.errors import PolicyError, Problem
from pipeline.models import CreditRecord, Person, Severity
from pipeline.rules.schema import CATEGORIES, PolicySpec, RuleSpec

log = logging.getLogger(__name__)


@dataclass
class Policy:
    """A regional CME policy, resolved (``extends:`` applied) and validated.

    ``sha256`` is the hash of the resolved policy's canonical JSON, so a finding
    can say exactly which settings produced it. ``params`` holds each rule's
    params parsed by its kind's model, keyed by rule id.
    """

    spec: PolicySpec
    sha256: str
    source_file: Path
    params: dict[str, BaseModel] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def source(self) -> str:
        """The policy file this policy was loaded from."""
        return str(self.source_file)

    @property
    def rules(self) -> list[RuleSpec]:
        return self.spec.rules

    def rule(self, rule_id: str) -> RuleSpec:
        for rule in self.spec.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"policy {self.name!r} has no rule {rule_id!r}")

    def rule_severity(self, rule_id: str) -> Severity:
        return self.rule(rule_id).severity

    # ------------------------------------------------------------ documents

    def required_seals(self, category: str | None) -> set[str]:
        """Seal kinds a certificate of ``category`` must carry; None (unread) = what all require."""
        seals: dict[str, list[str]] = {str(k): [str(s) for s in v] for k, v in self.spec.seals.items()}
        if category is None:
            sets = [set(seals.get(c, [])) for c in CATEGORIES]
            return set.intersection(*sets) if sets else set()
        return set(seals.get(category, []))

    @property
    def seal_province(self):
        """Whose province the 落地章 must be (``SealProvinceSpec``), None when the notice says nothing."""
        return self.spec.seal_province

    def needs_certificate(self, record: CreditRecord) -> bool:
        certs = self.spec.certificates
        if any(f.matches(record) for f in certs.exempt):
            return False
        return certs.default or any(f.matches(record) for f in certs.require)

    def severity(self, code: str) -> Severity:
        return self.spec.severities.get(code, "error")

    # --------------------------------------------------------------- window

    def window_years(self, *, person: Person | None, list_years: list[int],
                     audit_year: int | None = None) -> list[int]:
        """The audited years for one person.

        The window has ``years`` full years (``early_promotion_years`` for a person
        promoted a year early) ending at the notice's ``last_year``. When the bundle's
        annual lists clearly cover a different period (they reach before the window and
        stop before its end) the window follows them and ends at the last listed year.
        Without a fixed ``last_year``: ``audit_year``, else the last listed year.
        ``include_earlier_list_years`` widens the window to listed years back to
        ``first_year`` (Jinhua 2015至2020; Yunnan 补验 2018/2019); ``optional_years``
        are added only when listed (Wenzhou 2023), and a listed optional year after ``last_year``
        ends the window (still ``years`` long: 2019-2023). Nothing before ``first_year``.
        """
        w = self.spec.window
        n = w.years
        if person is not None and person.early_promotion and w.early_promotion_years:
            n = w.early_promotion_years
        listed = sorted(set(list_years))
        full_listed = [y for y in listed if y not in w.optional_years]
        if w.last_year is not None:
            end = w.last_year
            if audit_year is not None and audit_year != end:
                log.info("policy %s fixes the window's last year at %d; ignoring year %d",
                         self.name, end, audit_year)
            if full_listed and max(full_listed) < end and min(full_listed) < end - n + 1:
                end = max(full_listed)
            # A bundle that documents an optional later year (Wenzhou 2023: January to June) is audited
            # over the last ``n`` years it documents, that year included: five years stay five
            # (2019-2023), and the year before them is no missing list.
            later = [y for y in listed if y in w.optional_years and y > end]
            if later:
                end = max(later)
        elif audit_year is not None:
            end = audit_year
        elif full_listed:
            end = max(full_listed)
        else:
            raise PolicyError([Problem(file=str(self.source_file), message=(
                "window.last_year is not set and no year was given: pass the year to audit "
                "(--year YYYY) or set window.last_year in the policy"))])
        years = set(range(end - n + 1, end + 1))
        if w.include_earlier_list_years:
            years |= {y for y in full_listed if y < end}
        if w.first_year is not None:
            years = {y for y in years if y >= w.first_year}
        years |= {y for y in listed if y in w.optional_years}
        return sorted(years)

    def is_optional_year(self, year: int) -> bool:
        return year in self.spec.window.optional_years

    def counts(self, record: CreditRecord, years: list[int] | set[int]) -> bool:
        """Whether ``record`` falls inside the audited window (year and in-year cut-offs)."""
        if record.year not in years:
            return False
        w = self.spec.window
        span = w.optional_years.get(record.year) or w.spans.get(record.year)
        return span is None or span.contains(record.date)
