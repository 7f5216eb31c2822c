"""The engine: optimistic/pessimistic evaluation, doubt, messages, and the verdict."""

from __future__ import annotations

import datetime as dt

import pytest
from test_rules_support import compliant, person, rec, year_records

from pipeline.models import Flag, RuleResult
from pipeline.rules import decide_verdict, evaluate, load_policy
from pipeline.rules.engine import fill

W = list(range(2018, 2023))


def results_of(policy_name, records, who=None, *, doubtful=None, lists=()):
    policy = load_policy(policy_name)
    p = person(**(who or {}))
    years = policy.window_years(person=p, list_years=list(lists))
    return policy, {r.rule: r for r in evaluate(p, records, policy, years=years, doubtful=doubtful)}


def test_one_result_per_rule_in_policy_order():
    policy, results = results_of("wenzhou-2023", compliant(W))
    assert list(results) == [r.id for r in policy.rules]


def test_doubtful_record_that_decides_the_rule_makes_it_doubtful():
    records = compliant(W)
    # 2019 is exactly 26; a doubtful 16-credit II类 record there would drop it to 10
    target = next(r for r in records if r.year == 2019 and r.category == "II类")
    _, results = results_of("wenzhou-2023", records, doubtful={target.record_id: "RECORD_NO_CERT"})
    r = results["annual_min_credits"]
    assert r.passed is False and r.doubtful is True
    assert any(target.record_id in reason and "RECORD_NO_CERT" in reason for reason in r.doubt_reasons)


def test_doubtful_record_that_does_not_matter_leaves_the_rule_passed():
    records = compliant(W) + [rec(2019, 2, "II类", rid="RX")]
    _, results = results_of("wenzhou-2023", records, doubtful={"RX": "FIELD_MISMATCH"})
    assert results["annual_min_credits"].passed is True
    assert not results["annual_min_credits"].doubtful


def test_fail_even_with_benefit_of_the_doubt_is_a_trustworthy_fail():
    records = [r for y in W for r in year_records(y, ii=10)]  # 20 credits a year
    first = records[0].record_id
    _, results = results_of("wenzhou-2023", records, doubtful={first: "RECORD_NO_CERT"})
    r = results["annual_min_credits"]
    assert r.passed is False and r.doubtful is False
    assert r.value == 20 and r.threshold == 25


def test_doubtful_record_outside_the_window_is_not_named():
    records = compliant(W) + [rec(2016, 3, rid="OLD")]
    target = next(r for r in records if r.year == 2019 and r.category == "II类")
    _, results = results_of("wenzhou-2023", records,
                            doubtful={target.record_id: "RECORD_NO_CERT", "OLD": "RECORD_NO_CERT"})
    reasons = " ".join(results["annual_min_credits"].doubt_reasons)
    assert target.record_id in reasons and "OLD" not in reasons


def _jinhua_share(remote_per_year, face_per_year, extras):
    J = [2016, 2017, 2018, 2019, 2020]
    records = [r for y in J for r in year_records(y, nat=0, prov=face_per_year, remote_nat=remote_per_year)]
    extra = [rec(2018, 2, "I类省级", mode=mode, rid=f"D{i}") for i, mode in enumerate(extras)]
    _, results = results_of("jinhua-2020", records + extra, doubtful={e.record_id: "FIELD_MISMATCH" for e in extra})
    r = results["remote_class1_max_share"]
    return "doubtful" if r.doubtful else ("pass" if r.passed else "fail")


@pytest.mark.parametrize(("remote", "face", "extras", "expected"), [
    (5, 5, ["远程", "面授"], "doubtful"),  # 27/54 = 50%, but without the face one 27/52 > 50%
    (4, 6, ["远程", "面授"], "pass"),  # 40%: no way of reading the doubtful records breaks it
    (6, 4, ["面授"], "fail"),  # 60%: fails even counting the doubtful face-to-face record
    (5.5, 4.5, ["面授", "面授", "面授"], "doubtful"),  # 27.5/56 passes, 27.5/50 fails
], ids=["金华 远程占比: 存疑记录两个方向都要考虑(恰好50%)", "金华 远程占比: 40%时存疑记录无影响",
        "金华 远程占比: 60%即使计入存疑面授仍超", "金华 远程占比: 存疑面授记录决定结果"])
def test_share_rule_considers_both_directions_of_doubt(remote, face, extras, expected):
    assert _jinhua_share(remote, face, extras) == expected


def test_failure_message_fills_the_template():
    records = [r for y in W for r in year_records(y, ii=14.5 if y == 2019 else 16)]
    _, results = results_of("wenzhou-2023", records)
    msg = results["annual_min_credits"].message
    assert "2019年度学分24.5分" in msg and "25分" in msg
    assert "{" not in msg


def test_fill_leaves_unknown_placeholders_blank_and_survives_bad_templates():
    assert fill("{year}年{value}分{nope}", year=2019, value=24.5) == "2019年24.5分"
    assert fill("{unclosed", value=1) == "{unclosed"


# ------------------------------------------------------------------- verdict


def _rr(rule, passed, doubtful=False):
    return RuleResult(rule=rule, passed=passed, doubtful=doubtful)


