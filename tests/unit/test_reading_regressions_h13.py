"""Certificates (issue 14) on session 13's held-out families, development since session 15 (samples/families/stacks.py:
dear_letter, stamp_box_card, sh_clause_card, label_above_grid, header_bar_ecert; pages of the sets hs13 / hw13 made from
e6158de, the words and boxes the engine gave). Each test fails at 7a09ef3 (the session's start). Classes: a letter's
salutation with a word of address and a title around the name (尊敬的施芳红医师： over 您已于 / 您于…: the name was 您已, 的林艳玲 or none); the name before a bracketed unit after
兹证明 / 兹有 with no date after it; the category printed before the amount in the credits cell (核予学分：一类国家级10
read 1 credit); a body title ending at the sentence's 。 (…举办的医 / 院感染预防与控制。); the certificate number after
证明流水 (a number label known by its head 流水 with 证 in it); 所训人, the holder's label over the name in a grid;
dates printed day first (28.11.2019, 01.12-02.12.2019); 记载时间 a print time (its date is no activity's); a grid's
label words (课程标题, 计分档别, 学时认定档, 听训人: with 听训人 unknown its row was no label row and 课题名称 beside 给予学分
took that label for the title); the body sentence's mode after any mode head (培训载体为面授); credits after a
category abbreviated (认定分值：国·丨10) or after a label's colon where the category's word ends as a label does
(核定学分：院级类15: 院级类 is the value, no label); a salutation's sentence with 自 after 于 (您已于自2018年…); a title whose 》 was lost at the line's end, up to
the bracketed code under any code label (《宫颈病变筛查与管理 / (项目标识码：…); a class numeral read as 1 in its own
dashed slot after a letter prefix or at the number's end (GJ-1-20193201 on a Class I certificate); the category, a
space, then the amount in the credits cell (授予学分：国家级继续医学教育1类 10); the last label of a line with nothing
after it (a seal caption's line ending 施训方式) labels the next line's cell under it (面授)."""

from __future__ import annotations

from tests.unit.captured_pages import Box, certificate_of

# dear_letter, bw scan: 尊敬的蒋涛强： / 您已于2018年11月22日…
SALUTATION_SIZE = (1653, 2339)
SALUTATION: list[Box] = [
    ('上海市市级继续医学教育学分授予证书', 356, 209, 1301, 263), ('函证编号：SHJJ2018636437', 1127, 329, 1489, 360),
    ('尊敬的蒋涛强：', 183, 415, 437, 464), ('您已于2018年11月22日（星期四）起24日参加了由上海市护理学会举办', 255, 509, 1452, 559),
    ('的《骨质疏松性骨折诊疗规范》（项目核准号：2018-05-04-337(沪)），施教', 177, 582, 1470, 634), ('方式为面授。', 181, 660, 393, 709),
    ('经考核合格，特授予您I类·市级学分10分。', 252, 734, 971, 784), ('此证明。', 252, 821, 391, 871), ('海海商炉理学会', 1065, 1804, 1337, 1887),
    ('继教办审核：', 262, 1878, 420, 1917),
]

# dear_letter, colour scan: 尊敬的林艳玲同志： (the name was 的林艳玲)
SALUTATION_TONGZHI_SIZE = (1240, 1754)
SALUTATION_TONGZHI: list[Box] = [
    ('上海市继续医学教育项目证书', 352, 156, 891, 197), ('证书流水码：沪继教字2018第70443号', 768, 245, 1114, 273),
    ('尊敬的林艳玲同志：', 136, 314, 385, 349), ('您已于2018.03.09至03.11参加了由上海市医学会举办的《分子诊断技术新', 191, 382, 1106, 419),
    ('进展》（项目核准号：2018-11-01-048（沪）），课程形式为面授。', 136, 443, 934, 474), ('经考核合格，特授予您上海市市级1类学分8分。', 192, 499, 782, 530),
    ('特发此证', 190, 560, 310, 597), ('上海市医学荟会', 773, 1366, 973, 1410), ('学分验证：', 205, 1410, 292, 1439),
    ('公元2018年3月14日', 731, 1422, 949, 1455),
]

