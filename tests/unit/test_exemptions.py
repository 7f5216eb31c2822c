"""Exemptions relax the years (or persons) the notice names, not the whole window (issue 19).

One test per exemption clause of the shipped policies. An exemption leaves its
years out of the condition; the condition is judged on the remaining years, and
the rule's message names the exempt years (``免考年度``) and the years judged
(``考核年度``). Each docstring cites the notice clause (seeds 000 温州2023,
001 金华2020, 003 上海2018, 004 云南2020). Expected outcomes are worked out from
the notice's words, not copied from the code.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

from test_rules_support import person, rec, year_records

from pipeline.records.idcard import check_digit
from pipeline.rules import describe_policy, evaluate, load_policy

J = [2016, 2017, 2018, 2019, 2020]  # 金华 without lists back to 2015
W = [2018, 2019, 2020, 2021, 2022]  # 温州 近五年


def result(policy_name, records, who=None, *, lists=()):
    policy = load_policy(policy_name)
    p = person(**(who or {}))
    years = policy.window_years(person=p, list_years=list(lists))
    return {r.rule: r for r in evaluate(p, records, policy, years=years)}


def status(r) -> str:
    return "doubtful" if r.doubtful else ("pass" if r.passed else "fail")


def build(years, changes):
    """One compliant year each (26 credits, Class I 10), with ``changes[year]`` as year_records kwargs."""
    return [r for y in years for r in year_records(y, **changes.get(y, {}))]


NO_CLASS1 = {"nat": 0, "prov": 0, "ii": 26}


def other_discipline(years, discipline="03-01"):
    return [r for y in years for r in year_records(y, discipline=discipline)]


# ------------------------------------------------------------------ 金华 2020


def test_jinhua_2020_content_exemption_leaves_2020_out_of_the_specialty_match():
    """金华2020 四、2：必须有专业对口的I类学分（不跨2级学科）…今年…学习内容可不受本专业限制.

    "今年" relaxes the content of 2020's credits only. A person whose Class I credits of every
    year are in another discipline (03-01 against 04-05) fails: 2020 is left out of the
    condition and 2016-2019 hold no matched Class I credit.
    """
    r = result("jinhua-2020", other_discipline(J))["class1_specialty_match"]
    assert status(r) == "fail", r
    assert r.value == 0
    assert "免考年度：2020" in r.message
    assert "考核年度：2016、2017、2018、2019" in r.message
    # one matched Class I credit in a judged year is enough ("必须有", at least 0.5)
    ok = result("jinhua-2020", other_discipline(J) + [rec(2018, 1, "I类省级", discipline="04-05")])
    assert status(ok["class1_specialty_match"]) == "pass"
    assert "免考年度：2020" in ok["class1_specialty_match"].message
    # ... but a matched credit of 2020 alone is not: 2020 is out of the condition either way
    only_2020 = result("jinhua-2020", other_discipline(J) + [rec(2020, 4, "I类国家级", discipline="04-05")])
    assert status(only_2020["class1_specialty_match"]) == "fail"


def test_jinhua_specialty_match_does_not_cross_the_level2_discipline():
    """金华2020 四、2：必须有专业对口的I类学分（不跨2级学科）.

    Not crossing the level-2 (二级学科) discipline means both segments of the person's
    学科代码 04-05 must agree with the project code's: 04-07 (same level 1, another level 2)
    crosses it and does not count.
    """
    records = other_discipline(J) + [rec(2017, 4, "I类国家级", discipline="04-07")]
    assert status(result("jinhua-2020", records)["class1_specialty_match"]) == "fail"
    records = other_discipline(J) + [rec(2017, 4, "I类国家级", discipline="04-05")]
    assert status(result("jinhua-2020", records)["class1_specialty_match"]) == "pass"


def test_jinhua_policies_show_states_which_segments_must_agree():
    """金华2020 四、2（不跨2级学科）: ``cme-audit policies show jinhua-2020`` says both segments agree."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    text = describe_policy(load_policy("jinhua-2020"))
    out = CliRunner().invoke(app, ["policies", "show", "jinhua-2020"])
    assert out.exit_code == 0, out.output
    for shown in (text, out.output):
        assert "学科代码两段（一级、二级学科，如04-05）均须一致" in shown
        assert "免考年度 2020" in shown


