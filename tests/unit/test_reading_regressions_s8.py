"""Regression pages for the certificate-reading failures on the session-7 families (session 8).

Each page is a small OcrResult built from the fragments (text and box) an engine read on a generated
page of those families: bilingual labels, labels printed after or under their values, a header row
over a value row, credits in capital numerals, number forms, seal text taken as the organizer.
Every test here failed on the code at e4afcec (the commit before this work); the "control" tests
guard what must stay as it was.
"""

from __future__ import annotations

from pipeline.extract.certificate import extract_certificate
from pipeline.models import Line, OcrResult, Word
from pipeline.normalize import find_codes, normalize_certificate_no, parse_credits


def _frags(*items: tuple[str, float, float, float, float], conf: float = 0.99) -> OcrResult:
    """One engine fragment per item: (text, x0, y0, x1, y1)."""
    lines = []
    for text, x0, y0, x1, y1 in items:
        box = (float(x0), float(y0), float(x1), float(y1))
        lines.append(Line(text=text, conf=conf, box=box, words=[Word(text=text, conf=conf, box=box)]))
    return OcrResult(engine="fake", engine_version="0", width=1653, height=2339, lines=lines)


def _rows(*texts: str, conf: float = 0.99) -> OcrResult:
    """One fragment per text, one row each, 70 px apart (a label | value list)."""
    return _frags(*[(t, 280, 300 + 70 * i, 280 + 30 * len(t), 340 + 70 * i) for i, t in enumerate(texts)], conf=conf)


# ------------------------------------------------------------- bilingual labels


def test_english_label_after_the_chinese_one_is_no_part_of_the_value() -> None:
    f = extract_certificate(_rows(
        "继续医学教育培训合格证书",
        "姓名 Participant:宋勇静",
        "工作医院Employer:平阳县中医院",
        "课程名称Course Title:急危重症护理新进展",
        "计分Credits:10",
        "举办期间 Date:2019.11.1~11.2",
        "授课方式Format:面授",
        "证书号码SerialNo.:CME2019208173",
        "举办单位 Organised by:浙江大学医学院附属第二医院",
        "出证日期 Date of Issue:2019.11.17",
    ))
    assert f.name == "宋勇静"
    assert f.project_title == "急危重症护理新进展"
    assert f.organizer == "浙江大学医学院附属第二医院"
    assert f.certificate_no == "CME2019208173"
    assert f.credits == 10.0
    assert f.mode == "面授"
    assert f.date == "2019-11-01"


def test_english_label_glued_without_separators() -> None:
    f = extract_certificate(_rows(
        "参加人员Name郑静勇",
        "所获学分CMECredits15",
        "证书序号SerialNo.GJ-2022-005581",
    ))
    assert f.name == "郑静勇"
    assert f.credits == 15.0
    assert f.certificate_no == "GJ-2022-005581"


def test_organizer_glued_to_a_misread_english_label_is_a_null() -> None:
    f = extract_certificate(_rows("举办单位 Organisei州洲市中心医院斗技教育部"))
    assert f.organizer is None


def test_a_number_label_with_no_digits_is_no_certificate_number() -> None:
    f = extract_certificate(_rows("证书编号 Certificate No."))
    assert f.certificate_no is None


# ------------------------------------------------------------- labels after or under their values


def _underline_page() -> OcrResult:
    """A form whose captions follow their values (``宋勇静  学员``), the organizer over its caption."""
    return _frags(
        ("学分证明", 526, 130, 715, 186),
        ("宋勇静", 140, 363, 260, 404), ("学员", 840, 363, 913, 404),
        ("平阳县中医院", 140, 428, 380, 463), ("任职单位", 840, 428, 960, 463),
        ("2020-04-01-009(市)", 143, 488, 450, 526), ("编号", 850, 488, 912, 526),
        ("二类", 151, 552, 210, 589), ("学分性质", 840, 552, 960, 589),
        ("《急诊胸痛中心建设与管理》", 154, 614, 560, 650), ("课程名称", 840, 614, 960, 650),
        ("面授", 145, 674, 210, 713), ("学习形式", 840, 674, 960, 713),
        ("HZ-2020-584656", 147, 739, 400, 776), ("编号", 850, 739, 912, 776),
        ("2020-07-30", 145, 802, 330, 837), ("办班时间", 840, 802, 959, 837),
        ("15", 149, 866, 190, 900), ("所获分值", 840, 866, 960, 900),
        ("温州市卫生健康委员会", 645, 1339, 918, 1370),
        ("承办单位", 738, 1381, 825, 1414),
        ("二〇二0年七月三十一日", 641, 1436, 918, 1468),
        ("填发日期", 738, 1472, 825, 1505),
    )


