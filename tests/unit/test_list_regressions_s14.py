"""Session 14 regressions, lists (issue 14): annual lists whose records are printed as blocks of ``label：value``
lines, one block per project (samples/families/blocks.py, development since session 14), built from the words
and boxes the engine gave on generated pages (captured OcrResults of the page pass), each failing before the
change (at 93ffe69: no column header, so each row was parsed from its line's text and only the line holding a
code gave a row, its title and credits lost).

Classes: blocks with a head line (第1项, 记录1, 序号：1, (1)) and one or two pairs a line; a title labelled with
the bare 名称; a code under a number label (编号：) whose dashes the engine lost; labels and values with no
separator (形式面授, 项目类别国家级I类); Shanghai's level words (级别：市级) in a block; a title wrapped onto the
line under it."""

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


# list_block_print (grey scan, 150 dpi): 第1项 heads, the title labelled 名称, two pairs a line (项目代码 | 举办日期)
NAMED_PAIRS_SIZE = (1240, 1754)
NAMED_PAIRS: list[Box] = [
    ('2018年度继续医学教育学分记录', 386, 81, 858, 121), ('姓名：陈浩峰身份证号：330326198902237801工作单位：苍南县人民医院', 83, 156, 797, 184),
    ('第1项', 91, 230, 149, 260), ('名称：糖尿病综合管理新理念', 118, 266, 396, 293), ('项目代码：2018-04-02-240(市)', 113, 299, 412, 332),
    ('举办日期：2018-01-20', 616, 301, 833, 329), ('授予学分：15学分', 113, 336, 296, 367), ('学习形式：面授', 614, 336, 774, 367),
    ('类别：二类（院级）', 116, 373, 300, 400), ('举办单位：温州市人民医院', 113, 406, 379, 439), ('第2项', 91, 475, 151, 504),
    ('名称：医疗纠纷防范与处理', 118, 512, 378, 540), ('项目代码：2018-04-02-755（省)', 115, 545, 411, 576),
    ('举办日期：2018-08-24', 616, 545, 836, 577), ('学习形式：面授', 614, 582, 774, 614), ('授予学分：10学分', 115, 584, 295, 611),
    ('类别：省·I', 116, 618, 234, 647), ('举办单位：浙江省护理学会', 113, 651, 379, 684), ('合计：25学分', 84, 718, 213, 747),
    ('打印日期：2023-08-25', 962, 1651, 1160, 1679),
]


# list_block_print (digital, 72 dpi): 序号：1 heads, the code under 编号 with its dashes lost, 学分类别：本单位类 (Ⅱ lost)
NUMBER_LABEL_SIZE = (595, 842)
NUMBER_LABEL: list[Box] = [
    ('个人学分档案（2018）', 216, 40, 370, 58), ('姓名：罗辉平', 40, 75, 103, 89), ('身份证号：330382198008066885', 118, 75, 263, 89),
    ('工作单位：温州医科大学附属第一医院', 278, 75, 451, 89), ('序号：1', 44, 111, 82, 125), ('课程名称：急诊胸痛中心建设与管理', 55, 128, 217, 141),
    ('学习日期：2018.04.11', 56, 145, 158, 159), ('编号： 20180405085(市)', 295, 145, 416, 159),
    ('授课方式：面授', 54, 161, 129, 177), ('学分数：15学分', 296, 163, 368, 176), ('学分类别：本单位类', 56, 179, 158, 193),
    ('序号：2', 43, 211, 82, 226), ('课程名称：心血管疾病诊治新进展', 54, 227, 208, 244), ('学习日期：2018.05.02', 56, 246, 159, 260),
    ('编号：20180405303(省)', 296, 246, 416, 260), ('授课方式：远程', 54, 262, 129, 278), ('学分数：10学分', 296, 264, 368, 277),
    ('学分类别：省级·一类', 54, 278, 153, 294), ('本年度共2项。合计25学分', 40, 311, 156, 325), ('打印日期：2023-08-25', 464, 793, 557, 806),
]


