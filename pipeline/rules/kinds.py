"""The rule kinds the four notices compose from.

A kind has a ``Params`` model (validated when the policy loads) and
``compute(params, records, ctx) -> Outcome`` on the person's in-window records.
``passed`` is None when the data cannot decide (a blank 全员培训, an unknown
学科代码). ``scenarios`` returns the record sets the engine evaluates: the rule
passes only if it passes in all of them and fails (trustworthy) only if it fails
in all of them; by default "every record" and "only sound records".

Exemptions are not a kind's business: the engine takes a rule's exempt years out
of ``records`` and of ``ctx.years`` / ``ctx.full_years`` before calling ``compute``,
so a kind only ever judges the years its condition applies to (see
``schema.Exemption``). A kind's ``detail`` says which credits counted.
``explain(params)`` states in words what the params require, for
``cme-audit policies show``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.models import Category, CreditRecord, Person
from pipeline.rules.schema import RecordFilter

PROJECT_CODE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})-")
DISCIPLINE_CODE = re.compile(r"^\s*(\d{2})(?:-(\d{2}))?\s*$")


@dataclass
class Context:
    person: Person
    years: list[int]  # the audited window, optional years included
    full_years: list[int]  # the window's complete years: annual minimums apply to these
    class1: tuple[str, ...]  # the categories that are Class I
    all_records: list[CreditRecord]  # every record of the person, window or not


@dataclass
class Outcome:
    passed: bool | None
    value: float | str | None = None
    threshold: float | str | None = None
    year: int | None = None
    detail: str = ""  # for the message template's {detail}
    unknown: str = ""  # why passed is None
    note: str = ""  # a relaxation the notice makes (e.g. a halved minimum): every message carries it


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _sum(records: list[CreditRecord]) -> float:
    return round(sum(r.credits for r in records), 2)


def _without(records: list[CreditRecord], doubtful: dict[str, str]) -> list[CreditRecord]:
    return [r for r in records if r.record_id not in doubtful]


class Kind:
    name: ClassVar[str]
    Params: ClassVar[type[BaseModel]]

    def compute(self, params, records: list[CreditRecord], ctx: Context) -> Outcome:
        raise NotImplementedError

    def explain(self, params) -> str:
        """What the params require, in words (empty when the params say it plainly)."""
        return ""

    def scenarios(self, params, records: list[CreditRecord], doubtful: dict[str, str],
                  ctx: Context) -> list[list[CreditRecord]]:
        """Record sets to evaluate: the first is every record, the others subsets of it."""
        return [records, _without(records, doubtful)]


# ----------------------------------------------------------- annual minimum


class Tier(_Params):
    unit_levels: list[str] | None = None
    title_levels: list[str] | None = None
    min: float = Field(gt=0)


class AnnualMinParams(_Params):
    min: float = Field(gt=0)  # when no tier matches
    tiers: list[Tier] = Field(default_factory=list)  # first match wins
    categories: list[Category] | None = None  # None: every category counts


def _tier_thresholds(params: AnnualMinParams, person: Person) -> tuple[float, float]:
    """(lowest, highest) minimum the person may be held to; equal when the person's levels are known."""
    candidates: list[float] = []
    for tier in params.tiers:
        states: list[bool | None] = []
        for wanted, have in ((tier.unit_levels, person.unit_level), (tier.title_levels, person.title_level)):
            if wanted is None:
                states.append(True)
            elif not have:
                states.append(None)
            else:
                states.append(have in wanted)
        if False in states:
            continue
        candidates.append(tier.min)
        if None not in states:
            break
    else:
        candidates.append(params.min)
    return min(candidates), max(candidates)


