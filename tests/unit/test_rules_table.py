"""Table-driven cases: every rule of every shipped policy, at and around its boundary.

Each case's id names the notice clause it tests. Expected outcomes are worked
out from the notice's numbers (e.g. 24.5 < 25 fails, exactly 25 passes), not
copied from the code's output.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_rules_support import person, rec, year_records

from pipeline.rules import evaluate, load_policy

W = list(range(2018, 2023))  # Wenzhou 2023: 近五年 = 2018-2022
J = list(range(2016, 2021))  # Jinhua 2020 without lists back to 2015: 2016-2020
D = dt.date


def build(years, changes=None, extra=()):
    changes = changes or {}
    out = []
    for y in years:
        out += year_records(y, **changes.get(y, {}))
    return out + list(extra)


def nat_per_year(years, values):
    """Set national Class I per year (face to face), keeping each year at >= 25 via provincial."""
    return {y: {"nat": v, "prov": 10 - v} for y, v in zip(years, values)}


def case(policy, rule, expected, records, *, who=None, lists=(), id):
    return pytest.param(policy, rule, expected, records, who or {}, list(lists), id=id)


BASE = [
    case("national-baseline", "annual_min_credits", "fail", build(W, {2019: {"ii": 14.5}}),
         id="全国 每年不低于25学分: 2019年24.5分"),
    case("national-baseline", "annual_min_credits", "pass", build(W, {2019: {"ii": 15}}),
         id="全国 每年不低于25学分: 恰好25分"),
    case("national-baseline", "annual_min_credits", "pass", build(W), id="全国 每年不低于25学分: 每年26分"),
    case("national-baseline", "national_class1_min", "fail", build(W, nat_per_year(W, [2, 2, 2, 2, 1.5])),
         id="全国 五年内国家级I类不低于10分: 9.5分"),
    case("national-baseline", "national_class1_min", "pass", build(W, nat_per_year(W, [2] * 5)),
         id="全国 五年内国家级I类不低于10分: 恰好10分"),
    case("national-baseline", "national_class1_min", "fail",
         build(W, {y: {"nat": 0, "prov": 10} for y in W}), id="全国 五年内国家级I类不低于10分: 仅省级I类"),
    case("national-baseline", "class1_annual_min", "fail", build(W, {2019: {"nat": 2, "prov": 2.5, "ii": 21}}),
         id="全国 每年I类5-10学分(提示): 4.5分"),
    case("national-baseline", "class1_annual_min", "pass", build(W, {2019: {"nat": 2, "prov": 3, "ii": 21}}),
         id="全国 每年I类5-10学分(提示): 恰好5分"),
    case("national-baseline", "class1_annual_min", "pass", build(W), id="全国 每年I类5-10学分(提示): 10分"),
]

WENZHOU = [
    case("wenzhou-2023", "annual_min_credits", "fail", build(W, {2019: {"ii": 14.5}}),
         id="温州 三 近五年逐年25分: 2019年24.5分"),
    case("wenzhou-2023", "annual_min_credits", "pass", build(W, {2019: {"ii": 15}}),
         id="温州 三 近五年逐年25分: 恰好25分"),
    case("wenzhou-2023", "annual_min_credits", "pass",
         build(W, extra=[rec(2023, 10, "II类", date=D(2023, 3, 1))]), lists=W + [2023],
         id="温州 四1 2023年度材料(1-6月)可选: 不按整年25分考核"),
    case("wenzhou-2023", "annual_min_credits", "fail", build(W, {2018: {"ii": 5}}),
         id="温州 三 近五年: 非提前晋升者2018年15分不合格"),
    case("wenzhou-2023", "annual_min_credits", "pass", build(W, {2018: {"ii": 5}}), who={"early_promotion": True},
         id="温州 三 提前一年晋升只需近四年: 2018年不审"),
    case("wenzhou-2023", "national_class1_min", "fail", build(W, nat_per_year(W, [2, 2, 2, 2, 1.5])),
         id="温州 近五年国家级I类不低于10分: 9.5分"),
    case("wenzhou-2023", "national_class1_min", "pass", build(W, nat_per_year(W, [2] * 5)),
         id="温州 近五年国家级I类不低于10分: 恰好10分"),
    case("wenzhou-2023", "national_class1_min", "fail", build(W, nat_per_year(W, [4, 2, 2, 2, 1.5])),
         who={"early_promotion": True}, id="温州 提前晋升近四年: 2018年国家级I类不计"),
    # with a 2023 list the five years are 2019-2023 (三：近五年), so 2018's credits do not count
    case("wenzhou-2023", "national_class1_min", "fail",
         build(W, nat_per_year(W, [2, 2, 2, 2, 3]), extra=[rec(2023, 1, "I类国家级", date=D(2023, 7, 1))]),
         lists=W + [2023], id="温州 四1 2023年度材料截至6月30日: 7月1日不计"),
    case("wenzhou-2023", "national_class1_min", "pass",
         build(W, nat_per_year(W, [0, 2, 2, 2, 3]), extra=[rec(2023, 1, "I类国家级", date=D(2023, 6, 30))]),
         lists=W + [2023], id="温州 四1 2023年度材料截至6月30日: 6月30日计入"),
    case("wenzhou-2023", "national_class1_min", "fail",
         build(W, nat_per_year(W, [5, 2, 2, 2, 3]), extra=[rec(2023, 1, "I类国家级", date=D(2023, 7, 1))]),
         lists=W + [2023], id="温州 三 近五年: 2023年列入时2018年不计"),
    case("wenzhou-2023", "remote_class1_max_share", "pass",
         build(W, {y: {"nat": 0, "prov": 0, "remote_nat": 10} for y in W}),
         id="温州 四4 远程I类占比暂不考核: 100%远程"),
    case("wenzhou-2023", "remote_class1_max_share", "pass",
         build(W, {y: {"nat": 0, "prov": 5, "remote_nat": 5} for y in W}),
         id="温州 四4 远程I类占比暂不考核: 恰好50%"),
    case("wenzhou-2023", "remote_class1_max_share", "pass", build(W), id="温州 四4 远程I类占比暂不考核: 无远程"),
    case("wenzhou-2023", "class1_annual_min", "fail", build(W, {2019: {"nat": 2, "prov": 2.5, "ii": 21}}),
         id="温州 四4 2020前仍分I、II类(提示): 2019年I类4.5分"),
    case("wenzhou-2023", "class1_annual_min", "pass", build(W, {2019: {"nat": 2, "prov": 3, "ii": 21}}),
         id="温州 四4 2020前仍分I、II类(提示): 2019年I类恰好5分"),
    case("wenzhou-2023", "class1_annual_min", "pass", build(W, {2021: {"nat": 0, "prov": 0, "ii": 26}}),
         id="温州 四4 2020至2023年不限一、二类划分: 2021年无I类"),
    case("wenzhou-2023", "class2_entry_deadline", "fail",
         build(W, extra=[rec(2021, 1, title="科内业务学习", date=D(2021, 5, 10), entered=D(2022, 1, 2))]),
         id="温州 四2(1) 院内学分不得跨年补录: 次年1月2日录入"),
    case("wenzhou-2023", "class2_entry_deadline", "pass",
         build(W, extra=[rec(2021, 1, title="科内业务学习", date=D(2021, 12, 15), entered=D(2022, 1, 31))]),
         id="温州 四2(3) 12月院内学分最迟次年1月31日: 恰好1月31日"),
    case("wenzhou-2023", "class2_entry_deadline", "fail",
         build(W, extra=[rec(2021, 1, title="全院大查房", date=D(2021, 12, 15), entered=D(2022, 2, 1))]),
         id="温州 四2(3) 12月院内学分最迟次年1月31日: 2月1日"),
    case("wenzhou-2023", "class2_entry_deadline", "pass",
         build(W, extra=[rec(2021, 3, title="进修", organizer="上级医院", entered=D(2022, 3, 31))]),
         id="温州 四2(1) 进修等最迟次年3月31日: 恰好3月31日"),
    case("wenzhou-2023", "class2_entry_deadline", "fail",
         build(W, extra=[rec(2021, 3, title="进修", organizer="上级医院", entered=D(2022, 4, 1))]),
         id="温州 四2(1) 进修等最迟次年3月31日: 4月1日"),
    case("wenzhou-2023", "class2_entry_deadline", "pass",
         build(W, extra=[rec(2019, 1, title="科内业务学习", entered=D(2020, 6, 1))]),
         id="温州 四2 2020年1月起的录入规定: 2019年学分不适用"),
    case("wenzhou-2023", "class2_entry_deadline", "doubtful",
         build(W, extra=[rec(2021, 1, title="进修").model_copy(update={"entered_on": None})]),
         id="温州 四2(1) 录入日期为空: 待核"),
]

JINHUA = [
    case("jinhua-2020", "annual_min_credits", "fail",
         build(J[:-1], extra=[*year_records(2020, ii=0), rec(2020, 16, date=D(2020, 9, 1))]),
         id="金华 四1 2020年计至8月31日: 9月1日学分不计"),
    case("jinhua-2020", "annual_min_credits", "pass",
         build(J[:-1], extra=[*year_records(2020, ii=0), rec(2020, 16, date=D(2020, 8, 31))]),
         id="金华 四1 2020年计至8月31日: 8月31日计入"),
    case("jinhua-2020", "annual_min_credits", "fail", build(J, {2018: {"ii": 14.5}}),
         id="金华 四2 总分25分不变: 24.5分"),
    case("jinhua-2020", "annual_min_credits", "pass", build(J, {2018: {"ii": 15}}),
         id="金华 四2 总分25分不变: 恰好25分"),
    case("jinhua-2020", "national_class1_min", "fail", build(J, nat_per_year(J, [2, 2, 2, 2, 1.5])),
         id="金华 四2 五年内国家级I类不低于10分: 9.5分"),
    case("jinhua-2020", "national_class1_min", "pass", build(J, nat_per_year(J, [2] * 5)),
         id="金华 四2 五年内国家级I类不低于10分: 恰好10分"),
    case("jinhua-2020", "national_class1_min", "pass",
         build([2015, *J], nat_per_year([2015, *J], [2.5, 1.5, 1.5, 1.5, 1.5, 1.5])),
         lists=[2015, *J], id="金华 四1 2015至2020周期: 2015年国家级I类计入"),
    case("jinhua-2020", "national_class1_min", "fail",
         build([2015, *J], nat_per_year([2015, *J], [2.5, 1.5, 1.5, 1.5, 1.5, 1.5])),
         id="金华 四1 无2015年清单时近五年: 2015年不计"),
    case("jinhua-2020", "remote_class1_max_share", "pass",
         build(J, {y: {"nat": 0, "prov": 5, "remote_nat": 5} for y in J}),
         id="金华 四2 远程I类不超过50%: 恰好50%"),
    case("jinhua-2020", "remote_class1_max_share", "fail",
         build(J, {y: {"nat": 0, "prov": 4.5, "remote_nat": 5.5} for y in J}),
         id="金华 四2 远程I类不超过50%: 55%"),
    case("jinhua-2020", "remote_class1_max_share", "pass", build(J), id="金华 四2 远程I类不超过50%: 无远程"),
    case("jinhua-2020", "class1_specialty_match", "fail",
         build(J[:-1], {y: {"discipline": "03-01"} for y in J},
               extra=year_records(2020, nat=0, prov=0, ii=26)),
         id="金华 四2 须有专业对口I类(不跨2级学科): 全部03-01"),
    case("jinhua-2020", "class1_specialty_match", "fail",
         build(J[:-1], {y: {"discipline": "03-01"} for y in J},
               extra=[*year_records(2020, nat=0, prov=0, ii=26), rec(2017, 1, "I类省级", discipline="04-07")]),
         id="金华 四2 不跨2级学科: 同一一级学科04的04-07跨二级学科不计"),
    case("jinhua-2020", "class1_specialty_match", "pass",
         build(J[:-1], {y: {"discipline": "03-01"} for y in J},
               extra=[*year_records(2020, nat=0, prov=0, ii=26), rec(2017, 0.5, "I类省级", discipline="04-05")]),
         id="金华 四2 必须有专业对口I类: 2017年04-05恰好0.5分"),
    case("jinhua-2020", "class1_specialty_match", "fail",
         build(J, {y: {"discipline": "03-01"} for y in J}, extra=[rec(2020, 4, "I类国家级", discipline="04-05")]),
         id="金华 四2 今年学习内容可不受本专业限制: 2020年不参与考核, 其余年度无专业对口"),
    case("jinhua-2020", "class1_specialty_match", "doubtful",
         build(J[:-1], {y: {"discipline": "03-01"} for y in J}, extra=year_records(2020, nat=0, prov=0, ii=26)),
         who={"discipline_code": ""}, id="金华 四2 专业对口: 学科代码未填则待核"),
    case("jinhua-2020", "class1_annual_min", "pass",
         build(J[:-1], extra=year_records(2020, nat=2.5, prov=0, ii=22.5)),
         id="金华 四2 今年I、II类可相互补充50%: 2020年I类2.5分"),
    case("jinhua-2020", "class1_annual_min", "fail",
         build(J[:-1], extra=year_records(2020, nat=2, prov=0, ii=23)),
         id="金华 四2 今年I、II类可相互补充50%: 2020年I类2分"),
    case("jinhua-2020", "class1_annual_min", "fail", build(J, {2019: {"nat": 2.5, "prov": 0, "ii": 22.5}}),
         id="金华 四2 相互补充仅限今年: 2019年I类2.5分"),
]

SH = [2018]
SHANGHAI = [
    case("shanghai-2018", "annual_min_credits", "fail", build(SH, {2018: {"ii": 14.5}}),
         id="上海 全国办法 中级及以上25分: 24.5分"),
    case("shanghai-2018", "annual_min_credits", "pass", build(SH, {2018: {"ii": 15}}),
         id="上海 全国办法 中级及以上25分: 恰好25分"),
    case("shanghai-2018", "annual_min_credits", "fail", build(SH, {2018: {"nat": 0, "prov": 0, "ii": 19.5}}),
         who={"title_level": "初级"}, id="上海 一2 初级不得低于20学分: 19.5分"),
    case("shanghai-2018", "annual_min_credits", "pass", build(SH, {2018: {"nat": 0, "prov": 0, "ii": 20}}),
         who={"title_level": "初级"}, id="上海 一2 初级不得低于20学分(不区分I、II类): 恰好20分II类"),
    case("shanghai-2018", "annual_min_credits", "fail",
         build(SH, {2018: {"ii": 10}}, extra=[rec(2017, 30)]), id="上海 一1 2017年度及以前不补验: 2017年学分不计"),
    case("shanghai-2018", "class1_annual_min", "fail", build(SH, {2018: {"nat": 2, "prov": 2.5, "ii": 21}}),
         id="上海 全国办法每年I类5分(提示): 中级4.5分"),
    case("shanghai-2018", "class1_annual_min", "pass", build(SH, {2018: {"nat": 2, "prov": 3, "ii": 21}}),
         id="上海 全国办法每年I类5分(提示): 恰好5分"),
    case("shanghai-2018", "class1_annual_min", "pass", build(SH, {2018: {"nat": 0, "prov": 0, "ii": 20}}),
         who={"title_level": "初级"}, id="上海 一2 初级不区分I、II类: 无I类"),
    case("shanghai-2018", "no_late_verification", "fail", build(SH, extra=[rec(2017, 5)]),
         id="上海 一1 2017年度及以前不进行补验: 有2017年记录"),
    case("shanghai-2018", "no_late_verification", "pass", build(SH), id="上海 一1 不补验: 仅2018年记录"),
    case("shanghai-2018", "no_late_verification", "pass", build(SH, extra=[rec(2019, 5)]),
         id="上海 一1 不补验: 2019年记录不受限"),
]

Y = [2020]
YUNNAN = [
    case("yunnan-2020", "annual_min_credits", "fail", build(Y, {2020: {"ii": 14.5}}),
         who={"unit_level": "省级", "title_level": "初级"}, id="云南 四 省级所有人员25学分: 初级24.5分"),
    case("yunnan-2020", "annual_min_credits", "pass", build(Y, {2020: {"ii": 15}}),
         who={"unit_level": "省级", "title_level": "初级"}, id="云南 四 省级所有人员25学分: 恰好25分"),
    case("yunnan-2020", "annual_min_credits", "fail", build(Y, {2020: {"ii": 14.5}}),
         who={"unit_level": "州市级", "title_level": "中级"}, id="云南 四 州市级中级及以上25学分: 24.5分"),
    case("yunnan-2020", "annual_min_credits", "pass", build(Y, {2020: {"ii": 10}}),
         who={"unit_level": "县级", "title_level": "初级"}, id="云南 四 县级初级20学分: 恰好20分"),
    case("yunnan-2020", "annual_min_credits", "fail", build(Y, {2020: {"ii": 9.5}}),
         who={"unit_level": "县级", "title_level": "初级"}, id="云南 四 县级初级20学分: 19.5分"),
    case("yunnan-2020", "annual_min_credits", "pass", build(Y, {2020: {"nat": 0, "prov": 0, "ii": 15}}),
         who={"unit_level": "乡镇", "title_level": "中级"}, id="云南 四 乡镇卫生院15学分: 恰好15分"),
    case("yunnan-2020", "annual_min_credits", "fail", build(Y, {2020: {"nat": 0, "prov": 0, "ii": 14.5}}),
         who={"unit_level": "乡镇", "title_level": "中级"}, id="云南 四 乡镇卫生院15学分: 14.5分"),
    case("yunnan-2020", "annual_min_credits", "pass", build(Y, {2020: {"nat": 0, "prov": 0, "ii": 10}}),
         who={"unit_level": "村", "title_level": "初级"}, id="云南 四 乡村医生10分: 恰好10分"),
    case("yunnan-2020", "annual_min_credits", "fail", build(Y, {2020: {"nat": 0, "prov": 0, "ii": 9.5}}),
         who={"unit_level": "村", "title_level": "初级"}, id="云南 四 乡村医生10分: 9.5分"),
    case("yunnan-2020", "annual_min_credits", "pass", [], who={"covid_frontline": True},
         id="云南 六(五) 抗疫一线视为本年度学分合格: 无学分"),
    case("yunnan-2020", "annual_min_credits", "doubtful", build(Y, {2020: {"nat": 0, "prov": 0, "ii": 22}}),
         who={"unit_level": "", "title_level": "初级"}, id="云南 四 单位级别未填: 22分在10-25之间待核"),
    case("yunnan-2020", "annual_min_credits", "fail", build([2018, 2019, 2020], {2018: {"ii": 4}}),
         lists=[2018, 2019, 2020], id="云南 二 可补验2018、2019年度: 补验年度同样考核"),
    case("yunnan-2020", "mandatory_training", "pass", build(Y), id="云南 六(四) 全员培训: 合格"),
    case("yunnan-2020", "mandatory_training", "fail", build(Y), who={"mandatory_training_passed": False},
         id="云南 六(四) 未获取全员培训合格证书视为不合格"),
    case("yunnan-2020", "mandatory_training", "doubtful", build(Y), who={"mandatory_training_passed": None},
         id="云南 六(四) 全员培训一栏为空: 待核"),
    case("yunnan-2020", "mandatory_training", "pass", build(Y),
         who={"mandatory_training_passed": False, "covid_frontline": True},
         id="云南 六(五) 抗疫一线视为本年度合格: 未培训"),
    case("yunnan-2020", "no_late_verification", "fail", build(Y, extra=[rec(2017, 5)]),
         id="云南 二 2018年度以前不予补验: 有2017年记录"),
    case("yunnan-2020", "no_late_verification", "pass", build(Y, extra=[rec(2018, 5)]),
         id="云南 二 可以补验2018年度: 有2018年记录"),
    case("yunnan-2020", "no_late_verification", "pass", build(Y), id="云南 二 不补验: 仅2020年记录"),
]

ALL = BASE + WENZHOU + JINHUA + SHANGHAI + YUNNAN


@pytest.mark.parametrize(("policy_name", "rule_id", "expected", "records", "who", "lists"), ALL)
def test_rule_case(policy_name, rule_id, expected, records, who, lists):
    policy = load_policy(policy_name)
    p = person(**who)
    years = policy.window_years(person=p, list_years=lists, audit_year=2022 if policy.name == "national-baseline"
                                else None)
    results = {r.rule: r for r in evaluate(p, records, policy, years=years)}
    result = results[rule_id]
    got = "doubtful" if result.doubtful else ("pass" if result.passed else "fail")
    assert got == expected, result
    assert result.clause == policy.rule(rule_id).clause
    if expected == "doubtful":
        assert result.doubt_reasons


def test_every_rule_of_every_policy_has_three_cases():
    from pipeline.rules import list_policies

    counts: dict[tuple[str, str], int] = {}
    for param in ALL:
        key = (param.values[0], param.values[1])
        counts[key] = counts.get(key, 0) + 1
    for policy in list_policies():
        for rule in policy.rules:
            assert counts.get((policy.name, rule.id), 0) >= 3, (policy.name, rule.id)
