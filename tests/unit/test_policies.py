"""Loading policies: shipped names, paths, extends:, validation that lists every problem."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap

import pytest
from test_rules_support import person, rec

from pipeline.errors import PolicyError
from pipeline.models import FLAG_CODES
from pipeline.rules import POLICIES_DIR, describe_policy, list_policies, load_policy, policy_rows

SHIPPED = ["jinhua-2020", "national-baseline", "shanghai-2018", "wenzhou-2023", "yunnan-2020"]


def test_shipped_policies_are_listed_and_load():
    policies = list_policies()
    assert [p.name for p in policies] == SHIPPED
    for p in policies:
        assert len(p.sha256) == 64
        assert p.title and p.rules
        for rule in p.rules:
            assert rule.clause and rule.message
    rows = policy_rows(policies)
    assert {r["name"] for r in rows} == set(SHIPPED)
    assert all(r["source_file"].endswith(f"{r['name']}.yaml") for r in rows)
    assert all(p.source == str(p.source_file) for p in policies)


def test_regional_policies_extend_the_baseline_and_keep_the_truth_rule_ids():
    for name in ("wenzhou-2023", "jinhua-2020"):
        ids = [r.id for r in load_policy(name).rules]
        assert "annual_min_credits" in ids and "national_class1_min" in ids
    for name in ("wenzhou-2023", "jinhua-2020", "shanghai-2018", "yunnan-2020"):
        assert load_policy(name).spec.extends == "national-baseline"
    assert "national_class1_min" not in [r.id for r in load_policy("shanghai-2018").rules]


def test_baseline_severities_seals_and_certificates():
    p = load_policy("national-baseline")
    assert {code: p.severity(code) for code in FLAG_CODES} == {
        code: ("warning" if code in ("PAGE_UNREADABLE", "CERT_UNREAD") else "error") for code in FLAG_CODES}
    assert p.required_seals("I类国家级") == {"organizer", "cme_office"}
    assert p.required_seals("I类省级") == {"organizer", "cme_office"}
    assert p.required_seals("II类") == {"organizer"}
    assert p.required_seals(None) == {"organizer"}  # unread category: what every category requires
    assert p.needs_certificate(rec(2019, 5, "II类", mode="远程"))


def test_inherited_settings_reach_regional_policies():
    w = load_policy("wenzhou-2023")
    assert w.required_seals("I类省级") == {"organizer", "cme_office"}
    assert w.severity("PAGE_UNREADABLE") == "warning"


def test_jinhua_does_not_need_haoyisheng_remote_class2_certificates():
    j = load_policy("jinhua-2020")
    assert not j.needs_certificate(rec(2016, 5, "II类", mode="远程", organizer="好医生网"))
    assert j.needs_certificate(rec(2016, 5, "II类", mode="面授", organizer="好医生网"))
    assert j.needs_certificate(rec(2016, 5, "II类", mode="远程", organizer="华医网"))
    assert j.needs_certificate(rec(2016, 5, "I类国家级", mode="远程", organizer="好医生网"))


def test_shanghai_needs_only_2018_class1_originals_and_yunnan_none():
    s = load_policy("shanghai-2018")
    assert s.needs_certificate(rec(2018, 5, "I类国家级"))
    assert s.needs_certificate(rec(2018, 5, "I类省级"))
    assert not s.needs_certificate(rec(2018, 5, "II类"))
    assert not s.needs_certificate(rec(2017, 5, "I类国家级"))
    assert not load_policy("yunnan-2020").needs_certificate(rec(2020, 5, "I类国家级"))


@pytest.mark.parametrize(("name", "who", "lists", "year", "expected"), [
    ("wenzhou-2023", {}, [], None, [2018, 2019, 2020, 2021, 2022]),
    ("wenzhou-2023", {"early_promotion": True}, [], None, [2019, 2020, 2021, 2022]),
    # the last five years the bundle documents, 2023 (January to June) included (issue 14)
    ("wenzhou-2023", {}, [2018, 2019, 2020, 2021, 2022, 2023], None, [2019, 2020, 2021, 2022, 2023]),
    ("wenzhou-2023", {}, [2019, 2020, 2021, 2022, 2023], None, [2019, 2020, 2021, 2022, 2023]),
    ("wenzhou-2023", {"early_promotion": True}, [2020, 2021, 2022, 2023], None, [2020, 2021, 2022, 2023]),
    ("wenzhou-2023", {}, [2018, 2019, 2020, 2021], None, [2018, 2019, 2020, 2021, 2022]),  # 2022 list missing
    ("wenzhou-2023", {}, [2017, 2018, 2019, 2020, 2021], None, [2017, 2018, 2019, 2020, 2021]),
    ("jinhua-2020", {}, [], None, [2016, 2017, 2018, 2019, 2020]),
    ("jinhua-2020", {}, [2015, 2016, 2017, 2018, 2019, 2020], None, [2015, 2016, 2017, 2018, 2019, 2020]),
    ("jinhua-2020", {}, [2014, 2015, 2016, 2017, 2018, 2019, 2020], None, [2015, 2016, 2017, 2018, 2019, 2020]),
    ("shanghai-2018", {}, [2017, 2018], None, [2018]),
    ("shanghai-2018", {}, [], 2019, [2018]),  # the notice fixes the year
    ("yunnan-2020", {}, [], None, [2020]),
    ("yunnan-2020", {}, [2017, 2018, 2019, 2020], None, [2018, 2019, 2020]),
    ("national-baseline", {}, [], 2021, [2017, 2018, 2019, 2020, 2021]),
], ids=["温州近五年", "温州提前晋升近四年", "温州2023可选年度", "温州2019-2023为五年", "温州提前晋升2020-2023", "温州缺2022清单仍为2018-2022",
        "温州清单为2017-2021时随清单", "金华无清单近五年", "金华2015至2020", "金华2015以前不审",
        "上海2017不补验", "上海固定2018", "云南2020", "云南补验2018-2019不含2017", "全国按--year"])
def test_window_years(name, who, lists, year, expected):
    assert load_policy(name).window_years(person=person(**who), list_years=lists, audit_year=year) == expected


def test_window_needs_a_year_when_the_policy_fixes_none():
    with pytest.raises(PolicyError, match="--year"):
        load_policy("national-baseline").window_years(person=None, list_years=[])


def test_counts_honours_jinhua_cutoff():
    j = load_policy("jinhua-2020")
    years = [2016, 2017, 2018, 2019, 2020]
    assert j.counts(rec(2020, 1, date=dt.date(2020, 8, 31)), years)
    assert not j.counts(rec(2020, 1, date=dt.date(2020, 9, 1)), years)
    assert not j.counts(rec(2015, 1), years)


def test_policy_by_path_works_like_shipped(tmp_path):
    shutil.copy(POLICIES_DIR / "national-baseline.yaml", tmp_path / "national-baseline.yaml")
    (tmp_path / "mine.yaml").write_text(textwrap.dedent("""\
        name: my-region
        title: 测试地区
        extends: national-baseline
        rules:
          - id: annual_min_credits
            kind: annual_min
            params: {min: 30}
            clause: 测试：每年30分
            message: "{year}年{value}分"
        """), encoding="utf-8")
    p = load_policy(str(tmp_path / "mine.yaml"))
    assert p.name == "my-region"
    assert p.rule("annual_min_credits").params == {"min": 30}
    assert [r.id for r in p.rules] == ["annual_min_credits", "national_class1_min", "class1_annual_min"]
    assert p.required_seals("I类国家级") == {"organizer", "cme_office"}


def test_sha_changes_with_content(tmp_path):
    text = (POLICIES_DIR / "wenzhou-2023.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("max: 0.5", "max: 0.6"), encoding="utf-8")
    shipped = load_policy("wenzhou-2023").sha256
    assert load_policy(str(tmp_path / "a.yaml")).sha256 == shipped
    assert load_policy(str(tmp_path / "b.yaml")).sha256 != shipped


def test_malformed_policy_lists_every_problem_with_file_and_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""\
        name: bad
        title: 错误示例
        extends: national-baseline
        drop_rules: [no_such_rule]
        severities: {NOT_A_CODE: error}
        window: {years: 0}
        rules:
          - id: annual_min_credits
            kind: annual_min
            params: {min: -1}
            clause: x
            message: y
          - id: national_class1_min
            kind: window_min
            params: {minimum: 10}
            clause: x
            message: y
          - id: extra
            kind: no_such_kind
            clause: x
            message: y
        """), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(str(bad))
    text = str(info.value)
    for key in ("drop_rules[0]", "window.years", "rules[0].params.min", "rules[1].params.min",
                "rules[1].params.minimum", "rules[2].kind", "severities.NOT_A_CODE"):
        assert key in text, (key, text)
    assert str(bad) in text
    assert len(info.value.problems) >= 7


