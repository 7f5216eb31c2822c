"""Session 13 regressions, certificate reading and page kind (issue 14): pages built from the words and boxes the
engine gave on session 11's families (development since session 12; /tmp/sets/hw11, captured OcrResults of the
page pass), each failing before the change (at f829a07).

Classes: a record card's label row printed skewed over its value row, chained into one row through the cells stacked
one over the other (讲习日期 over 2019年5月11日): fragments stacked in one cell join no row, and are read top to
bottom (《消化内镜诊疗技术 over 进展》); a card's section heading (学习项目登记, 学员情况: a label word and a heading word,
``heading_words`` of labels.yaml) is no title and no name; labels the vocabulary lacks known by their heads (讲习内容,
学分种别, 授课形态) and glued in one cell (给予学分参训形式); a fragment read over several columns giving its words
to the one untyped title left and a number ending it to the credits; a list whose codes lost their level suffix
(2021-07-01-893) is still a table of distinct project codes, not a registration form."""

from __future__ import annotations

from pipeline.classify import classify
from pipeline.extract.certificate import extract_certificate
from pipeline.models import CertificateFields, Line, OcrResult, Word

Box = tuple[str, float, float, float, float]


def _page(words: list[Box], size: tuple[int, int]) -> OcrResult:
    lines = [Line(text=t, conf=0.99, box=(x0, y0, x1, y1), words=[Word(text=t, conf=0.99, box=(x0, y0, x1, y1))])
             for t, x0, y0, x1, y1 in words]
    return OcrResult(engine="fake", engine_version="0", width=size[0], height=size[1], lines=lines)


def _fields(f: CertificateFields) -> tuple:
    return (f.name, f.project_code, f.project_title, f.category, f.credits, f.date, f.mode)


# hw11 温州市中心医院/戴静秀/3.pdf p3 (record_card, colour): the label row slopes down to the right, so its right end
# overlaps the value row's left end; 学习项目登记 is the section's heading
SKEWED_LABEL_ROW_SIZE = (1754, 1240)
SKEWED_LABEL_ROW: list[Box] = [
    ('继续医学教育登记卡', 693.0, 85.0, 1094.0, 150.0), ('继续医学教育学分证书', 778.0, 146.0, 1008.0, 190.0),
    ('个人信息', 149.0, 185.0, 235.0, 223.0), ('证书字号：浙继2019927748', 1382.0, 207.0, 1635.0, 247.0),
    ('听讲人', 153.0, 231.0, 236.0, 270.0), ('戴静秀', 361.0, 237.0, 443.0, 279.0), ('单位', 776.0, 253.0, 833.0, 291.0),
    ('温州市中心医院', 979.0, 258.0, 1153.0, 302.0), ('身份证号', 154.0, 286.0, 255.0, 324.0),
    ('3', 382.0, 300.0, 406.0, 325.0), ('0', 525.0, 306.0, 543.0, 329.0), ('3', 596.0, 309.0, 613.0, 331.0),
    ('8', 665.0, 310.0, 682.0, 334.0), ('3', 734.0, 311.0, 756.0, 338.0), ('1', 808.0, 318.0, 821.0, 335.0),
    ('9', 877.0, 318.0, 893.0, 340.0), ('学习项目登记', 141.0, 445.0, 263.0, 479.0), ('讲习日期', 249.0, 490.0, 342.0, 526.0),
    ('项目注册编码', 635.0, 503.0, 766.0, 540.0), ('培训题目', 1060.0, 516.0, 1150.0, 554.0),
    ('认定类别', 1268.0, 521.0, 1363.0, 561.0), ('获授学分', 1390.0, 527.0, 1482.0, 564.0),
    ('授课方式', 1510.0, 531.0, 1607.0, 569.0), ('2019年5月11日', 145.0, 546.0, 309.0, 587.0),
    ('2019-04-03-963(省)', 445.0, 559.0, 668.0, 597.0), ('《医疗核心制度解读》', 971.0, 575.0, 1194.0, 616.0),
    ('省·1', 1259.0, 585.0, 1324.0, 620.0), ('面授', 1499.0, 592.0, 1557.0, 630.0), ('8', 1381.0, 595.0, 1399.0, 619.0),
    ('考核情况：合格', 134.0, 682.0, 296.0, 721.0), ('说明：1.涂改无效，请妥善保管。', 133.0, 736.0, 421.0, 774.0),
    ('2.本卡由主办单位填写，加盖公章后有效。', 192.0, 768.0, 546.0, 807.0), ('3.本卡作为年度学分登记的凭证。', 191.0, 795.0, 475.0, 835.0),
    ('主办单位 (盖章)', 208.0, 867.0, 365.0, 908.0), ('学分验证单位盖章', 910.0, 892.0, 1082.0, 930.0),
    ('温州市医学继续教育委员会', 1053.0, 928.0, 1330.0, 991.0), ('学分核定登记章', 1059.0, 971.0, 1337.0, 1046.0),
    ('温州市人民医院', 651.0, 1014.0, 821.0, 1054.0), ('公元2019年5月11日', 625.0, 1047.0, 818.0, 1087.0),
]


