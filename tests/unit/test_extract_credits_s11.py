"""Session 11 regressions, certificates (issue 14): one page per failure class, built from the words
and boxes the engine gave on the session-10 held-out families (development now: the /tmp/r/w set of seed
11031 at 9899c77, captured OcrResults; the last page from a development set, /tmp/r/dsh seed 11034), each
failing before the change (at 9899c77) except the last, which guards the new label-row rule.

Classes: credits in capital numerals after 学分 with 学分 again after the amount (授予二类学分拾伍学分);
a form's request for the amount (学分数（大写）) being no value; a credits label the vocabulary lacks named by
its head with a word of granting (计予分数; an exam's 考核分数 stays no credits); a row of labels holding a
word the vocabulary lacks (项目档级, 集中学习日 beside 授予学分 and 参与方式) still being a row of labels, so
the row under it gives each label its value."""

from __future__ import annotations

from pipeline.extract.certificate import extract_certificate
from pipeline.models import CertificateFields, Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def _read(words: list[Box], size: tuple[int, int]) -> CertificateFields:
    lines = [Line(text=t, conf=0.95, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.95, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return extract_certificate(OcrResult(engine="fake", engine_version="0", width=size[0], height=size[1], lines=lines))



# wh capital card: …授予二类学分拾伍学分。 in the body, 拾伍学分 beside 计分(大学) (大写 misread)
CAPITAL_AFTER_CLASS_CREDITS_SIZE = (1754, 1240)
CAPITAL_AFTER_CLASS_CREDITS: list[Box] = [
    ('学分证明', 789, 140, 965, 192), ('证件编码：W7.CME-201872646', 1357, 264, 1636, 292),
    ('张思建同志于：二〇一八年二月二十二日起参加温州市人民医院举办的消化内镜诊疗技术进展（项目注册号：', 212, 371, 1465, 403),
    ('2018-04-02-990(市)），参训形式：远程，经考核合格，授予二类学分拾伍学分。', 159, 422, 1098, 454), ('拾伍学分', 474, 503, 599, 548),
    ('计分(大学)', 167, 512, 295, 545), ('州市人', 1269, 891, 1384, 947), ('温勒人民医险', 1226, 933, 1403, 973),
    ('敬育洪', 1271, 958, 1418, 1042), ('八零用章', 1229, 971, 1368, 1065),
]


def test_capital_numeral_credits_after_the_class_words_credits():
    # before: no credits (the body's amount was taken only when 分 follows it, not 学分)
    assert _read(CAPITAL_AFTER_CLASS_CREDITS, CAPITAL_AFTER_CLASS_CREDITS_SIZE).credits == 15.0


# wh capital card A5: 学分数（大写） then 拾学分 in the next cell
AMOUNT_IN_CAPITALS_LABEL_SIZE = (1653, 1167)
AMOUNT_IN_CAPITALS_LABEL: list[Box] = [
    ('学分证书', 696, 119, 960, 180), ('证件编码：WZ20195601-805', 1206, 247, 1539, 281),
    ('张思建同志于二零一九年九月二十三日－二十五日参加浙江省中医院举办的《呼', 220, 337, 1479, 382),
    ('吸危重症诊治进展》(项目审定号:2019-04-03-078(省)），受训形式:面授，经考核', 150, 408, 1476, 448),
    ('合格，授予|类·省级学分拾学分。', 152, 478, 705, 517), ('学分数（大写）', 164, 598, 365, 637), ('拾学分', 455, 591, 581, 642),
    ('江省中', 1179, 770, 1374, 877), ('医院', 1329, 810, 1428, 956), ('折江省中医院', 1126, 866, 1332, 915),
    ('继续医学教育', 417, 988, 584, 1061), ('学分验证登记音', 399, 1031, 577, 1110),
]


def test_a_request_for_the_amount_in_capitals_is_no_value():
    # before: （大写） was the label's value (no credits), the body's 拾学分 not taken either
    assert _read(AMOUNT_IN_CAPITALS_LABEL, AMOUNT_IN_CAPITALS_LABEL_SIZE).credits == 10.0


# wh ID-and-barcode slip: 计予分数：15
GRANTED_POINTS_LABEL_SIZE = (1653, 2339)
GRANTED_POINTS_LABEL: list[Box] = [
    ('医学继续教育学分电子证照', 133, 117, 441, 149), ('202111200937', 684, 303, 969, 335), ('Ⅱ类学分授予单', 636, 441, 1023, 502),
    ('进修人员:张思建', 194, 592, 490, 645), ('身份证号：330329198508237474', 989, 601, 1457, 638),
    ('所在单位：温州市中心医院', 200, 680, 565, 717), ('研修项目:慢性阻塞性肺疾病规范化诊疗', 196, 747, 755, 791),
    ('项目审定号:2021-04-02-023(市)', 194, 821, 669, 864), ('计予分数：15', 194, 890, 383, 937),
    ('会期：2021/04/20', 201, 967, 452, 1003), ('学分等级：二类 (院级)', 197, 1042, 511, 1078),
    ('学习模式：远程', 196, 1111, 406, 1153), ('开办单位：温州市人民医院', 197, 1186, 565, 1223),
    ('制证时间：20210423', 200, 1272, 446, 1303), ('出单时间：2021-08-07T15：59:38', 200, 1316, 596, 1346),
    ('温州市人民医院', 869, 1829, 1109, 1877), ('凭条码登录系统核验', 1256, 2023, 1459, 2054),
]


def test_a_credits_label_known_by_its_head_and_a_word_of_granting():
    # before: 计予分数 labelled nothing, so no credits
    assert _read(GRANTED_POINTS_LABEL, GRANTED_POINTS_LABEL_SIZE).credits == 15.0
    exam = [w if w[0] != "计予分数：15" else ("考核分数：85",) + w[1:] for w in GRANTED_POINTS_LABEL]
    assert _read(exam, GRANTED_POINTS_LABEL_SIZE).credits is None  # an exam's score is no credits


# wh banded grid: 项目档级 授予学分 集中学习日 参与方式 over their values; 学习课题 项目审定号 over theirs
UNKNOWN_WORDS_IN_LABEL_ROW_SIZE = (1653, 2339)
UNKNOWN_WORDS_IN_LABEL_ROW: list[Box] = [
    ('国家级继续医学教育学分证书', 430, 272, 1223, 338), ('结业学员', 214, 404, 329, 448), ('就职单位', 529, 408, 640, 446),
    ('证书号', 1098, 406, 1185, 446), ('鹿城区五马街道社区卫生', 400, 481, 769, 522), ('周思慧', 157, 499, 265, 545),
    ('CME-2020-I-308599', 782, 499, 1088, 543), ('服务中心', 398, 521, 540, 566), ('学习课题', 330, 624, 441, 661),
    ('项目审定号', 994, 624, 1129, 661), ('微创外科技术新进展', 157, 718, 461, 760), ('2020-05-04-968(国)', 627, 718, 924, 760),
    ('项目档级', 207, 841, 319, 879), ('授予学分', 432, 841, 545, 879), ('集中学习日', 872, 841, 1005, 879),
    ('参与方式', 1336, 837, 1450, 881), ('国家级一类', 157, 931, 332, 981), ('10分', 382, 934, 461, 981),
    ('2020年10月4日（星期日）起6日', 609, 931, 1088, 974), ('面授', 1284, 931, 1363, 981), ('执行单位', 352, 1054, 467, 1099),
    ('颁证时间', 1031, 1058, 1143, 1096), ('北京协和医院', 153, 1146, 365, 1199), ('2020年10月13日', 677, 1151, 930, 1193),
    ('继续医学教育', 770, 1739, 1028, 1869), ('继续医学教', 823, 1832, 993, 1903), ('北京协和医院', 1091, 1878, 1301, 1920),
    ('项目学分审核章', 824, 1872, 1016, 1955), ('学分审核：', 297, 1900, 433, 1944),
]


def test_a_row_of_labels_holding_words_the_vocabulary_lacks_labels_the_row_under_it():
    # before: the title was 项目审定号 (the next label), credits, date and mode unread
    f = _read(UNKNOWN_WORDS_IN_LABEL_ROW, UNKNOWN_WORDS_IN_LABEL_ROW_SIZE)
    assert (f.project_title, f.credits, f.date, f.mode) == ("微创外科技术新进展", 10.0, "2020-10-04", "面授")
    assert f.project_code == "2020-05-04-968(国)" and f.name == "周思慧"


# dsh (development) English-first card: Name研修学员  夏宇 (one bilingual label and its value)
BILINGUAL_NAME_LABEL_SIZE = (2339, 1653)
BILINGUAL_NAME_LABEL: list[Box] = [
    ('CERTIFICATEOFCOMPLETION', 684, 197, 1658, 252), ('继续医学教育证书', 1021, 277, 1316, 321),
    ('Name研修学员', 229, 371, 428, 413), ('夏宇', 790, 364, 877, 419), ('Institution 所在医院', 233, 446, 528, 484),
    ('上海市第六人民医院', 797, 441, 1115, 484), ('Programme研修课题', 229, 519, 498, 555),
    ('《临床合理用药培训》', 813, 513, 1126, 555), ('Credit Type学分等级', 230, 588, 531, 630),
    ('国家级项目I类学分', 793, 583, 1115, 630), ('ProgrammeNo.项目号', 230, 664, 526, 701),
    ('2018-13-01-312(国）', 793, 661, 1107, 697), ('DatesHe1d举办起止', 230, 734, 514, 771),
    ('2018年1.14-1.16', 791, 729, 1063, 771), ('Format学习模式', 229, 804, 457, 846), ('面授', 791, 797, 871, 846),
    ('Credits 所获分值', 230, 876, 472, 919), ('10', 791, 876, 837, 917), ('Organizer 举办单位', 229, 949, 501, 991),
    ('北京协和医院', 793, 945, 1010, 989), ('Serial No. No.', 230, 1024, 436, 1061),
    ('沪继2018-155109', 793, 1018, 1062, 1061), ('DateofIssue发证时间', 230, 1094, 555, 1131),
    ('2018年2月15日', 793, 1088, 1023, 1133), ('北京协和医院', 1688, 1282, 1953, 1332), ('科研教学部', 1688, 1359, 1926, 1430),
    ('学分登记', 709, 1361, 912, 1451), ('专用章', 726, 1418, 879, 1500),
]


def test_a_bilingual_label_and_its_value_are_no_row_of_labels():
    # guards the rule above: two labels of one field and a short word are a label and its value
    assert _read(BILINGUAL_NAME_LABEL, BILINGUAL_NAME_LABEL_SIZE).name == "夏宇"