def test_bad_exemptions_are_reported_with_their_keys(tmp_path):
    f = tmp_path / "exempt.yaml"
    f.write_text(textwrap.dedent("""\
        name: exempt
        title: 免考
        extends: national-baseline
        rules:
          - id: annual_min_credits
            kind: annual_min
            params: {min: 25}
            clause: c
            message: m
            exemptions:
              - {years: [2020], when: {covid_frontline: 是}, label: x}
              - {when: {title_level: 初级}, label: y}
              - {when: {specialty: [内科]}, label: z}
              - {years: [2020]}
        """), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(str(f))
    text = str(info.value)
    for key in ("rules[0].exemptions[0].when.covid_frontline", "rules[0].exemptions[1].when.title_level",
                "rules[0].exemptions[2].when.specialty", "rules[0].exemptions[3].label"):
        assert key in text, (key, text)


def test_old_kind_level_exemption_params_are_rejected(tmp_path):
    """``exempt_years`` / ``no_split_years`` / ``waived`` relaxed the whole window (issue 19); they are gone."""
    f = tmp_path / "old.yaml"
    f.write_text(textwrap.dedent("""\
        name: old
        title: 旧
        extends: national-baseline
        rules:
          - {id: class1_annual_min, kind: class_split, params: {class1_min: 5, no_split_years: [2020]},
             clause: c, message: m}
        """), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"rules\[\d\]\.params\.no_split_years"):
        load_policy(str(f))


def test_missing_clause_and_bad_yaml_are_reported(tmp_path):
    f = tmp_path / "noclause.yaml"
    f.write_text("name: x\ntitle: t\nextends: national-baseline\nrules:\n  - {id: r, kind: window_min, "
                 "params: {min: 1}, message: m}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"noclause.yaml: rules\[0\]\.clause"):
        load_policy(str(f))
    g = tmp_path / "broken.yaml"
    g.write_text("name: x\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="not valid YAML"):
        load_policy(str(g))


def test_extends_cycle_and_unknown_policy(tmp_path):
    (tmp_path / "a.yaml").write_text("name: a\ntitle: a\nextends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\ntitle: b\nextends: a\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="cycle"):
        load_policy(str(tmp_path / "a.yaml"))
    with pytest.raises(PolicyError, match="wenzhou-2023"):  # the hint lists shipped names
        load_policy("no-such-policy")


def test_describe_policy_shows_every_rule_with_its_clause():
    p = load_policy("yunnan-2020")
    text = describe_policy(p)
    for rule in p.rules:
        assert rule.id in text and rule.clause.split("；")[0][:20] in text
    assert "95%" in text
    assert "annual_min_credits  (annual_min, error)" in text  # no [..]: rich markup
    assert "exempt: 免考年度 2020 (covid_frontline=是): 抗疫一线人员视为本年度（2020年）学分合格" in text
    assert "national_class1_min" in text  # listed as an inherited rule not applied


def test_a_problem_in_an_inherited_rule_names_the_parent_file(tmp_path):
    (tmp_path / "parent.yaml").write_text(textwrap.dedent("""\
        name: parent
        title: 上级
        seals: {I类国家级: [organizer], I类省级: [organizer], II类: [organizer]}
        rules:
          - {id: ok, kind: window_min, params: {min: 1}, clause: c, message: m}
          - {id: broken, kind: window_min, params: {min: 0}, clause: c, message: m}
        """), encoding="utf-8")
    (tmp_path / "child.yaml").write_text("name: child\ntitle: 下级\nextends: parent\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(str(tmp_path / "child.yaml"))
    [p] = info.value.problems
    assert p.file.endswith("parent.yaml") and p.message.startswith("rules[1].params.min")