def test_jinhua_2020_substitution_relaxes_2020_only_and_says_so():
    """金华2020 四、2：今年的I、II类学分可相互补充50%.

    Only 2020's Class I minimum (5) is halved to 2.5; 2019 at 2.5 still falls short, and the
    message says which year was relaxed.
    """
    half = {"nat": 2.5, "prov": 0, "ii": 22.5}
    records = build(J, {2019: half, 2020: half})
    r = result("jinhua-2020", records)["class1_annual_min"]
    assert status(r) == "fail" and r.threshold == 5 and "2019年度I类学分2.5分" in r.message
    assert "2020年I类要求按通知减至2.5分" in r.message
    records = build(J, {2020: half})
    r = result("jinhua-2020", records)["class1_annual_min"]
    assert status(r) == "pass" and "2020年I类要求按通知减至2.5分" in r.message


# ------------------------------------------------------------------ 温州 2023


def test_wenzhou_no_split_years_are_left_out_of_the_class1_minimum():
    """温州2023 四、4：2020年至2023年所获学分可不限一、二类划分.

    2020-2022 (the window's years from 2020) are left out of the Class I minimum; 2018 and
    2019 are still judged: 4.5 Class I credits in 2019 fall short.
    """
    records = build(W, {2019: {"nat": 2, "prov": 2.5, "ii": 21}, 2020: NO_CLASS1, 2021: NO_CLASS1, 2022: NO_CLASS1})
    r = result("wenzhou-2023", records)["class1_annual_min"]
    assert status(r) == "fail" and "2019年度I类学分4.5分" in r.message
    assert "免考年度：2020、2021、2022" in r.message and "考核年度：2018、2019" in r.message
    records = build(W, {2020: NO_CLASS1, 2021: NO_CLASS1, 2022: NO_CLASS1})
    r = result("wenzhou-2023", records)["class1_annual_min"]
    assert status(r) == "pass" and "免考年度：2020、2021、2022" in r.message


def test_wenzhou_remote_share_waiver_covers_the_whole_window_and_says_so():
    """温州2023 四、4：可暂忽略不计学员近五年内通过远程方式获取一类学分总数占比…是否大于二分之一.

    The clause itself names the whole window (近五年内), so every year is exempt: the share is
    computed and shown, never failed, and the message names the exempt years.
    """
    records = [r for y in W for r in year_records(y, nat=0, prov=0, remote_nat=10)]
    r = result("wenzhou-2023", records)["remote_class1_max_share"]
    assert status(r) == "pass" and r.value == 1.0
    assert "免考年度：2018、2019、2020、2021、2022" in r.message
    assert "50/50" in r.message  # the share that was not judged


# ------------------------------------------------------------------ 云南 2020


def test_yunnan_frontline_exemption_covers_2020_not_the_late_verified_years():
    """云南2020 六（五）：抗疫一线…其参加学分验证人员视为本年度继续医学教育学分合格.

    "本年度" is 2020. A frontline worker who also has 2018 and 2019 verified late (二：可以补验
    2018年度和2019年度学分) is still held to those years' minimum: 2018 with 14 credits fails.
    """
    records = build([2018, 2019, 2020], {2018: {"ii": 4}})
    frontline = {"covid_frontline": True}
    r = result("yunnan-2020", records, frontline, lists=[2018, 2019, 2020])["annual_min_credits"]
    assert status(r) == "fail" and "2018年度学分14分" in r.message
    assert "免考年度：2020" in r.message and "考核年度：2018、2019" in r.message
    r = result("yunnan-2020", [], {"covid_frontline": True})["annual_min_credits"]
    assert status(r) == "pass" and "免考年度：2020" in r.message


