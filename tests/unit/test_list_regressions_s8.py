"""Session 8 regressions, lists and page kind (issue 14): one page per failure class, built from the
words and boxes the engine gave on the session-7 families (now development; captured OcrResults of
the hw7 / hs7 sets and the development lists), each failing before the change.

Classes: column titles printed on two lines over cells whose values are left-aligned under centred
titles; a narrow value under a narrow centred title; a word holding two titles (序号项目名称) and a
date wrapped in its cell (``2018年01月23`` over ``日``); 小计 / 合计 rows never rows; a title wrapped
over two lines joined in its column; a code the engine glued to the date beside it; a certificate
printed as labels beside one value column titled 学分登记表 (not a list); a list page read badly but
for its year-list title (not a certificate)."""

from __future__ import annotations

from pipeline.classify import classify
from pipeline.extract.annual_list import extract_annual_list
from pipeline.models import Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def _result(words: list[Box]) -> OcrResult:
    """One line per word, as RapidOCR gives them."""
    lines = [Line(text=t, conf=0.9, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.9, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return OcrResult(engine="fake", engine_version="0", width=1653, height=2339, lines=lines)


def _rows(words: list[Box]) -> list[tuple]:
    lst = extract_annual_list(_result(words))
    return [(r.date, r.project_code, r.project_title, r.category, r.credits, r.mode) for r in lst.rows]


# list_subtotal_wrapped, a scan (hw7 平阳县中医院/宋勇静 p14): 学分/类别, 课程/名称 ... on two lines, centred
# over cells whose values start at the cell's left edge (far left of the title), 小计 rows and 合计.
SUBTOTAL_SCAN: list[Box] = [
    ('2022年度继续医学教育学分汇总表（个人）', 416, 97, 1210, 150), ('姓名', 88, 193, 151, 238), ('身份证号', 777, 193, 891, 238),
    ('宋勇静', 306, 196, 398, 236), ('330302198005118174', 1000, 200, 1253, 230), ('工作单位', 93, 252, 203, 290),
    ('平阳县中医院', 310, 252, 474, 290), ('学分', 230, 332, 291, 375), ('课程', 561, 332, 626, 375),
    ('授课', 1479, 332, 1544, 373), ('项目', 959, 335, 1020, 373), ('学习', 1220, 335, 1281, 373),
    ('序号', 93, 347, 155, 391), ('学分', 1365, 347, 1430, 391), ('类别', 230, 363, 294, 406),
    ('日期', 1220, 363, 1282, 406), ('名称', 562, 365, 626, 408), ('编码', 959, 368, 1020, 406),
    ('方式', 1482, 368, 1543, 406), ('二类', 168, 416, 229, 461), ('医疗核心制度解读', 364, 420, 562, 457),
    ('2022年2月4日', 1155, 420, 1314, 457), ('远程', 1456, 420, 1517, 459), ('15', 1350, 422, 1385, 455),
    ('2022-04-01-569(市)', 832, 424, 1040, 455), ('1', 87, 426, 113, 453), ('类省级', 170, 475, 258, 514),
    ('炎症性肠病诊治规范', 365, 477, 585, 508), ('2022-04-01-413(省)', 832, 477, 1043, 514),
    ('2022年7月19日', 1155, 477, 1324, 514), ('面授', 1456, 477, 1513, 514), ('10', 1350, 479, 1385, 512),
    ('2', 87, 481, 110, 512), ('类省级小计', 1193, 529, 1332, 572), ('10', 1349, 535, 1385, 568),
    ('二类小计', 1227, 591, 1330, 624), ('15', 1347, 592, 1384, 624), ('合计', 1275, 641, 1340, 681),
    ('25', 1343, 647, 1384, 678), ('经办：平阳县中医院继续教育办公室', 80, 720, 487, 758),
    ('打印日期：2023-08-25', 1315, 722, 1573, 758), ('第1页', 785, 2246, 869, 2285),
]
SUBTOTAL_ROWS = [("2022-02-04", "2022-04-01-569(市)", "医疗核心制度解读", "II类", 15.0, "远程"),
                 ("2022-07-19", "2022-04-01-413(省)", "炎症性肠病诊治规范", "I类省级", 10.0, "面授")]


def test_two_line_titles_centred_over_left_aligned_cells_give_every_column():
    # before: the header was not found whole (项目/编码 ... split), values fell into their left neighbours: no rows
    lst = extract_annual_list(_result(SUBTOTAL_SCAN))
    assert lst.years == [2022]
    assert _rows(SUBTOTAL_SCAN) == SUBTOTAL_ROWS


def test_a_title_wrapped_over_two_lines_is_joined_in_its_column():
    # the cell's text is centred vertically: its first line lies above the row's values, its second
    # below them, and the row below moves down by the extra line
    words: list[Box] = []
    for t, x0, y0, x1, y1 in SUBTOTAL_SCAN:
        if t == '医疗核心制度解读':
            words += [('医疗核心', 364, 398, 464, 430), ('制度解读', 364, 447, 464, 479)]
            continue
        shift = 30 if y0 >= 470 and y0 < 2000 else 0
        words.append((t, x0, y0 + shift, x1, y1 + shift))
    assert _rows(words) == SUBTOTAL_ROWS


# the same family from a text layer (hw7 永嘉县人民医院/冯蕾慧 p1): 授课/方式 is a narrow column whose
# value 面授 nearly fills it, so a blank lies inside its title: no column starts there.
SUBTOTAL_TEXT: list[Box] = [
    ('个人继续医学教育学分明细（2019年度）', 222, 50, 605, 76), ('姓名', 47, 100, 74, 116), ('冯蕾慧', 156, 100, 196, 116),
    ('身份证号', 391, 100, 443, 116), ('330305197806146014', 500, 100, 642, 116), ('工作单位', 47, 127, 100, 144),
    ('永嘉县人民医院', 156, 127, 249, 144), ('序号', 49, 177, 74, 192), ('项目', 151, 169, 176, 185),
    ('编码', 151, 184, 176, 200), ('项目', 349, 169, 374, 185), ('名称', 349, 184, 374, 200),
    ('授课', 496, 169, 521, 185), ('方式', 496, 184, 521, 200), ('学分', 574, 169, 599, 185),
    ('类型', 574, 184, 599, 200), ('学分数', 643, 177, 680, 192), ('开始', 724, 169, 749, 185),
    ('日期', 724, 184, 749, 200), ('1', 46, 212, 53, 227), ('2019-04-01-748(国)', 86, 212, 194, 227),
    ('消化内镜诊疗技术进展', 249, 212, 367, 227), ('面授', 483, 212, 507, 227), ('国家级一类', 542, 212, 601, 227),
    ('10', 639, 212, 653, 227), ('2019-04-14', 692, 212, 756, 227), ('2', 46, 240, 53, 254),
    ('2019-04-01-577(市)', 86, 240, 194, 254), ('临床合理用药培训', 249, 240, 343, 254), ('面授', 483, 240, 507, 254),
    ('二类学分', 542, 240, 589, 254), ('15', 639, 240, 653, 254), ('2019-06-28', 692, 240, 756, 254),
    ('国家级一类小计', 539, 268, 627, 283), ('10', 639, 268, 654, 283), ('二类学分小计', 552, 295, 627, 311),
    ('15', 639, 295, 654, 311), ('合计', 602, 323, 627, 339), ('25', 639, 323, 654, 339),
    ('审核单位：永嘉县人民医院', 42, 362, 192, 378), ('打印日期', 660, 362, 710, 378), ('2023-08-25', 717, 362, 785, 378),
]


def test_a_narrow_value_under_a_narrow_centred_title_keeps_its_column():
    assert _rows(SUBTOTAL_TEXT) == [
        ("2019-04-14", "2019-04-01-748(国)", "消化内镜诊疗技术进展", "I类国家级", 10.0, "面授"),
        ("2019-06-28", "2019-04-01-577(市)", "临床合理用药培训", "II类", 15.0, "面授")]


def test_sum_rows_are_never_rows_nor_part_of_one():
    # the sums' numbers not read, the sum labels printed left-aligned across the first columns and
    # tight under the last row: a 小计 label alone in the last row's title column would be taken as
    # that title's wrapped second line (临床合理用药培训国家级一类小计)
    words = [(t, 249, y0 - 10, 249 + x1 - x0, y1 - 10) if "小计" in t else (t, x0, y0, x1, y1)
             for t, x0, y0, x1, y1 in SUBTOTAL_TEXT if not (t in ("10", "15") and y0 > 260)]
    assert _rows(words) == [
        ("2019-04-14", "2019-04-01-748(国)", "消化内镜诊疗技术进展", "I类国家级", 10.0, "面授"),
        ("2019-06-28", "2019-04-01-577(市)", "临床合理用药培训", "II类", 15.0, "面授")]


# sh_verify_reordered (hs7 上海市第六人民医院/夏欣建 p1): 序号 and 项目名称 read as one word; dates wrapped
# in their cells (2018年01月23 / 日), the first line above the row's values.
SH_REORDERED: list[Box] = [
    ('1类学分验证登记表', 640, 99, 1027, 149), ('(2018年度)', 745, 163, 911, 206),
    ('姓名：夏欣建身份证号：310109198612159031', 962, 230, 1576, 275), ('单位：上海市第六人民医院', 83, 232, 424, 270),
    ('序号项目名称', 87, 303, 268, 345), ('学分数', 946, 305, 1033, 345), ('项目编号', 535, 307, 639, 340),
    ('项目级别', 803, 307, 910, 345), ('主办机构', 1066, 307, 1172, 345), ('举办日期', 1384, 307, 1491, 345),
    ('2018年01月23', 1384, 362, 1544, 393), ('传染病防治知识培训', 157, 371, 385, 413), ('国家级', 801, 373, 888, 413),
    ('10', 946, 375, 987, 413), ('复旦大学附属华山医院', 1068, 375, 1314, 411), ('2018-10-02-893(国)', 539, 376, 755, 408),
    ('1', 90, 378, 110, 406), ('日', 1384, 393, 1417, 426), ('2018年02月25', 1385, 441, 1546, 472),
    ('医疗核心制度解读', 158, 452, 359, 488), ('市I类', 801, 452, 888, 492), ('上海市护理学会', 1068, 452, 1242, 488),
    ('2', 90, 455, 113, 485), ('2018-10-02-510(沪)', 539, 455, 753, 486), ('4', 950, 455, 974, 486),
    ('日', 1384, 469, 1417, 505), ('2018年04月08', 1379, 512, 1550, 552), ('市I类', 799, 526, 886, 569),
    ('2018-10-02-855(沪)', 537, 529, 756, 566), ('上海市医学会', 1068, 531, 1217, 568),
    ('医院感染预防与控制', 161, 532, 380, 562), ('3', 90, 534, 113, 561), ('5', 949, 534, 972, 565),
    ('日', 1385, 548, 1417, 582), ('2018年07月10', 1382, 594, 1546, 631), ('2018-10-02-768(沪)', 535, 605, 756, 645),
    ('医学影像诊断新进展', 158, 607, 384, 644), ('市I类', 803, 608, 885, 647), ('上海市第一人民医院', 1068, 608, 1289, 645),
    ('4', 950, 612, 972, 641), ('4', 93, 614, 109, 635), ('日', 1385, 627, 1417, 660), ('合计', 158, 671, 217, 712),
    ('23', 949, 677, 984, 711), ('单位审核人：', 656, 769, 822, 817), ('本人签名：', 80, 770, 214, 813),
    ('审核日期：年月日', 1256, 773, 1573, 815), ('单位验证章：', 83, 857, 239, 896),
]


def test_a_word_holding_two_titles_and_dates_wrapped_in_their_cells():
    # before: the title column was lost in 序号项目名称 (titles read into 序号), the first date alone
    assert _rows(SH_REORDERED) == [
        ("2018-01-23", "2018-10-02-893(国)", "传染病防治知识培训", "I类国家级", 10.0, None),
        ("2018-02-25", "2018-10-02-510(沪)", "医疗核心制度解读", "I类省级", 4.0, None),
        ("2018-04-08", "2018-10-02-855(沪)", "医院感染预防与控制", "I类省级", 5.0, None),
        ("2018-07-10", "2018-10-02-768(沪)", "医学影像诊断新进展", "I类省级", 4.0, None)]


# list_summary_grid (development, samples/data/families 温州市人民医院/马超秀): the engine read each row's
# date and code as one word across the two cells.
GLUED: list[Box] = [
    ('2021-2022年度继续医学教育学分登记表', 573, 66, 1180, 107), ('姓名：马超秀', 62, 140, 197, 167),
    ('身份证号：330381197902284368', 526, 143, 876, 166), ('工作单位：温州市人民医院', 1088, 143, 1355, 166),
    ('主办单位', 858, 208, 940, 237), ('学分类别', 1170, 208, 1255, 235), ('学分', 1306, 208, 1354, 239),
    ('学习形式', 1389, 208, 1476, 237), ('项目名称', 462, 209, 547, 237), ('日期', 67, 210, 111, 237),
    ('项目编号', 217, 210, 296, 235), ('浙江省护理学会', 856, 253, 995, 281), ('面授', 1391, 253, 1439, 284),
    ('类省级', 1170, 256, 1240, 281), ('9', 1306, 256, 1328, 282),
    ('2021年6月10日2021-04-05-166（省）', 69, 257, 399, 281), ('心血管疾病诊治新进展', 465, 257, 658, 281),
    ('远程', 1389, 299, 1437, 331), ('类国家级', 1169, 300, 1259, 328), ('8', 1305, 302, 1326, 328),
    ('2021年6月16日2021-04-05-642（国）', 69, 303, 397, 327), ('呼吸危重症诊治进展', 465, 303, 639, 327),
    ('浙江大学医学院附属第二医院', 858, 303, 1109, 327), ('合计', 69, 530, 111, 556), ('17', 1306, 530, 1339, 558),
]


def test_a_code_glued_to_the_date_beside_it_is_the_code_cells():
    rows = extract_annual_list(_result(GLUED)).rows
    assert [(r.date, r.project_code, r.category, r.credits) for r in rows] == [
        ("2021-06-10", "2021-04-05-166(省)", "I类省级", 9.0), ("2021-06-16", "2021-04-05-642(国)", "I类国家级", 8.0)]


# underline_form (hw7 永嘉县人民医院/蒋浩英 p6): a form titled 学分登记表, values on lines with their labels
# (学习人员, 项目编号, 学习形式 ...) beside them: one project, a labelled number (编码 201901032815).
UNDERLINE_FORM: list[Box] = [
    ('学分登记表', 502, 132, 738, 186), ('蒋浩英', 140, 362, 231, 400), ('(学习人员）', 872, 363, 994, 400),
    ('永嘉县人民医院', 143, 428, 335, 460), ('(工作单位)', 873, 429, 992, 462), ('(培训项目)', 873, 488, 994, 525),
    ('《儿童哮喘规范化管理》', 155, 489, 429, 521), ('2019-07-01-710(市)', 145, 554, 387, 581),
    ('(项目编号)', 875, 554, 992, 586), ('II类', 136, 615, 197, 651), ('(学分性质)', 873, 615, 991, 648),
    ('2019.08.15', 136, 676, 278, 707), ('(授课时间)', 875, 678, 992, 711), ('(获得学分)', 873, 737, 993, 775),
    ('15', 151, 745, 187, 776), ('远程', 143, 799, 203, 835), ('(学习形式)', 873, 802, 994, 839),
    ('(编码)', 872, 865, 947, 900), ('201901032815', 154, 867, 322, 895), ('护理类', 734, 1280, 856, 1340),
    ('奔市护理学荟', 711, 1329, 874, 1371), ('19年08月15月', 721, 1439, 865, 1462),
]


def test_a_certificate_naming_one_project_under_a_list_like_title_is_no_list():
    # before: annual_list (学分登记 + 学习形式 + 项目编号 outweighed the certificate's words): a false RECORD_NO_CERT
    assert classify(_result(UNDERLINE_FORM))[0] == "certificate"


# list_subtotal_wrapped, a scan read badly (hw7 温州医科大学附属第一医院/林英 p14): no code read whole, but
# the year-list title is.
BAD_LIST: list[Box] = [
    ('2022年度继续医学教育个人学分记录', 484, 99, 1168, 150), ('性名', 90, 197, 155, 238),
    ('330328197410253790', 1001, 200, 1260, 232), ('：3大学第-3', 313, 246, 635, 291), ('T作单', 97, 256, 194, 286),
    ('日明', 1220, 368, 1281, 402), ('2022 04 0441 11', 826, 419, 1032, 459), ('20..33', 1155, 424, 1260, 455),
    ('1(', 1349, 424, 1384, 457), ('"i', 1463, 426, 1505, 455), ('0220.40.', 836, 479, 1004, 507),
    ('15', 1350, 479, 1384, 512), ('I', 174, 481, 217, 509), ('.11', 1203, 481, 1266, 508),
    ('10', 1350, 538, 1385, 566), ('15', 1350, 592, 1385, 621), ('合：', 1276, 647, 1332, 681),
    ('25', 1343, 648, 1385, 678), ('南单：是3.人学第', 83, 724, 448, 755), ('2::20230825', 1330, 724, 1573, 755),
]


def test_a_list_read_badly_but_for_its_year_list_title_is_a_list():
    # before: certificate (学分 + 继续医学教育 outweighed 年度)
    assert classify(_result(BAD_LIST))[0] == "annual_list"