# dear_letter, bw scan: 尊敬的施芳红医师： / 您于… (no name read)
SALUTATION_TITLE_SIZE = (1240, 1754)
SALUTATION_TITLE: list[Box] = [
    ('上海市继续医学教育学分证明', 356, 156, 891, 197), ('函证编号：SH-CME-2018-567878', 801, 244, 1118, 271),
    ('尊敬的施芳红医师：', 136, 311, 393, 347), ('您于2018年2月28日（星期三）起3月1日参加了由复旦大学附属华山医院', 194, 382, 1092, 418),
    ('举办的《医疗纠纷防范与处理》（项目批准代码：2018-10-02-932(沪），施', 136, 440, 1085, 474), ('训方式为面授。', 136, 495, 318, 532),
    ('考核合格，授予市级学分丨类学分7分。', 191, 549, 670, 588), ('特颁此证。', 190, 615, 318, 652), ('大学附属华山', 800, 1336, 963, 1382),
    ('复国大学附属华山医霞', 729, 1365, 990, 1409), ('学分落', 201, 1411, 268, 1440), ('2018年03月舜日', 790, 1413, 980, 1454),
]

# stamp_box_card, colour scan: 兹证明黄静瑶（unit）参加…, 核予学分：一类国家级10
BRACKETED_UNIT_SIZE = (1240, 1754)
BRACKETED_UNIT: list[Box] = [
    ('继续医学教育证书', 435, 186, 805, 236), ('兹证明黄静瑶（上海市闵行区中心医院）参加中国医师协会举办的《微', 205, 360, 1074, 392),
    ('创外科技术新进展》。', 151, 417, 415, 448), ('研修日期', 584, 511, 659, 536), ('2018年8月21日～23日', 472, 541, 765, 577),
    ('核予学分：一类国家级10', 401, 628, 839, 676), ('项目核准号：2018-05-04-243（国）', 148, 713, 494, 744),
    ('研修方式：面授', 147, 758, 309, 791), ('证书序号：沪继教2018-16341', 148, 804, 461, 836), ('中国医师协会', 817, 1405, 974, 1442),
    ('2018 · 09.07', 807, 1457, 977, 1490), ('类学分审', 285, 1462, 446, 1532), ('验专用章', 289, 1498, 433, 1569),
    ('YA', 448, 1513, 472, 1536),
]

# stamp_box_card, grey scan: 兹有…, the title wrapped and ending at 。, 计得学分：一类/市级6
WRAPPED_TITLE_SIZE = (1240, 1754)
WRAPPED_TITLE: list[Box] = [
    ('上海市市级继续医学教育项目学分认可证书', 206, 175, 1073, 246), ('兹有蒋辉浩（上海市第一人民医院）参加复旦大学附属华山医院举办的', 214, 348, 1088, 403),
    ('医院感染预防与控制。', 159, 403, 438, 446), ('研修时间', 589, 507, 667, 540), ('2018-11-7', 557, 538, 698, 579),
    ('计得学分：一类/市级6', 431, 623, 822, 679), ('立项代码：2018-10-02-171（沪）', 151, 700, 461, 740),
    ('教学方式：面授', 148, 747, 305, 783), ('证书号：20183174880053', 147, 792, 413, 829), ('学分落地', 187, 1400, 281, 1433),
    ('复早天学附属华山医院', 740, 1407, 993, 1452), ('交消加写', 857, 1437, 994, 1515),
]


def test_salutation_with_a_word_of_address_over_you_already():
    f = certificate_of(SALUTATION, SALUTATION_SIZE)
    assert f.name == "蒋涛强"  # not 您已, the sentence's second person
    assert (f.project_title, f.credits) == ("骨质疏松性骨折诊疗规范", 10.0)


def test_salutation_word_of_address_is_no_part_of_the_name():
    assert certificate_of(SALUTATION_TONGZHI, SALUTATION_TONGZHI_SIZE).name == "林艳玲"


def test_salutation_with_a_title_after_the_name():
    assert certificate_of(SALUTATION_TITLE, SALUTATION_TITLE_SIZE).name == "施芳红"


def test_name_before_a_bracketed_unit_and_category_before_the_credits():
    f = certificate_of(BRACKETED_UNIT, BRACKETED_UNIT_SIZE)
    assert (f.name, f.credits, f.category) == ("黄静瑶", 10.0, "I类国家级")


