"""Session 13 regressions, lists (issue 14): one page per failure class, built from the words and boxes the
engine gave on session 11's list_merged_credit pages (development since session 12; /tmp/sets/hw11, captured
OcrResults of the page pass), each failing before the change (at f829a07).

Classes: the holder's line (姓名吴红) close above the header joined to the 序号 title under it as a two-line title,
which split the header into two tiers and gave no row; a typed value read glued after a two-field column's cell
(类别/学分's ``15.0面授`` over the 学习形式 column) leaving the credits unsplit; a line printing only the second
values of two-field columns (the code under its title and the credits under their category) taken for a row of
its own; a code's misread tail after the code in a two-field cell (``2021-07-01-784: -5)``) left in the title."""

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


# hw11 乐清市人民医院/吴红/scan.pdf p8 (colour scan): 姓名吴红 a word's height above 序号, left-aligned with it
HOLDER_ABOVE_HEADER_SIZE = (1653, 2339)
HOLDER_ABOVE_HEADER: list[Box] = [
    ('继续医学教育学分登记表', 565, 106, 1091, 160), ('登记年度', 1188, 185, 1310, 230), ('2021', 1398, 186, 1472, 226),
    ('姓名吴红', 96, 256, 239, 295), ('单位乐清市人民医院', 713, 258, 985, 295), ('身份证号33030419731204226X', 282, 259, 664, 290),
    ('序号', 107, 325, 174, 368), ('举办日期', 209, 325, 325, 363), ('形式', 1423, 325, 1489, 365),
    ('项目名称及编号', 601, 327, 794, 363), ('学分类别及学分', 1105, 327, 1295, 363), ('小儿急诊医学新进展', 362, 388, 603, 419),
    ('面授', 1362, 396, 1428, 439), ('03-12', 183, 398, 264, 436), ('院级Ⅱ类15.0', 1053, 398, 1236, 435),
    ('1', 109, 406, 126, 428), ('2021-07-01-084(市)', 359, 422, 561, 452), ('心肺复苏技能培训', 359, 469, 579, 506),
    ('面授', 1362, 482, 1428, 525), ('I类 (国家)', 1057, 485, 1207, 521), ('06-07', 184, 486, 262, 519),
    ('10.0', 1223, 488, 1286, 515), ('2', 109, 492, 131, 515), ('2021-07-01-993(国)', 359, 506, 559, 535),
    ('年度学分合计', 164, 559, 333, 595), ('25.0', 1052, 561, 1118, 594),
    ('其中：I类（国家）10；浙江省级I类0；院级Ⅱ类15', 97, 627, 772, 665), ('单位（盖章）：', 1020, 709, 1208, 751),
    ('审核人：', 97, 711, 200, 750),
]


def test_the_holders_line_above_the_header_is_no_first_line_of_a_title():
    # before: 姓名吴红 + 序号 read as one two-line title (序号 ends it): the header became two tiers (序号 above,
    # the rest below) and no row came out
    lst = _list(HOLDER_ABOVE_HEADER, HOLDER_ABOVE_HEADER_SIZE)
    assert lst.years == [2021]
    assert _rows(lst) == [
        ('2021-03-12', '2021-07-01-084(市)', '小儿急诊医学新进展', 'II类', 15.0, '面授'),
        ('2021-06-07', '2021-07-01-993(国)', '心肺复苏技能培训', 'I类国家级', 10.0, '面授')]


