"""Session 10 regressions, the activity date read without the records (issue 14): pages built from the
words and boxes the engine gave on the session-9 families (development now: /tmp/r/w, seed 9031 at
fddbfd7), each failing before the change (at fddbfd7).

Classes: a letter's date cut by the line break (…于2020年5 / 月13号参加了…), day marked 号; a date
starting a line after the 于 that ends the line above (its role from there), a range's dash read as 一
(2019/2/28一3/2); the year's 年度 before the month (学习时间：2022年度11月13日)."""

from __future__ import annotations

from pipeline.extract.certificate import extract_certificate
from pipeline.models import Line, OcrResult, Word


def _page(*words: tuple[str, float, float, float, float]) -> OcrResult:
    lines = [Line(text=t, conf=0.95, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.95, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return OcrResult(engine="fake", engine_version="0", width=1653, height=2339, lines=lines)


def test_a_letters_date_cut_by_the_line_break():
    page = _page(
        ('温州市护理学会', 614, 133, 1037, 196), ('电话：0577-64855968邮编：103526', 618, 225, 1035, 256), ('证明', 740, 449, 909, 533),
        ('致有关单位：', 178, 667, 382, 711), ('经核实，鹿城区五马街道社区卫生服务中心检验科护师应燕超同志于2020年5', 251, 742, 1472, 790),
        ('月13号参加了由温州市护理学会主办的II类继续医学教育项目《高危妊娠管理新', 184, 818, 1437, 861),
        ('进展》（项目批号：2020-06-01-241(市)），学习方式为面授，经考核合格，授予', 181, 890, 1444, 931),
        ('学分15分，证书号码：CM2020-II-23457。', 181, 960, 832, 1007), ('特发此证', 249, 1042, 404, 1091),
        ('二O二O年温判市耕理', 843, 1878, 1261, 1953), ('经办人：周老师联系电话：13984441528', 183, 2150, 681, 2182))
    assert extract_certificate(page).date == "2020-05-13"  # before: None


def test_a_date_after_the_lines_yu_with_its_range_dash_read_as_yi():
    page = _page(
        ('省级继续医学教育项目合格证书', 319, 330, 1321, 411), ('经审核，应燕超同志（鹿城区五马街道社区卫生服务中心）于', 269, 705, 1329, 762),
        ('2019/2/28一3/2参加温州市人民医院举办的高危妊娠管理新进展（项目标', 191, 784, 1449, 841),
        ('识码：2019-06-01-423（省)），学习方式：面授，经考核合格，授予省级', 194, 861, 1446, 920), ('I类学分10分。', 194, 948, 445, 997),
        ('予以证明。', 272, 1037, 467, 1093), ('温州市人民医院', 1048, 1688, 1390, 1821), ('→学分审核：', 256, 1778, 438, 1837),
        ('证书真伪请向发证单位查询', 1266, 2147, 1534, 2179), ('证书序列号：CME-2019-I-680503', 136, 2150, 511, 2192))
    assert extract_certificate(page).date == "2019-02-28"  # before: None (no role: the date started its line)


def test_the_years_niandu_before_the_month():
    page = _page(
        ('学分周期：2022Q4', 1131, 177, 1382, 219), ('继续医学', 688, 289, 966, 369), ('教育学分', 690, 380, 965, 455),
        ('证明', 755, 472, 897, 546), ('参会者：潘倩丽', 229, 628, 480, 672), ('培训项目：急危重症护理新进展', 229, 795, 720, 837),
        ('项目备案号：2022-04-01-164(市)', 229, 960, 740, 1007), ('学习时间：2022年度11月13日', 230, 1046, 694, 1087),
        ('培训途径：面授', 227, 1126, 475, 1170), ('获授学分：15分', 230, 1212, 480, 1256))
    assert extract_certificate(page).date == "2022-11-13"  # before: None


def test_control_a_period_is_no_date():
    page = _page(('学分周期：2022Q4', 1131, 177, 1382, 219), ('学习时间：2022年11月13日', 230, 1046, 694, 1087))
    assert extract_certificate(page).date == "2022-11-13"