def test_title_ending_at_the_full_stop_and_credits_after_a_level_word():
    f = certificate_of(WRAPPED_TITLE, WRAPPED_TITLE_SIZE)
    assert (f.name, f.project_title, f.credits) == ("蒋辉浩", "医院感染预防与控制", 6.0)


# sh_clause_card, colour scan: 证明流水：沪医继2018388345
CLAUSE_NUMBER_SIZE = (1653, 2339)
CLAUSE_NUMBER: list[Box] = [
    ('上海市继续医学教育委员会', 129, 133, 504, 170), ('上海市继续医学教育学分核发证明', 413, 276, 1246, 336),
    ('证明流水：沪医继2018388345', 1152, 365, 1524, 402), ('下列学员已完成市级继续医学教育项目：', 168, 449, 778, 492),
    ('一、带教学员：郭燕', 196, 538, 494, 581), ('二、服务机构：上海市浦东新区人民医院', 194, 632, 810, 674),
    ('三、培训主题：医疗核心制度解读', 194, 727, 703, 770), ('四、立项编号:2018-04-04-342(沪)', 188, 817, 740, 867),
    ('五、承办单位：上海市护理学会', 191, 916, 666, 957), ('六、办训日期:2018/04/02', 190, 1010, 610, 1053),
    ('七、带教形式：面授', 191, 1106, 493, 1147), ('八、学分等级：一类·市级，计得学分：6', 190, 1197, 814, 1243),
    ('上海市护理学会', 1040, 1917, 1278, 1972), ('学分审验栏：', 297, 1924, 461, 1968), ('2018.5', 1162, 1990, 1282, 2036),
]

# label_above_grid, colour scan: labels over their values in two columns, 所训人 over the name
GRID_SIZE = (1653, 2339)
GRID: list[Box] = [
    ('上海市市级继续医学教育项目学分证书', 310, 225, 1345, 290), ('所训人', 157, 422, 220, 457), ('供职机构', 839, 426, 911, 452),
    ('蒋欣娟', 158, 453, 271, 499), ('上海交通大学医学院附属瑞金医院', 845, 455, 1343, 498), ('培训专题', 836, 568, 915, 599),
    ('项目注册编码', 162, 571, 271, 595), ('2018-06-01-497(沪)', 162, 599, 461, 644), ('《医学科研设计与论文写作》', 858, 599, 1259, 641),
    ('核予学分', 157, 712, 238, 745), ('援别', 842, 718, 872, 740), ('5', 157, 744, 194, 788),
    ('上海市市级I类', 843, 744, 1081, 788), ('课程形式', 834, 854, 919, 891), ('办训日期', 161, 855, 238, 888),
    ('面授', 836, 887, 919, 934), ('2018.02.07-09', 161, 888, 406, 930), ('办训单位', 158, 995, 235, 1033),
    ('上海市医学会', 162, 1024, 370, 1079), ('沪继教2018-98834', 839, 1033, 1127, 1074),
    ('本证书加盖主办单位公章后有效', 153, 1159, 493, 1190), ('落地审验实医学教育工作部', 289, 1885, 649, 1981),
    ('建教大海市医学会', 984, 1909, 1270, 1988), ('旧专用章', 1109, 1957, 1322, 2025), ('学分审定', 419, 1968, 599, 2054),
    ('确认章', 443, 2014, 589, 2098),
]


def test_number_after_a_proof_serial_label():
    f = certificate_of(CLAUSE_NUMBER, CLAUSE_NUMBER_SIZE)
    assert (f.certificate_no, f.name) == ("沪医继2018388345", "郭燕")


def test_trainee_label_over_the_name():
    assert certificate_of(GRID, GRID_SIZE).name == "蒋欣娟"