def test_values_before_their_labels_on_one_line() -> None:
    f = extract_certificate(_underline_page())
    assert f.name == "宋勇静"
    assert f.project_title == "急诊胸痛中心建设与管理"  # was 面授 (the next line's value)
    assert f.mode == "面授"
    assert f.credits == 15.0
    assert f.date == "2020-07-30"
    assert f.certificate_no == "HZ-2020-584656"  # was the date of the line below 编号


def test_a_label_under_its_value_takes_the_line_above() -> None:
    f = extract_certificate(_underline_page())
    assert f.organizer == "温州市卫生健康委员会"  # was the issue date printed under 承办单位


def test_caption_rows_under_value_rows_pair_by_cell() -> None:
    f = extract_certificate(_frags(
        ("学分登记表", 502, 129, 739, 188),
        ("朱红艳", 152, 322, 239, 356), ("上海市浦东新区人民医院", 659, 318, 972, 356),
        ("（培训对象）", 324, 369, 423, 397), ("（任职单位）", 819, 367, 918, 396),
        ("2018-07-01-943(沪）", 145, 421, 399, 452), ("市级I类", 650, 422, 751, 456),
        ("(立项编号）", 322, 466, 425, 499), ("(级别）", 837, 466, 902, 500),
        ("儿童哮喘规范化管理", 166, 523, 421, 559),
        ("（培训主题）", 572, 569, 670, 597),
        ("远程", 154, 618, 217, 654), ("SH2018I046649", 600, 618, 841, 655),
        ("（培训形式）", 321, 666, 420, 699), ("（登记号）", 820, 666, 909, 699),
        ("2018.02.16", 144, 721, 330, 759), ("7分", 640, 721, 699, 759),
        ("（培训时间）", 322, 766, 421, 799), ("（授予分值）", 820, 766, 918, 799),
    ))
    assert f.name == "朱红艳"
    assert f.project_title == "儿童哮喘规范化管理"
    assert f.mode == "远程"
    assert f.credits == 7.0
    assert f.date == "2018-02-16"
    assert f.certificate_no == "SH2018I046649"
    assert f.organizer is None  # 任职单位 is the holder's unit, never the organizer


def test_label_rows_over_value_rows_pair_by_cell() -> None:
    f = extract_certificate(_frags(
        ("登记号：20183192404390", 1190, 312, 1521, 348),
        ("项目批准号", 138, 372, 251, 409), ("学分类型", 833, 374, 923, 407),
        ("2018-07-01-353(沪)", 152, 423, 477, 477), ("一类 (市级)", 846, 424, 1058, 478),
        ("培训内容", 138, 495, 228, 534),
        ("《儿童呼吸系统疾病诊治》", 178, 550, 591, 597),
        ("参训者", 139, 618, 210, 654), ("单位", 835, 617, 884, 654),
        ("潘倩", 152, 668, 241, 723), ("上海市第六人民医院", 858, 671, 1195, 720),
        ("办班时间", 139, 740, 230, 778), ("计分", 835, 740, 884, 778),
        ("2018年7月1日至2日", 157, 794, 460, 842), ("4", 850, 794, 884, 842),
        ("形式", 136, 860, 200, 903), ("登记号", 835, 860, 903, 903),
        ("面授", 157, 917, 230, 966), ("20183192404390", 850, 917, 1138, 966),
        ("举办方", 139, 983, 210, 1023),
        ("上海市第一人民医院", 158, 1037, 501, 1086),
    ))
    assert f.name == "潘倩"
    assert f.credits == 4.0
    assert f.date == "2018-07-01"
    assert f.mode == "面授"
    assert f.project_title == "儿童呼吸系统疾病诊治"
    assert f.organizer == "上海市第一人民医院"


