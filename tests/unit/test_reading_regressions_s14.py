"""Session 14 regressions, certificate reading (issue 14): pages built from the words and boxes the engine gave on
development pages (sets /tmp/r14/dw, seed 14201, and /tmp/r14/dsh, seed 14202, generated at 51dd4d0: captured
OcrResults of the page pass), each failing before the change (at 93ffe69).

Classes: a photo box's caption (照片) between the holder's name and the sentence taken for the sentence's subject; a
certificate number running into the English label of the next line (CME-2019-1-415823Issuedon); a class numeral
read as a digit before a number's dashed groups (20211-1027-095 on a Class I certificate); a date in numerals cut
by the line break (于二〇一八年四月 / 二十九日参加) read as the month's first day; a label read with one character
wrong (培训名目 for 培训名称) giving its last character as the value; title labels by their heads 专题 / 名目
(研讨专题, 培训名目); a holder's label known by its head (证书持有人) one space before the name; 项目 with a teaching word (教学项目) a title's label."""

from __future__ import annotations

from pipeline.normalize import class_numeral_repaired

from tests.unit.captured_pages import Box, certificate_of as _read


# dw 夏秀华/学分材料.pdf p3 (jieye_photo): the name large on its line, the photo box's 照片 under it, then the sentence
PHOTO_CAPTION_SIZE = (2339, 1653)
PHOTO_CAPTION: list[Box] = [
    ('培训结业证书', 887, 182, 1449, 278), ('夏秀华', 281, 404, 600, 525), ('照片', 1906, 529, 1955, 565),
    ('于2018年3月24日参加温州医科大学附属第二医院举办的1类·省级继续医学教育项', 360, 568, 1745, 605),
    ('目传染病防治知识培训（2018-06-01-132（省）），教学方式远程，完成全部学习内容，', 285, 636, 1718, 679),
    ('考核合格，准予结业，授予学分10分。', 283, 708, 917, 751), ('No.CME2018986319', 279, 801, 592, 837),
    ('温州医科大学属第二医院', 1452, 1278, 1893, 1334), ('学分验证', 605, 1359, 764, 1433), ('专用章', 637, 1403, 759, 1472),
]


# dw 冯瑶慧/3.pdf p2 (english_first_card): CME-2019-1-415823 under CertificateNo./登记号, Issuedon/颁授日期 the next line
NUMBER_THEN_ENGLISH_SIZE = (1754, 1240)
NUMBER_THEN_ENGLISH: list[Box] = [
    ('CERTIFICATEOFCOMPLETION', 512, 148, 1246, 190), ('继续医学教育学分证书', 737, 208, 1015, 244),
    ('冯瑶慧', 592, 274, 680, 313), ('Name/研修学员', 173, 278, 338, 311), ('Employer/单位', 172, 328, 333, 368),
    ('温州市中心医院', 596, 331, 782, 364), ('《医疗纠纷防范与处理》', 606, 382, 872, 418), ('CourseTitle/培训课题', 173, 385, 402, 419),
    ('2019-05-04-341(省)', 593, 437, 833, 473), ('ProgrammeNo./项目标识码', 174, 443, 460, 471),
    ('省级 (I类）', 595, 491, 739, 525), ('Category/学分类别', 174, 494, 369, 527),
    ('2019-05-11/2019-05-12', 595, 547, 884, 578), ('DatesHeld/活动日程', 174, 551, 388, 578), ('面授', 592, 598, 654, 634),
    ('Format/授课方式', 171, 600, 352, 637), ('宁波市第一医院', 592, 650, 783, 689), ('Organisedby/承办单位', 174, 657, 414, 689),
    ('10分', 592, 706, 656, 743), ('Credits/授予分值', 173, 709, 349, 740), ('CME-2019-1-415823', 595, 764, 839, 796),
    ('CertificateNo./登记号', 174, 767, 400, 794), ('Issuedon/颁授日期', 171, 817, 374, 848),
    ('2019/5/12', 593, 817, 725, 850), ('第', 1343, 931, 1370, 952), ('宁波市第一医院', 1251, 956, 1436, 998),
    ('继教办验证：', 448, 977, 569, 1010), ('省', 469, 1006, 500, 1037), ('学分登设专用章', 483, 1087, 676, 1130),
]