class AnnualMin(Kind):
    """Every complete year of the window reaches the minimum (tiers by unit and title level)."""

    name = "annual_min"
    Params = AnnualMinParams

    def compute(self, params: AnnualMinParams, records, ctx) -> Outcome:
        lo, hi = _tier_thresholds(params, ctx.person)
        threshold: float | str = hi if lo == hi else f"{lo:g}-{hi:g}"
        if not ctx.full_years:
            return Outcome(True, None, threshold, detail="窗口内无完整年度")
        counted = [r for r in records if params.categories is None or r.category in params.categories]
        totals = {y: _sum([r for r in counted if r.year == y]) for y in ctx.full_years}
        worst = min(ctx.full_years, key=lambda y: (totals[y], y))
        short = "、".join(f"{y}年{totals[y]:g}分" for y in ctx.full_years if totals[y] < hi)
        if totals[worst] >= hi:
            return Outcome(True, totals[worst], threshold, worst)
        if totals[worst] < lo:
            return Outcome(False, totals[worst], threshold, worst, detail=short)
        return Outcome(None, totals[worst], threshold, worst, detail=short,
                       unknown="单位级别/职称级别未填，无法确定该人员的年度学分要求")


# ------------------------------------------------------ minimum over window


class WindowMinParams(_Params):
    min: float = Field(gt=0)
    filter: RecordFilter = Field(default_factory=RecordFilter)


class WindowMin(Kind):
    """The credits of some records (e.g. I类国家级) over the whole window reach a minimum."""

    name = "window_min"
    Params = WindowMinParams

    def compute(self, params: WindowMinParams, records, ctx) -> Outcome:
        total = _sum([r for r in records if params.filter.matches(r)])
        return Outcome(total >= params.min, total, params.min)


# ------------------------------------------------------------ maximum share


class MaxShareParams(_Params):
    max: float = Field(gt=0, le=1)
    part: RecordFilter  # e.g. mode 远程
    whole: RecordFilter  # e.g. Class I


class MaxShare(Kind):
    """The share of ``part`` in ``whole`` credits over the window stays at or under ``max``."""

    name = "max_share"
    Params = MaxShareParams

    def compute(self, params: MaxShareParams, records, ctx) -> Outcome:
        whole = [r for r in records if params.whole.matches(r)]
        den = _sum(whole)
        num = _sum([r for r in whole if params.part.matches(r)])
        share = round(num / den, 4) if den else 0.0
        return Outcome(share <= params.max, share, params.max, detail=f"{num:g}/{den:g}")

    def scenarios(self, params: MaxShareParams, records, doubtful, ctx):
        # Leaving out a doubtful record can move the share either way: try both directions.
        in_part = {r.record_id for r in records if params.part.matches(r)}
        return [records, _without(records, doubtful),
                [r for r in records if r.record_id not in doubtful or r.record_id not in in_part],
                [r for r in records if r.record_id not in doubtful or r.record_id in in_part]]


# ----------------------------------------------------- Class I / II split


class ClassSplitParams(_Params):
    class1_min: float = Field(gt=0)  # Class I credits each complete year
    substitution_years: list[int] = Field(default_factory=list)  # I、II类可相互补充 in these years
    substitution_share: float = Field(default=0.0, ge=0, lt=1)  # up to this share of the Class I minimum


class ClassSplit(Kind):
    """Each complete year holds enough Class I credits; in a substitution year the minimum is
    lowered by ``substitution_share`` (金华 今年的I、II类学分可相互补充50%) for that year only.

    Years or persons without the I/II split (温州 2020年至2023年不限一、二类划分, 上海 初级
    不区分I、II类) are rule exemptions, taken out of the judged years by the engine.
    """

    name = "class_split"
    Params = ClassSplitParams

    def compute(self, params: ClassSplitParams, records, ctx) -> Outcome:
        if not ctx.full_years:
            return Outcome(True, None, params.class1_min, detail="窗口内无完整年度")
        margins = []
        relaxed = []
        for y in ctx.full_years:
            share = params.substitution_share if y in params.substitution_years else 0.0
            need = round(params.class1_min * (1 - share), 2)
            if share:
                relaxed.append(f"{y}年I类要求按通知减至{need:g}分（I、II类可相互补充{share:.0%}）")
            got = _sum([r for r in records if r.year == y and r.category in ctx.class1])
            margins.append((got - need, y, got, need))
        _, year, got, need = min(margins)
        return Outcome(got >= need, got, need, year, note="；".join(relaxed))

    def explain(self, params: ClassSplitParams) -> str:
        if not params.substitution_years:
            return ""
        years = "、".join(str(y) for y in params.substitution_years)
        return (f"{years}年I类最低{params.class1_min * (1 - params.substitution_share):g}分"
                f"（可由II类补充{params.substitution_share:.0%}），其余年度{params.class1_min:g}分")