# list_block_print (black-and-white scan): labels and values with no separator (形式面授 beside 学习日期2022.02.13)
NO_SEPARATOR_SIZE = (1240, 1754)
NO_SEPARATOR: list[Box] = [
    ('个人学分档案 (2022)', 451, 81, 772, 122), ('6工作单位温州市人民医院', 516, 155, 806, 185), ('姓名夏海晨', 83, 159, 206, 182),
    ('身份证号330327198401164866', 241, 159, 530, 182), ('第1项', 91, 230, 149, 260),
    ('项目编号2022-07-01-220（国）', 115, 266, 412, 295), ('项目类别国家级I类', 614, 267, 818, 295),
    ('课程名称新生儿危重症救治进展', 115, 301, 433, 329), ('形式面授', 613, 337, 725, 366), ('学习日期2022.02.13', 115, 338, 332, 366),
    ('授予学分10', 113, 371, 248, 399), ('主办单位北京协和医院', 115, 408, 352, 436), ('第2项', 91, 475, 149, 504),
    ('项目类别Ⅱ类/院级', 614, 512, 819, 540), ('项目编号2022-07-01-329（市）', 116, 515, 411, 539),
    ('课程名称儿童哮喘规范化管理', 116, 548, 412, 576), ('形式面授', 614, 584, 725, 613), ('学习日期2022.06.28', 115, 585, 332, 613),
    ('授予学分15', 113, 619, 248, 647), ('主办单位温州市医学会', 115, 654, 352, 681), ('本年度共2项，合计25学分', 82, 714, 330, 748),
    ('打印时间 2023-08-25', 973, 1653, 1161, 1680),
]


# sh_verify_blocks (grey scan): framed blocks with (1) heads, 级别：市级 / 国级, no 学习形式
SH_LEVELS_SIZE = (1653, 2339)
SH_LEVELS: list[Box] = [
    ('2018年度1类学分验证表', 583, 123, 1070, 172), ('姓名：曹瑶伟', 100, 217, 262, 249), ('单位：上海市第一人民医院', 249, 217, 626, 249),
    ('身份证号：310101197305158850', 664, 217, 1039, 249), ('(1)', 131, 305, 171, 336),
    ('项目编号：2018-13-01-686(沪)', 155, 349, 520, 380), ('项目名称：医院感染预防与控制', 155, 393, 522, 424),
    ('级别：市级', 151, 435, 290, 472), ('学分：10', 151, 479, 269, 518), ('举办日期：2018.08.18', 155, 526, 420, 558),
    ('主办单位：同济大学附属同济医院', 155, 566, 549, 605), ('(2)', 133, 654, 170, 687),
    ('项目编号：2018-13-01-679(国)', 151, 697, 524, 733), ('项目名称：护理质量与安全管理', 151, 744, 520, 775),
    ('级别：国级', 151, 785, 291, 823), ('学分：10', 151, 830, 268, 867), ('举办日期：2018.08.30', 157, 877, 420, 908),
    ('主办单位：复旦大学附属华山医院', 153, 915, 552, 954), ('共2项，丨类学分合计20分', 100, 1003, 424, 1040),
    ('单位审核意见:', 120, 1102, 304, 1139), ('(单位验证章)', 1092, 1213, 1260, 1250), ('月', 1398, 1215, 1446, 1250),
    ('日', 1500, 1219, 1522, 1248),
]


# list_block_print (colour scan, a two-year list): 记录1 heads, one pair a line, four blocks
FOUR_RECORDS_SIZE = (1696, 2400)
FOUR_RECORDS: list[Box] = [
    ('继续医学教育个人学分记录（2018-2019年度）', 378, 112, 1296, 167),
    ('姓名：夏海晨身份证号：330327198401164866工作单位：温州市人民医院', 113, 214, 1070, 252), ('记录1', 123, 315, 205, 354),
    ('项目编码：2018-07-01-586(省)', 159, 364, 560, 402), ('名称：新生儿危重症救治进展', 159, 412, 537, 450),
    ('类别：省级 (I类)', 155, 461, 404, 498), ('获得学分：10分', 153, 504, 367, 548), ('日期：2018/1/11', 157, 556, 382, 594),
    ('形式：远程', 155, 606, 308, 645), ('记录2', 123, 699, 206, 740), ('项目编码：2018-07-01-436(国)', 159, 750, 559, 788),
    ('名称：传染病防治知识培训', 159, 801, 507, 832), ('类别：国家级1类项目学分', 159, 846, 506, 883), ('获得学分：10分', 157, 894, 367, 931),
    ('日期：2018/10/11', 159, 944, 400, 981), ('形式：面授', 155, 990, 307, 1029), ('记录3', 123, 1084, 206, 1125),
    ('项目编码：2019-07-01-815(省)', 159, 1135, 559, 1172), ('名称：医院感染预防与控制', 159, 1185, 506, 1217),
    ('类别：省级 (I类)', 155, 1228, 407, 1271), ('获得学分：10分', 155, 1277, 369, 1320), ('日期：2019/1/26', 157, 1326, 388, 1369),
    ('形式：面授', 155, 1374, 307, 1414), ('记录4', 123, 1469, 205, 1510), ('项目编码：2019-07-01-659(市)', 159, 1519, 559, 1556),
    ('名称：医学科研设计与论文写作', 159, 1568, 564, 1605), ('类别：二类 (单位)', 155, 1612, 405, 1656),
    ('获得学分：15分', 155, 1665, 365, 1702), ('日期：2019/11/4', 159, 1714, 384, 1752), ('形式：远程', 151, 1754, 310, 1804),
    ('本年度共4项，合计45学分', 110, 1848, 448, 1886), ('打印日期：2023-08-25', 1318, 2263, 1586, 2295),
]


