"""Apply a policy's rules to one person's records, and decide the verdict.

Each rule is computed on several record sets (``Kind.scenarios``): every record
(the benefit of the doubt) and only the records whose evidence is sound (the
``doubtful`` ones left out). It passes if it passes in all of them, fails only if
it fails in all of them (a trustworthy fail), and is otherwise doubtful, naming
the records (and any blank person field) that leave it open.

Exemptions (``RuleSpec.exemptions``, and ``exempt_if`` read as every year) relax
exactly the years they name: those years' records are left out of the rule's
condition and the condition is judged on the window's remaining years (for the
person the exemption holds for). Only when no year remains does the rule pass by
exemption, its value computed on every record and shown for information. The
message then always carries ``免考年度：…（reason）；考核年度：…`` so a reviewer
sees which years were exempt and which were judged; the kind's ``detail`` says
which credits counted.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from pipeline.models import CreditRecord, Flag, Person, RuleResult, Verdict
from pipeline.rules.kinds import KINDS, Context
from pipeline.rules.policy import Policy
from pipeline.rules.schema import RuleSpec

log = logging.getLogger(__name__)

PASS_MESSAGE = "符合要求（{value}/{threshold}）"
PASS_MESSAGE_NO_VALUE = "符合要求"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, **values) -> str:
    """Fill {value}/{threshold}/{year}/{years}/{exempt_years}/{detail}; numbers without trailing zeros,
    unknown keys blank."""
    shown = {k: (f"{v:g}" if isinstance(v, float) else ("" if v is None else v)) for k, v in values.items()}
    try:
        return template.format_map(_Blank(shown))
    except (ValueError, IndexError, KeyError) as exc:
        log.warning("bad message template %r: %s", template, exc)
        return template


def evaluate(person: Person, records: list[CreditRecord], policy: Policy, *,
             years: list[int], doubtful: dict[str, str] | None = None) -> list[RuleResult]:
    """One RuleResult per rule of ``policy`` for ``person`` over the audited ``years``.

    ``records`` are the person's credit records (any years; the window and its
    cut-offs are applied here). ``doubtful`` maps record_id -> why its evidence is
    not sound (e.g. ``RECORD_NO_CERT``).
    """
    doubtful = doubtful or {}
    window = sorted(set(years))
    in_window = [r for r in records if policy.counts(r, window)]
    ctx = Context(person=person, years=window,
                  full_years=[y for y in window if not policy.is_optional_year(y)],
                  class1=tuple(policy.spec.class1_categories), all_records=list(records))
    return [_evaluate_rule(rule, policy, in_window, doubtful, ctx) for rule in policy.rules]


def _evaluate_rule(rule: RuleSpec, policy: Policy, records: list[CreditRecord],
                   doubtful: dict[str, str], ctx: Context) -> RuleResult:
    kind = KINDS[rule.kind]
    params = policy.params[rule.id]
    exempt, reasons = exempt_years(rule, ctx)
    note = ""
    if exempt:
        judged = [y for y in ctx.years if y not in exempt]
        note = f"免考年度：{_years(exempt)}（{'；'.join(reasons)}）；考核年度：{_years(judged) or '无'}"
        if not judged:
            shown = kind.compute(params, records, ctx)
            message = "按通知免于考核；" + note
            if shown.value is not None and shown.threshold is not None:
                message += f"；供参考：{fill('{value}/{threshold}', value=shown.value, threshold=shown.threshold)}"
            if shown.detail or shown.note:
                message += f"（{_join(shown.detail, shown.note).lstrip('；')}）"
            return RuleResult(rule=rule.id, passed=True, value=shown.value, threshold=shown.threshold,
                              clause=rule.clause, message=message)
        records = [r for r in records if r.year not in exempt]
        ctx = replace(ctx, years=judged, full_years=[y for y in ctx.full_years if y not in exempt])
    subsets = kind.scenarios(params, records, doubtful, ctx)
    # a scenario that leaves nothing out is the first one again: compute it once
    outcomes = [kind.compute(params, subsets[0], ctx)]
    outcomes += [kind.compute(params, s, ctx) for s in subsets[1:] if len(s) != len(subsets[0])]
    first = outcomes[0]
    values = {"value": first.value, "threshold": first.threshold, "year": first.year,
              "years": _years(ctx.years), "exempt_years": _years(exempt), "detail": first.detail}
    if all(o.passed is True for o in outcomes):
        message = _join(_join(_pass_message(first.value, values, first.detail), first.note), note)
        return RuleResult(rule=rule.id, passed=True, value=first.value, threshold=first.threshold,
                          clause=rule.clause, message=message)
    message = _join(_join(fill(rule.message, **values), first.note), note)
    if all(o.passed is False for o in outcomes):
        return RuleResult(rule=rule.id, passed=False, value=first.value, threshold=first.threshold,
                          clause=rule.clause, message=message)
    reasons = sorted({o.unknown for o in outcomes if o.unknown})
    ids = {r.record_id for r in records}
    reasons += [f"{rid}: {why}" for rid, why in sorted(doubtful.items()) if rid in ids]
    return RuleResult(rule=rule.id, passed=False, value=first.value, threshold=first.threshold,
                      clause=rule.clause, message=message, doubtful=True,
                      doubt_reasons=reasons or ["证据不足，结果取决于待核实的记录"])


def exempt_years(rule: RuleSpec, ctx: Context) -> tuple[list[int], list[str]]:
    """The window's years ``rule`` exempts for ``ctx.person``, and the reasons (exemption labels)."""
    years: set[int] = set()
    reasons: list[str] = []
    for exemption in rule.all_exemptions():
        hit = exemption.exempt_years(ctx.years) if exemption.holds_for(ctx.person) else []
        if hit:
            years.update(hit)
            reasons.append(exemption.label)
    return sorted(years), reasons


def _years(years: list[int]) -> str:
    return "、".join(str(y) for y in years)


def _join(text: str, more: str) -> str:
    return f"{text}；{more}" if more else text


def _pass_message(value, values: dict, detail: str) -> str:
    text = fill(PASS_MESSAGE if value is not None else PASS_MESSAGE_NO_VALUE, **values)
    return _join(text, detail)


def decide_verdict(results: list[RuleResult], flags: list[Flag], policy: Policy) -> Verdict:
    """``fail`` on a trustworthy failure of an error-severity rule; ``needs_review`` on a
    doubtful error-severity rule or an error-severity flag; else ``pass``.

    A flag's severity is the policy's for its code when the policy names the code,
    else the flag's own. Failed warning-severity rules (entry deadlines, 不补验
    notes) never change the verdict.
    """
    severity = {rule.id: rule.severity for rule in policy.rules}
    graded = [r for r in results if severity.get(r.rule, "error") == "error"]
    if any(not r.passed and not r.doubtful for r in graded):
        return "fail"
    if any(r.doubtful for r in graded):
        return "needs_review"
    severities = policy.spec.severities
    if any(severities.get(f.code, f.severity) == "error" for f in flags):
        return "needs_review"
    return "pass"