# dsh 张欣/1.pdf p3 (hospital_letter): 于二〇一八年四月 ends a line, 二十九日参加 starts the next
NUMERAL_DATE_WRAPPED_SIZE = (1653, 2339)
NUMERAL_DATE_WRAPPED: list[Box] = [
    ('上海交通大学医学院附属瑞金医院', 371, 133, 1284, 193), ('电话：0577-04947715邮编：316253', 627, 225, 1030, 256),
    ('学习证明', 701, 459, 952, 528), ('现证明上海市第一人民医院急诊医学科张欣（主治医师）于二〇一八年四月', 255, 667, 1439, 709),
    ('二十九日参加了由上海交通大学医学院附属瑞金医院主办的I类学分 (国家级)', 184, 740, 1423, 782),
    ('继续医学教育项目《儿童哮喘规范化管理》（项目编号：2018-07-01-358(国)），', 181, 813, 1446, 855),
    ('参加方式为面授，经考核合格，获学分10分，No.：SH2018-I-88206。', 183, 884, 1282, 927), ('兹证明属实。', 252, 967, 450, 1010),
    ('学院继续教育处', 1118, 1773, 1327, 1817), ('上海市卫上海交通大学医学院附属瑞金医院', 653, 1811, 1358, 1887),
    ('落地确认：', 265, 1857, 403, 1895), ('学管理', 1129, 1859, 1298, 1919), ('落地验证专用章', 646, 1871, 1010, 1978),
    ('通', 1065, 1877, 1088, 1898), ('教学201805:30', 1091, 1882, 1357, 1962), ('交', 1066, 1900, 1107, 1928),
    ('联系人：王老师联系电话：13910672645', 183, 2150, 691, 2182),
]


# dsh 谢娟霞/1.pdf p2 (underline_form): values over their labels; 培训名目 under the title
LABEL_ONE_WRONG_SIZE = (1653, 2339)
LABEL_ONE_WRONG: list[Box] = [
    ('继续医学教育项目学分证明', 459, 177, 1194, 243), ('上海市闵行区中心医院', 859, 428, 1242, 475), ('谢娟霞', 209, 433, 332, 485),
    ('姓名', 465, 492, 529, 532), ('供职机构', 1100, 492, 1214, 531), ('2018-06-01-464(国)', 194, 565, 545, 607),
    ('I类 (国家级项目)', 865, 568, 1173, 611), ('审批编号', 439, 621, 555, 665), ('学分属性', 1101, 627, 1214, 665),
    ('2018-07-01～07-03', 214, 694, 565, 742), ('10', 875, 697, 930, 740), ('举办日期', 439, 757, 558, 800),
    ('所获分值', 1098, 760, 1214, 798), ('医疗纠纷防范与处理', 210, 826, 553, 874), ('培训名目', 771, 894, 884, 931),
    ('沪继医2018-30698', 863, 957, 1201, 1009), ('远程', 216, 963, 301, 1010), ('参训形式', 439, 1019, 558, 1068),
    ('No.', 1134, 1030, 1179, 1063), ('中国医师协会', 933, 1785, 1153, 1830), ('主办者 (盖章)', 945, 1841, 1126, 1884),
    ('2018/08/02', 949, 1919, 1136, 1955), ('授证日期', 987, 1968, 1100, 2007), ('继续医学教育学分', 343, 2024, 524, 2093),
    ('90', 555, 2081, 579, 2106),
]


