"""Apply a policy's rules to one person's records, and decide the verdict.

Each rule is computed on several record sets (``Kind.scenarios``): every record
(the benefit of the doubt) and only the records whose evidence is sound (the
``doubtful`` ones left out). It passes if it passes in all of them, fails only if
it fails in all of them (a trustworthy fail), and is otherwise doubtful, naming
the records (and any blank person field) that leave it open.
"""

from __future__ import annotations

import logging

from pipeline.models import CreditRecord, Flag, Person, RuleResult, Verdict
from pipeline.rules.kinds import KINDS, Context
from pipeline.rules.policy import Policy
from pipeline.rules.schema import RuleSpec

log = logging.getLogger(__name__)

EXEMPTION_LABELS = {"covid_frontline": "抗疫一线人员", "early_promotion": "提前晋升人员"}
PASS_MESSAGE = "符合要求（{value}/{threshold}）"
PASS_MESSAGE_NO_VALUE = "符合要求"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, **values) -> str:
    """Fill {value}/{threshold}/{year}/{years}/{detail}; numbers without trailing zeros, unknown keys blank."""
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
    exempt = [k for k, v in rule.exempt_if.items() if getattr(ctx.person, k) == v]
    if exempt:
        label = "、".join(EXEMPTION_LABELS.get(k, k) for k in exempt)
        return RuleResult(rule=rule.id, passed=True, clause=rule.clause,
                          message=f"{label}，按通知视为合格")
    subsets = kind.scenarios(params, records, doubtful, ctx)
    # a scenario that leaves nothing out is the first one again: compute it once
    outcomes = [kind.compute(params, subsets[0], ctx)]
    outcomes += [kind.compute(params, s, ctx) for s in subsets[1:] if len(s) != len(subsets[0])]
    first = outcomes[0]
    values = {"value": first.value, "threshold": first.threshold, "year": first.year,
              "years": "、".join(str(y) for y in ctx.years), "detail": first.detail}
    if all(o.passed is True for o in outcomes):
        return RuleResult(rule=rule.id, passed=True, value=first.value, threshold=first.threshold,
                          clause=rule.clause, message=_pass_message(first.value, values, first.detail))
    message = fill(rule.message, **values)
    if all(o.passed is False for o in outcomes):
        return RuleResult(rule=rule.id, passed=False, value=first.value, threshold=first.threshold,
                          clause=rule.clause, message=message)
    reasons = sorted({o.unknown for o in outcomes if o.unknown})
    ids = {r.record_id for r in records}
    reasons += [f"{rid}: {why}" for rid, why in sorted(doubtful.items()) if rid in ids]
    return RuleResult(rule=rule.id, passed=False, value=first.value, threshold=first.threshold,
                      clause=rule.clause, message=message, doubtful=True,
                      doubt_reasons=reasons or ["证据不足，结果取决于待核实的记录"])


def _pass_message(value, values: dict, detail: str) -> str:
    text = fill(PASS_MESSAGE if value is not None else PASS_MESSAGE_NO_VALUE, **values)
    return f"{text}；{detail}" if detail else text


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

