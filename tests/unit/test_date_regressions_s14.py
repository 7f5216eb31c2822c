"""Session 14 regressions, certificate activity dates (issue 14): pages built from the words and boxes the engine
gave on development pages (sets /tmp/r14/dw, seed 14201, and /tmp/r14/dw2, generated at 51dd4d0: captured OcrResults
of the certificate pass), each failing before the change (at 6f26937).

Class: a date printed with middle dots between its numbers (2019·06·22), or one dot read as a middle dot
(2019.08·03), was no date at all: the activity date was null on labelled lines, table rows and sentences alike.
A code's groups may be read with middle dots too, so a serial after such a date still makes it none; an issue date
on the same page must still not be taken for the activity's."""

from __future__ import annotations

from pipeline.normalize import find_dates, parse_date

from tests.unit.captured_pages import Box, certificate_of as _read


# dw 戴娟静/4.pdf p2: 起止日期：2019·06·22 labelled; 授证日期 (the issue date, 6-25) under the seal
LABELLED_SIZE = (1653, 2339)
LABELLED: list[Box] = [
    ('Ⅱ类学分认定书', 620, 226, 1037, 295), ('(全国继续医学教育管理平台）', 636, 331, 1010, 373), ('学习人员：戴娟静', 225, 502, 501, 552),
    ('所在机构:永嘉县人民医院', 225, 574, 648, 627), ('学习主题：伤口造口护理新进展', 227, 654, 717, 701),
    ('项目备案号：2019-13-01-978(市)', 227, 727, 745, 775), ('核定学分：15', 229, 806, 436, 850),
    ('学分级次：院级Ⅱ类', 227, 879, 540, 927), ('起止日期：2019·06·22', 229, 956, 627, 997), ('受训形式：面授', 229, 1030, 467, 1074),
    ('办班单位：温州市人民医院', 229, 1103, 646, 1146), ('发证编号：WZ2019/83340', 229, 1179, 646, 1226),
    ('院', 1234, 1668, 1304, 1718), ('温州市人民医院', 999, 1671, 1261, 1746), ('授证日期：二零一九年六月二十五日', 724, 1751, 1249, 1806),
    ('验证码：5TUMQ6UY', 195, 1811, 438, 1851), ('输出时间：2019年11月5日', 1237, 2193, 1527, 2229),
]

# dw 黄丽华/3.pdf p2: the date in the sentence, 黄丽华于2019·06·25参加
SENTENCE_SIZE = (1653, 1167)
SENTENCE: list[Box] = [
    ('继续医学教育学分：受予证明', 491, 139, 1155, 191), ('黄丽华于2019·06·25参加由宁波市第一医院举办的《临床检验质量管理》', 236, 341, 1371, 379),
    ('2019-11-01-609（省)）学习，考核合格，获I类（省）学分10分。', 161, 402, 1167, 443), ('教学方式面授', 164, 487, 372, 522),
    ('市第一医', 1079, 772, 1325, 845), ('宁波市第一医院', 1027, 815, 1274, 880), ('登记验印：', 266, 851, 394, 886),
    ('宁', 1003, 899, 1046, 930), ('WZCME-201945380', 160, 1025, 364, 1058),
]

# dw 宋秀/学分材料.pdf p4: a table row, 2018·03·27 under 研修时间; the print time 开具时间 in the header band
TABLE_ROW_SIZE = (2339, 1653)
TABLE_ROW: list[Box] = [
    ('继续医学教育学分管理平台', 137, 54, 475, 90), ('开具时间2018/9/613:10:54', 1860, 59, 2203, 90),
    ('继续医学教育项目学分授予证书', 767, 181, 1574, 236), ('学员名称宋秀', 137, 301, 345, 343),
    ('所属单位瓯海区娄桥街道社区卫生服务中心', 406, 303, 1010, 339), ('发证编号CME·2018·659513', 1076, 304, 1505, 336),
    ('项目代号', 864, 378, 984, 423), ('学分层级', 1272, 378, 1395, 423), ('研修时间', 1535, 378, 1658, 423),
    ('所授学分参学方式', 1895, 378, 2160, 420), ('序号', 144, 380, 212, 420), ('项目主题', 266, 380, 388, 419),
    ('I类 (国家)', 1276, 446, 1437, 494), ('面授', 2036, 450, 2107, 493), ('《护理质量与安全管理》', 286, 454, 574, 491),
    ('2018-13-01-808(国）', 867, 454, 1116, 491), ('2018·03·27', 1537, 454, 1727, 491), ('10', 1895, 454, 1939, 493),
    ('1', 146, 459, 170, 488), ('注：本凭证仅作学分登记之用，请妥善保存', 137, 540, 635, 578), ('CME·2018·659513', 137, 751, 349, 782),
    ('私大学附属第一', 1582, 1222, 1846, 1290), ('温州医科大学附属第一医院', 1472, 1280, 1879, 1329),
    ('验证盖章样：学教育委员', 875, 1291, 1185, 1347), ('温', 1504, 1327, 1546, 1354), ('学分验证章', 979, 1381, 1178, 1445),
]


def test_middle_dot_dates_parse():
    assert parse_date("2019·06·22") == "2019-06-22"
    assert parse_date("集中学习日 2019.08·03") == "2019-08-03"
    (span,) = find_dates("2019·06·22—2019·06·25")
    assert (span.iso, span.is_range, span.end) == ("2019-06-22", True, 21)


def test_middle_dot_code_is_no_date():
    # a project code read with middle dots, and a certificate number with a year group, stay no date
    assert parse_date("2019·05·01·962") is None
    assert parse_date("2019·05·01-962(国)") is None
    assert parse_date("CME·2018·659513") is None


def test_labelled_middle_dot_date_not_the_issue_date():
    assert _read(LABELLED, LABELLED_SIZE).date == "2019-06-22"


def test_middle_dot_date_in_the_sentence():
    assert _read(SENTENCE, SENTENCE_SIZE).date == "2019-06-25"


def test_middle_dot_date_in_a_table_row():
    assert _read(TABLE_ROW, TABLE_ROW_SIZE).date == "2018-03-27"