# header_bar_ecert, colour scan: the activity date day first (办训日期 28.11.2019), a print time under 记载时间
DAY_FIRST_SIZE = (1653, 2339)
DAY_FIRST: list[Box] = [
    ('继续医学教育电子证书', 81, 73, 394, 116), ('201977169484', 1344, 74, 1574, 117), ('证书流水码：', 1182, 77, 1350, 116),
    ('Ⅱ类学分认定书', 639, 274, 1020, 336), ('学习主题', 106, 472, 225, 515), ('《胸部影像诊断学习班》', 316, 472, 642, 514),
    ('平阳县中医院', 1024, 562, 1220, 611), ('带教学员', 106, 566, 223, 611), ('黄瑶晨', 299, 566, 400, 607),
    ('供职单位', 834, 571, 950, 608), ('Ⅱ类-自管', 301, 660, 448, 704), ('计得学分', 831, 661, 949, 706),
    ('15', 1026, 661, 1072, 701), ('计分档别', 107, 664, 222, 701), ('2019-10-02-482(市)', 1026, 752, 1355, 798),
    ('办训日期', 107, 758, 223, 797), ('28.11.2019', 299, 758, 491, 795), ('立项号', 834, 758, 923, 797),
    ('面授', 299, 850, 369, 891), ('温州市人民医院', 1026, 850, 1249, 891), ('课程形式', 107, 854, 223, 890),
    ('颁证机构', 834, 854, 950, 891), ('制证时间', 104, 944, 224, 989), ('28.12.2019', 299, 947, 491, 983),
    ('民', 1182, 1602, 1260, 1651), ('医', 1247, 1612, 1282, 1645), ('温州市人民医院', 1011, 1639, 1240, 1693),
    ('培训班专用章', 1084, 1687, 1308, 1784), ('咀', 1044, 1725, 1081, 1757),
    ('记载时间：2020年03月21日12时08分', 97, 2149, 537, 2186),
]

# label_above_grid, colour scan: a day-first range with the year once (培训日程 / 01.12-02.12.2019)
DAY_FIRST_RANGE_SIZE = (1653, 2339)
DAY_FIRST_RANGE: list[Box] = [
    ('省级继续医学教育项目合格证明', 427, 207, 1283, 304), ('听训人', 174, 398, 242, 439), ('服务机构', 844, 417, 942, 461),
    ('陈军娟', 183, 435, 291, 479), ('瑞安市人民医院', 859, 453, 1106, 505), ('项目批准代码', 168, 545, 294, 585),
    ('认定档次', 844, 562, 937, 607), ('2019-06-01-603(省)', 175, 576, 486, 630), ('一类/省级', 854, 595, 1016, 650),
    ('所获分值', 166, 688, 254, 727), ('项目名称', 837, 706, 931, 752), ('10分', 174, 724, 249, 765),
    ('医学科研设计与论文写作', 852, 743, 1226, 797), ('培训日程', 162, 835, 248, 872), ('课程形式', 838, 855, 925, 892),
    ('01.12-02.12.2019', 168, 870, 447, 914), ('面授', 844, 883, 927, 936), ('办训单位', 156, 979, 244, 1016),
    ('函证编号', 834, 997, 919, 1036), ('浙江省人民医院', 163, 1010, 409, 1060), ('2019.9821.823', 839, 1032, 1072, 1080),
    ('本证书加盖主办单位公章后有效。', 143, 1134, 487, 1181), ('审核盖章：', 271, 1908, 412, 1953), ('浙江省人民医院', 1006, 1925, 1257, 1985),
    ('20200101', 1094, 1998, 1251, 2049), ('泗续医学教商', 394, 2024, 540, 2056), ('学分审定登记章', 413, 2076, 524, 2101),
]


def test_day_first_activity_date_and_a_record_time_that_is_no_activity():
    # at 54eb34c the date was the print time 2020-03-21 (a false FIELD_MISMATCH against the record's 2019-11-28)
    assert certificate_of(DAY_FIRST, DAY_FIRST_SIZE).date == "2019-11-28"


def test_day_first_range_with_the_year_once():
    assert certificate_of(DAY_FIRST_RANGE, DAY_FIRST_RANGE_SIZE).date == "2019-12-01"


def test_day_first_dates_parse_and_year_first_ones_keep_their_reading():
    from pipeline.normalize import find_dates, parse_date

    assert parse_date("您于03.07.2020参加") == "2020-07-03"
    assert parse_date("21/07/2020") == "2020-07-21"
    assert parse_date("2021.05.12-05.14") == "2021-05-12"
    # a dashed day-first date may be a code's piece; a number with dots is no date
    assert parse_date("21-07-2020") is None
    assert find_dates("函证编号 2019.9821.823") == []


