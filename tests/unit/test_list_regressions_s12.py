"""Session 12 regressions, lists (issue 14): one page per failure class, built from the words and boxes the
engine gave on session 11's held-out families (development since session 12; /tmp/sets/hw11 and hs11, captured
OcrResults), each failing before the change (at 13a00ad).

Classes: the list's year in a boxed field after its label (登记年度 | 2019); a column whose title joins two fields'
titles (类别/学分, 项目名称/编号, 项目名称及编号, 项目名称 / 主办单位, 项目名称（主办单位）) printing both values in one cell,
one after the other on a line or one line each (labels.yaml ``list_title_joiners``); such a title read as separate
words starting no column of its own; a record line with a month-day date and typed cells but no code or year placing
the columns as a dated row does; a line holding only the second value of such a column (the code under its title)
being that cell's next line, not a row; row numbers counted by the lines that print one."""

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


# wh (scan): the year in a boxed field beside its label (登记年度 | 2019); 类别/学分 one column printing the category
# and the credits in one cell (国家级·一类10.0); 项目名称/编号 the title over its code
BOXED_YEAR_MERGED_CREDITS_SIZE = (1653, 2339)
BOXED_YEAR_MERGED_CREDITS: list[Box] = [
    ('卫生技术人员继续医学教育学分登记表', 424, 107, 1233, 160), ('登记年度', 1186, 186, 1311, 230), ('2019', 1397, 186, 1476, 229),
    ('姓名：吴红身份证号：33030419731204226X单位：乐清市人民医院', 96, 258, 900, 295), ('序号', 106, 323, 171, 368),
    ('学习形式', 1397, 323, 1517, 368), ('日期', 235, 325, 299, 365), ('项目名称/编号', 603, 327, 790, 363),
    ('类别/学分', 1139, 327, 1262, 365), ('医学科研设计与论文写作', 362, 388, 659, 419), ('远程', 1362, 396, 1428, 439),
    ('02.22', 183, 398, 261, 436), ('国家级·一类10.0', 1055, 398, 1276, 435), ('1', 107, 404, 131, 431),
    ('2019-07-01-231(国)', 359, 420, 552, 452), ('小儿急诊医学新进展', 358, 469, 605, 506), ('远程', 1362, 482, 1428, 525),
    ('I类-自管15.0', 1055, 485, 1233, 521), ('04.29', 187, 486, 258, 521), ('2', 109, 488, 131, 518),
    ('2019-07-01-300(市)', 359, 506, 553, 538), ('25.0', 1050, 558, 1116, 598), ('年度学分合计', 164, 559, 333, 595),
    ('其中：国家级·一类10；丨类/省级0；I类-自管15', 96, 627, 720, 665), ('单位（盖章）：', 1020, 709, 1214, 751),
    ('单位继教专管员：', 97, 711, 313, 747),
]


def test_a_boxed_year_and_a_category_credits_column_give_every_field():
    # before: no year (only 2019年度 was a stated year), so no date from 02.22; no credits column (类别/学分 named the
    # category only), so the credits stayed in the category cell
    lst = _list(BOXED_YEAR_MERGED_CREDITS, BOXED_YEAR_MERGED_CREDITS_SIZE)
    assert lst.years == [2019]
    assert _rows(lst) == [
        ('2019-02-22', '2019-07-01-231(国)', '医学科研设计与论文写作', 'I类国家级', 10.0, '远程'),
        ('2019-04-29', '2019-07-01-300(市)', '小儿急诊医学新进展', 'II类', 15.0, '远程')]


