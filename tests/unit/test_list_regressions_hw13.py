"""Lists (issue 14) on session 13's held-out block list, development since session 15 (list_block_records of
samples/families/stacks.py; pages of the set hw13 made from e6158de, the words and boxes the engine gave after the
list re-read, or the page's text layer). Each record is a block of three lines with no column header: a head line
``1、title`` (no label), a line ``编号:code  category  分值:credits`` whose cells the engine often joins into one, and
``举办日期:6月25日  学习形式:面授``, the year printed only in the header sentence ``…同志（2018年度）继续医学教育学分如下：``.
At 7a09ef3 (the session's start) no row of this family was read whole (0/192 on hw13): the line-by-line reading kept
only the code line's code, category and credits, the block reading lost the title, the month-and-day dates and the
values glued into the code's cell. Classes: the head line's title; labels glued into the previous value (分值:15
after II类, 形式面授 after a date, 二类学分分值15 after a stop label's 单位); the category printed after the code;
month-and-day dates of the header's one year; 丶 read for 、."""

from __future__ import annotations

from tests.unit.captured_pages import Box, list_of as _list, rows_of as _rows

# rapidocr, grey scan 300 dpi: colons, every cell of the code line joined (…(市）II类分值:15), dates 6月25日
COLONS_SIZE = (1653, 2339)
COLONS: list[Box] = [
    ('个人继续医学教育学分明细', 548, 120, 1108, 170), ('梁洋玲同志（2018年度）继续医学教育学分如下：', 127, 230, 795, 266),
    ('身份证号：330302197810233728单位：永嘉县人民医院', 129, 286, 790, 323), ('1、产科危急重症救治', 126, 369, 420, 406),
    ('编号：2018-06-01-432(市）II类分值:15', 175, 416, 721, 453), ('举办日期:6月25日学习形式：远程', 174, 459, 633, 502),
    ('2、高危妊娠管理新进展', 126, 531, 456, 566), ('编号：2018-06-01-392(省）一类·省级分值:10', 177, 579, 795, 615),
    ('举办日期：12月1日学习形式：面授', 177, 621, 626, 658), ('共计25分', 1397, 704, 1530, 747),
]

# text layer: no separators at all (项目编号2019-…省级I类分值10, 举办日期5月5日形式面授)
NO_COLONS_SIZE = (826, 1169)
NO_COLONS: list[Box] = [
    ('个人继续医学教育学分明细', 272, 59, 555, 89), ('徐磊琳同志（2019年度）继续医学教育学分如下：', 64, 114, 406, 134),
    ('身份证号330302198903051688单位永嘉县人民医院', 64, 144, 409, 161), ('1、急诊胸痛中心建设与管理', 64, 184, 256, 203),
    ('项目编号2019-04-01-341(省)省级I类分值10', 89, 209, 426, 227), ('举办日期5月5日形式面授', 89, 231, 287, 250),
    ('2、心血管疾病诊治新进展', 64, 264, 241, 284), ('项目编号2019-04-01-149(市)Ⅱ类（院内）分值15', 89, 289, 466, 308),
    ('举办日期10月5日形式远程', 89, 312, 296, 330), ('共计25分', 698, 353, 762, 372),
]

# text layer: 单位 after the code's suffix is taken for a stop label, the credits glued after it (单位二类学分分值15);
# dates 01.11
STOP_LABEL_SIZE = (826, 1169)
STOP_LABEL: list[Box] = [
    ('继续医学教育学分汇总', 295, 59, 531, 89), ('以下为赵桂（2019年度）已登记的继续医学教育学分：', 64, 114, 437, 134),
    ('身份证号33032919711101004X单位温州医科大学附属第一医院', 64, 144, 474, 161), ('1、医疗纠纷防范与处理', 64, 184, 226, 203),
    ('项目编号2019-05-04-082(国)国家级I类分值10', 89, 209, 441, 227), ('举办日期01.11形式面授', 89, 231, 280, 250),
    ('2、心肺复苏技能培训', 64, 264, 211, 284), ('项目编号2019-05-04-200(市)单位二类学分分值15', 89, 289, 466, 308),
    ('举办日期07.25形式面授', 89, 312, 280, 330), ('共计25分', 698, 353, 762, 372),
]

# rapidocr, colour scan: the second head's 、 read as 丶
DOT_HEAD_SIZE = (1653, 2339)
DOT_HEAD: list[Box] = [
    ('继续医学教育学分汇总', 587, 120, 1057, 170), ('郭超娜同志（2018年度）继续医学教育学分如下：', 122, 226, 803, 270),
    ('身份证号：330304196906151979单位：平阳县中医院', 123, 286, 755, 325), ('1、医院感染预防与控制', 122, 371, 452, 408),
    ('项目编号:2018-04-02-144(省）省级继续医学教育丨类分值:10', 174, 416, 1010, 455), ('举办日期:06.10形式：面授', 175, 464, 537, 501),
    ('2丶消化内镜诊疗技术进展', 123, 532, 481, 568), ('项目编号:2018-04-02-905(市）本单位II类分值:15', 174, 575, 865, 619),
    ('举办日期：10.20形式：远程', 175, 625, 539, 661), ('共计25分', 1397, 704, 1527, 747),
]