# hw11 瑞安市人民医院/何平/7.pdf (colour scan): 继续医学教育ⅡI类15.0面授 one word over 类别/学分 and 学习形式; the second
# record's 面授 starts left of its column's title, inside the category column's reach
GLUED_MODE_AFTER_CREDITS_SIZE = (1653, 2339)
GLUED_MODE_AFTER_CREDITS: list[Box] = [
    ('卫生技术人员继续医学教育学分登记表', 426, 104, 1234, 160), ('登记年度', 1188, 185, 1311, 230), ('2021', 1398, 186, 1472, 226),
    ('姓名何平', 96, 256, 239, 295), ('身份证号330381198305062024', 282, 258, 666, 295), ('单位瑞安市人民医院', 713, 258, 985, 295),
    ('序号', 101, 317, 175, 371), ('日期', 235, 325, 299, 365), ('项目名称及编号', 601, 327, 794, 363),
    ('类别/学分', 1139, 327, 1263, 365), ('学习形式', 1398, 327, 1514, 365), ('医疗纠纷防范与处理', 362, 388, 603, 419),
    ('7月4日', 184, 396, 274, 436), ('继续医学教育ⅡI类15.0面授', 1052, 396, 1428, 439), ('1', 110, 406, 126, 428),
    ('2021-11-01-448(市)', 359, 420, 561, 452), ('国家级I类继教项目', 1053, 469, 1298, 506), ('临床检验质量管理', 359, 473, 579, 509),
    ('面授', 1363, 485, 1428, 526), ('7月19日', 184, 486, 284, 525), ('2', 109, 493, 131, 518),
    ('10.0', 1053, 506, 1116, 539), ('2021-11-01-773(国)', 359, 508, 559, 539), ('年度学分合计', 164, 565, 336, 601),
    ('25.0', 1052, 566, 1120, 601), ('其中：国家级I类继教项目10；省级一类0；继续医学教育ⅡI类15', 100, 634, 906, 671),
    ('单位（盖章）：', 1023, 714, 1207, 757), ('单位继教专管员：', 100, 717, 308, 753),
]


def test_a_mode_glued_after_a_category_credits_cell_leaves_the_credits_to_split():
    # before: the joined column's text ended with 面授, so no number ended it: the credits stayed null
    lst = _list(GLUED_MODE_AFTER_CREDITS, GLUED_MODE_AFTER_CREDITS_SIZE)
    assert _rows(lst) == [
        ('2021-07-04', '2021-11-01-448(市)', '医疗纠纷防范与处理', 'II类', 15.0, '面授'),
        ('2021-07-19', '2021-11-01-773(国)', '临床检验质量管理', 'I类国家级', 10.0, '面授')]


# hw11 苍南县人民医院/曹辉/8.pdf (text layer, boxes to 0.1 pt-px as given): the first record's code and its credits
# (10.0) on one line under the title and the category
SECOND_VALUES_LINE_SIZE = (826, 1169)
SECOND_VALUES_LINE: list[Box] = [
    ('卫生技术人员继续医学教育学分登记表', 212.5, 53.3, 613.9, 83.0), ('2021', 698.1, 93.3, 738.0, 114.3),
    ('年度', 623.6, 96.0, 651.4, 113.5), ('姓名:', 50.0, 130.0, 80.3, 146.6), ('曹辉', 84.3, 130.0, 110.7, 146.6),
    ('身份证号:', 126.4, 130.0, 183.2, 146.6), ('330381199012166764', 187.1, 130.0, 329.4, 146.6),
    ('单位:', 345.2, 130.0, 375.5, 146.6), ('苍南县人民医院', 379.4, 130.0, 471.8, 146.6), ('序号', 56.2, 164.7, 82.6, 181.3),
    ('日期', 118.8, 164.7, 145.1, 181.3), ('项目名称', 301.6, 164.7, 354.4, 181.3), ('/', 358.4, 164.7, 365.2, 181.3),
    ('编号', 369.2, 164.7, 395.5, 181.3), ('类别/学分', 570.2, 164.7, 629.8, 181.3), ('形式', 713.9, 164.7, 740.3, 181.3),
    ('省级继续医学教育Ⅰ类', 527.8, 193.2, 659.7, 209.8), ('心血管疾病诊治新进展', 180.6, 194.5, 312.5, 211.1),
    ('1', 55.6, 201.8, 63.5, 218.4), ('08-06', 94.4, 201.8, 130.0, 218.4), ('面授', 683.3, 201.8, 709.7, 218.4),
    ('10.0', 527.8, 210.3, 555.4, 226.9), ('2021-04-03-958(省)', 180.6, 211.6, 281.5, 225.6),
    ('心力衰竭规范化管理', 180.6, 238.6, 299.3, 255.2), ('2', 55.6, 245.8, 63.5, 262.4), ('10-20', 94.4, 245.8, 130.0, 262.4),
    ('Ⅱ类学分', 527.8, 245.8, 580.6, 262.4), ('15.0', 584.5, 245.8, 612.2, 262.4), ('面授', 683.3, 245.8, 709.7, 262.4),
    ('2021-04-03-207(市)', 180.6, 255.7, 281.5, 269.7), ('年度学分合计', 83.3, 282.7, 166.7, 300.2),
    ('25.0', 527.8, 282.7, 556.9, 300.2), ('其中：国家级·一类', 50.0, 318.1, 158.7, 334.7),
    ('0；省级继续医学教育Ⅰ类', 162.7, 318.1, 315.7, 334.7), ('10；Ⅱ类学分', 319.6, 318.1, 401.4, 334.7),
    ('15', 405.4, 318.1, 421.2, 334.7), ('审核人：', 50.0, 359.1, 105.6, 376.6), ('单位（盖章）：', 512.4, 359.1, 609.6, 376.6),
]