# label_above_grid, colour scan: 听训人 over the name, 课题名称 beside 给予学分
GRID_ONE_CELL_SIZE = (1653, 2339)
GRID_ONE_CELL: list[Box] = [
    ('继续医学教育II类学分证书', 459, 220, 1194, 292), ('听训人', 157, 422, 217, 457), ('服务机构', 836, 424, 917, 457),
    ('郭超娜', 158, 449, 272, 500), ('平阳县中医院', 842, 455, 1048, 498), ('项目批准号', 158, 568, 252, 599),
    ('项目档级', 836, 568, 917, 601), ('二类·院级', 837, 595, 998, 644), ('2018-04-02-905(市)', 161, 599, 467, 641),
    ('课题名称', 161, 712, 236, 744), ('给予学分', 836, 712, 917, 745), ('消化内镜诊疗技术进展', 164, 744, 498, 785),
    ('15', 837, 745, 885, 785), ('进修期间', 158, 857, 236, 888), ('施教方式', 836, 857, 915, 890),
    ('2018.10.20（周六）', 158, 888, 448, 930), ('远程', 839, 888, 915, 930), ('主办单位', 161, 1001, 238, 1033),
    ('证书号', 836, 1001, 895, 1034), ('瑞安市人民医院', 162, 1033, 403, 1074), ('CME·2018·274738', 839, 1036, 1095, 1073),
    ('本证书加盖主办单位公章后有效。', 149, 1159, 493, 1190), ('瑞安市人民医院', 1037, 1923, 1278, 1971),
    ('2018年10月21日发', 991, 1990, 1273, 2034),
]

# label_above_grid, colour scan: 课程标题 beside 立项代码, 计分档别 beside 获授学分
GRID_WORDS_SIZE = (1653, 2339)
GRID_WORDS: list[Box] = [
    ('继续医学教育项目学分证明', 463, 226, 1190, 286), ('受教学员', 155, 420, 239, 459), ('服务机构', 836, 424, 917, 455),
    ('梁洋玲', 158, 455, 269, 501), ('温州医科大学附属第二医院', 842, 459, 1243, 495), ('立项代码', 158, 568, 238, 599),
    ('课程标题', 837, 568, 915, 599), ('2019-04-01-050(国)', 161, 595, 478, 644), ('慢性阻塞性肺疾病规范化诊疗', 842, 604, 1271, 639),
    ('获授学分', 157, 712, 238, 745), ('计分档别', 836, 712, 917, 745), ('10分', 158, 744, 245, 790),
    ('一类·国家级', 842, 745, 1027, 788), ('授课时间', 153, 849, 241, 892), ('施训方式', 834, 854, 919, 891),
    ('面授', 837, 887, 919, 934), ('2019·08·27', 158, 890, 351, 931), ('承训机构', 158, 1001, 238, 1033),
    ('证书流水码', 837, 1001, 932, 1034), ('中华医学会', 162, 1033, 336, 1076), ('20191-7797-252', 842, 1036, 1098, 1073),
    ('本证书加盖主办单位公章后有效。', 149, 1159, 494, 1190), ('华化医学', 1080, 1875, 1294, 1946), ('中华医学会', 1075, 1920, 1255, 1974),
    ('学分验证处：', 297, 1924, 459, 1968),
]

# label_above_grid, grey scan: 学时认定档 (a category) beside 赋予学分
GRID_GRADE_SIZE = (1653, 2339)
GRID_GRADE: list[Box] = [
    ('ⅡI类学分登记凭证', 591, 223, 1072, 290), ('工作单位', 835, 422, 918, 457), ('受教学员', 157, 424, 238, 457),
    ('徐磊琳', 161, 455, 269, 499), ('永嘉县人民医院', 842, 455, 1079, 498), ('讲习内容', 161, 572, 235, 598),
    ('项目审定号', 839, 572, 930, 598), ('心血管疾病诊治新进展', 161, 595, 498, 641), ('2019-04-01-149(市)', 837, 599, 1143, 641),
    ('学时认定档', 156, 711, 257, 746), ('赋予学分', 836, 714, 915, 745), ('院内二类', 161, 744, 301, 788),
    ('15', 837, 747, 884, 785), ('进修期间', 158, 858, 232, 890), ('教学方式', 836, 858, 915, 890),
    ('远程', 839, 888, 915, 930), ('2019.10.5', 161, 891, 319, 928), ('组办单位', 158, 1003, 236, 1034),
    ('正书流水码', 845, 1009, 923, 1027), ('温州市中心医院', 161, 1033, 403, 1074), ('ZJJY20191188272', 839, 1036, 1095, 1073),
    ('本证书加盖主办单位公章后有效。', 149, 1160, 493, 1192), ('中心', 1170, 1808, 1275, 1872), ('温州市中心医院', 1039, 1926, 1275, 1970),
    ('2019年10月8日签', 1011, 1992, 1276, 2036),
]


