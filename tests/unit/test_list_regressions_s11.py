"""Session 11 regressions, lists (issue 14): one page per failure class, built from the words and
boxes the engine gave on the session-10 held-out families (development now: the /tmp/r/w and /tmp/r/sh
sets of seeds 11031 / 11032 at 9899c77, captured OcrResults), each failing before the change (at 9899c77).

Classes: a header in two tiers (the second line of every record read by the titles under the first
line's: 项目名称／形式 under No．日期), two whole titles stacked being two titles (日期 over 项目名称), a
title anchored as a whole word (学分) counting towards the header, the page's title above the header
line being no column's title; a row's number glued before its date (1.02-22, 3.2020-08-17, 2. 6.4); a
value in brackets after the title (…进展（远程）); the list's year standing only in the page's foot
(2018年度第1页共1页, 年度：2020, 2019-2020年度, a line of nothing but 2019年); a banner over a group of
columns (项目情况 over 编号 and 项目名称) being no column."""

from __future__ import annotations

from pipeline.extract.annual_list import extract_annual_list
from pipeline.models import AnnualList, Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def _list(words: list[Box], size: tuple[int, int]) -> AnnualList:
    lines = [Line(text=t, conf=0.9, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.9, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return extract_annual_list(OcrResult(engine="fake", engine_version="0", width=size[0], height=size[1], lines=lines))


def _rows(lst: AnnualList) -> list[tuple]:
    return [(r.date, r.project_code, r.project_title, r.category, r.credits, r.mode) for r in lst.rows]


# wh: 'No．日期 | 编号 | 类别 | 学分' over '项目名称／形式'; each record on two lines; the year only in the foot (2018年度第1页共1页)
FOOTER_YEAR_TWO_TIERS_SIZE = (1653, 2339)
FOOTER_YEAR_TWO_TIERS: list[Box] = [
    ('继续医学教育个人学分汇总', 542, 120, 1107, 170), ('身份证号：330329198508237474', 333, 223, 729, 253),
    ('单位：温州市中心医院', 772, 219, 1061, 256), ('姓名：张思建', 107, 222, 290, 258), ('No．日期', 99, 296, 224, 344),
    ('编号', 410, 298, 474, 338), ('类别', 910, 296, 976, 340), ('学分', 1482, 296, 1546, 338),
    ('项目名称／形式', 166, 338, 377, 381), ('1.02-22', 106, 409, 223, 448), ('2018-04-02-990(市)', 413, 409, 656, 446),
    ('Ⅱ类学分', 915, 408, 1026, 446), ('15分', 1482, 406, 1546, 446), ('消化内镜诊疗技术进展 (远程)', 168, 457, 529, 493),
    ('2018-04-02-712(省)', 410, 515, 661, 561), ('省级 (I类)', 913, 519, 1065, 558), ('10分', 1483, 518, 1546, 559),
    ('2.05-29', 106, 521, 223, 559), ('炎症性肠病诊治规范 (面授)', 170, 566, 504, 604),
    ('其中：国·丨0分；省级（I类）10分；类学分15分', 109, 644, 778, 680), ('合计：25分', 107, 694, 255, 738),
    ('2018年度第1页共1页', 694, 2199, 965, 2229),
]


def test_a_two_tier_header_reads_each_record_over_two_lines_and_the_foot_gives_the_year():
    # before: no year (the foot's 2018年度 unread), so no date from 02-22; titles kept a bracket (…进展（)
    lst = _list(FOOTER_YEAR_TWO_TIERS, FOOTER_YEAR_TWO_TIERS_SIZE)
    assert lst.years == [2018]
    assert _rows(lst) == [
        ("2018-02-22", "2018-04-02-990(市)", "消化内镜诊疗技术进展", "II类", 15.0, "远程"),
        ("2018-05-29", "2018-04-02-712(省)", "炎症性肠病诊治规范", "I类省级", 10.0, "面授")]


# wh (digital, read small): 日期 over 项目名称 (two whole titles, not one stacked title); 学分 alone as a word
STACKED_WHOLE_TITLES_SIZE = (826, 1169)
STACKED_WHOLE_TITLES: list[Box] = [
    ('继续医学教育学分年度登记', 272, 59, 555, 89), ('姓名', 56, 111, 82, 127), ('：张思建', 86, 111, 139, 127),
    ('身份证号', 154, 111, 207, 127), ('：330329198508237474', 211, 111, 367, 127), ('单位', 382, 111, 409, 127),
    ('：温州市中心医院', 413, 111, 518, 127), ('No.', 56, 151, 75, 168), ('日期', 79, 151, 106, 168),
    ('编号', 208, 151, 235, 168), ('类别', 458, 151, 485, 168), ('学分', 744, 151, 771, 168),
    ('项目名称', 86, 171, 139, 187), ('/', 143, 171, 150, 187), ('形式', 154, 171, 180, 187), ('1.', 56, 205, 67, 222),
    ('06月04日', 71, 205, 129, 222), ('2022-04-02-853(省)', 208, 205, 328, 222), ('Ⅰ类·省级', 458, 205, 514, 222),
    ('10分', 742, 205, 771, 222), ('医学科研设计与论文写作（面授）', 86, 229, 284, 245), ('2.', 56, 261, 67, 277),
    ('10月20日', 71, 261, 129, 277), ('2022-04-02-634(国)', 208, 261, 328, 277), ('国家级I类', 458, 261, 515, 277),
    ('10分', 742, 261, 771, 277), ('炎症性肠病诊治规范（面授）', 86, 284, 258, 301), ('分类小计：国家级I类', 56, 322, 178, 339),
    ('10分；Ⅰ类·省级', 182, 322, 280, 339), ('10分；二类（院级）', 284, 322, 405, 339), ('0分', 409, 322, 430, 339),
    ('合计：20分', 56, 349, 128, 367), ('年度：2022', 354, 1099, 421, 1115), ('第', 433, 1099, 445, 1115),
    ('1', 449, 1099, 456, 1115), ('页', 460, 1099, 472, 1115),
]


def test_two_whole_titles_stacked_are_two_titles_of_two_tiers():
    # before: 日期 over 项目名称 joined into one title, so the dates fell into the titles' cells
    # (1.06月04日医学科研设计与论文写作(), no row had a date
    lst = _list(STACKED_WHOLE_TITLES, STACKED_WHOLE_TITLES_SIZE)
    assert _rows(lst) == [
        ("2022-06-04", "2022-04-02-853(省)", "医学科研设计与论文写作", "I类省级", 10.0, "面授"),
        ("2022-10-20", "2022-04-02-634(国)", "炎症性肠病诊治规范", "I类国家级", 10.0, "面授")]


# wh: the page's title above the header line; 序号日期 over 项目名称 (学习形式); the year as 年度：2020 in the foot
PAGE_TITLE_OVER_HEADER_SIZE = (1653, 2339)
PAGE_TITLE_OVER_HEADER: list[Box] = [
    ('继续医学教育学分登记表', 566, 119, 1087, 173), ('姓名：张思建身份证号：330329198508237474单位：温州市中心医院', 109, 217, 971, 256),
    ('序号日期', 109, 299, 229, 336), ('项目编号', 413, 299, 526, 336), ('学分类别', 915, 298, 1027, 336),
    ('学分', 1484, 295, 1549, 343), ('项目名称 (学习形式)', 170, 336, 420, 373), ('1.08月23日', 107, 409, 252, 446),
    ('2020-04-02-474(省)', 413, 406, 649, 446), ('I类·省级', 919, 408, 1037, 446), ('10分', 1485, 406, 1547, 448),
    ('临床合理用药培训 (面授)', 170, 455, 472, 492), ('2.12月18日', 107, 521, 249, 558),
    ('2020-04-02-380(市)', 416, 521, 649, 558), ('院级Ⅱ类', 913, 519, 1030, 558), ('15分', 1485, 518, 1547, 559),
    ('急危重症护理新进展 (远程)', 171, 566, 500, 604), ('分类小计：I类（国家级项目）0分；I类·省级10分；院级Ⅱ类15分', 110, 641, 911, 678),
    ('合计：25分', 109, 697, 256, 734), ('年度：2020第1页', 714, 2196, 940, 2227),
]


def test_the_page_title_above_the_header_is_no_column_and_the_header_takes_its_second_tier():
    # before: the page's title (继续医学教育学分登记表) named the title column, whose cells then held
    # the codes' serials (474(省)); no year (年度：2020 in the foot), no dates
    lst = _list(PAGE_TITLE_OVER_HEADER, PAGE_TITLE_OVER_HEADER_SIZE)
    assert lst.years == [2020] and [r.seq for r in lst.rows] == [1, 2]
    assert _rows(lst) == [
        ("2020-08-23", "2020-04-02-474(省)", "临床合理用药培训", "I类省级", 10.0, "面授"),
        ("2020-12-18", "2020-04-02-380(市)", "急危重症护理新进展", "II类", 15.0, "远程")]


# wh: 3.2020-08-17 (row number and date one word, in the number's column); 2019-2020年度 in the foot
FULL_DATE_AFTER_ROW_NUMBER_SIZE = (1653, 2339)
FULL_DATE_AFTER_ROW_NUMBER: list[Box] = [
    ('继续医学教育个人学分汇总', 540, 120, 1108, 176), ('姓名：韩海军', 110, 222, 274, 252),
    ('身份证号：330382198001047112', 313, 217, 690, 256), ('单位：温州市中心医院', 733, 219, 1000, 256),
    ('序号日期', 107, 299, 235, 338), ('项目编号', 413, 298, 526, 335), ('学分类别', 915, 298, 1027, 336),
    ('学分', 1485, 298, 1550, 342), ('项目名称 (学习形式）', 170, 336, 420, 373), ('1.2019-08-24', 107, 409, 288, 446),
    ('2019-06-01-776(市)', 416, 409, 653, 446), ('I类（自管项目）', 919, 409, 1114, 446), ('15分', 1485, 406, 1550, 448),
    ('高危妊娠管理新进展（面授）', 171, 459, 494, 489), ('2.2019-09-29', 109, 521, 282, 552),
    ('2019-06-01-297(国)', 416, 521, 655, 558), ('国家级继续医学教育1类', 919, 522, 1208, 554),
    ('10分', 1485, 519, 1550, 559), ('高危妊娠管理新进展（面授）', 170, 565, 498, 601), ('3.2020-08-17', 109, 634, 284, 665),
    ('2020-06-01-948（市）', 417, 632, 652, 664), ('Ⅱ类(自管项目）', 917, 628, 1114, 671), ('15分', 1485, 628, 1547, 671),
    ('医学科研设计与论文写作（远程）', 171, 676, 546, 712), ('4.2020-12-18', 107, 742, 286, 778),
    ('2020-06-01-313(国）', 416, 745, 652, 777), ('国家级继续医学教育1类', 917, 742, 1208, 778),
    ('10分', 1485, 740, 1550, 782), ('宫颈病变筛查与管理 (面授)', 171, 790, 498, 826),
    ('其中：国家级继续医学教育1类20分；省级（1类）0分；Ⅱ类（自管项目）30分', 109, 864, 1075, 901), ('合计：50分', 110, 917, 255, 956),
    ('-2019-2020年度', 708, 2199, 920, 2229),
]


def test_a_row_number_glued_before_a_whole_date_and_a_range_of_years_in_the_foot():
    # before: 3.2020-08-17 stayed in the number's cell (no date in any row); the foot's range unread
    lst = _list(FULL_DATE_AFTER_ROW_NUMBER, FULL_DATE_AFTER_ROW_NUMBER_SIZE)
    assert lst.years == [2019, 2020] and [r.seq for r in lst.rows] == [1, 2, 3, 4]
    assert [r[0] for r in _rows(lst)] == ["2019-08-24", "2019-09-29", "2020-08-17", "2020-12-18"]


# wh (A5): 2. 6.4 (row number and month-day); a foot line of nothing but 2019年
YEAR_ALONE_IN_FOOT_SIZE = (1240, 1754)
YEAR_ALONE_IN_FOOT: list[Box] = [
    ('继续医学教育个人学分汇总', 410, 90, 825, 127), ('姓名：周思慧身份证号：330324198311185322单位：鹿城区五马街道社区卫生服务中心', 82, 166, 929, 192),
    ('No.日期', 79, 226, 163, 254), ('编号', 310, 226, 356, 255), ('类别', 684, 225, 733, 256),
    ('学分', 1111, 225, 1160, 256), ('项目名称／形式', 127, 256, 277, 284), ('1. 2.16', 78, 305, 154, 338),
    ('2019-05-04105(省)', 313, 310, 498, 333), ('1类省级', 689, 307, 775, 336), ('10分', 1110, 306, 1160, 337),
    ('微创外科技术新进展选程', 129, 343, 381, 370), ('2. 6.4', 82, 392, 141, 417), ('2019-05-04253(市)', 311, 388, 500, 418),
    ('本单位Ⅱ类', 684, 391, 790, 419), ('15分', 1108, 386, 1160, 421), ('临床合理用药培训（面授)', 127, 426, 361, 454),
    ('其中：1类（国家级项目）0分：1类省级10分：本单位Ⅱ类15分', 83, 482, 688, 510), ('合计：25分', 82, 523, 195, 552),
    ('2019年', 574, 1648, 673, 1672),
]


def test_a_foot_line_of_nothing_but_a_year_gives_the_year_of_month_days():
    # before: no year, so neither 2.16 nor 6.4 (each after its row's number) was a date
    lst = _list(YEAR_ALONE_IN_FOOT, YEAR_ALONE_IN_FOOT_SIZE)
    assert lst.years == [2019]
    assert [(r[0], r[1]) for r in _rows(lst)] == [("2019-02-16", "2019-05-04-105(省)"),
                                                   ("2019-06-04", "2019-05-04-253(市)")]


# sh: vertical titles (级 / 别, 学分), a banner 项目情况 over 编号 and 项目名称
BANNER_OVER_COLUMNS_SIZE = (2339, 1653)
BANNER_OVER_COLUMNS: list[Box] = [
    ('上海市继续医学教育1类学分验证表（2018年度）', 644, 87, 1667, 140), ('姓名：刘丹娟身份证号：310113198010184496', 83, 181, 672, 217),
    ('单位：上海市长宁区新华街道社区卫生服务中心', 661, 181, 1277, 217), ('项目情况', 1172, 264, 1285, 301), ('级', 229, 286, 269, 329),
    ('学分', 363, 282, 411, 362), ('举办日期', 514, 303, 627, 342), ('举办单位', 1951, 303, 2063, 342),
    ('序', 104, 303, 143, 345), ('别', 230, 316, 269, 356), ('编号', 858, 346, 924, 390),
    ('项目名称', 1362, 349, 1476, 387), ('国家级项目', 163, 410, 298, 452), ('2018年5月5日', 442, 416, 604, 446),
    ('2018-04-05-161(国)', 705, 413, 927, 450), ('炎症性肠病诊治规范', 1091, 416, 1318, 446),
    ('复旦大学附属华山医院', 1764, 411, 2021, 448), ('10', 342, 416, 376, 448), ('市级I类学分', 164, 468, 325, 512),
    ('2018年11月4日', 440, 468, 614, 512), ('急诊胸痛中心建设与管理', 1089, 475, 1369, 507),
    ('上海市第六人民医院', 1767, 474, 1994, 506), ('2', 90, 478, 112, 507), ('5', 338, 480, 362, 504),
    ('2018-04-05-836(沪)', 705, 474, 931, 511), ('本表学分合计：15', 80, 546, 298, 588),
    ('验证单位（盖章）：', 1285, 549, 1528, 587), ('经办人：', 1911, 616, 2021, 661), ('年月日', 2109, 616, 2260, 661),
]


def test_a_banner_over_a_group_of_columns_is_no_column():
    # before: 项目情况 started a column of no field between the code's and the title's, and took every title
    lst = _list(BANNER_OVER_COLUMNS, BANNER_OVER_COLUMNS_SIZE)
    assert _rows(lst) == [
        ("2018-05-05", "2018-04-05-161(国)", "炎症性肠病诊治规范", "I类国家级", 10.0, None),
        ("2018-11-04", "2018-04-05-836(沪)", "急诊胸痛中心建设与管理", "I类省级", 5.0, None)]