def test_blocks_with_head_lines_and_two_pairs_a_line_are_rows():
    # before: one row per line holding a code, its title (名称：…) and credits lost
    lst = _list(NAMED_PAIRS, NAMED_PAIRS_SIZE)
    assert lst.years == [2018] and lst.name == "陈浩峰"
    assert _rows(lst) == [
        ("2018-01-20", "2018-04-02-240(市)", "糖尿病综合管理新理念", "II类", 15.0, "面授"),
        ("2018-08-24", "2018-04-02-755(省)", "医疗纠纷防范与处理", "I类省级", 10.0, "面授")]
    assert [r.seq for r in lst.rows] == [1, 2]


def test_a_code_under_a_number_label_is_the_project_code():
    # before: 编号 is a certificate number's label and 20180405085(市) no code: rows without code or title
    lst = _list(NUMBER_LABEL, NUMBER_LABEL_SIZE)
    assert _rows(lst) == [
        ("2018-04-11", "2018-04-05-085(市)", "急诊胸痛中心建设与管理", "II类", 15.0, "面授"),
        ("2018-05-02", "2018-04-05-303(省)", "心血管疾病诊治新进展", "I类省级", 10.0, "远程")]


def test_labels_glued_to_their_values_read_by_the_values_type():
    # before: 形式面授 was no labelled value (形式 is a weak label: it needed a separator after it)
    lst = _list(NO_SEPARATOR, NO_SEPARATOR_SIZE)
    assert _rows(lst) == [
        ("2022-02-13", "2022-07-01-220(国)", "新生儿危重症救治进展", "I类国家级", 10.0, "面授"),
        ("2022-06-28", "2022-07-01-329(市)", "儿童哮喘规范化管理", "II类", 15.0, "面授")]


def test_shanghai_blocks_read_their_level_words():
    lst = _list(SH_LEVELS, SH_LEVELS_SIZE)
    assert _rows(lst) == [
        ("2018-08-18", "2018-13-01-686(沪)", "医院感染预防与控制", "I类省级", 10.0, None),
        ("2018-08-30", "2018-13-01-679(国)", "护理质量与安全管理", "I类国家级", 10.0, None)]


def test_four_blocks_of_a_two_year_list():
    lst = _list(FOUR_RECORDS, FOUR_RECORDS_SIZE)
    assert lst.years == [2018, 2019]
    assert [r[1] for r in _rows(lst)] == ["2018-07-01-586(省)", "2018-07-01-436(国)", "2019-07-01-815(省)",
                                          "2019-07-01-659(市)"]
    assert _rows(lst)[3] == ("2019-11-04", "2019-07-01-659(市)", "医学科研设计与论文写作", "II类", 15.0, "远程")
    assert [r.seq for r in lst.rows] == [1, 2, 3, 4]


def test_a_title_wrapped_under_its_line_continues_it():
    # the first block's title printed on two lines: the line under it, with no label, is the title's end
    words = [w for w in FOUR_RECORDS if not w[0].startswith("名称：新生儿")]
    words += [("名称：新生儿危重症", 159, 412, 420, 450), ("救治进展", 200, 455, 320, 490)]
    lst = _list(words, FOUR_RECORDS_SIZE)
    assert lst.rows[0].project_title == "新生儿危重症救治进展"
    assert lst.rows[1].project_title == "传染病防治知识培训"


def test_a_table_list_is_still_read_by_its_columns():
    # a header row and rows of cells: no block reading takes its place (the rows keep their columns)
    words = [("序号", 40, 100, 80, 120), ("日期", 100, 100, 160, 120), ("项目编号", 200, 100, 300, 120),
             ("项目名称", 340, 100, 440, 120), ("学分类别", 520, 100, 600, 120), ("学分", 620, 100, 660, 120),
             ("学习形式", 680, 100, 760, 120),
             ("1", 40, 140, 50, 160), ("2019-03-02", 100, 140, 190, 160), ("2019-04-02-111(国)", 200, 140, 330, 160),
             ("重症医学进展", 340, 140, 460, 160), ("I类国家级", 520, 140, 600, 160), ("5", 620, 140, 630, 160),
             ("面授", 680, 140, 720, 160)]
    lst = _list(words, (800, 400))
    assert _rows(lst) == [("2019-03-02", "2019-04-02-111(国)", "重症医学进展", "I类国家级", 5.0, "面授")]