def test_a_skewed_label_row_and_its_value_row_stay_two_rows():
    # before: one row of twelve fragments (no label row, no values: credits and mode null, FIELD_MISMATCH on the
    # credits 8 against the record's 10 missed), and the title 登记 from the heading 学习项目登记
    f = extract_certificate(_page(SKEWED_LABEL_ROW, SKEWED_LABEL_ROW_SIZE))
    assert _fields(f) == ('戴静秀', '2019-04-03-963(省)', '医疗核心制度解读', 'I类省级', 8.0, '2019-05-11', '面授')


# hw11 苍南县人民医院/曹辉/3.pdf p1 (record_card, colour): labels by their heads (讲习内容, 学分种别, 授课形态), the title
# and the code read as one fragment, 继续医学教育类15 (its Ⅱ lost) over 学分种别 and 赋予学分
HEAD_LABELS_AND_GLUED_CELLS_SIZE = (1754, 1240)
HEAD_LABELS_AND_GLUED_CELLS: list[Box] = [
    ('继续医学教育登记卡', 677.0, 94.0, 1074.0, 144.0), ('Ⅱ类学分登记证', 800.0, 152.0, 958.0, 185.0),
    ('证书序号：WZ2018/65167', 1359.0, 194.0, 1617.0, 221.0), ('学员情况', 134.0, 212.0, 223.0, 245.0),
    ('工作单位', 761.0, 254.0, 866.0, 295.0), ('苍南县人民医院', 969.0, 254.0, 1142.0, 295.0),
    ('听讲人', 143.0, 256.0, 225.0, 295.0), ('曹辉', 351.0, 256.0, 408.0, 295.0), ('身份证号码', 147.0, 313.0, 269.0, 346.0),
    ('3', 373.0, 316.0, 395.0, 343.0), ('3', 443.0, 316.0, 465.0, 345.0), ('0', 514.0, 316.0, 536.0, 343.0),
    ('8', 652.0, 316.0, 676.0, 343.0), ('9', 866.0, 316.0, 887.0, 345.0), ('9', 935.0, 316.0, 958.0, 345.0),
    ('3', 584.0, 317.0, 606.0, 343.0), ('1', 726.0, 318.0, 744.0, 342.0), ('1', 795.0, 318.0, 817.0, 343.0),
    ('1', 1078.0, 320.0, 1096.0, 342.0), ('2', 1148.0, 320.0, 1166.0, 340.0), ('6', 1289.0, 320.0, 1307.0, 340.0),
    ('6', 1500.0, 320.0, 1518.0, 342.0), ('学习项目登记', 137.0, 472.0, 259.0, 501.0),
    ('研修时间', 266.0, 512.0, 356.0, 545.0), ('讲习内容', 570.0, 512.0, 659.0, 545.0),
    ('学分种别', 1254.0, 513.0, 1344.0, 547.0), ('核准编号', 925.0, 515.0, 1011.0, 544.0),
    ('赋予学分', 1413.0, 515.0, 1527.0, 544.0), ('授课形态', 1513.0, 515.0, 1606.0, 544.0),
    ('面授', 1513.0, 573.0, 1572.0, 609.0), ('消化内镜诊疗技术进展2018-04-03-004（市）', 489.0, 574.0, 976.0, 606.0),
    ('继续医学教育类15', 1198.0, 574.0, 1444.0, 606.0), ('2018年10月26日上午', 148.0, 576.0, 386.0, 603.0),
    ('考核情况：合格', 137.0, 706.0, 306.0, 742.0), ('说明：1.本卡作为年度学分登记的凭证。', 137.0, 761.0, 465.0, 790.0),
    ('2.涂改无效，请妥善保管', 200.0, 792.0, 410.0, 819.0), ('3.1类学分须经继续医学教育委员会办公室审验盖章。', 199.0, 819.0, 628.0, 848.0),
    ('备注', 922.0, 893.0, 970.0, 924.0), ('举办单位盖章', 221.0, 894.0, 347.0, 923.0),
    ('温州市人民医院', 665.0, 1024.0, 835.0, 1056.0), ('2018年11月2日签', 645.0, 1054.0, 835.0, 1091.0),
]