# dsh 马静/学分材料.pdf p3 (sh_register_slip): each value over its label; the title's label 研讨专题
TOPIC_LABEL_SIZE = (1653, 2339)
TOPIC_LABEL: list[Box] = [
    ('上海市继续医学教育委员会学分登记', 559, 157, 1100, 193), ('登记序号83510200', 1311, 209, 1522, 239),
    ('上海市继续医学教育市级项目学分证书', 339, 258, 1320, 318), ('马静', 169, 394, 254, 448), ('获证人员', 171, 449, 278, 493),
    ('上海市浦东新区人民医院', 177, 521, 566, 562), ('所在单位', 171, 574, 278, 612), ('医疗核心制度解读', 175, 644, 459, 685),
    ('研讨专题', 171, 697, 278, 734), ('2018-07-01-409(沪)', 169, 765, 494, 811), ('项目登记号', 171, 818, 301, 857),
    ('8', 170, 894, 200, 930), ('学分', 170, 940, 230, 981), ('I类 (市)', 178, 1010, 338, 1054),
    ('项目层次', 169, 1060, 281, 1105), ('2018年7月19日－2018年7月21日', 171, 1131, 664, 1175), ('举行日程', 174, 1184, 278, 1223),
    ('面授', 174, 1253, 252, 1302), ('教学方式', 174, 1309, 277, 1346), ('同济大学附属同济医院', 177, 1376, 527, 1418),
    ('发起单位', 174, 1429, 278, 1468), ('沪2018继31516', 174, 1501, 411, 1542), ('编号', 171, 1551, 229, 1588),
    ('学附属局', 1101, 1834, 1310, 1923), ('同济大学附属同济医院', 976, 1923, 1315, 1971), ('验证盖章栏：会旅医', 295, 1941, 600, 1994),
    ('公元2018年7月28日', 1008, 1986, 1311, 2040),
]


# dsh 夏桂/学分材料.pdf p2 (record_card): 证书持有人 and the name 夏桂 a narrow gap apart (one space), 所属单位 after them
HOLDER_LABEL_SIZE = (1653, 2339)
HOLDER_LABEL: list[Box] = [
    ('医学继续教育学习登记卡', 514, 189, 1143, 243), ('上海市市级继续医学教育项目学习证明', 581, 266, 1072, 298),
    ('证书序列号：沪CME201883122', 1156, 319, 1526, 351), ('学员情况', 127, 394, 238, 439), ('复旦大学附属中山医院', 920, 468, 1239, 514),
    ('夏桂', 336, 469, 406, 512), ('所属单位', 721, 472, 856, 515), ('证书持有人', 142, 473, 303, 512),
    ('身份证号码', 140, 561, 303, 605), ('2', 1349, 574, 1363, 592), ('0', 1415, 574, 1431, 594),
    ('学习项目登记', 129, 780, 288, 817), ('认证类别听课方式', 1295, 829, 1520, 877), ('会期', 949, 834, 1011, 875),
    ('编号', 301, 835, 362, 874), ('计分', 1214, 835, 1310, 874), ('讲座题目', 588, 837, 695, 870),
    ('《心肺复苏技', 549, 1047, 740, 1089), ('支2018年9月14日（星期五）起', 716, 1047, 1175, 1091), ('一类（', 1297, 1049, 1404, 1093),
    ('面授', 1432, 1067, 1510, 1114), ('4分', 1194, 1070, 1260, 1106), ('2018-04-04-146(沪)', 140, 1073, 433, 1109),
    ('能培训》', 535, 1089, 656, 1133), ('市级）', 1298, 1091, 1388, 1131), ('16日', 764, 1094, 834, 1129),
    ('考核情况：合格', 131, 1439, 338, 1476), ('说明：1.本卡作为年度学分登记的凭证。', 129, 1509, 559, 1541),
    ('2.涂改无效，请妥善保管。', 212, 1549, 488, 1581), ('3.I类学分须经继续医学教育委员会办公室审验盖章。', 212, 1588, 777, 1619),
    ('举办单位盖章', 212, 1685, 377, 1721), ('继续医学教育学分审验（盖章）', 875, 1685, 1237, 1721), ('海', 380, 1806, 451, 1882),
    ('临床技能培训中心', 465, 1891, 607, 1957), ('海市中医医院', 585, 1971, 782, 2014), ('2018/09/16', 627, 2023, 782, 2054),
]