# ------------------------------------------------------------- a header row over one value row


def test_header_row_with_stacked_cells_over_a_value_row_with_a_wrapped_cell() -> None:
    f = extract_certificate(_frags(
        ("继续医学教育项目管理与学分授予系统", 99, 91, 574, 122), ("打印日期：2018/12/1113:54", 1239, 93, 1556, 123),
        ("继续医学教育学分证书", 536, 273, 1116, 334),
        ("姓名：宋勇静", 93, 394, 306, 436), ("任职单位：平阳县中医院", 367, 398, 695, 435),
        ("登记号：2018I294617", 758, 398, 1040, 435),
        ("学分", 1087, 472, 1152, 517), ("学习方", 1442, 475, 1534, 515), ("序号培训项目", 105, 492, 309, 535),
        ("级别", 612, 492, 680, 535), ("立项编号", 800, 492, 919, 531), ("日期", 1190, 492, 1256, 535),
        ("式", 1436, 509, 1487, 557), ("分值", 1084, 511, 1152, 554),
        ("2018年1月23日起", 1185, 565, 1417, 614), ("一类省级", 612, 588, 739, 631), ("面授", 1442, 588, 1510, 630),
        ("消化内镜诊疗技术进展", 191, 590, 488, 631), ("10分", 1084, 594, 1149, 627),
        ("2018-04-01-818(省）", 803, 595, 1060, 627), ("1", 106, 598, 129, 624), ("至24日止", 1190, 610, 1313, 648),
        ("打印件与电子证书具有同等效力", 96, 687, 464, 723),
    ))
    assert f.project_title == "消化内镜诊疗技术进展"
    assert f.credits == 10.0
    assert f.date == "2018-01-23"  # not the print date
    assert f.mode == "面授"
    assert f.project_code == "2018-04-01-818(省)"


def test_a_header_rows_next_label_is_no_value() -> None:
    f = extract_certificate(_frags(
        ("参培人员：冯蕾慧", 97, 394, 352, 436), ("所在医院：永嘉县人民医院", 415, 398, 790, 435),
        ("证号：CME2020798036", 852, 398, 1152, 435),
        ("序", 105, 475, 145, 515), ("课程名称", 177, 491, 300, 535), ("学分性质项目代码", 525, 495, 793, 531),
        ("授课时间", 911, 495, 1030, 534), ("计分形式培训机构", 1120, 495, 1418, 531), ("号", 106, 509, 144, 551),
        ("慢性阻塞性肺疾病规范化", 177, 570, 503, 611),
        ("Ⅱ类学分", 529, 591, 649, 628), ("温州市护理学会", 1297, 591, 1508, 628), ("15", 1116, 594, 1158, 630),
        ("远程", 1203, 594, 1269, 628), ("2020-04-01-041(市)", 673, 595, 881, 627), ("2020-07-18", 911, 595, 1062, 627),
        ("1", 106, 597, 131, 627), ("诊疗", 177, 608, 245, 650),
        ("打印件与电子证书具有同等效力", 99, 688, 464, 720),
    ))
    assert f.project_title == "慢性阻塞性肺疾病规范化诊疗"  # was 学分性质项目代码
    assert f.credits == 15.0
    assert f.date == "2020-07-18"
    assert f.mode == "远程"
    assert f.organizer == "温州市护理学会"


def test_a_title_read_over_a_table_row_is_no_title() -> None:
    f = extract_certificate(_rows(
        "序号 课程名称 项目代码 学分等级 授课时间 所获学分 参加方式 主办单位",
        "1 《糖尿病综合管理新理念 2018-04-01-928(沪) 市级I类 2018/1/29 10 面授 复旦大学附属华山",
        "》",
    ))
    assert f.project_title is None or "2018" not in f.project_title


# ------------------------------------------------------------- values by type


