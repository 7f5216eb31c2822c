"""Session 9 regressions, lists and page kind (issue 14): one page per failure class, built from the
words and boxes the engine gave on the session-8 held-out families (development now: the dw9 / ds9
sets, captured OcrResults), each failing before the change (at 3c484d4).

Classes: a column title naming its role in other words (所得学分, 学习内容, 项目批号, 类别名称 whose
名称 is no title column, 主办单位名称 an organizer's); a title printed on two lines around a one-line
header (获得 over the header line, 学分 under it); a date column printing month and day only, the
year stated once by the page's title; a typed value the engine glued to the cell on its left
(温州市卫生健康委员会面授); a code glued to the title after it, in the code's or the category's
cell; the holder's number above the header (人员编号31575397) taken for a column title; a list read
badly but for its 学分明细表 title read as a certificate."""

from __future__ import annotations

from pipeline.classify import classify
from pipeline.extract.annual_list import extract_annual_list
from pipeline.models import Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def _result(words: list[Box], width: int = 1653, height: int = 2339) -> OcrResult:
    """One line per word."""
    lines = [Line(text=t, conf=0.9, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.9, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return OcrResult(engine="fake", engine_version="0", width=width, height=height, lines=lines)


def _rows(words: list[Box], **size) -> list[tuple]:
    lst = extract_annual_list(_result(words, **size))
    return [(r.date, r.project_code, r.project_title, r.category, r.credits, r.mode) for r in lst.rows]


# sh_verify_landscape from its text layer (ds9 上海市闵行区中心医院/郭雪 p1): 所得学分, 项目类别, 主办方
VERIFY_DIGITAL: list[Box] = [
    ('Ⅰ类学分验证表', 502, 43, 667, 73), ('（2018年度）', 536, 82, 634, 101), ('姓名', 47, 123, 74, 140),
    ('郭雪', 144, 123, 171, 140), ('身份证号', 408, 123, 461, 140), ('310110198801153857', 519, 123, 662, 140),
    ('工作单位', 797, 123, 850, 140), ('上海市闵行区中心医院', 894, 123, 1026, 140), ('项目编码', 46, 167, 96, 183),
    ('项目（课程）名称', 229, 167, 329, 183), ('项目类别', 562, 167, 612, 183), ('所得学分', 679, 167, 729, 183),
    ('参加日期', 755, 167, 805, 183), ('主办方', 882, 167, 920, 183), ('2018-06-01-545(国)', 46, 195, 159, 211),
    ('高危妊娠管理新进展', 229, 195, 342, 211), ('国家级Ⅰ类项目', 562, 195, 650, 211), ('10', 679, 195, 694, 211),
    ('2018/1/14', 755, 195, 821, 211), ('复旦大学附属中山医院', 882, 195, 1007, 211), ('2018-06-01-001(沪)', 46, 223, 159, 239),
    ('高危妊娠管理新进展', 229, 223, 342, 239), ('市级Ⅰ类项目', 562, 223, 637, 239), ('6', 679, 223, 686, 239),
    ('2018/3/30', 755, 223, 821, 239), ('上海市中医医院', 882, 223, 970, 239), ('2018-06-01-620(沪)', 46, 251, 159, 266),
    ('妇科肿瘤规范化诊疗', 229, 251, 342, 266), ('市级Ⅰ类项目', 562, 251, 637, 266), ('9', 679, 251, 686, 266),
    ('2018/4/14', 755, 251, 821, 266), ('上海市第六人民医院', 882, 251, 995, 266), ('2018-06-01-985(沪)', 46, 278, 159, 294),
    ('宫颈病变筛查与管理', 229, 278, 342, 294), ('市级Ⅰ类项目', 562, 278, 637, 294), ('10', 679, 278, 694, 294),
    ('2018/7/19', 755, 278, 821, 294), ('同济大学附属同济医院', 882, 278, 1007, 294),
]


def test_column_titles_in_other_words_name_their_role():
    # before: 所得学分 was no title, the credits fell into the category cell: no credits in any row
    assert _rows(VERIFY_DIGITAL, width=1169, height=826) == [
        ("2018-01-14", "2018-06-01-545(国)", "高危妊娠管理新进展", "I类国家级", 10.0, None),
        ("2018-03-30", "2018-06-01-001(沪)", "高危妊娠管理新进展", "I类省级", 6.0, None),
        ("2018-04-14", "2018-06-01-620(沪)", "妇科肿瘤规范化诊疗", "I类省级", 9.0, None),
        ("2018-07-19", "2018-06-01-985(沪)", "宫颈病变筛查与管理", "I类省级", 10.0, None)]


# list_system_export from its text layer (dw9 平阳县中医院/冯强 p2): 获得 / 学分 stacked around the header
# line, 类别名称 (a category), 项目批号, 项目（课程）名称, 举办机构, dates printed 07-25 under a 2018 title
EXPORT_DIGITAL: list[Box] = [
    ('医院继续教育管理系统（导出）', 42, 30, 207, 44), ('继续医学教育个人学分证明（2018年）', 220, 66, 606, 94), ('人员编号:', 42, 116, 98, 133),
    ('16629804', 102, 116, 166, 133), ('姓名:', 177, 116, 208, 133), ('冯强', 212, 116, 238, 133),
    ('身份证号:', 250, 116, 307, 133), ('330305198509017480', 311, 116, 453, 133), ('单位:', 465, 116, 495, 133),
    ('平阳县中医院', 499, 116, 578, 133), ('获得', 46, 157, 69, 172), ('类别名称', 89, 165, 136, 180),
    ('项目批号', 197, 165, 244, 180), ('项目（课程）名称', 328, 165, 422, 180), ('学习日期', 517, 165, 564, 180),
    ('举办机构', 613, 165, 660, 180), ('方式', 739, 165, 762, 180), ('学分', 46, 172, 69, 187), ('10', 46, 198, 60, 213),
    ('I类国家级', 89, 198, 139, 213), ('2018-04-03-027(国)', 197, 198, 304, 213), ('传染病防治知识培训', 328, 198, 434, 213),
    ('07-25', 517, 198, 549, 213), ('中华医学会', 613, 198, 672, 213), ('面授', 739, 198, 762, 213),
    ('温州市卫生健康委员', 613, 224, 719, 239), ('15', 46, 232, 60, 246), ('Ⅱ类（自管项目）', 89, 232, 183, 246),
    ('2018-04-03-449(市)', 197, 232, 304, 246), ('急危重症护理新进展', 328, 232, 434, 246), ('12-16', 517, 232, 549, 246),
    ('面授', 739, 232, 762, 246), ('会', 613, 239, 624, 254), ('I类国家级', 42, 275, 101, 293), ('10', 105, 275, 122, 293),
    ('分；Ⅱ类（自管项目）', 126, 275, 265, 293), ('15', 269, 275, 285, 293), ('分；总计', 290, 275, 345, 293),
    ('25', 349, 275, 366, 293), ('分', 370, 275, 384, 293), ('导出时间:', 42, 307, 95, 323),
    ('2023-08-25', 99, 307, 167, 323),
]


def test_a_title_printed_around_a_one_line_header_names_its_column():
    # before: 获得 and 学分 lay in the rows above and below the header line: no credits column
    assert [r[4] for r in _rows(EXPORT_DIGITAL, width=826, height=1169)] == [10.0, 15.0]


def test_a_month_day_date_column_takes_the_year_the_title_states():
    # before: 07-25 is no date; the export date under the table is no row and states no year of it
    assert _rows(EXPORT_DIGITAL, width=826, height=1169) == [
        ("2018-07-25", "2018-04-03-027(国)", "传染病防治知识培训", "I类国家级", 10.0, "面授"),
        ("2018-12-16", "2018-04-03-449(市)", "急危重症护理新进展", "II类", 15.0, "面授")]


# list_system_export scanned (dw9 平阳县中医院/冯强 p5): the organizer's last word and the mode read as one
EXPORT_GLUED_MODE: list[Box] = [
    ('浙江省卫生人才继续教育平台导出', 83, 60, 452, 92), ('2019年继续医学教育学分记录', 532, 132, 1121, 183),
    ('人员编号：10235534姓名：冯强身份证号：330305198509017480单位：平阳县中医院', 83, 230, 1266, 266), ('学分种类', 175, 316, 275, 349),
    ('主办单位名称', 1221, 316, 1372, 353), ('分值', 88, 318, 144, 351), ('项目编码', 391, 318, 491, 351),
    ('开班日期', 1031, 318, 1133, 351), ('方式', 1475, 318, 1530, 353), ('课程名称', 655, 319, 755, 351),
    ('06-10', 1027, 371, 1107, 409), ('15', 90, 373, 126, 408), ('（自管项目）', 225, 375, 355, 406),
    ('2019-04-03-265(市)', 391, 375, 614, 406), ('心血管疾病诊治新进展', 655, 375, 891, 406),
    ('温州市卫生健康委员会面授', 1224, 375, 1527, 406), ('Ⅱ类', 178, 376, 229, 404), ('10', 90, 441, 126, 472),
    ('1类学分 (省级)', 183, 441, 352, 472), ('08-06', 1030, 441, 1105, 473), ('2019-04-03-484(省)', 390, 442, 616, 472),
    ('传染病防治知识培训', 655, 442, 869, 472), ('医院', 1221, 455, 1281, 489),
]


def test_a_typed_value_glued_to_the_cell_on_its_left_goes_to_its_own():
    rows = _rows(EXPORT_GLUED_MODE)
    # before: 面授 stayed in the organizer's cell (the second row's 面授 the engine did not read at all)
    assert rows[0] == ("2019-06-10", "2019-04-03-265(市)", "心血管疾病诊治新进展", "II类", 15.0, "面授")


# list_system_export scanned (dw9 瓯海区娄桥街道社区卫生服务中心/张雪 5.jpg): a code read with the title after it,
# once in the code's cell, once with the category before it in the category's
EXPORT_GLUED_CODE: list[Box] = [
    ('医院继续教育管理系统（导出）', 83, 60, 406, 92), ('2019年度继续医学教育学分明细表', 487, 132, 1162, 183), ('姓名：张雪', 387, 230, 533, 266),
    ('人员编号：71666960', 81, 233, 349, 265), ('身份证号：330303198502235693', 572, 233, 1001, 265),
    ('单位：瓯海区娄桥街道社区卫生服务中心', 1040, 233, 1524, 265), ('获得', 87, 312, 144, 347), ('类别名称', 171, 325, 277, 363),
    ('方式', 1475, 327, 1530, 363), ('项目批号', 391, 329, 491, 362), ('学习日期', 1031, 329, 1133, 362),
    ('举办机构', 1223, 329, 1323, 362), ('项目（课程）名称', 653, 331, 846, 362), ('学分', 87, 343, 144, 380),
    ('15', 87, 395, 127, 433), ('远程', 1475, 395, 1530, 431), ('Ⅱ类', 175, 396, 229, 431),
    ('03-18', 1030, 396, 1111, 429), ('瑞安市人民医院', 1221, 396, 1392, 428),
    ('2019-04-03-977（市）医院感染预防与控制', 391, 398, 869, 428), ('浙江省人民医院', 1221, 449, 1397, 486),
    ('面授', 1475, 449, 1530, 486), ('省级项目I类学分2019-04-03-370（省）慢性阻塞性肺疾病规范化诊疗', 174, 452, 963, 486),
    ('10-26', 1031, 452, 1108, 485), ('10', 88, 453, 126, 485), ('省级项目I类学分10分；Ⅱ类15分；合计25分', 83, 531, 762, 561),
    ('导出时间：2023-08-25', 83, 592, 364, 624),
]


def test_a_title_glued_after_its_code_goes_to_the_title_column():
    assert _rows(EXPORT_GLUED_CODE) == [
        ("2019-03-18", "2019-04-03-977(市)", "医院感染预防与控制", "II类", 15.0, "远程"),
        ("2019-10-26", "2019-04-03-370(省)", "慢性阻塞性肺疾病规范化诊疗", "I类省级", 10.0, "面授")]


# list_system_export scanned, 1.6° of skew (dw9 温州市中心医院/胡思瑶 p2): the holder's line 人员编号31575397
# lies close above the header
EXPORT_NUMBER_ABOVE: list[Box] = [
    ('医院继续教育管理系统 (导出)', 110, 34, 429, 81), ('2018年继续医学教育学分记录', 553, 121, 1158, 195),
    ('人员编号31575397', 107, 207, 362, 251), ('姓名胡思瑶', 382, 216, 561, 256),
    ('身份证号330327197512231369', 540, 219, 974, 269), ('9单位温州市中心医院', 953, 230, 1274, 278), ('学分种类', 194, 292, 302, 337),
    ('分值', 109, 295, 168, 329), ('项目编码', 405, 301, 519, 347), ('项目（课程）名称', 670, 307, 873, 355),
    ('开班日期', 1050, 319, 1159, 361), ('主办单位名称', 1241, 323, 1397, 370), ('方式', 1495, 335, 1556, 373),
    ('II类学分', 193, 348, 299, 395), ('15', 110, 353, 144, 386), ('2018-04-03-044(市)', 411, 362, 628, 398),
    ('急危重症护理新进展', 673, 365, 893, 408), ('01-29', 1047, 376, 1122, 415), ('温州市中心医院', 1241, 382, 1417, 422),
    ('远程', 1495, 391, 1552, 428), ('国家级继续医学教', 191, 402, 391, 447), ('10', 107, 422, 142, 455),
    ('2018-04-03-294(国)', 410, 427, 623, 467), ('临床合理用药培训', 672, 433, 868, 474), ('温州医科大学附属第-', 1241, 433, 1465, 475),
    ('育I类', 184, 435, 277, 473), ('02-19', 1048, 448, 1120, 481), ('面授', 1492, 459, 1550, 493),
    ('医院', 1236, 468, 1301, 502), ('国家级继续医学教育I类10分；ⅡI类学分15分；总计25分', 95, 502, 891, 565),
    ('导出时间2023-08-25', 95, 566, 358, 611),
]


def test_the_holders_number_above_the_header_is_no_column_title():
    # before: 人员编号 named the code column at the page's left edge: every value one column off, no row
    rows = _rows(EXPORT_NUMBER_ABOVE)
    assert [r[1] for r in rows] == ["2018-04-03-044(市)", "2018-04-03-294(国)"]
    assert rows[0] == ("2018-01-29", "2018-04-03-044(市)", "急危重症护理新进展", "II类", 15.0, "远程")


# list_system_export scanned in black and white (dw9 瑞安市人民医院/周丹 7.pdf): the engine read the title only
EXPORT_BW_UNREAD: list[Box] = [
    ('继续医学教育学分明细表', 437, 103, 803, 140), ('性名', 288, 177, 329, 196), ('瑞安大民院', 826, 177, 967, 199),
    ('·号', 418, 178, 493, 196), ('中', 760, 180, 797, 195), ('目', 410, 249, 471, 267), ('理', 75, 300, 223, 318),
    ('1·', 364, 403, 381, 412),
]


def test_a_list_read_badly_but_for_its_mingxi_title_is_a_list():
    # before: 学分 and 继续医学教育 made it a certificate
    assert classify(_result(EXPORT_BW_UNREAD, width=1240, height=1754))[0] == "annual_list"


# sh_verify_landscape scanned (ds9 复旦大学附属中山医院/叶佳 p1): the second row's credits 9 read as q
VERIFY_SCAN_Q: list[Box] = [
    ('上海市继续医学教育丨类学分验证汇总表', 750, 88, 1595, 142), ('(2018年度)', 1094, 162, 1246, 201), ('工作单位', 1586, 242, 1705, 286),
    ('310106198505240900', 1033, 243, 1277, 281), ('身份证号', 811, 245, 924, 284), ('复旦大学附属中山医院', 1788, 245, 2054, 282),
    ('姓名', 95, 248, 149, 282), ('叶佳', 285, 248, 345, 282), ('项目（课程）名称', 707, 332, 917, 369),
    ('所得学分', 2109, 333, 2215, 367), ('参加日期', 92, 336, 196, 369), ('项目编码', 343, 336, 448, 369),
    ('举办机构', 1376, 336, 1482, 369), ('项目类别', 1875, 336, 1981, 367), ('中国医师协会', 1376, 387, 1533, 426),
    ('国家级项目', 1875, 387, 2004, 424), ('2018.02.13', 87, 390, 223, 426), ('医院感染预防与控制', 711, 391, 937, 423),
    ('10', 2107, 391, 2142, 423), ('2018-07-01-554（国）', 343, 393, 572, 423), ('市一类', 1875, 443, 1959, 481),
    ('上海市第六人民医院', 1378, 445, 1608, 481), ('2018.09.05', 90, 448, 222, 480), ('2018-07-01-054(沪)', 343, 448, 571, 480),
    ('医疗纠纷防范与处理', 711, 448, 940, 480), ('q', 2107, 448, 2129, 475), ('|类学分小计19', 86, 517, 315, 553),
    ('验证单位（盖章）：', 1285, 519, 1526, 549), ('验证日期：', 1833, 588, 1964, 626), ('年', 2060, 588, 2093, 622),
    ('月', 2142, 591, 2173, 623), ('日', 2232, 592, 2255, 622),
]


def test_a_letter_read_for_a_digit_in_a_credits_cell_is_the_digit():
    # before: q is no number, the credits stayed null (the crop read again gave no number either)
    assert [r[4] for r in _rows(VERIFY_SCAN_Q, width=2339, height=1653)] == [10.0, 9.0]


def test_a_column_under_a_title_word_not_in_the_vocabulary_is_named_by_its_values():
    # 项目批号 printed as a word no vocabulary holds (备案文号) and 方式 as 途经: the codes and the modes
    # under them still name their columns; before, the codes fell into the category cell beside them
    words = [(("备案文号" if t == "项目批号" else "途经" if t == "方式" else t), *box) for t, *box in EXPORT_DIGITAL]
    assert _rows(words, width=826, height=1169) == [
        ("2018-07-25", "2018-04-03-027(国)", "传染病防治知识培训", "I类国家级", 10.0, "面授"),
        ("2018-12-16", "2018-04-03-449(市)", "急危重症护理新进展", "II类", 15.0, "面授")]


# Certificates (certificate reading is this brief's too once lists were done): a hospital's letter
# whose subject names the unit, the department and the post before the holder (dw9 平阳县中医院/冯强 p4:
# …药剂科冯强（副主任护师）于…; dw9 温州市中心医院 letter for 应晨: 经核实，…妇产科应晨（技师）于二〇二〇年…)
LETTER_POST_AFTER: list[Box] = [
    ('宁波市第一医院', 613, 133, 1044, 199), ('电话：010-28205058邮编：202752', 639, 225, 1020, 256),
    ('继续医学教育学分证明', 519, 461, 1133, 526), ('现证明平阳县中医院药剂科冯强（副主任护师）于2020年5月1-2日参加了由', 255, 667, 1446, 709),
    ('宁波市第一医院主办的一类省级继续医学教育项目《慢性阻塞性肺疾病规范化诊', 183, 740, 1443, 782),
    ('疗》（项目批号：2020-04-03-221(省)），学习途径为面授，经考核合格，获得学', 181, 813, 1463, 855),
    ('分10分，证书代码：WZ202015824915。', 181, 884, 801, 927), ('特颁此证。', 249, 963, 419, 1013),
]
LETTER_CHECKED: list[Box] = [
    ('温州市中心医院', 607, 130, 1045, 202), ('电话：010-73503932邮编：319351', 630, 225, 1024, 256),
    ('继续医学教育学分证明', 519, 461, 1133, 526), ('致有关单位：', 178, 667, 385, 711),
    ('经核实，温州医科大学附属第二医院妇产科应晨（技师）于二〇二〇年五月', 252, 745, 1443, 788),
    ('十日参加了由温州市中心医院主办的Ⅱ类学分继续医学教育项目《医疗核心制度', 183, 818, 1443, 861),
    ('解读》（批准文号：2020-07-01-969(市)），学习形式为面授，经考核合格，获得', 183, 891, 1466, 934),
    ('学分15分，证书序号：2020II215215。', 183, 963, 784, 1004), ('以资证明。', 251, 1042, 417, 1091),
]


def test_a_letters_holder_is_the_name_after_unit_department_and_post():
    from pipeline.extract.certificate import extract_certificate

    # before: no name (the subject ran from the unit to the bracket)
    assert extract_certificate(_result(LETTER_POST_AFTER)).name == "冯强"
    assert extract_certificate(_result(LETTER_CHECKED)).name == "应晨"


# Certificate numbers: labels in other words (凭证号, 证书代码, 证书标识, 证书流水号), a label split from its
# value (or cut in two) by a line break in a letter's running text, a serial after the year in
# brackets (沪继教2018（00627）) or after a word (沪2018继01532): dw9 永嘉县人民医院/戴静 p4 (…证书代 / 码2018…),
# dw9 平阳县中医院/冯强 p6 (凭证号:2019…), ds9 上海市第六人民医院/梁辉秀 p3 (a letter, 沪继教2018（00627）)
NUMBER_SPLIT_LABEL: list[Box] = [
    ('中国医师协会', 643, 130, 1010, 197), ('电话：0577-67195834 邮编：325353', 618, 222, 1039, 258),
    ('学分证明', 703, 459, 950, 528), ('致有关单位：', 178, 664, 385, 712),
    ('经核实，永嘉县人民医院检验科技师戴静同志于2018.01.20参加中国医师协', 251, 742, 1444, 790),
    ('会举办的一类国家级继续医学教育项目《急诊胸痛中心建设与管理》（项目批号', 181, 815, 1444, 863),
    ('2018-04-02-433（国）），参训形式为面授，经考核合格，获得学分10分，证书代', 181, 890, 1441, 931), ('码20180397037714。', 177, 960, 533, 1007),
    ('此证明。', 251, 1043, 380, 1089),
]
NUMBER_VOUCHER: list[Box] = [
    ('继续医学教育Ⅱ类学分证书', 1456, 139, 2054, 188), ('凭证号：20197382044965', 1890, 255, 2227, 291),
    ('一、培训对象：冯强', 1498, 332, 1787, 375), ('二、所在医院：平阳县中医院', 1496, 393, 1917, 436),
    ('三、培训项目：心血管疾病诊治新进展', 1495, 452, 2043, 494), ('医', 552, 458, 621, 524),
    ('四、备案编号：2019-04-03-265(市)', 1495, 514, 2021, 558), ('五、学分归炎：ⅡI类', 1285, 574, 1582, 616),
    ('六、认定学分：15', 1280, 630, 1557, 679), ('七、活动期间：2019年6月10号', 1283, 691, 1741, 734),
    ('八、参训形式：面授', 1283, 755, 1581, 797), ('学习证书', 349, 845, 824, 939), ('温州市卫生健康委员会', 1752, 1286, 2081, 1328),
    ('2019年6月13日', 1785, 1344, 2080, 1394), ('温州市卫生健康委员会', 404, 1354, 767, 1397),
]
NUMBER_BRACKETED: list[Box] = [
    ('复旦大学附属中山医院', 520, 127, 1136, 198), ('电话：0574-00034801', 623, 225, 849, 256), ('邮编：200746', 885, 225, 1037, 256),
    ('继续医学教育学分证明', 522, 461, 1131, 521), ('致有关单位：', 178, 667, 384, 711),
    ('兹有上海市第六人民医院儿科梁辉秀（主管药师）于2018年7月18日～19日参', 255, 745, 1463, 788),
    ('加了由复旦大学附属中山医院主办的国家级I类继续医学教育项目医院感染预防与', 183, 818, 1459, 861),
    ('控制（备案编号：2018-11-01-351(国)），培训形式为面授，经考核合格，授予', 181, 891, 1444, 934),
    ('学分10分，编号：沪继教2018（00627）。', 183, 963, 832, 1004), ('谨此证明。', 250, 1043, 419, 1093),
]


def test_certificate_numbers_under_other_labels_across_lines_and_bracketed():
    from pipeline.extract.certificate import extract_certificate

    # before: none read; the bracketed one was cut to its year (沪继教2018, a wrong value)
    assert extract_certificate(_result(NUMBER_SPLIT_LABEL)).certificate_no == "20180397037714"
    assert extract_certificate(_result(NUMBER_VOUCHER)).certificate_no == "20197382044965"
    assert extract_certificate(_result(NUMBER_BRACKETED)).certificate_no == "沪继教2018(00627)"


# A page whose labels and values are joined by leader dots the engine read as 一 / — (ds9 上海市长宁区新华
# 街道社区卫生服务中心/罗燕英 p3: 姓名一罗燕英, 计入学分—8, 编号—SH2018I606967, 认定类别一一类（市级）)
LEADER_DOTS: list[Box] = [
    ('上海市继续医学教育委员会', 630, 177, 1027, 219), ('上海市继续医学教育学分证书', 458, 252, 1205, 312), ('姓名一罗燕英', 196, 380, 420, 424),
    ('任职单位一上海市长宁区新华街道社区卫生服务中心', 196, 462, 1011, 508), ('项目一临床合理用药培训', 196, 546, 596, 594),
    ('认定类别一一类（市级）', 196, 628, 585, 677), ('计入学分—8', 197, 714, 406, 758),
    ('项目号—2018-11-01-503（沪）', 195, 797, 716, 843), ('开课日期—2018-10-05至2018-10-06', 200, 884, 837, 921),
    ('参加方式—面授', 197, 964, 454, 1009), ('举办方一上海市医学会', 194, 1043, 559, 1095),
    ('编号—SH2018I606967', 197, 1131, 585, 1173), ('发证日期：20181009', 196, 1230, 481, 1266),
]


def test_leader_marks_between_labels_and_values_are_no_part_of_the_values():
    from pipeline.extract.certificate import extract_certificate

    f = extract_certificate(_result(LEADER_DOTS))
    # before: 一罗燕英 (a wrong name), no number, the organizer with its 一
    assert (f.name, f.certificate_no, f.credits, f.organizer) == ("罗燕英", "SH2018I606967", 8.0, "上海市医学会")