# -------------------------------------------------------- specialty match


class SpecialtyMatchParams(_Params):
    min_credits: float = Field(gt=0)
    # which segments of the discipline code must agree; a policy must say (no default):
    # 1 = the level-1 discipline (04 of 04-05), 2 = level 1 and level 2 (both of 04-05)
    segments: Literal[1, 2]
    categories: list[Category] | None = None  # None: the policy's Class I


def discipline_of(project_code: str, segments: int) -> tuple[str, ...] | None:
    m = PROJECT_CODE.match(unicodedata.normalize("NFKC", project_code or ""))
    return (m.group(2), m.group(3))[:segments] if m else None


def person_discipline(code: str, segments: int) -> tuple[str, ...] | None:
    m = DISCIPLINE_CODE.match(unicodedata.normalize("NFKC", code or ""))
    if not m or (segments == 2 and m.group(2) is None):
        return None
    return (m.group(1), m.group(2))[:segments]


class SpecialtyMatch(Kind):
    """Enough Class I credits whose project code's discipline matches the person's 学科代码.

    The project code ``YYYY-AA-BB-NNN`` carries the discipline ``AA-BB``; ``segments``
    says how much of it must equal the person's 学科代码. A blank or unreadable code
    leaves the credit (or the person) undecided, i.e. doubtful.
    """

    name = "specialty_match"
    Params = SpecialtyMatchParams

    def compute(self, params: SpecialtyMatchParams, records, ctx) -> Outcome:
        cats = params.categories or ctx.class1
        mine = person_discipline(ctx.person.discipline_code, params.segments)
        sure = unsure = total = 0.0
        matched: list[str] = []
        others: dict[str, float] = {}
        for r in records:
            if r.category not in cats:
                continue
            total += r.credits
            theirs = discipline_of(r.project_code, params.segments)
            if mine is None or theirs is None:
                unsure += r.credits
            elif theirs == mine:
                sure += r.credits
                matched.append(f"{r.record_id}（{r.year}年{r.credits:g}分）")
            else:
                key = "-".join(theirs)
                others[key] = others.get(key, 0.0) + r.credits
        sure, unsure = round(sure, 2), round(unsure, 2)
        shown = "-".join(mine) if mine else (ctx.person.discipline_code or "未填")
        detail = f"计入的I类学分{round(total, 2):g}分，与学科代码{shown}一致{sure:g}分"
        if matched:
            detail += "：" + "、".join(matched[:5]) + ("等" if len(matched) > 5 else "")
        if others:
            detail += "；不一致：" + "、".join(f"{k} {v:g}分" for k, v in sorted(others.items()))
        if sure >= params.min_credits:
            return Outcome(True, sure, params.min_credits, detail=detail)
        if sure + unsure < params.min_credits:
            return Outcome(False, sure, params.min_credits, detail=detail)
        why = "学科代码未填或无法识别" if mine is None else "部分项目编号无法识别学科"
        return Outcome(None, sure, params.min_credits, detail=detail, unknown=f"{why}（{unsure:g}分待定）")

    def explain(self, params: SpecialtyMatchParams) -> str:
        agree = ("学科代码两段（一级、二级学科，如04-05）均须一致" if params.segments == 2
                 else "学科代码第一段（一级学科，如04-05的04）须一致")
        return f"专业对口：项目编号学科段（YYYY-AA-BB-NNN的AA-BB）与本人{agree}；至少{params.min_credits:g}分"


