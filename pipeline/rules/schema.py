"""The policy file's schema: pydantic models of a fully resolved policy.

A policy YAML file (after ``extends:`` inheritance, see ``loader.py``) must
validate against :class:`PolicySpec`. Rule ``params`` are validated separately
by the rule kind's own params model (``kinds.py``) so that every problem is
reported with its full key path, e.g. ``rules[3].params.min``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import Problem
from pipeline.models import FLAG_CODES, Category, CreditRecord, Mode, Person, Severity, StampKind

CATEGORIES: tuple[Category, ...] = ("I类国家级", "I类省级", "II类")
PERSON_FLAGS: tuple[str, ...] = ("early_promotion", "covid_frontline")
PERSON_LEVELS: tuple[str, ...] = ("title_level", "unit_level")  # person fields an exemption may name by value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordFilter(_Spec):
    """Which credit records a clause is about. Every set criterion must hold; unset = any."""

    categories: list[Category] | None = None
    modes: list[Mode] | None = None
    years: list[int] | None = None
    from_year: int | None = None
    to_year: int | None = None
    organizer_contains: list[str] | None = None  # any of these substrings
    title_contains: list[str] | None = None  # any of these substrings

    def matches(self, record: CreditRecord) -> bool:
        if self.categories is not None and record.category not in self.categories:
            return False
        if self.modes is not None and record.mode not in self.modes:
            return False
        if self.years is not None and record.year not in self.years:
            return False
        if self.from_year is not None and record.year < self.from_year:
            return False
        if self.to_year is not None and record.year > self.to_year:
            return False
        if self.organizer_contains is not None and not any(
                s in record.organizer for s in self.organizer_contains):
            return False
        return self.title_contains is None or any(s in record.project_title for s in self.title_contains)


class DateSpan(_Spec):
    """Part of a year whose records count (e.g. Jinhua 2020 up to 8月31日)."""

    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="to")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


class WindowSpec(_Spec):
    """The audited years. See ``Policy.window_years`` for how they are chosen."""

    years: int = Field(default=5, ge=1, le=20)  # number of full years (近五年)
    early_promotion_years: int | None = Field(default=None, ge=1, le=20)  # 提前一年晋升: 近四年
    last_year: int | None = None  # the last full year the notice fixes
    first_year: int | None = None  # no year before this is audited (不补验)
    include_earlier_list_years: bool = False  # lists back to first_year widen the window (2015至2020)
    spans: dict[int, DateSpan] = Field(default_factory=dict)  # cut-offs inside a year
    optional_years: dict[int, DateSpan] = Field(default_factory=dict)  # counted only when listed
    clause: str = ""


class CertificateSpec(_Spec):
    """Which records need a certificate in the bundle."""

    default: bool = True  # needed unless a require/exempt entry says otherwise
    require: list[RecordFilter] = Field(default_factory=list)  # needed when any matches
    exempt: list[RecordFilter] = Field(default_factory=list)  # never needed when any matches
    clause: str = ""


class SealProvinceSpec(_Spec):
    """Whose province the 落地章 must be: the province (or municipality) where the project was held,
    as the certificate's organizer names it (its own name or its city: 浙江省医学会, 温州市人民医院).
    A certificate whose 落地章 names another province gets STAMP_PROVINCE_MISMATCH; never when the
    seal's province or the organizer's was not read (pipeline/seals/check.py)."""

    expect: Literal["organizer"] = "organizer"
    categories: list[Category] = Field(default_factory=lambda: list(CATEGORIES[:2]))
    clause: str = ""


class UnitPassRateSpec(_Spec):
    min: float = Field(ge=0.0, le=1.0)
    clause: str = ""


class Exemption(_Spec):
    """Years a clause takes out of one rule's condition, for everyone or for some persons.

    What an exemption does (``engine.py``): the exempt years' records are left out of the
    condition and the condition is judged on the window's remaining years; with no year
    left the rule passes, its value shown for information. It never turns a one-year
    relaxation into a pass for the whole window. ``years`` unset = every year of the
    window (only where the notice's words cover the whole window, e.g. 温州 近五年 远程占比).
    ``when`` names person fields that must all hold: flags (``covid_frontline: true``) or
    levels (``title_level: [初级]``); a blank level never matches. Empty = everyone.
    """

    years: list[int] | None = None
    when: dict[str, bool | list[str]] = Field(default_factory=dict)
    label: str = Field(min_length=1)  # the reason, shown in the rule's message
    clause: str = ""  # the notice's words when they are not already the rule's clause

    def holds_for(self, person: Person) -> bool:
        for key, wanted in self.when.items():
            have = getattr(person, key, None)
            if isinstance(wanted, bool):
                if have is not wanted:
                    return False
            elif not have or have not in wanted:
                return False
        return True

    def exempt_years(self, years: list[int]) -> list[int]:
        return [y for y in years if self.years is None or y in self.years]


class RuleSpec(_Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: str
    params: dict = Field(default_factory=dict)
    clause: str = Field(min_length=1)
    message: str = Field(min_length=1)
    severity: Severity = "error"  # a failed "warning" rule never fails the verdict
    exempt_if: dict[str, bool] = Field(default_factory=dict)  # person flags: every year exempt (see below)
    exemptions: list[Exemption] = Field(default_factory=list)  # years left out of the condition

    def all_exemptions(self) -> list[Exemption]:
        """``exemptions`` plus ``exempt_if`` read as an exemption of every year for those persons."""
        if not self.exempt_if:
            return list(self.exemptions)
        label = "、".join(EXEMPTION_LABELS.get(k, k) for k in self.exempt_if) + "，按通知视为合格"
        return [Exemption(when=dict(self.exempt_if), label=label), *self.exemptions]


EXEMPTION_LABELS = {"covid_frontline": "抗疫一线人员", "early_promotion": "提前晋升人员"}


class PolicySpec(_Spec):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str = Field(min_length=1)
    source: str = ""  # the notice this policy is read from
    extends: str | None = None
    drop_rules: list[str] = Field(default_factory=list)
    class1_categories: list[Category] = Field(default_factory=lambda: list(CATEGORIES[:2]))
    window: WindowSpec = Field(default_factory=WindowSpec)
    seals: dict[Category, list[StampKind]] = Field(default_factory=dict)
    seals_clause: str = ""
    seal_province: SealProvinceSpec | None = None  # whose province the 落地章 must be (unset: any)
    certificates: CertificateSpec = Field(default_factory=CertificateSpec)
    severities: dict[str, Severity] = Field(default_factory=dict)
    unit_pass_rate: UnitPassRateSpec | None = None
    forms: list[str] = Field(default_factory=list)  # office forms filled for it (pipeline/config/forms.yaml)
    rules: list[RuleSpec] = Field(default_factory=list)


def problem(file: str, key: str, message: str) -> Problem:
    """A policy problem: the file and the key path (``rules[3].params.min``) with what to do."""
    return Problem(file=file, message=f"{key}: {message}")


def format_loc(loc: tuple) -> str:
    """pydantic location -> ``rules[3].params.min``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def problems_from(exc: ValidationError, file: str, *, prefix: str = "") -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = format_loc(tuple(err["loc"]))
        key = f"{prefix}.{loc}" if prefix and loc != "(top level)" else (prefix or loc)
        problems.append(problem(file, key, err["msg"]))
    return problems


def check_spec(raw: dict, file: str) -> list[Problem]:
    """Cross-field checks pydantic cannot express: flag codes, seals per category, unique rule ids.

    Works on the raw (merged) mapping so these problems are listed together with
    schema errors, not only once the schema validates.
    """
    problems: list[Problem] = []
    severities = raw.get("severities")
    for code in severities if isinstance(severities, dict) else []:
        if code not in FLAG_CODES:
            problems.append(problem(file, f"severities.{code}",
                                    f"unknown flag code; use one of {', '.join(FLAG_CODES)}"))
    seals = raw.get("seals")
    missing = [c for c in CATEGORIES if not isinstance(seals, dict) or c not in seals]
    if missing:
        problems.append(problem(file, "seals", f"no seal requirement for {', '.join(missing)}; "
                                               "list the seal kinds each category needs"))
    rules = raw.get("rules")
    seen: dict[str, int] = {}
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue
        rule_id = rule.get("id")
        if isinstance(rule_id, str) and rule_id in seen:
            problems.append(problem(file, f"rules[{i}].id",
                                    f"duplicate rule id {rule_id!r} (also rules[{seen[rule_id]}])"))
        if isinstance(rule_id, str):
            seen.setdefault(rule_id, i)
        exempt = rule.get("exempt_if")
        for key in exempt if isinstance(exempt, dict) else []:
            if key not in PERSON_FLAGS:
                problems.append(problem(file, f"rules[{i}].exempt_if.{key}",
                                        f"unknown person flag; use one of {', '.join(PERSON_FLAGS)}"))
        exemptions = rule.get("exemptions")
        for j, ex in enumerate(exemptions if isinstance(exemptions, list) else []):
            when = ex.get("when") if isinstance(ex, dict) else None
            for key, wanted in when.items() if isinstance(when, dict) else []:
                where = f"rules[{i}].exemptions[{j}].when.{key}"
                if key in PERSON_FLAGS and not isinstance(wanted, bool):
                    problems.append(problem(file, where, "a person flag takes true or false"))
                elif key in PERSON_LEVELS and not isinstance(wanted, list):
                    problems.append(problem(file, where, "a level takes a list of values, e.g. [初级]"))
                elif key not in PERSON_FLAGS + PERSON_LEVELS:
                    problems.append(problem(file, where, "unknown person field; use one of "
                                                         f"{', '.join(PERSON_FLAGS + PERSON_LEVELS)}"))
    return problems
