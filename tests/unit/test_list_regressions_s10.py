"""Session 10 regressions, lists (issue 14): one page per failure class, built from the words and
boxes the engine gave on the session-9 families (development now: the /tmp/r/w set of seed 9031 at
fddbfd7, captured OcrResults), each failing before the change (at fddbfd7).

Classes: a column title the detector joined to the word of the column left of it (行号 close before
日期: the date column's left edge is its own word's, not the pair's); an untitled column whose values
print month and day only (举办日, the title's last character lost: 6月19日 under a year the page states
once) named the date column by those values; two titles in one word where the second is a whole
title of its own (学习形式学分: 学分 alone); a code glued after the text of a column read for no field
(an organizer's name, then 2022-04-03-365（国）)."""

from __future__ import annotations

from pipeline.extract.annual_list import extract_annual_list
from pipeline.models import Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def _rows(words: list[Box], width: int = 1653, height: int = 2339) -> list[tuple]:
    lines = [Line(text=t, conf=0.9, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.9, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    lst = extract_annual_list(OcrResult(engine="fake", engine_version="0", width=width, height=height, lines=lines))
    return [(r.date, r.project_code, r.project_title, r.category, r.credits, r.mode) for r in lst.rows]


# dw: a year banner (2022年度) and month-day dates; 行号 and 日期 read as two words 19 px apart
ROW_NUMBER_BESIDE_DATE: list[Box] = [
    ('浙江省卫生健康人才继续教育系统', 81, 60, 437, 92), ('浙江省继续医学教育学分登记表', 511, 120, 1142, 173), ('2022年度', 734, 205, 920, 253),
    ('姓名：应燕超', 77, 282, 238, 319), ('身份证号：330328197201282261', 295, 283, 710, 319),
    ('单位：瓯海区娄桥街道社区卫生服务中心', 772, 283, 1242, 315), ('类别', 1023, 351, 1081, 393), ('学分', 1363, 351, 1424, 393),
    ('累计学分', 1462, 353, 1565, 391), ('名称', 603, 355, 661, 391), ('形式', 1242, 355, 1302, 393), ('行号', 87, 356, 142, 391),
    ('日期', 161, 356, 216, 391), ('项目编号', 313, 356, 413, 389), ('一类省级', 1024, 409, 1127, 448), ('面授', 1243, 411, 1301, 448),
    ('9月26日', 162, 413, 256, 446), ('临床合理用药培训', 605, 413, 797, 444), ('10', 1367, 413, 1404, 446), ('10', 1463, 413, 1500, 446),
    ('2022-10-02-648(省)', 316, 415, 566, 444), ('Ⅱ类·院级', 1023, 464, 1139, 501), ('超声医学新技术应用', 601, 466, 823, 502),
    ('面授', 1243, 466, 1298, 502), ('10月20日', 164, 468, 271, 501), ('15', 1369, 468, 1402, 501), ('25', 1463, 468, 1498, 501),
    ('2022-10-02-112(市)', 316, 469, 566, 501), ('2', 90, 473, 107, 495), ('I类（国家级项目）：0', 109, 565, 391, 595),
    ('一类省级：10', 101, 608, 277, 651), ('Ⅱ类·院级：15', 103, 661, 291, 698), ('合计：25', 101, 711, 223, 750),
    ('打印日期：2023-08-25', 1317, 2242, 1572, 2273),
]


def test_a_title_word_close_right_of_another_column_title_starts_its_own_column():
    # before: the date column began at 行号, the code column in the blank before the dates, so every date
    # was read into the code's cell (9月26日2022-10-02-648(省)) and no row had a date
    assert _rows(ROW_NUMBER_BESIDE_DATE) == [
        ("2022-09-26", "2022-10-02-648(省)", "临床合理用药培训", "I类省级", 10.0, "面授"),
        ("2022-10-20", "2022-10-02-112(市)", "超声医学新技术应用", "II类", 15.0, "面授")]


# dw: 举办日 (期 lost) no known title, 学习形式学分 one word, 累计学 / 分 stacked, the seq 1 unread
UNTITLED_MONTH_DAYS: list[Box] = [
    ('浙江省继续医学教育管理平台打印', 83, 57, 467, 87), ('浙江省卫生人员继续医学教育学分证明', 448, 123, 1203, 176), ('2022年度', 734, 209, 920, 252),
    ('姓名：曾娟', 80, 282, 207, 319), ('身份证号：330304198502273485', 249, 283, 609, 319),
    ('单位：鹿城区五马街道社区卫生服务中心', 655, 285, 1113, 316), ('累计学', 1463, 347, 1546, 388), ('学习形式学分', 1242, 362, 1424, 404),
    ('举办日', 158, 363, 239, 402), ('行号', 90, 365, 146, 400), ('编号', 310, 365, 371, 404), ('类别', 1024, 365, 1085, 404),
    ('项目名称', 605, 368, 710, 400), ('分', 1463, 384, 1496, 419), ('6月19日', 161, 431, 252, 469), ('ⅡI类·院级', 1026, 431, 1155, 469),
    ('面授', 1243, 431, 1301, 468), ('15', 1367, 433, 1401, 468), ('2022-06-01-191（市）', 313, 435, 532, 466),
    ('高危妊娠管理新进展', 607, 435, 826, 466), ('15', 1463, 435, 1498, 468), ('9月20日', 158, 488, 252, 526),
    ('省级项目I类学分', 1027, 488, 1224, 525), ('面授', 1243, 489, 1298, 525), ('10', 1367, 489, 1401, 525),
    ('2022-06-01-538(省)', 313, 492, 532, 522), ('医疗纠纷防范与处理', 607, 492, 826, 522), ('25', 1462, 492, 1496, 525),
    ('2', 93, 498, 107, 518), ('国家级一类：0', 103, 582, 282, 619), ('省级项目I类学分：10', 106, 634, 371, 671),
    ('ⅡI类·院级：15', 106, 684, 295, 720), ('合计：25', 106, 733, 217, 771), ('打印日期：2023-08-25', 1337, 2242, 1572, 2273),
]


def test_an_untitled_column_of_month_days_is_the_date_and_a_whole_title_after_another_is_its_own():
    # before: no date (举办日 no title, its month-days no typed value), the credits in the mode's cell
    # (面授15) and the row number 2 taken for the second row's credits
    rows = _rows(UNTITLED_MONTH_DAYS)
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [
        ("2022-06-19", "2022-06-01-191(市)", 15.0, "面授"),
        ("2022-09-20", "2022-06-01-538(省)", 10.0, "面授")]


# dw: 主办单位名称 (a column read for no field) left of 批准编号; the second row's organizer and code one word
CODE_AFTER_ORGANIZER: list[Box] = [
    ('继续医学教育学分查询系统', 83, 59, 367, 90), ('2022年继续医学教育学分记录', 531, 132, 1122, 185),
    ('人员编号：94864980姓名：曹丽涛身份证号：330381197304241931单位：瑞安市人民医院', 81, 229, 1255, 266), ('获得', 1388, 311, 1444, 347),
    ('课程名称', 278, 321, 384, 364), ('批准编号', 908, 323, 1013, 362), ('学分种类', 1169, 323, 1273, 362), ('方式', 1472, 323, 1533, 365),
    ('举办日期', 90, 327, 191, 360), ('主办单位名称', 656, 327, 808, 363), ('学分', 1385, 340, 1444, 382), ('I类', 1172, 391, 1230, 433),
    ('2022-04-03-028(市)', 910, 393, 1129, 429), ('05.23', 88, 395, 158, 429), ('15', 1388, 395, 1428, 433), ('面授', 1475, 395, 1531, 431),
    ('医学科研设计与论文写作', 282, 396, 545, 428), ('温州市中心医院', 661, 396, 829, 428),
    ('复旦大学附属中山医院2022-04-03-365（国）', 656, 448, 1131, 486), ('国家级一类', 1172, 449, 1298, 488), ('面授', 1475, 449, 1530, 486),
    ('08.24', 88, 452, 161, 485), ('糖尿病综合管理新理念', 282, 452, 520, 482), ('10', 1389, 453, 1424, 485),
    ('国家级一类10分；Ⅱ类15分；合计25分', 83, 526, 610, 562), ('导出时间：2023-08-25', 83, 588, 355, 625), ('共1页第1页', 745, 2247, 908, 2285),
]


def test_a_code_glued_after_an_organizer_name_goes_to_the_code_column():
    # before: the second row's code stayed in the organizer's cell (no code)
    assert [r[1] for r in _rows(CODE_AFTER_ORGANIZER)] == ["2022-04-03-028(市)", "2022-04-03-365(国)"]


# a check set (seed 9033 at fddbfd7): 本项学 / 分 (a credits title the page splits) untitled, the row numbers 1, 2
# under 行号 untitled too
ROW_NUMBERS_UNTITLED: list[Box] = [
    ('浙江省卫生健康人才继续教育系统', 81, 59, 446, 90), ('浙江省继续医学教育学分登记表', 519, 123, 1136, 170), ('2020年度', 736, 206, 917, 250),
    ('姓名：马强身份证号：33030319820105029X单位：苍南县人民医院', 80, 283, 911, 319), ('本项学', 1362, 349, 1449, 388),
    ('类别', 1023, 362, 1085, 404), ('累计', 1459, 362, 1520, 404), ('学习形式', 1240, 363, 1349, 402), ('行号', 87, 365, 144, 402),
    ('编号', 310, 365, 371, 404), ('名称', 603, 365, 664, 404), ('举办日', 161, 368, 239, 400), ('分', 1363, 382, 1398, 416),
    ('10', 1365, 429, 1404, 469), ('8月14日', 161, 431, 256, 469), ('I类国家级', 1024, 431, 1136, 469), ('面授', 1243, 431, 1301, 468),
    ('10', 1463, 433, 1498, 468), ('2020-06-01-935(国)', 313, 435, 526, 466), ('医院感染预防与控制', 605, 435, 824, 466), ('1', 88, 436, 109, 466),
    ('面授', 1242, 486, 1302, 528), ('15', 1365, 486, 1404, 526), ('8月20日', 161, 488, 255, 526), ('Ⅱ类·院级', 1026, 488, 1153, 525),
    ('25', 1459, 488, 1500, 526), ('2020-06-01-328(市)', 313, 492, 527, 522), ('宫颈病变筛查与管理', 609, 492, 826, 522),
    ('2', 90, 498, 107, 519), ('类国家级：10', 103, 582, 277, 621), ('一类省级：0', 101, 634, 258, 671), ('Ⅱ类·院级：15', 103, 681, 299, 724),
    ('合计：25', 103, 733, 220, 771), ('打印日期：2023-08-25', 1327, 2244, 1573, 2275),
]


def test_a_column_of_the_rows_numbers_is_no_credits_column():
    # the month-day column named by its values (above) first took the row numbers 1, 2 for the credits
    assert [(r[0], r[4]) for r in _rows(ROW_NUMBERS_UNTITLED)] == [("2020-08-14", 10.0), ("2020-08-20", 15.0)]