# ---------------------------------------------------------- required item


class RequiredItemParams(_Params):
    field: Literal["mandatory_training_passed"]
    years: list[int] | None = None  # applies when the window holds one of these years
    label: str = "全员培训"


class RequiredItem(Kind):
    """A yes/no item of the person (全员培训合格); blank = unknown = doubtful."""

    name = "required_item"
    Params = RequiredItemParams

    def compute(self, params: RequiredItemParams, records, ctx) -> Outcome:
        if params.years is not None and not set(params.years) & set(ctx.years):
            return Outcome(True, None, "是", detail="不在适用年度")
        value = getattr(ctx.person, params.field)
        if value is None:
            return Outcome(None, "未知", "是", unknown=f"{params.label}一栏为空，无法确认")
        return Outcome(bool(value), "是" if value else "否", "是")

    def scenarios(self, params, records, doubtful, ctx):
        return [records]


# ------------------------------------------------------- late verification


class VerifiableYearsParams(_Params):
    earliest_year: int


class VerifiableYears(Kind):
    """Records of years before ``earliest_year`` cannot be verified late (不补验) and do not count."""

    name = "verifiable_years"
    Params = VerifiableYearsParams

    def compute(self, params: VerifiableYearsParams, records, ctx) -> Outcome:
        old = sorted({r.year for r in ctx.all_records if r.year < params.earliest_year})
        detail = "、".join(str(y) for y in old)
        return Outcome(not old, detail or None, params.earliest_year, old[-1] if old else None, detail)

    def scenarios(self, params, records, doubtful, ctx):
        return [records]


# --------------------------------------------------------- entry deadline


class Deadline(_Params):
    year_offset: int = Field(default=0, ge=0, le=2)  # 0: the credit's year, 1: the next year
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    def for_year(self, year: int) -> dt.date:
        return dt.date(year + self.year_offset, self.month, self.day)


class EntryDeadlineParams(_Params):
    filter: RecordFilter  # which records the deadlines apply to (e.g. II类 from 2020)
    in_house: RecordFilter | None = None  # 院内学分 (业务学习, 查房, 病例讨论 ...)
    in_house_if_organizer_is_unit: bool = True
    in_house_deadline: Deadline
    december_deadline: Deadline | None = None  # 12月份院内学分 may be entered until then
    other_deadline: Deadline


class EntryDeadline(Kind):
    """Records entered (录入日期) by their deadline; a blank entry date is unknown."""

    name = "entry_deadline"
    Params = EntryDeadlineParams

    def compute(self, params: EntryDeadlineParams, records, ctx) -> Outcome:
        late: list[str] = []
        unknown = 0
        for r in records:
            if not params.filter.matches(r):
                continue
            in_house = (params.in_house is not None and params.in_house.matches(r)) or (
                params.in_house_if_organizer_is_unit and bool(ctx.person.unit)
                and r.organizer == ctx.person.unit)
            if not in_house:
                deadline = params.other_deadline.for_year(r.year)
            elif r.date.month == 12 and params.december_deadline is not None:
                deadline = params.december_deadline.for_year(r.year)
            else:
                deadline = params.in_house_deadline.for_year(r.year)
            if r.entered_on is None:
                unknown += 1
            elif r.entered_on > deadline:
                late.append(f"{r.record_id}（{r.entered_on.isoformat()}录入，限{deadline.isoformat()}）")
        detail = "；".join(late[:10]) + ("……" if len(late) > 10 else "")
        if late:
            return Outcome(False, len(late), 0, detail=detail)
        if unknown:
            return Outcome(None, 0, 0, unknown=f"{unknown}条记录无录入日期")
        return Outcome(True, 0, 0)


KINDS: dict[str, Kind] = {k.name: k for k in (
    AnnualMin(), WindowMin(), MaxShare(), ClassSplit(), SpecialtyMatch(),
    RequiredItem(), VerifiableYears(), EntryDeadline())}