# wh (digital text layer): 项目名称 / 编号 read as three words, each record's code on a line of its own under its title,
# dates as month and day only, the row numbers' column titled 序
SLASH_TITLES_APART_CODE_UNDER_TITLE_SIZE = (826, 1169)
SLASH_TITLES_APART_CODE_UNDER_TITLE: list[Box] = [
    ('继续医学教育个人学分登记', 272, 53, 555, 83), ('登记年度', 596, 96, 651, 113), ('2018', 698, 93, 738, 114),
    ('姓名', 50, 130, 76, 147), ('冯颖明', 84, 130, 124, 147), ('身份证号', 140, 130, 192, 147),
    ('330326197405254913', 200, 130, 343, 147), ('单位', 358, 130, 385, 147), ('永嘉县人民医院', 393, 130, 485, 147),
    ('序', 63, 165, 76, 181), ('举办日期', 106, 165, 158, 181), ('项目名称', 302, 165, 354, 181), ('/', 358, 165, 365, 181),
    ('编号', 369, 165, 396, 181), ('类别/学分', 570, 165, 630, 181), ('学习形式', 701, 165, 753, 181), ('1', 56, 200, 63, 217),
    ('10月29日', 94, 200, 152, 217), ('心血管疾病诊治新进展', 181, 193, 312, 210), ('省级·一类', 528, 200, 584, 217),
    ('10.0', 588, 200, 615, 217), ('面授', 683, 200, 710, 217), ('2018-04-03-808(省)', 181, 210, 281, 224),
    ('2', 56, 243, 63, 260), ('12月13日', 94, 243, 152, 260), ('临床合理用药培训', 181, 236, 286, 252),
    ('Ⅱ类学分', 528, 243, 581, 260), ('15.0', 585, 243, 612, 260), ('面授', 683, 243, 710, 260),
    ('2018-04-03-238(市)', 181, 253, 281, 267), ('年度学分合计', 83, 280, 167, 297), ('25.0', 528, 280, 557, 297),
    ('其中：Ⅰ类（国家级项目）', 50, 315, 208, 332), ('0；省级·一类', 212, 315, 289, 332), ('10；Ⅱ类学分', 293, 315, 375, 332),
    ('15', 379, 315, 395, 332), ('单位继教专管员：', 50, 356, 161, 374), ('单位（盖章）：', 512, 356, 610, 374),
]


def test_a_title_read_apart_from_its_slash_and_second_title_starts_no_column():
    # before: 编号 started a column inside the titles' cells and the columns were placed by the code lines alone
    # (no other line had a code or a full date): the row number ran into the date (110月29日), no row came out;
    # then the row numbers' untitled column 序 (1 and 2 on the record lines) was named the credits
    lst = _list(SLASH_TITLES_APART_CODE_UNDER_TITLE, SLASH_TITLES_APART_CODE_UNDER_TITLE_SIZE)
    assert lst.years == [2018]
    assert _rows(lst) == [
        ('2018-10-29', '2018-04-03-808(省)', '心血管疾病诊治新进展', 'I类省级', 10.0, '面授'),
        ('2018-12-13', '2018-04-03-238(市)', '临床合理用药培训', 'II类', 15.0, '面授')]


# wh (scan): 类别/学分 and 项目名称及编号 (titles joined by 及); the second record's credits wrapped under its
# category (省级继续医学教育I类 over 10.0), read into one visual row with it
WRAPPED_CREDITS_SIZE = (1653, 2339)
WRAPPED_CREDITS: list[Box] = [
    ('卫生技术人员继续医学教育学分登记表', 430, 106, 1229, 159), ('登记年度', 1188, 185, 1311, 230), ('2020', 1395, 185, 1482, 230),
    ('姓名：吴红身份证号：33030419731204226X单位：乐清市人民医院', 96, 258, 936, 295), ('日期', 235, 325, 299, 365),
    ('形式', 1421, 325, 1487, 368), ('序', 120, 327, 158, 368), ('类别/学分', 1140, 327, 1260, 365),
    ('项目名称及编号', 605, 331, 788, 362), ('新生儿危重症救治进展', 362, 388, 623, 419), ('远程', 1362, 396, 1426, 436),
    ('06-21', 183, 398, 261, 436), ('继续医学教育Ⅱ类15.0', 1050, 398, 1323, 435), ('1', 106, 404, 127, 431),
    ('2020-07-01-195(市)', 356, 415, 558, 455), ('省级继续医学教育I类', 1055, 469, 1321, 506), ('心肺复苏技能培训', 358, 473, 574, 509),
    ('远程', 1362, 485, 1426, 526), ('11-15', 187, 489, 256, 525), ('2', 107, 493, 129, 521),
    ('2020-07-01-467(省)', 356, 502, 558, 543), ('10.0', 1053, 506, 1113, 541), ('本年度合计', 191, 562, 336, 601),
    ('25.0', 1052, 562, 1120, 604), ('其中：国家I类学分0；省级继续医学教育I类10；继续医学教育Ⅱ类15', 97, 635, 946, 671),
    ('审核人：', 97, 717, 210, 755), ('单位（盖章）：', 1024, 717, 1217, 753),
]