def _fields(f):
    return (f.name, f.project_code, f.project_title, f.category, f.credits, f.date, f.mode, f.organizer)


def test_trainee_label_makes_the_grid_rows_label_rows():
    f = certificate_of(GRID_ONE_CELL, GRID_ONE_CELL_SIZE)
    assert _fields(f) == ("郭超娜", "2018-04-02-905(市)", "消化内镜诊疗技术进展", "II类", 15.0, "2018-10-20", "远程",
                          "瑞安市人民医院")


def test_grid_title_and_category_words():
    f = certificate_of(GRID_WORDS, GRID_WORDS_SIZE)
    assert _fields(f) == ("梁洋玲", "2019-04-01-050(国)", "慢性阻塞性肺疾病规范化诊疗", "I类国家级", 10.0, "2019-08-27",
                          "面授", "中华医学会")


def test_grid_grade_word_is_a_category_label():
    f = certificate_of(GRID_GRADE, GRID_GRADE_SIZE)
    assert _fields(f) == ("徐磊琳", "2019-04-01-149(市)", "心血管疾病诊治新进展", "II类", 15.0, "2019-10-05", "远程",
                          "温州市中心医院")


# dear_letter, colour scan: …，培训载体为面授。
MODE_WORD_SIZE = (1653, 2339)
MODE_WORD: list[Box] = [
    ('Ⅱ类学分登记证', 636, 206, 1024, 266), ('函证编号：NB2018II1540325', 1098, 329, 1489, 360),
    ('尊敬的徐磊琳同志：', 181, 416, 517, 464), ('您于2018.04.14（周六）参加了由温州市护理学会举办的《心力衰竭', 256, 512, 1437, 559),
    ('规范化管理》（项目号：2018-04-01-706（市）），培训载体为面授。', 181, 587, 1362, 634),
    ('经考核合格，特授予您Ⅱ类学分（单位）学分15分。', 256, 665, 1116, 707), ('特授此证。', 251, 747, 424, 798),
    ('温州市护理学会', 1033, 1825, 1281, 1879),
]

# stamp_box_card, colour scan: 认定分值：国·丨10
ABBREVIATED_CATEGORY_SIZE = (1240, 1754)
ABBREVIATED_CATEGORY: list[Box] = [
    ('继续医学教育学分证书', 390, 186, 851, 236), ('兹有邓英宇（温州医科大学附属第一医院）参加北京协和医院举办的《', 203, 358, 1079, 393),
    ('心力衰竭规范化管理》。', 149, 414, 446, 449), ('办训日期', 585, 511, 659, 536), ('2021年10月23日上午', 480, 540, 757, 577),
    ('认定分值：国·丨10', 440, 627, 801, 676), ('项目批准代码：2021-04-03-712（国）', 148, 713, 511, 744),
    ('施训方式：面授', 147, 758, 303, 791), ('发证编号：202101489508', 148, 804, 414, 836), ('京协', 842, 1340, 942, 1400),
    ('北京协和医院A', 815, 1405, 1003, 1446), ('落地盖章栏', 197, 1411, 310, 1440), ('浙江省继续医学教育工作委员会', 174, 1443, 471, 1479),
    ('20211101', 858, 1455, 1006, 1494), ('继教学分审验', 190, 1484, 457, 1531),
]