# dsh 谢娟霞/1.pdf p3 (value_label_table, landscape): each value left, its label far right after it; the title's 教学项目
TEACHING_PROJECT_SIZE = (2339, 1653)
TEACHING_PROJECT: list[Box] = [
    ('上海市继续医学教育项目合格证明', 738, 123, 1602, 178), ('学习人员', 1968, 255, 2094, 299), ('谢娟霞', 246, 256, 353, 301),
    ('在职单位', 1968, 343, 2094, 387), ('上海市闵行区中心医院', 253, 349, 574, 385), ('传染病防治知识培训', 249, 436, 542, 478),
    ('教学项目', 1971, 436, 2090, 474), ('立项号', 1997, 522, 2094, 568), ('2018-06-01-564(沪)', 246, 524, 532, 566),
    ('市级I类', 244, 607, 386, 657), ('学分性质', 1970, 610, 2094, 655), ('学分', 2028, 700, 2094, 743),
    ('9', 252, 713, 269, 734), ('面授', 246, 790, 322, 832), ('授课形态', 1970, 791, 2094, 830),
    ('举办起止', 1971, 881, 2093, 919), ('2018年9月17日至19日', 250, 882, 568, 919), ('培训机构', 1970, 966, 2094, 1011),
    ('上海市第一人民医院', 249, 969, 542, 1011), ('证书检索号', 1944, 1059, 2093, 1098), ('20183106575359', 250, 1062, 501, 1094),
    ('卫生健康', 617, 1248, 839, 1374), ('上海市第美民医院', 1485, 1327, 1807, 1398), ('审核盖章：', 506, 1337, 638, 1376),
    ('海', 579, 1375, 614, 1395), ('上', 578, 1410, 611, 1439), ('继续医学教育', 641, 1411, 783, 1455),
    ('二〇一八年九月医产白', 1422, 1411, 1793, 1462), ('YA', 793, 1443, 837, 1483), ('学分验证章', 657, 1458, 783, 1509),
]


def test_a_photo_caption_is_no_subject_of_the_sentence():
    # before: 照片 + 于2018年3月24日参加… read as the sentence's subject: the name 照片
    assert _read(PHOTO_CAPTION, PHOTO_CAPTION_SIZE).name == "夏秀华"


def test_a_number_ends_where_the_next_lines_english_label_starts():
    # before: CME-2019-1-415823Issuedon (the lines joined, the English label taken into the number)
    f = _read(NUMBER_THEN_ENGLISH, NUMBER_THEN_ENGLISH_SIZE)
    assert f.certificate_no == "CME-2019-I-415823"


def test_a_class_numeral_read_as_a_digit_before_dashed_groups():
    assert class_numeral_repaired("20211-1027-095", "I类国家级") == "2021I-1027-095"
    assert class_numeral_repaired("202011-3542-366", "II类") == "2020II-3542-366"
    assert class_numeral_repaired("2019-1234-567", "I类省级") == "2019-1234-567"   # no numeral: as read


def test_a_date_in_numerals_cut_by_the_line_break_is_read_whole():
    # before: 二〇一八年四月 alone, the month's first day 2018-04-01 (a wrong date, not a missing one)
    assert _read(NUMERAL_DATE_WRAPPED, NUMERAL_DATE_WRAPPED_SIZE).date == "2018-04-29"


def test_a_label_read_with_a_character_wrong_gives_no_value_of_its_own_characters():
    # before: 培训名目 taken for 培训名 + 目 (a label with its last character lost): the title 目
    f = _read(LABEL_ONE_WRONG, LABEL_ONE_WRONG_SIZE)
    assert f.project_title == "医疗纠纷防范与处理"


def test_a_topic_label_names_the_title():
    # before: 研讨专题 was no label: the title under no label was not read
    assert _read(TOPIC_LABEL, TOPIC_LABEL_SIZE).project_title == "医疗核心制度解读"