def test_head_labels_and_a_fragment_over_several_columns_give_title_credits_and_mode():
    # before: the name 情况 (from the heading 学员情况), the title 登记, no credits, no mode
    f = extract_certificate(_page(HEAD_LABELS_AND_GLUED_CELLS, HEAD_LABELS_AND_GLUED_CELLS_SIZE))
    assert _fields(f) == ('曹辉', '2018-04-03-004(市)', '消化内镜诊疗技术进展', 'II类', 15.0, '2018-10-26', '面授')


# hw11 乐清市人民医院/曹琳娜/10.pdf p1 (record_card, colour): two labels by their heads in one cell (给予学分参训形式),
# the title wrapped in its cell, its second line (进展》) starting left of the first
GLUED_HEAD_LABELS_WRAPPED_TITLE_SIZE = (1653, 2339)
GLUED_HEAD_LABELS_WRAPPED_TITLE: list[Box] = [
    ('医学继续教育学习登记卡', 507.2, 182.7, 1149.4, 248.8), ('继续医学教育学分回执', 677.4, 265.3, 977.9, 301.8),
    ('登记号：GJ-II-20218574', 1219.8, 316.0, 1527.4, 352.5), ('学员情况', 126.8, 396.1, 241.8, 440.9),
    ('受训学员', 138.5, 469.2, 271.2, 515.2), ('曹琳娜', 333.4, 469.2, 439.1, 515.2), ('就职单位', 720.8, 469.2, 854.7, 515.2),
    ('乐清市人民医院', 919.2, 469.2, 1140.0, 514.0), ('身份证号', 139.7, 558.8, 271.2, 604.8),
    ('3', 348.7, 565.9, 378.0, 598.9), ('0', 481.3, 568.2, 507.2, 595.4), ('8', 884.0, 571.8, 900.5, 591.8),
    ('学习项目登记', 129.1, 780.5, 290.0, 817.0), ('讲习日期', 671.5, 831.1, 791.3, 874.8),
    ('课程名称', 972.1, 831.1, 1091.8, 874.8), ('类别', 1219.8, 833.5, 1317.2, 873.6),
    ('给予学分参训形式', 1298.5, 833.5, 1518.0, 874.8), ('项目审定号', 293.5, 834.7, 433.2, 873.6),
    ('《消化内镜诊疗技术', 892.2, 1044.5, 1175.2, 1092.9), ('二类15分面授', 1176.4, 1054.0, 1496.9, 1122.3),
    ('2021.01.11', 601.1, 1069.3, 765.5, 1112.9), ('2021-04-01-996(市)', 139.7, 1070.5, 426.2, 1112.9),
    ('进展》', 872.3, 1089.3, 966.2, 1135.3), ('考核情况：合格', 131.5, 1435.9, 351.0, 1478.4),
    ('说明：1.本卡作为年度学分登记的凭证。', 131.5, 1507.9, 551.8, 1544.4), ('2.涂改无效，请妥善保管。', 212.5, 1549.1, 481.3, 1580.9),
    ('3.本卡由主办单位填写，加盖公章后有效', 213.7, 1588.0, 645.7, 1618.7), ('备注', 872.3, 1681.2, 939.2, 1724.8),
    ('举办单位盖章', 213.7, 1684.7, 380.4, 1721.2), ('温州市卫生健康委员会', 314.6, 1819.1, 719.7, 1883.9),
    ('学分证明专用章', 320.5, 1891.0, 715.0, 1965.3), ('温州市卫生健康委员会', 468.4, 2017.2, 781.9, 2059.6),
]


def test_glued_head_labels_make_a_label_row_and_a_wrapped_title_reads_head_first():
    # before: the row of labels was no label row (给予学分参训形式 no label): title, credits, date and mode null,
    # and the value row read 进展》 《消化内镜诊疗技术
    page = _page(GLUED_HEAD_LABELS_WRAPPED_TITLE, GLUED_HEAD_LABELS_WRAPPED_TITLE_SIZE)
    f = extract_certificate(page)
    assert _fields(f) == ('曹琳娜', '2021-04-01-996(市)', '消化内镜诊疗技术进展', 'II类', 15.0, '2021-01-11', '面授')
    assert "《消化内镜诊疗技术 进展》" in f.page_text


# hw11 温州市中西医结合医院/叶雪华/7.pdf (list_merged_credit, bw scan): both codes lost their level suffix
# (2021-07-01-784: -5), 2021-07-01-893), each on a line of its own under its title
CODES_WITHOUT_SUFFIX_SIZE = (1653, 2339)
CODES_WITHOUT_SUFFIX: list[Box] = [
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


def test_a_list_whose_codes_lost_their_suffix_is_a_list():
    # before: registration_form (身份证号, 登记, 年度, 合计: no code counted without its suffix)
    assert classify(_page(CODES_WITHOUT_SUFFIX, CODES_WITHOUT_SUFFIX_SIZE))[0] == "annual_list"