# stamp_box_card, landscape colour scan: 核定学分：院级类15 (Ⅱ lost from 院级Ⅱ类)
VALUE_LIKE_A_LABEL_SIZE = (2339, 1653)
VALUE_LIKE_A_LABEL: list[Box] = [
    ('学分证明', 1043, 153, 1297, 229), ('兹有唐燕（瑞安市人民医院）参加了瑞安市人民医院举办的《传染病防治知识培训》。', 358, 332, 1748, 369),
    ('办训日期', 1124, 454, 1220, 493), ('2019年度8月12日', 1023, 498, 1312, 542), ('核定学分：院级类15', 907, 614, 1435, 674),
    ('备案号码：2019-04-02-731(市)', 282, 727, 744, 764), ('学习方式：面授', 278, 785, 526, 829),
    ('发证编号：20199655799024', 283, 849, 685, 885), ('激专用章', 1660, 1343, 1808, 1403),
    ('2019年8月27日印', 1554, 1376, 1821, 1426),
]


def test_mode_after_a_mode_head_in_the_sentence():
    assert certificate_of(MODE_WORD, MODE_WORD_SIZE).mode == "面授"


def test_credits_after_an_abbreviated_category():
    assert certificate_of(ABBREVIATED_CATEGORY, ABBREVIATED_CATEGORY_SIZE).credits == 10.0


def test_a_value_after_a_labels_colon_is_no_label():
    from pipeline.extract import candidates as cand

    assert certificate_of(VALUE_LIKE_A_LABEL, VALUE_LIKE_A_LABEL_SIZE).credits == 15.0
    # a head label still stands after a wide gap or another value's end
    assert [lb.field for _a, _b, lb in cand.label_spans("项目级类:II类  核定学分:15")] == ["category", "credits"]


# dear_letter, colour scan: 尊敬的蒋欣娟： / 您已于自2018年1月8日至…
SALUTATION_FROM_SIZE = (1653, 2339)
SALUTATION_FROM: list[Box] = [
    ('国家级继续医学教育项目学分证书', 411, 205, 1242, 266), ('证书字号：SHCME201801988', 1131, 322, 1492, 365),
    ('尊敬的蒋欣娟：', 181, 420, 433, 464), ('您已于自2018年1月8日至2018年1月10日参加了由复旦大学附属中山医院举', 258, 515, 1470, 558),
    ('办的传染病防治知识培训（项目审批号：2018-06-01-203（国）），带教形式为', 181, 587, 1450, 632), ('远程。', 177, 664, 281, 711),
    ('经考核合格，特授予您国·|学分10分。', 256, 740, 889, 782), ('特此函告。', 255, 826, 424, 870), ('复旦大学附属中', 1021, 1780, 1241, 1843),
    ('复旦大学附属中山医院', 973, 1825, 1317, 1879), ('上海市继续医学教育工作员会', 690, 1870, 1073, 1948), ('落地审验：', 268, 1882, 397, 1920),
    ('2018·01·13', 1125, 1897, 1317, 1943), ('学分审验（落地）专用章', 679, 1919, 1066, 2004),
]


def test_salutation_sentence_with_from_after_yu():
    assert certificate_of(SALUTATION_FROM, SALUTATION_FROM_SIZE).name == "蒋欣娟"


# dear_letter, colour scan: 《宫颈病变筛查与管理 at a line's end, (项目标识码：…) on the next; 学习模式为面授
OPEN_TITLE_SIZE = (1653, 2339)
OPEN_TITLE: list[Box] = [
    ('浙江省继续医学教育电子学分证书', 407, 206, 1243, 266), ('证书号数：CME-2021-II-262082', 1088, 325, 1491, 362),
    ('尊敬的谢霞刚医师：', 181, 416, 527, 464), ('您于2021.08.06参加了由温州市中心医院举办的《宫颈病变筛查与管理', 255, 512, 1439, 559),
    ('(项目标识码：2021-06-01-216(市)），学习模式为面授。', 239, 585, 1179, 634), ('考核合格，授予二类（院级）学分15分。', 256, 661, 926, 709),
    ('特发此证', 249, 743, 416, 799), ('市中心', 1067, 1761, 1261, 1839), ('目', 1010, 1865, 1060, 1896),
    ('二零二一年八月六日', 987, 1891, 1277, 1944),
]


def test_title_open_at_the_line_end_before_any_code_label():
    f = certificate_of(OPEN_TITLE, OPEN_TITLE_SIZE)
    assert (f.name, f.project_title, f.mode) == ("谢霞刚", "宫颈病变筛查与管理", "面授")