def test_credits_wrapped_under_the_category_in_a_joined_column_are_the_credits():
    # before: the second record had no credits (10.0 read before the category, the cell's words left to right)
    lst = _list(WRAPPED_CREDITS, WRAPPED_CREDITS_SIZE)
    assert lst.years == [2020]
    assert _rows(lst) == [
        ('2020-06-21', '2020-07-01-195(市)', '新生儿危重症救治进展', 'II类', 15.0, '远程'),
        ('2020-11-15', '2020-07-01-467(省)', '心肺复苏技能培训', 'I类省级', 10.0, '远程')]


# sh (digital): 项目名称 / 主办单位 one column, the organizer on the cell's second line in smaller type; the date's 日
# wrapped; 国家（Ⅰ类 over ）
TITLE_OVER_ORGANIZER_SIZE = (826, 1169)
TITLE_OVER_ORGANIZER: list[Box] = [
    ('上海市继续医学教育《Ⅰ类学分验证表》', 213, 60, 613, 88), ('姓名', 93, 109, 119, 126), ('身份证号', 248, 109, 301, 126),
    ('工作单位', 504, 109, 557, 126), ('年度', 715, 109, 741, 126), ('冯斌', 53, 137, 81, 154),
    ('310105197704201831', 170, 137, 320, 154), ('复旦大学附属中山医院', 389, 137, 528, 154), ('2018', 682, 137, 716, 154),
    ('序号', 51, 189, 77, 205), ('编号', 146, 189, 172, 205), ('项目名称', 304, 189, 357, 205), ('/', 361, 189, 368, 205),
    ('主办单位', 372, 189, 425, 205), ('举办日期', 519, 189, 572, 205), ('级别', 630, 189, 656, 205),
    ('学分数', 691, 189, 731, 205), ('核验', 744, 189, 770, 205), ('1', 53, 227, 61, 244),
    ('2018-04-02-033(沪)', 87, 227, 207, 244), ('心血管疾病诊治新进展', 242, 220, 374, 236), ('2018年03月09', 499, 218, 588, 235),
    ('市级', 604, 227, 630, 244), ('6', 693, 227, 701, 244), ('√', 740, 227, 749, 244),
    ('上海市第六人民医院', 242, 237, 342, 251), ('日', 499, 236, 512, 252), ('2', 53, 272, 61, 289),
    ('2018-04-02-576(沪)', 87, 272, 207, 289), ('呼吸危重症诊治进展', 242, 265, 360, 282), ('2018年03月15', 499, 264, 588, 280),
    ('市级', 604, 272, 630, 289), ('4', 693, 272, 701, 289), ('√', 740, 272, 749, 289),
    ('上海市第一人民医院', 242, 282, 342, 296), ('日', 499, 281, 512, 298), ('3', 53, 318, 61, 334),
    ('2018-04-02-128(沪)', 87, 318, 207, 334), ('急诊胸痛中心建设与管理', 242, 311, 387, 327), ('2018年04月26', 499, 309, 588, 326),
    ('市级', 604, 318, 630, 334), ('8', 693, 318, 701, 334), ('√', 740, 318, 749, 334),
    ('上海市第六人民医院', 242, 328, 342, 342), ('日', 499, 326, 512, 343), ('4', 53, 363, 61, 380),
    ('2018-04-02-673(国)', 87, 363, 207, 380), ('心肺复苏技能培训', 242, 356, 347, 373), ('2018年11月28', 499, 355, 588, 371),
    ('国家（Ⅰ类', 604, 355, 670, 371), ('10', 693, 363, 709, 380), ('√', 740, 363, 749, 380),
    ('中国医师协会', 242, 373, 308, 387), ('日', 499, 372, 512, 388), ('）', 604, 372, 617, 388), ('共计4项', 47, 411, 97, 429),
    ('Ⅰ类学分28分', 106, 411, 192, 429), ('验证人：', 47, 450, 103, 468), ('验证单位（盖章）：', 455, 450, 580, 468),
    ('验证日期：', 610, 489, 679, 507), ('年', 704, 489, 718, 507), ('月', 735, 489, 749, 507), ('日', 765, 489, 779, 507),
]