def test_a_holders_label_known_by_its_head_a_space_before_the_name():
    # before: 证书持有人 followed by one space and the name was no label (the head's name form wanted the name glued)
    assert _read(HOLDER_LABEL, HOLDER_LABEL_SIZE).name == "夏桂"


def test_a_project_label_with_a_teaching_word_names_the_title():
    # before: 教学项目 was no label (项目 alone is the body's word): the title printed before it was not read
    assert _read(TEACHING_PROJECT, TEACHING_PROJECT_SIZE).project_title == "传染病防治知识培训"


def _lines(rows: list[str]):
    """A page of these printed lines, one under the other (boxes made up; the words as the engine read them)."""
    words = [(t, 100.0, 40.0 + 50 * i, 100.0 + 14 * len(t), 70.0 + 50 * i) for i, t in enumerate(rows)]
    return _read(words, (1700, 1200))


def test_the_longest_label_ending_in_a_head_is_the_label():
    # dw2 郭娟凯/7.pdf p4 (system_row_print): before, 获证人 (known) + 员 gave the name 员郭娟凯
    f = _read([("继续医学教育项目学分授予证书", 300, 40, 800, 80), ("获证人员郭娟凯", 100, 120, 300, 150),
               ("工作医院温州市中西医结合医院", 400, 120, 800, 150), ("编号", 900, 120, 950, 150),
               ("2021/680370", 980, 120, 1150, 150)], (1700, 1200))
    assert f.name == "郭娟凯"


def test_a_signature_date_is_no_activity_date():
    # dw2 郭娟凯/8.pdf p2 (emblem_two_panel): before, 落款日期:2022年3月 (the letter's signature date, to the
    # month) was taken for the activity date over the sentence's 你于2022.03.09参加
    f = _lines(["继续医学教育培训合格证书", "郭娟凯同志  项目备案号:2022-04-05-789(国)",
                "你于2022.03.09(周三)参加了复旦大学附属中山医院举办的《  学分门类:国家级(I类)",
                "心血管疾病诊治新进展》,听课方式:面授,经考核成绩合格,兹此  给予学分:10分", "证明。  凭证号:HZJY2022-26017",
                "落款日期:2022年3月"])
    assert f.date == "2022-03-09"


def test_the_heading_and_the_sentences_head_are_no_title():
    # dw2 邓玲娜/scan.pdf p8 (watermark_serial): before, the heading's 教育项目 + the next line 学习证明兹证明邓玲娜同志
    # (up to its bracket) was read as the title
    f = _lines(["省级继续医学教育项目学习证明", "兹证明邓玲娜同志(永嘉县人民医院)于2019年12月16日参加温州市",
                "人民医院举办的慢性阻塞性肺疾病规范化诊疗(项目代号", ":2019-04-04-236(省)),参训形式:面授,经考核合格,授予一类/省级学",
                "分10分。", "特颁此证。", "凭证号:NB2019-I-39454  证书真伪请向发证单位查询"])
    assert f.project_title == "慢性阻塞性肺疾病规范化诊疗"


def test_a_code_with_a_stray_mark_before_it_is_no_certificate_number():
    # dw2 邓玲娜/scan.pdf p7 (quarter_wrapped): 编号2 2019-04-04-500(市) (a stray 2 before the code) gave the number
    # 22019-04-04-500 (aided too) over the page's 编码 CME·2019·700971
    f = _read([("II类学分", 300, 40, 500, 80), ("登记凭证", 300, 90, 500, 130), ("学习人员邓玲娜", 100, 160, 400, 190),
               ("研修项目", 100, 210, 200, 240), ("消化内镜诊疗技术进展", 260, 210, 600, 240),
               ("编号2", 100, 260, 200, 290), ("2019-04-04-500(市)", 260, 260, 560, 290),
               ("核给学分", 100, 310, 200, 340), ("15", 260, 310, 300, 340),
               ("编码", 100, 560, 150, 590), ("CME·2019·700971", 260, 560, 560, 590)], (1700, 1200))
    assert f.project_code == "2019-04-04-500(市)"
    assert f.certificate_no == "CME·2019·700971"