def test_class_numeral_in_its_own_dashed_slot_after_letters_or_at_the_end():
    from pipeline.normalize import class_numeral_repaired

    # hw13 dear_letter / label_above_grid / header_bar_ecert numbers on Class I certificates, read with 1 for I
    assert class_numeral_repaired("GJ-1-20193201", "I类国家级") == "GJ-I-20193201"
    assert class_numeral_repaired("CM-1-20227320", "I类省级") == "CM-I-20227320"
    assert class_numeral_repaired("4895-2020-1", "I类省级") == "4895-2020-I"
    # a Class II certificate's number needs two numerals there; letters with a year but no serial are left
    assert class_numeral_repaired("GJ-1-20193201", "II类") == "GJ-1-20193201"
    assert class_numeral_repaired("AB-1-2019", "I类省级") == "AB-1-2019"


# stamp_box_card, grey scan: 授予学分：国家级继续医学教育1类 10
CATEGORY_SPACE_AMOUNT_SIZE = (1653, 2339)
CATEGORY_SPACE_AMOUNT: list[Box] = [
    ('国家级继续医学教育项目合格证明', 367, 249, 1284, 316), ('兹证明唐燕（瑞安市人民医院）参加中国医师协会举办的《心血管疾病', 274, 481, 1433, 522),
    ('诊治新进展》。', 200, 554, 452, 598), ('培训日程', 781, 681, 876, 714), ('2021年7月19－21日', 652, 722, 998, 770),
    ('授予学分：国家级继续医学教育1类 10', 393, 843, 1260, 896), ('立项代码 2021-04-02-570(国)', 197, 950, 622, 993),
    ('课程形式面授', 196, 1010, 410, 1054), ('证书号码GJJY2021-81715', 197, 1074, 585, 1111), ('医师效', 1128, 1810, 1298, 1891),
    ('中国医师协会', 1089, 1869, 1323, 1936), ('继教委验证：', 265, 1882, 436, 1919), ('2021年7月22县至', 1048, 1913, 1332, 2014),
    ('继续教育办', 1121, 1969, 1271, 2042), ('继续医学教育学分审验用章', 795, 1992, 1023, 2061),
]


def test_credits_after_the_category_and_a_space():
    f = certificate_of(CATEGORY_SPACE_AMOUNT, CATEGORY_SPACE_AMOUNT_SIZE)
    assert (f.credits, f.category, f.name) == (10.0, "I类国家级", "唐燕")


# ribbon_right, colour scan (landscape): the seal caption 验证盖章栏： and the organizer on the row of 施训方式, 面授 under it
LAST_LABEL_SIZE = (1754, 1240)
LAST_LABEL: list[Box] = [
    ('学员名称', 1174, 111, 1258, 144), ('何杰', 1176, 136, 1233, 172), ('所在医院', 1180, 230, 1254, 253),
    ('鹿城区五马街道社区卫生服务中心', 1178, 255, 1539, 282), ('学习课题', 1178, 345, 1254, 370), ('《新生儿危重症救治进展》', 1189, 371, 1457, 399),
    ('继续医学教育项目学分授予证书', 330, 421, 863, 462), ('项目批准号', 1174, 459, 1273, 487),
    ('2019-07-01-170（省）', 1173, 481, 1395, 516), ('特此说明。', 525, 533, 660, 566), ('核予学分', 1176, 574, 1255, 603),
    ('10', 1177, 602, 1209, 630), ('认定档次', 1177, 692, 1255, 717), ('一类·省级', 1178, 715, 1292, 749),
    ('研修时间', 1177, 808, 1255, 833), ('省医', 825, 815, 962, 897), ('2019.02.04至2019.02.05', 1176, 833, 1447, 861),
    ('验证盖章栏：', 200, 902, 317, 931), ('浙江省医学会', 775, 908, 935, 950), ('施训方式', 1177, 923, 1255, 948),
    ('面授', 1174, 945, 1233, 981), ('2019年2月12日印', 739, 960, 935, 994), ('证明流水', 1177, 1039, 1252, 1064),
    ('WZCME-201964407', 1176, 1064, 1362, 1092),
]


def test_last_label_of_a_line_labels_the_cell_under_it():
    f = certificate_of(LAST_LABEL, LAST_LABEL_SIZE)
    assert (f.mode, f.date, f.credits, f.certificate_no) == ("面授", "2019-02-04", 10.0, "WZCME-201964407")