def test_a_title_organizer_column_gives_the_title_without_the_organizer():
    # before: every title ran into its organizer (心血管疾病诊治新进展上海市第六人民医院)
    lst = _list(TITLE_OVER_ORGANIZER, TITLE_OVER_ORGANIZER_SIZE)
    assert lst.years == [2018]
    assert _rows(lst) == [
        ('2018-03-09', '2018-04-02-033(沪)', '心血管疾病诊治新进展', 'I类省级', 6.0, None),
        ('2018-03-15', '2018-04-02-576(沪)', '呼吸危重症诊治进展', 'I类省级', 4.0, None),
        ('2018-04-26', '2018-04-02-128(沪)', '急诊胸痛中心建设与管理', 'I类省级', 8.0, None),
        ('2018-11-28', '2018-04-02-673(国)', '心肺复苏技能培训', 'I类国家级', 10.0, None)]


# sh (scan): 项目名称（主办单位）: the organizer named in brackets after the title, its line read into the same
# visual row as the title's (中华医学会 left of 创伤骨科…)
TITLE_BRACKETED_ORGANIZER_SIZE = (1240, 1754)
TITLE_BRACKETED_ORGANIZER: list[Box] = [
    ('上海市I类继续医学教育学分验证表', 361, 90, 887, 130), ('工作单位', 750, 157, 840, 194), ('姓名', 136, 159, 184, 190),
    ('年度', 1068, 160, 1118, 192), ('身份证号', 370, 162, 454, 190), ('潘燕峰', 76, 203, 147, 233),
    ('复旦大学附属中山医院', 583, 203, 797, 230), ('2018', 1020, 203, 1077, 233), ('310112197302263080', 253, 204, 475, 232),
    ('验证', 1108, 276, 1162, 312), ('序号', 72, 278, 120, 311), ('编号', 213, 278, 263, 311),
    ('学分数', 1032, 278, 1104, 312), ('日期', 797, 280, 846, 311), ('级别', 940, 280, 991, 311),
    ('项目名称（主办单位）', 444, 281, 635, 308), ('国家级1类', 904, 323, 1012, 356), ('创伤骨科新技术研讨班', 363, 328, 567, 355),
    ('已验', 1109, 337, 1157, 370), ('10', 1035, 338, 1068, 367), ('2018-01-11', 745, 340, 858, 367),
    ('2018-05-01-200（国）', 129, 341, 311, 365), ('1', 76, 343, 94, 365), ('学分', 902, 348, 951, 381),
    ('中华医学会', 361, 352, 454, 380), ('医院感染预防与控制', 361, 392, 547, 424), ('已验', 1107, 402, 1158, 438),
    ('市一级', 901, 403, 973, 437), ('2018-05-01-836(沪)', 127, 406, 313, 433), ('2018-09-23', 746, 406, 858, 433),
    ('5', 1035, 406, 1056, 437), ('2', 78, 408, 94, 432), ('上海市第一人民医院', 364, 419, 519, 443),
    ('加速康复外科临床实践', 361, 458, 567, 485), ('市一级', 899, 464, 973, 502), ('已验', 1107, 465, 1158, 502),
    ('2018-05-01-456(沪）', 127, 470, 313, 497), ('2018-10-23', 746, 470, 858, 497), ('9', 1035, 470, 1056, 499),
    ('3', 76, 473, 94, 495), ('上海市第一人民医院', 361, 482, 522, 510), ('共计3项1类学分24分', 68, 539, 288, 570),
    ('验证人：', 66, 595, 149, 628), ('验证单位（盖章）：', 681, 599, 864, 626), ('验证日期：年月日', 931, 655, 1174, 687),
]


def test_a_bracketed_second_title_is_a_column_of_two_fields_too():
    # before: （主办单位） started an organizer column inside the titles' cells; titles held the organizer before or after
    lst = _list(TITLE_BRACKETED_ORGANIZER, TITLE_BRACKETED_ORGANIZER_SIZE)
    assert lst.years == [2018]
    assert _rows(lst) == [
        ('2018-01-11', '2018-05-01-200(国)', '创伤骨科新技术研讨班', 'I类国家级', 10.0, None),
        ('2018-09-23', '2018-05-01-836(沪)', '医院感染预防与控制', 'I类省级', 5.0, None),
        ('2018-10-23', '2018-05-01-456(沪)', '加速康复外科临床实践', 'I类省级', 9.0, None)]