def test_credits_in_capital_numerals_in_the_body() -> None:
    f = extract_certificate(_rows(
        "宋勇静同志",
        "于2022.7.19参加由浙江省医学会举办的《炎症性肠病诊治规范》",
        "(项目登记号:2022-04-01-413(省))学习,培训形式面授,经考",
        "核合格,授予省级继续医学教育I类学分拾分。",
    ))
    assert f.credits == 10.0
    assert parse_credits("肆学分") == 4.0


def test_a_dashed_date_range_is_no_project_code() -> None:
    assert find_codes("你于2018-11-10~11-12参加") == []
    f = extract_certificate(_rows(
        "你于2018-11-10~11-12参加上海市第一人民医院举办的市级继续医学教育I类",
        "继续医学教育项目《消化内镜诊疗技术进展》(2018-04-01-425(沪))培训,完成",
    ))
    assert f.project_code == "2018-04-01-425(沪)"
    assert f.organizer == "上海市第一人民医院"


def test_certificate_number_forms() -> None:
    f = extract_certificate(_rows("证书序号：沪继教字2018第40943号"))
    assert f.certificate_no == "沪继教字2018第40943号"
    assert normalize_certificate_no("ZJ2019-l-45813") == "ZJ2019-I-45813"


def test_a_class_two_numeral_read_as_11_before_a_dash() -> None:
    f = extract_certificate(_rows("II类学分登记凭证", "编号:JX202011-067472", "学分类别:二类"))
    assert f.certificate_no == "JX2020II-067472"


def test_a_date_or_a_seal_is_never_the_organizer() -> None:
    f = extract_certificate(_rows("主办单位：二〇二0年七月三十一日"))
    assert f.organizer is None
    f = extract_certificate(_rows("主办单位：学分登记专用章"))
    assert f.organizer is None


def test_a_subject_read_with_low_confidence_is_no_name() -> None:
    page = _frags(("大静司志", 947, 397, 1386, 497),
                  ("于2021.10.08-10.09参加由浙江省中医院举办的《医学科研设计与论文写作》(项目号", 444, 570, 1896, 617))
    page.lines[0].conf = 0.68
    page.lines[0].words[0].conf = 0.68
    assert extract_certificate(page).name is None


def test_control_a_label_over_its_value_still_takes_the_line_below() -> None:
    f = extract_certificate(_rows("学员姓名", "李娜", "主办单位", "温州市人民医院"))
    assert f.name == "李娜"
    assert f.organizer == "温州市人民医院"


def test_a_header_cut_into_two_rows_and_a_lettered_number_holding_no_code() -> None:
    f = extract_certificate(_frags(
        ("学员：罗平建", 136, 297, 332, 341), ("编码：CM2020-II-73566", 984, 302, 1334, 339),
        ("所获分", 1715, 380, 1808, 419), ("承办单位", 1828, 392, 1955, 441), ("编号", 946, 394, 1019, 442),
        ("学分属性", 736, 396, 860, 441), ("序号", 146, 397, 213, 439), ("课程题目", 245, 397, 365, 436),
        ("举办时间", 1286, 397, 1405, 436), ("培训形式", 1578, 397, 1701, 436), ("值", 1714, 416, 1756, 455),
        ("2020-04-05-671(市)", 947, 483, 1215, 529), ("二类学分", 738, 484, 860, 529),
        ("温州市医学会", 1833, 487, 2015, 529), ("急危重症护理新进展", 248, 488, 514, 525),
        ("二〇二〇年十月十日", 1289, 488, 1500, 525), ("远程", 1580, 488, 1644, 525),
        ("15", 1715, 488, 1757, 527), ("1", 146, 490, 175, 525),
    ))
    assert f.project_code == "2020-04-05-671(市)"  # was 2020-11-73-566, read in the certificate number
    assert f.project_title == "急危重症护理新进展"
    assert f.credits == 15.0
    assert f.mode == "远程"