def test_head_line_titles_glued_credits_and_month_day_dates():
    lst = _list(COLONS, COLONS_SIZE)
    assert lst.years == [2018]
    assert _rows(lst) == [
        ("2018-06-25", "2018-06-01-432(市)", "产科危急重症救治", "II类", 15.0, "远程"),
        ("2018-12-01", "2018-06-01-392(省)", "高危妊娠管理新进展", "I类省级", 10.0, "面授"),
    ]
    assert [r.seq for r in lst.rows] == [1, 2]


def test_labels_glued_without_separators():
    assert _rows(_list(NO_COLONS, NO_COLONS_SIZE)) == [
        ("2019-05-05", "2019-04-01-341(省)", "急诊胸痛中心建设与管理", "I类省级", 10.0, "面授"),
        ("2019-10-05", "2019-04-01-149(市)", "心血管疾病诊治新进展", "II类", 15.0, "远程"),
    ]


def test_credits_glued_after_a_stop_label():
    assert _rows(_list(STOP_LABEL, STOP_LABEL_SIZE)) == [
        ("2019-01-11", "2019-05-04-082(国)", "医疗纠纷防范与处理", "I类国家级", 10.0, "面授"),
        ("2019-07-25", "2019-05-04-200(市)", "心肺复苏技能培训", "II类", 15.0, "面授"),
    ]


def test_head_number_read_with_a_dot_mark():
    assert _rows(_list(DOT_HEAD, DOT_HEAD_SIZE)) == [
        ("2018-06-10", "2018-04-02-144(省)", "医院感染预防与控制", "I类省级", 10.0, "面授"),
        ("2018-10-20", "2018-04-02-905(市)", "消化内镜诊疗技术进展", "II类", 15.0, "远程"),
    ]


def test_month_day_dates_need_the_pages_one_stated_year():
    # the same page with no year in its header sentence: its month-and-day dates name no year, so they stay null
    page = [(t.replace("（2018年度）", ""), *box) for t, *box in COLONS]
    rows = _rows(_list(page, COLONS_SIZE))
    assert [r[0] for r in rows] == [None, None]
    assert [r[1:] for r in rows] == [
        ("2018-06-01-432(市)", "产科危急重症救治", "II类", 15.0, "远程"),
        ("2018-06-01-392(省)", "高危妊娠管理新进展", "I类省级", 10.0, "面授"),
    ]


# A development table found on a fresh development set (dev2: seed 15402, shanghai-2018, generated at 7a09ef3;
# sh_verify_merged, colour scan, rapidocr): a header of merged cells, 学分 printed over 项目级别 and 分值 (项目 over
# 编号 and 名称). The group's 学分 was taken for the credits column's title, so the credits under 分值 went to a
# column of no field, and the header read as two tiers of one title and the rest: no row was read (0/3 at 2f8f77f).
MERGED_HEADER_SIZE = (1754, 1240)
MERGED_HEADER: list[Box] = [
    ('I类学分验证表', 759, 53, 1002, 94), ('2018年度', 821, 113, 936, 143), ('姓名：郭丹', 60, 170, 162, 198),
    ('身份证号：310107197108078956', 186, 173, 497, 197), ('工作单位：上海市浦东新区人民医院', 522, 173, 854, 197),
    ('学分', 1533, 221, 1576, 249), ('项目', 644, 223, 687, 250), ('序号', 70, 241, 118, 271), ('举办日期', 159, 241, 243, 270),
    ('举办单位', 1196, 241, 1280, 270), ('编号', 377, 257, 423, 289), ('分值', 1616, 257, 1664, 289),
    ('项目级别', 1459, 259, 1544, 288), ('名称', 771, 260, 817, 289), ('2018-06-01-711(国）', 275, 297, 448, 328),
    ('北京协和医院', 1061, 299, 1181, 327), ('国一类', 1468, 299, 1535, 328), ('10', 1588, 299, 1618, 328),
    ('01.05', 130, 300, 184, 327), ('宫颈病变筛查与管理', 533, 302, 707, 325), ('2018-06-01-059(沪)', 275, 339, 448, 370),
    ('妇科肿瘤规范化诊疗', 532, 342, 707, 370), ('7', 1587, 342, 1609, 370), ('05.17', 130, 343, 184, 370),
    ('复旦大学附属华山医院', 1062, 343, 1255, 367), ('2', 66, 345, 84, 368), ('市（I类）', 1450, 361, 1547, 390),
    ('2018-06-01-125(沪)', 275, 380, 448, 411), ('06.25', 127, 382, 185, 411), ('医疗纠纷防范与处理', 533, 383, 707, 407),
    ('上海市第六人民医院', 1063, 385, 1236, 408), ('6', 1590, 385, 1607, 408), ('3', 66, 386, 84, 410),
    ('验证单位（盖章）：', 962, 434, 1148, 467), ('合计：23学分', 62, 437, 188, 466), ('验证时间：', 1457, 491, 1554, 519),
    ('月', 1605, 491, 1654, 518), ('年', 1583, 493, 1616, 518), ('日', 1643, 493, 1692, 518),
]


def test_a_group_title_over_two_columns_is_no_columns_title():
    assert _rows(_list(MERGED_HEADER, MERGED_HEADER_SIZE)) == [
        ("2018-01-05", "2018-06-01-711(国)", "宫颈病变筛查与管理", "I类国家级", 10.0, None),
        ("2018-05-17", "2018-06-01-059(沪)", "妇科肿瘤规范化诊疗", "I类省级", 7.0, None),
        ("2018-06-25", "2018-06-01-125(沪)", "医疗纠纷防范与处理", "I类省级", 6.0, None),
    ]