def test_yunnan_frontline_training_exemption_is_for_2020():
    """云南2020 六（四）：未获取全员培训合格证书，其2020年度继续医学教育视为不合格；六（五）抗疫一线视为本年度合格.

    The training requirement is a 2020 one and the frontline exemption covers 2020: the
    message names 2020 as the exempt year; a non-frontline person without the training fails.
    """
    records = year_records(2020)
    r = result("yunnan-2020", records, {"covid_frontline": True, "mandatory_training_passed": False})
    assert status(r["mandatory_training"]) == "pass" and "免考年度：2020" in r["mandatory_training"].message
    r = result("yunnan-2020", records, {"mandatory_training_passed": False})
    assert status(r["mandatory_training"]) == "fail"


# ------------------------------------------------------------------ 上海 2018


def test_shanghai_junior_staff_are_exempt_from_the_split_in_every_year():
    """上海2018 一、2：从2016年开始…初级专业技术职务人员…每年…不得低于20学分（不区分I、II类学分）.

    The exemption is for 初级 persons in every year from 2016, so the audited year 2018 is
    exempt for them (named in the message); a 中级 person is still judged.
    """
    records = year_records(2018, nat=0, prov=0, ii=20)
    r = result("shanghai-2018", records, {"title_level": "初级"})["class1_annual_min"]
    assert status(r) == "pass" and "免考年度：2018" in r.message
    r = result("shanghai-2018", records, {"title_level": "中级"})["class1_annual_min"]
    assert status(r) == "fail" and "免考年度" not in r.message


# ------------------------------------------------------- cme-audit check, end to end


def _id_number(serial: str) -> str:
    first17 = "33070219800101" + serial
    return first17 + check_digit(first17)


def test_check_cli_fails_the_issue_case_and_names_the_years_counted(tmp_path):
    """金华2020 四、2 end to end: ``cme-audit check --policy jinhua-2020 --year 2020`` on a records
    export of one person (学科代码 04-05) whose Class I credits 2015-2020 are all 03-01 gives
    ``fail`` on class1_specialty_match, the message naming the years counted."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    pid = _id_number("123")
    records = tmp_path / "records"
    records.mkdir()
    with open(records / "persons.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["身份证号", "姓名", "单位", "单位级别", "职称级别", "专业", "学科代码", "提前晋升", "抗疫一线", "全员培训"])
        w.writerow([pid, "李四", "金华市中心医院", "州市级", "中级", "消化内科", "04-05", "否", "否", "是"])
    with open(records / "credits.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["记录编号", "身份证号", "姓名", "年度", "项目编号", "项目名称", "学分类别", "学分", "日期",
                    "学习形式", "主办单位", "证书编号", "录入日期"])
        n = 0
        for year in range(2015, 2021):
            day = dt.date(year, 5, 10)
            for code, category, credits in ((f"{year}-03-01-001(国)", "I类国家级", 4),
                                            (f"{year}-03-01-002(省)", "I类省级", 6), ("", "II类", 16)):
                n += 1
                w.writerow([f"J{n:04d}", pid, "李四", year, code, "学术会议", category, credits, day.isoformat(),
                            "面授", "某学会", "", (day + dt.timedelta(days=10)).isoformat()])
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["check", "--records", str(records), "--policy", "jinhua-2020",
                                   "--out", str(out), "--year", "2020"])
    assert run.exit_code == 0, run.output
    [applicant] = json.loads((out / "findings.json").read_text(encoding="utf-8"))["applicants"]
    rules = {r["rule"]: r for r in applicant["rules"]}
    assert applicant["verdict"] == "fail"
    assert [k for k, r in rules.items() if not r["passed"]] == ["class1_specialty_match"]
    message = rules["class1_specialty_match"]["message"]
    assert "考核年度：2016、2017、2018、2019" in message and "免考年度：2020" in message