@pytest.mark.parametrize(("results", "flags", "expected"), [
    ([_rr("annual_min_credits", True), _rr("national_class1_min", True)], [], "pass"),
    ([_rr("annual_min_credits", False), _rr("national_class1_min", True)], [], "fail"),
    ([_rr("annual_min_credits", False, True)], [], "needs_review"),
    ([_rr("annual_min_credits", False, True), _rr("national_class1_min", False)], [], "fail"),
    ([_rr("annual_min_credits", True)], [Flag(code="ORDER_MISMATCH")], "needs_review"),
    ([_rr("annual_min_credits", True)], [Flag(code="PAGE_UNREADABLE", severity="error")], "pass"),
    ([_rr("annual_min_credits", True)], [Flag(code="ORDER_MISMATCH", severity="warning")], "needs_review"),
    ([_rr("annual_min_credits", True), _rr("class2_entry_deadline", False)], [], "pass"),
    ([_rr("annual_min_credits", False)], [Flag(code="ORDER_MISMATCH")], "fail"),
], ids=["all pass", "trustworthy fail", "doubtful only", "fail beats doubt", "error flag",
        "PAGE_UNREADABLE is a warning by policy", "policy severity wins over the flag's",
        "warning rule (录入期限) never fails", "fail beats flags"])
def test_decide_verdict(results, flags, expected):
    assert decide_verdict(results, flags, load_policy("wenzhou-2023")) == expected


# ------------------------------------------- whole-policy compliance per notice

def _compliant_person_and_records(name):
    """A person meeting every clause of the policy, for its default window."""
    policy = load_policy(name)
    years = policy.window_years(person=person(), list_years=[])
    return policy, person(), compliant(years)


def _to_provincial(r):
    return r.model_copy(update={"category": "I类省级"}) if r.category == "I类国家级" else r


BREAKS = {
    "wenzhou-2023": {
        "annual_min_credits": lambda p, rs: (p, [r for r in rs if not (r.year == 2020 and r.category == "II类")]),
        "national_class1_min": lambda p, rs: (p, [_to_provincial(r) if r.year > 2019 else r for r in rs]),
    },
    "jinhua-2020": {
        "annual_min_credits": lambda p, rs: (p, [r.model_copy(update={"date": dt.date(2020, 9, 15)})
                                                if r.year == 2020 and r.category == "II类" else r for r in rs]),
        "national_class1_min": lambda p, rs: (p, [_to_provincial(r) if r.year > 2017 else r for r in rs]),
        "remote_class1_max_share": lambda p, rs: (p, [r.model_copy(update={"mode": "远程"})
                                                      if r.category == "I类省级" else r for r in rs]),
        "class1_specialty_match": lambda p, rs: (p.model_copy(update={"discipline_code": "03-01"}),
                                                 [r for r in rs if not (r.year == 2020 and r.category != "II类")]
                                                 + [rec(2020, 10, "II类")]),
    },
    "shanghai-2018": {
        "annual_min_credits": lambda p, rs: (p, [r for r in rs if r.category != "II类"]),
    },
    "yunnan-2020": {
        "annual_min_credits": lambda p, rs: (p, rs[:1]),
        "mandatory_training": lambda p, rs: (p.model_copy(update={"mandatory_training_passed": False}), rs),
    },
}


@pytest.mark.parametrize("name", ["national-baseline", "wenzhou-2023", "jinhua-2020", "shanghai-2018", "yunnan-2020"])
def test_a_person_meeting_every_clause_passes(name):
    policy = load_policy(name)
    p = person()
    years = policy.window_years(person=p, list_years=[], audit_year=2022)
    results = evaluate(p, compliant(years), policy, years=years)
    assert all(r.passed for r in results), [r for r in results if not r.passed]
    assert decide_verdict(results, [], policy) == "pass"


@pytest.mark.parametrize(("name", "rule_id"), [(n, r) for n, rules in BREAKS.items() for r in rules])
def test_breaking_one_clause_fails_the_person_on_that_rule(name, rule_id):
    policy, p, records = _compliant_person_and_records(name)
    p2, records2 = BREAKS[name][rule_id](p, records)
    years = policy.window_years(person=p2, list_years=[])
    results = evaluate(p2, records2, policy, years=years)
    failed = [r.rule for r in results if not r.passed and policy.rule_severity(r.rule) == "error"]
    assert failed == [rule_id]
    assert decide_verdict(results, [], policy) == "fail"


def test_every_error_rule_of_the_regional_policies_has_a_break_case():
    """Every error rule can fail, except one whose exemption covers every year for everyone (a waiver)."""
    for name, breaks in BREAKS.items():
        error_rules = {r.id for r in load_policy(name).rules if r.severity == "error"
                       and not any(e.years is None and not e.when for e in r.all_exemptions())}
        assert error_rules <= set(breaks), (name, error_rules - set(breaks))


def test_exempt_if_shorthand_exempts_every_year_for_those_persons(tmp_path):
    """``exempt_if`` (policy files by path) = an exemption of every year of the window for those persons."""
    import shutil

    from pipeline.rules import POLICIES_DIR

    shutil.copy(POLICIES_DIR / "national-baseline.yaml", tmp_path / "national-baseline.yaml")
    (tmp_path / "mine.yaml").write_text(
        "name: mine\ntitle: t\nextends: national-baseline\nrules:\n"
        "  - {id: annual_min_credits, kind: annual_min, params: {min: 25}, clause: c, message: m,\n"
        "     exempt_if: {covid_frontline: true}}\n", encoding="utf-8")
    policy = load_policy(str(tmp_path / "mine.yaml"))
    years = policy.window_years(person=person(), list_years=[], audit_year=2022)
    frontline = {r.rule: r for r in evaluate(person(covid_frontline=True), [], policy, years=years)}
    other = {r.rule: r for r in evaluate(person(), [], policy, years=years)}
    assert frontline["annual_min_credits"].passed
    assert "免考年度：2018、2019、2020、2021、2022" in frontline["annual_min_credits"].message
    assert not other["annual_min_credits"].passed
