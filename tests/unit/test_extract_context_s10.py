"""Session 10 regressions, certificate fields by their context, read without the records (issue 14):
pages built from the words and boxes the engine gave on the session-9 families (development now:
/tmp/r/w, seed 9031 at fddbfd7), each failing before the change (at fddbfd7).

Classes: credits in capital numerals with the hours beside them (学分 / 拾分，计40学时: 10, never 40);
a letter addressed to its holder (潘倩丽： / 你于2019年…); a Chinese label right after an English one
(CourseTitle课程题目, CMECredits计分); a known word inside a longer label (获证人 in 获证人员：); a Class II
number whose II the engine read as l (JX2019l-556729), mended only because the page says II类."""

from __future__ import annotations

from pipeline.extract.certificate import extract_certificate
from pipeline.models import Line, OcrResult, Word


def _page(*words: tuple[str, float, float, float, float], width: int = 1653, height: int = 2339) -> OcrResult:
    lines = [Line(text=t, conf=0.95, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.95, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return OcrResult(engine="fake", engine_version="0", width=width, height=height, lines=lines)


def test_capital_numeral_credits_beside_the_hours():
    f = extract_certificate(_page(
        ('继续医学教育项目参会证明', 326, 322, 1323, 411), ('授予', 785, 618, 869, 667), ('曾娟同志', 642, 674, 1018, 782),
        ('于20181014-20181016参加由温州医科大学附属第二医院举办的', 284, 854, 1371, 896),
        ('《宫颈病变筛查与管理》（项目批准号：2018-06-01-077(省)）培', 288, 921, 1384, 969),
        ('训班，研修方式远程，经考核合格，授予「类（省级项目）学分', 277, 994, 1372, 1043), ('拾分，计40学时。', 666, 1067, 966, 1116),
        ('特发此证', 743, 1149, 910, 1199), ('证书编号：HZ-2018-363969', 196, 2170, 514, 2202)))
    assert f.credits == 10.0  # before: 40.0, the hours


def test_a_letter_addressed_to_its_holder():
    f = extract_certificate(_page(
        ('CME', 1122, 194, 1220, 239), ('省级继续医学教育项目合格证书', 704, 339, 1639, 411), ('潘倩丽：', 183, 555, 319, 607),
        ('项目标识码：2019-04-01-674(省)', 1452, 578, 1920, 620), ('你于2019年11月19号参加了温州市人民医院举办的心肺复苏技', 265, 640, 1292, 688),
        ('项目类别：省级I类', 1452, 652, 1724, 694), ('能培训，研修方式：面授，经考核成绩合格，以资证明。', 186, 713, 1122, 760),
        ('授予学分：10分', 1451, 726, 1678, 768), ('证书号码：GJ2019I3891890', 1452, 795, 1833, 837),
        width=2339, height=1653))
    assert f.name == "潘倩丽"  # before: None


def test_chinese_labels_right_after_english_ones():
    f = extract_certificate(_page(
        ('CME CREDIT CERTIFICATE', 751, 197, 1595, 252), ('Ⅱ类学分登记证', 1043, 277, 1302, 326), ('应燕超', 793, 367, 907, 413),
        ('Participant 研修学员', 230, 371, 499, 413), ('《妇科肿瘤规范化诊疗》', 815, 513, 1164, 555),
        ('CourseTitle课程题目', 233, 519, 509, 555), ('面授', 791, 798, 871, 846), ('Mode培训形式', 230, 807, 429, 843),
        ('15', 790, 945, 838, 991), ('CMECredits计分', 230, 949, 449, 985), width=2339, height=1653))
    assert (f.project_title, f.credits) == ("妇科肿瘤规范化诊疗", 15.0)  # before: 课程题目, None


def test_a_known_word_inside_a_longer_label():
    f = extract_certificate(_page(
        ('继续医学', 691, 290, 965, 365), ('分凭证', 721, 468, 933, 545), ('获证人员：曹丽涛', 229, 627, 511, 671),
        ('隶属单位：瑞安市人民医院', 232, 714, 649, 751), ('研修课题：《医学科研设计与论文写作》', 232, 798, 839, 835)))
    assert f.name == "曹丽涛"  # before: None (获证人, then 员：曹丽涛)


def test_a_class_two_numeral_read_as_l_where_the_page_says_class_two():
    rows = [('温州市卫生健康委员会', 920, 116, 1418, 171), ('院内继续医学教育学分证明', 916, 197, 1422, 245),
            ('证书编号：JX2019l-556729', 1804, 275, 2156, 306), ('学分类型', 1322, 553, 1456, 598)]
    f = extract_certificate(_page(*rows, ('二类 (院级)', 1626, 549, 1810, 598), width=2339, height=1653))
    assert f.certificate_no == "JX2019II-556729"  # before: JX2019l-556729
    f = extract_certificate(_page(*rows, ('一类 (省级)', 1626, 549, 1810, 598), width=2339, height=1653))
    assert f.certificate_no == "JX2019I-556729"  # control: a Class I page's l is its one numeral


def test_the_organizer_of_a_sentence_beside_a_second_panel():
    # before: None (举 / 办的 split by the panel's 学分归类 cell on the sentence's row); the name from the salutation
    f = extract_certificate(_page(
        ('医', 1144, 191, 1195, 242), ('国家级继续医学教育项目证书', 740, 343, 1599, 410), ('应燕超：', 185, 555, 329, 607),
        ('学分信息', 1721, 579, 1854, 626), ('你于2019年7月16日～18日参加温州医科大学附属第一医院举', 262, 640, 1296, 688),
        ('学分归类：「类学分 (国家级)', 1452, 652, 1873, 694), ('办的心肺复苏技能培训，授课方式：远程，经考核成绩合格，特予', 189, 716, 1290, 758),
        ('批准文号：2019-10-02-388(国)', 1452, 727, 1890, 764), ('证明。', 180, 782, 285, 836), ('计入学分：10', 1452, 795, 1652, 839),
        ('证书编号：201928475838', 1455, 872, 1824, 910), ('核发日期：2019年07月21日', 1452, 939, 1847, 981),
        ('学分审核：', 502, 1268, 641, 1311), width=2339, height=1653))
    assert (f.organizer, f.name) == ("温州医科大学附属第一医院", "应燕超")


def test_a_label_glued_after_a_date_and_a_closing_brackets_stroke_in_a_title():
    f = extract_certificate(_page(
        ('省级继续医学教育项目学分证书', 300, 100, 1300, 160), ('参训者  应燕超  工作单位  瓯海区娄桥街道社区卫生服务中心', 100, 200, 1500, 240),
        ('培训主题  《医学影像诊断新进展l》', 100, 260, 900, 300), ('时间  2021年5月17日起至19日止学分分值  10分', 100, 320, 1300, 360)))
    # before: no credits (学分分值 glued to 止 was no label) and the title with an l for 》's stroke
    assert (f.credits, f.date, f.project_title) == (10.0, "2021-05-17", "医学影像诊断新进展")
