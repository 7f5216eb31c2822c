"""Certificates (issue 14) on session 13's held-out families, development since session 15 (samples/families/stacks.py:
dear_letter, stamp_box_card, sh_clause_card, label_above_grid, header_bar_ecert; pages of the sets hs13 / hw13 made from
e6158de, the words and boxes the engine gave). Each test fails at 7a09ef3 (the session's start). Classes: a letter's salutation with a word of address and a title around the
name (尊敬的施芳红医师： over 您已于 / 您于…: the name was 您已, 的林艳玲 or none); the name before a bracketed unit after
兹证明 / 兹有 with no date after it; the category printed before the amount in the credits cell (核予学分：一类国家级10
read 1 credit); a body title ending at the sentence's 。 (…举办的医 / 院感染预防与控制。); the certificate number after
证明流水 (a number label known by its head 流水 with 证 in it); 所训人, the holder's label over the name in a grid;
dates printed day first (28.11.2019, 01.12-02.12.2019); 记载时间 a print time (its date is no activity's)."""

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