def test_an_organizer_cut_short_or_run_into_a_seal_is_a_null() -> None:
    assert extract_certificate(_rows("举办单位:温州市护理学")).organizer is None
    assert extract_certificate(_rows("举办单位:复旦大学附属中山医院技教育部")).organizer is None
    assert extract_certificate(_rows("举办单位:复旦大学附属中山医院")).organizer == "复旦大学附属中山医院"  # control


def test_a_number_with_misread_digits_is_a_null() -> None:
    assert extract_certificate(_rows("证书号:201SZJ464257")).certificate_no is None
    assert extract_certificate(_rows("证书号:CMIE20190T9663")).certificate_no is None
    assert extract_certificate(_rows("证书号:2018ZJ464257")).certificate_no == "2018ZJ464257"  # control


def test_a_fragment_read_over_several_columns_is_cut_by_its_types() -> None:
    f = extract_certificate(_frags(
        ("编号：GJ-2020-566727", 751, 398, 1048, 435),
        ("参加", 992, 477, 1058, 517), ("序", 105, 478, 145, 518), ("课程题目", 177, 495, 294, 534),
        ("学分项目层次", 759, 495, 961, 531), ("学习时间", 1090, 495, 1211, 534), ("培训单位", 1297, 495, 1418, 534),
        ("项目代码", 522, 497, 643, 535), ("方式", 992, 511, 1058, 554), ("号", 109, 515, 139, 554),
        ("《心血管疾病诊治新进展", 193, 571, 503, 608), ("浙江省医学会", 1297, 590, 1481, 631),
        ("2020-04-04-968(省）10分省级I类", 523, 591, 953, 628), ("面授", 994, 594, 1061, 628),
        ("2020/2/7", 1088, 594, 1216, 630), ("1", 109, 598, 129, 627), ("》", 174, 615, 199, 644),
        ("本证书由医学继续教育学分登记系统生成，扫码可查验真伪", 99, 690, 793, 721),
    ))
    assert f.credits == 10.0  # was None: 10分 sat in the code's fragment
    assert f.project_code == "2020-04-04-968(省)"
    assert f.date == "2020-02-07"
    assert f.mode == "面授"


def test_a_name_on_a_line_of_its_own_before_the_body_sentence() -> None:
    f = extract_certificate(_rows(
        "学分证书", "授予", "陈佳鹏",
        "于2021年9月5-6日参加由浙江省护理学会举办的《新生儿危重症救治进展》(项目号:",
    ))
    assert f.name == "陈佳鹏"
    # 同志 misread or without its 同: where the name ends cannot be told, so no name (never 夏海浩志)
    f = extract_certificate(_rows("授予", "夏海浩志", "于2019年4月20号参加由宁波市第一医院举办的《儿童哮喘规范化管理》(编号:"))
    assert f.name is None


def test_a_number_with_a_character_lost_between_dashes_is_a_null() -> None:
    assert extract_certificate(_rows("编号:CM2022--12480")).certificate_no is None


def test_digits_inside_a_misread_english_label_are_no_credits() -> None:
    f = extract_certificate(_rows("所获分值((re1s:2分"))
    assert f.credits == 2.0  # None at e4afcec (label unknown); 1.0 (the 1 of re1s) once the label was known


def test_a_value_under_its_bilingual_row_is_no_header_cell() -> None:
    f = extract_certificate(_frags(
        ("授予分值", 196, 944, 330, 997), ("3", 420, 944, 440, 997),
        ("CMECredits", 196, 989, 340, 1020),
        ("授课方式", 196, 1037, 330, 1086), ("远程", 420, 1037, 480, 1086),
    ))
    assert f.credits == 3.0  # None at e4afcec; also guards 授予分值 / 3 / CMECredits taken for a header row


def test_a_name_after_a_sentence_head_never_runs_into_tongzhi() -> None:
    f = extract_certificate(_rows("兹证明", "李涛司志", "于2020.01.23-01.25参加由浙江省中医院举办的《糖尿病综合管理新理念》(编号:"))
    assert f.name is None  # was 李涛司志


def test_a_placeholders_remnant_is_no_organizer() -> None:
    assert extract_certificate(_rows("主办单位：(善醇中心")).organizer is None