def test_a_line_of_second_values_only_continues_its_record():
    # before: the line 2021-04-03-958(省) / 10.0 was a row of its own (code and credits, no date), the record above
    # it had neither
    lst = _list(SECOND_VALUES_LINE, SECOND_VALUES_LINE_SIZE)
    assert lst.years == [2021]
    assert _rows(lst) == [
        ('2021-08-06', '2021-04-03-958(省)', '心血管疾病诊治新进展', 'I类省级', 10.0, '面授'),
        ('2021-10-20', '2021-04-03-207(市)', '心力衰竭规范化管理', 'II类', 15.0, '面授')]


# hw11 温州市中西医结合医院/叶雪华/7.pdf (bw scan): the first record's code read 2021-07-01-784: -5) under its title
CODE_TAIL_SIZE = (1653, 2339)
CODE_TAIL: list[Box] = [
    ('继续医学教育学分登记表', 564.7, 106.1, 1087.1, 160.3), ('登记年度', 1185.7, 185.1, 1307.8, 229.9),
    ('2021', 1397.1, 186.3, 1475.7, 228.7),
    ('姓名：叶雪华身份证号：330324196806270706单位：温州市中西医结合医院', 96.3, 258.2, 1023.7, 294.7), ('日期', 234.8, 325.4, 297.0, 367.8),
    ('类别/学分', 1137.6, 325.4, 1260.9, 369.0), ('形式', 1420.5, 325.4, 1487.5, 367.8), ('序', 119.7, 326.6, 158.5, 367.8),
    ('项目名称/编号', 607.0, 331.3, 785.4, 361.9), ('医疗核心制度解读', 359.2, 385.5, 571.7, 422.1),
    ('8月27日', 184.3, 398.5, 286.5, 436.2), ('Ⅱ类学分（单位）15.0', 1056.6, 398.5, 1324.3, 435.0),
    ('面授', 1361.8, 398.5, 1426.4, 438.6), ('1', 103.3, 399.7, 131.5, 436.2),
    ('2021-07-01-784: -5)', 359.2, 419.7, 553.0, 451.5), ('儿童哮喘规范化管理', 359.2, 472.8, 597.6, 504.6),
    ('远程', 1361.8, 482.2, 1426.4, 524.6), ('12月10日', 186.7, 484.5, 299.4, 522.3), ('2', 105.7, 488.1, 129.1, 518.7),
    ('国家1类学分10.0', 1055.4, 488.1, 1271.4, 518.7), ('2021-07-01-893', 358.1, 505.8, 548.3, 537.6),
    ('25.0', 1049.6, 557.6, 1116.5, 597.7), ('年度学分合计', 164.4, 558.8, 332.2, 595.4),
    ('其中：国家1类学分10；1类/省级0；Ⅱ类学分（单位）15', 99.8, 631.9, 798.3, 663.7), ('单位（盖章）：', 1022.6, 708.5, 1213.9, 751.0),
    ('单位继教专管员：', 97.4, 712.1, 313.5, 749.8),
]


def test_a_codes_misread_tail_is_no_part_of_the_title():
    # before: the title 医疗核心制度解读:-5)
    lst = _list(CODE_TAIL, CODE_TAIL_SIZE)
    assert [r.project_title for r in lst.rows] == ['医疗核心制度解读', '儿童哮喘规范化管理']
    assert [r.credits for r in lst.rows] == [15.0, 10.0]
