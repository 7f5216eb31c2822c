"""Extraction from synthetic OcrResults: the layouts of real certificates, lists and forms."""

from __future__ import annotations

import re

from pipeline.extract.annual_list import extract_annual_list
from pipeline.extract.certificate import extract_certificate, extract_from_blob
from pipeline.extract.form import extract_form
from pipeline.models import Line, OcrResult, Word


def _result(rows: list[list[tuple[str, float]]], *, conf: float = 0.9, line_h: float = 30.0) -> OcrResult:
    """rows of (text, x) cells -> an OcrResult with one line per cell, rows 50 px apart."""
    lines = []
    for i, row in enumerate(rows):
        y = 40.0 + 50.0 * i
        for text, x in row:
            box = (x, y, x + 12.0 * len(text), y + line_h)
            lines.append(Line(text=text, conf=conf, box=box, words=[Word(text=text, conf=conf, box=box)]))
    return OcrResult(engine="fake", engine_version="0", width=1700, height=1200, lines=lines)


PARAGRAPH = _result([
    [("国家级继续医学教育项目学分证书", 500)],
    [("证书编号：GJ2018I2197263", 1100)],
    [("戴思娜同志于2018年10月23日至25日参加《产科危急重症救治》（项目编号：2018-06-", 200)],
    [("01-788(国)）学习，经考核合格，授予国家级继续医学教育Ⅰ类学分7分。", 150)],
    [("学习形式：面授", 240)],
    [("主办单位：北京协和医院", 700)],
    [("二〇一八年十月二十五日", 930)],
    [("学分验证：", 200)],
])


def test_paragraph_certificate_all_fields():
    f = extract_certificate(PARAGRAPH)
    assert f.name == "戴思娜"
    # the code is wrapped over two lines and must still be whole
    assert f.project_code == "2018-06-01-788(国)"
    assert f.project_title == "产科危急重症救治"
    assert f.category == "I类国家级"
    assert f.credits == 7.0
    # the activity's first day, not the issue date (二〇一八年十月二十五日)
    assert f.date == "2018-10-23"
    assert f.mode == "面授"
    assert f.organizer == "北京协和医院"
    assert f.certificate_no == "GJ2018I2197263"
    assert set(f.confidence) == {"name", "project_code", "project_title", "category", "credits", "date",
                                 "mode", "organizer", "certificate_no"}


def test_provincial_body_wording_gives_provincial_category():
    r = _result([
        [("省级继续医学教育项目学分证书", 500)],
        [("王伟同志于2019年3月2日参加省级继续医学教育项目《心肺复苏技能培训》（项目编号：2019-04-05-", 200)],
        [("123(省)）学习，成绩合格，授予省级继续医学教育Ⅰ类学分4.5分。", 150)],
    ])
    f = extract_certificate(r)
    assert (f.category, f.credits, f.project_code, f.date) == ("I类省级", 4.5, "2019-04-05-123(省)", "2019-03-02")


def test_table_certificate_label_value_rows():
    r = _result([
        [("继续医学教育Ⅱ类学分证书", 500)],
        [("姓名", 200), ("赵婷洋", 580)],
        [("项目名称", 200), ("传染病防治知识培训", 580)],
        [("项目编号", 200), ("2018-06-01-411(市)", 580)],
        [("学分类别", 200), ("Ⅱ类", 580)],
        [("学分", 200), ("2.5", 580)],
        [("日期", 200), ("2018-01-14", 580)],
        [("学习形式", 200), ("远程", 580)],
        [("主办单位", 200), ("温州市卫生健康委员会", 580)],
        [("证书编号", 200), ("ZJ2018II1808635", 580)],
        [("发证单位：温州市卫生健康委员会", 760)],
        [("2018年1月14日", 930)],
    ])
    f = extract_certificate(r)
    assert f.model_dump(exclude={"stamps", "unsure_ink", "confidence", "alternatives", "read_as", "candidates", "page_text", "verified"}) == {
        "name": "赵婷洋", "project_code": "2018-06-01-411(市)", "project_title": "传染病防治知识培训",
        "category": "II类", "credits": 2.5, "date": "2018-01-14", "mode": "远程",
        "organizer": "温州市卫生健康委员会", "certificate_no": "ZJ2018II1808635"}


def test_unread_fields_stay_none():
    r = _result([[("继续医学教育学分证书", 500)], [("经考核合格", 200)]])
    f = extract_certificate(r)
    assert f.name is None and f.project_code is None and f.credits is None and f.date is None
    assert f.confidence == {}


def test_blob_baseline_reads_the_easy_fields_only():
    f = extract_from_blob(PARAGRAPH)
    assert f.name == "戴思娜"
    assert f.project_title == "产科危急重症救治"
    assert f.confidence == {}


LIST_HEADER = [("序号", 60), ("日期", 120), ("项目编号", 260), ("项目名称", 520), ("学分类别", 880),
               ("学分", 1010), ("学习形式", 1100)]


def _list_row(seq, date, code, title, cat, credits, mode):
    return [(seq, 60), (date, 120), (code, 260), (title, 520), (cat, 880), (credits, 1010), (mode, 1100)]


def test_annual_list_rows_by_header_columns():
    r = _result([
        [("2019年度继续医学教育学分登记表", 400)],
        [("姓名：戴思娜", 60), ("身份证号：330381198711060198", 300), ("单位：乐清市人民医院", 800)],
        LIST_HEADER,
        _list_row("1", "2019-01-08", "2019-06-01-465(市)", "医院感染预防与控制", "II类", "1", "面授"),
        _list_row("2", "2019-02-01", "2019-06-01-888(国)", "产科危急重症救治", "I类国家级", "6.5", "远程"),
        [("合计：7.5分（I类国家级 6.5 分，I类省级 0 分，II类 1 分）", 60)],
    ])
    lst = extract_annual_list(r)
    assert lst.years == [2019]
    assert lst.name == "戴思娜"
    assert lst.id_number == "330381198711060198"
    assert [row.model_dump(exclude={"cells", "verified", "read_as"}) for row in lst.rows] == [
        {"seq": 1, "date": "2019-01-08", "project_code": "2019-06-01-465(市)", "project_title": "医院感染预防与控制",
         "category": "II类", "credits": 1.0, "mode": "面授"},
        {"seq": 2, "date": "2019-02-01", "project_code": "2019-06-01-888(国)", "project_title": "产科危急重症救治",
         "category": "I类国家级", "credits": 6.5, "mode": "远程"},
    ]


def test_annual_list_two_year_header_gives_both_years():
    r = _result([
        [("2018-2019年度继续医学教育学分登记表", 400)],
        LIST_HEADER,
        _list_row("1", "2018-12-08", "2018-06-01-465(市)", "医院感染预防与控制", "II类", "1", "面授"),
    ])
    assert extract_annual_list(r).years == [2018, 2019]


def test_annual_list_without_header_parses_row_text_in_order():
    r = _result([[("3 2020-05-06 2020-04-05-123(省) 心力衰竭规范化管理 I类省级 4 面授", 60)]])
    rows = extract_annual_list(r).rows
    assert len(rows) == 1
    assert rows[0].seq == 3 and rows[0].project_code == "2020-04-05-123(省)"
    assert rows[0].project_title == "心力衰竭规范化管理"
    assert (rows[0].category, rows[0].credits, rows[0].mode) == ("I类省级", 4.0, "面授")


def test_registration_form_fields_and_totals():
    r = _result([
        [("温州市卫生系统中高级卫生技术人员", 400)],
        [("继续医学教育学分登记汇总表", 450)],
        [("姓名：戴思娜", 100), ("性别：女", 600), ("出生年月：1987-11", 900)],
        [("所在单位名称：乐清市人民医院", 100)],
        [("学员身份证号码：330381198711060198", 100)],
        [("年度", 100), ("I类国家级", 260), ("I类省级", 430), ("II类", 600), ("合计", 760)],
        [("2018", 100), ("7", 260), ("11", 430), ("16.5", 600), ("34.5", 760)],
        [("2019", 100), ("0", 260), ("10", 430), ("23", 600), ("33", 760)],
        [("合计", 100), ("7", 260), ("21", 430), ("39.5", 600), ("67.5", 760)],
    ])
    form = extract_form(r)
    assert form.name == "戴思娜"
    assert form.unit == "乐清市人民医院"
    assert form.id_number == "330381198711060198"
    assert form.totals == {2018: 34.5, 2019: 33.0}


def test_rows_merge_by_vertical_overlap_and_mark_wide_gaps():
    from pipeline.extract.layout import TextLine, merge_rows

    lines = [TextLine("学分类别", (100, 100, 200, 130), 0.9), TextLine("Ⅱ类", (400, 102, 440, 131), 0.9),
             TextLine("学分", (100, 134, 150, 164), 0.9), TextLine("4", (400, 135, 412, 163), 0.9),
             TextLine("主办单位：浙江省", (100, 200, 300, 230), 0.9), TextLine("人民医院", (310, 200, 400, 230), 0.9)]
    rows = merge_rows(lines)
    # rows 4 px apart stay apart; a wide gap is two spaces, a narrow one a single space
    assert [r.text for r in rows] == ["学分类别  Ⅱ类", "学分  4", "主办单位：浙江省 人民医院"]


def test_table_credits_when_rows_are_close():
    r = _result([[("学分类别", 200), ("Ⅱ类", 580)], [("学分", 200), ("4", 580)]], line_h=45.0)
    assert extract_certificate(r).credits == 4.0


def test_list_row_without_a_readable_date_keeps_its_code_and_no_false_date():
    r = _result([[("10 2020-04-04-985(市) 临床合理用药培训 II类 1 面授", 60)]])
    rows = extract_annual_list(r).rows
    assert len(rows) == 1
    assert rows[0].project_code == "2020-04-04-985(市)" and rows[0].date is None


def _table_result(rows: list[tuple[str, str]]):
    from pipeline.models import Line, OcrResult, Word

    lines = []
    for i, (label, value) in enumerate(rows):
        y = 100 + 60 * i
        text = f"{label} {value}"
        lines.append(Line(text=text, conf=0.95, box=(100, y, 900, y + 40),
                          words=[Word(text=label, conf=0.95, box=(100, y, 300, y + 40)),
                                 Word(text=value, conf=0.95, box=(400, y, 900, y + 40))]))
    return OcrResult(engine="fake", engine_version="1", width=1000, height=1000, lines=lines)


def test_a_label_read_with_one_wrong_character_still_labels_its_row():
    from pipeline.extract.certificate import extract_certificate

    fields = extract_certificate(_table_result([
        ("姓名", "谢娟颖"), ("学力形式", "远程"), ("王办单位", "瑞安市人民医院"), ("学分类剂", "II类")]))
    assert (fields.mode, fields.organizer, fields.category) == ("远程", "瑞安市人民医院", "II类")
    assert fields.confidence["organizer"] < 0.95  # a guessed label lowers the confidence


def test_another_known_label_is_not_taken_for_a_fuzzy_one():
    from pipeline.extract.certificate import extract_certificate

    fields = extract_certificate(_table_result([("姓名", "谢娟颖"), ("承办单位", "温州市医学会"),
                                                ("王办单位", "浙江省医学会")]))
    # 承办 is one edit from 主办, but it is the co-organizer's row: never read as 主办单位 at one edit.
    # Alone it names the unit that ran the project (issue 14: a fallback label), so the fuzzy 王办单位
    # row, not the 承办单位 one, is taken here
    assert fields.organizer == "浙江省医学会"
    both = extract_certificate(_table_result([("承办单位", "温州市医学会"), ("主办单位", "浙江省医学会")]))
    assert both.organizer == "浙江省医学会"  # beside a 主办单位, the 承办单位 is never chosen
    exact = extract_certificate(_table_result([("主办单位", "温州市医学会"), ("王办形式", "浙江省医学会")]))
    assert exact.organizer == "温州市医学会"  # an exact label wins over a fuzzy one


def test_body_date_with_day_mark_misread_on_a_thresholded_scan():
    r = _result([
        [("省级继续医学教育项目学分证书", 500)],
        [("戴娜伟同志于2019年4月11H至13目参加省级继续医学教育项目《产科危急重症救治》(项", 200)],
        [("目编号:2019-06-01-827(省))学习,成绩合格,授予省级继续医学教育I类学分7分。", 150)],
    ])
    assert extract_certificate(r).date == "2019-04-11"


def test_seal_ring_text_crossing_the_organizer_row_is_not_joined_to_it():
    from pipeline.models import Line

    def line(text: str, box: tuple[float, float, float, float]) -> Line:
        return Line(text=text, conf=0.99, box=box, words=[Word(text=text, conf=0.99, box=box)])

    # the seal's ring text read as tall fragments (rotated characters) overlapping the printed row
    r = OcrResult(engine="fake", engine_version="0", width=1700, height=1200, lines=[
        line("省级继续医学教育项目学分证书", (500, 40, 1400, 100)),
        line("中医院", (1215, 994, 1414, 1150)),
        line("江省", (1129, 1006, 1281, 1137)),
        line("主办单位：浙江省中医院", (979, 1108, 1384, 1166)),
        line("2020年2月9日", (1282, 1192, 1498, 1235)),
    ])
    assert extract_certificate(r).organizer == "浙江省中医院"



def test_organizer_value_with_the_label_in_part_only_for_rereads():
    from pipeline.extract.certificate import ORG_LABEL_LOOSE, organizer_value

    assert organizer_value("主办  温 温州市人民医院") is None  # the page pass wants the whole label
    assert organizer_value("主办  温 温州市人民医院", ORG_LABEL_LOOSE) == "温温州市人民医院"
    assert organizer_value("主办单位;  江省医学会", ORG_LABEL_LOOSE) == "江省医学会"
    assert organizer_value("学分证节专用章", ORG_LABEL_LOOSE) is None


def test_dates_read_without_their_usual_marks():
    # the body's date right after 同志 (于 not printed or lost)
    body = _result([[("孙桂婷同志2021年1月5日至7日参加《炎症性肠病诊治规范》(项目编号:", 300)]])
    assert extract_certificate(body).date == "2021-01-05"
    # a table row whose label lost a stroke (日 -> H): the value still has to parse as a date
    table = _result([[("H期", 200), ("2020年6月27日", 580)], [("H期", 200), ("远程", 580)]])
    f = extract_certificate(table)
    assert f.date == "2020-06-27" and f.confidence["date"] < 0.9
    assert extract_certificate(_result([[("H期", 200), ("远程", 580)]])).date is None


def test_body_credits_with_the_grant_word_misread():
    # thresholded scans: 授予 read 授子 / 授 alone, 学 read 字, or 授予 left on the line before
    for body in ["成绩合格,授子省级继续医学教育I类学分5分。", "经考核合格,授国家级继续医学教育I类学分10分。",
                 "学小·成绩合格·授下省级维续医学教育I类字分6分", "级继续医学教育I类学分7分。"]:
        r = _result([[("省级继续医学教育项目学分证书", 500)], [(body, 150)]])
        assert extract_certificate(r).credits == float(re.search(r"(\d+)分", body).group(1)), body
    # a lost digit is not a credit
    lost = _result([[("绩合格.授予省级继续医学教育I类学分+分。", 150)]])
    assert extract_certificate(lost).credits is None


def test_zeros_read_as_brackets_are_restored_as_a_repair():
    r = _result([
        [("李涛静同志于2(0)2()年8月2()日至21日参加省级继续医学教育项目《急危重症护理新进展》", 200)],
        [("项目编号:2020-()4-01-833(省))学习,成绩合格,授予省级继续医学教育I类学分9分。", 150)],
    ], conf=0.97)
    f = extract_certificate(r)
    assert (f.date, f.project_code) == ("2020-08-20", "2020-04-01-833(省)")
    # repaired values serve matching but prove no mismatch (matching.yaml mismatch_min_confidence 0.92)
    assert f.confidence["date"] < 0.92 and f.confidence["project_code"] < 0.92


def test_table_label_with_a_character_lost():
    table = _result([[("期", 200), ("2018-09-20", 580)], [("项编号", 200), ("2018-04-04-915(市)", 580)]])
    f = extract_certificate(table)
    assert (f.date, f.project_code) == ("2018-09-20", "2018-04-04-915(市)")
    assert f.confidence["date"] < 0.9
    # the value must still parse: a lone 期 before other words labels nothing
    assert extract_certificate(_result([[("期", 200), ("远程", 580)]])).date is None


def test_body_name_and_date_with_stray_marks_around_tongzhi():
    # seed 373, bw 300 dpi: a mark before 同志 and 于 read as F
    r = _result([[("张洋明[同志F2020年3月20日全22日参加省级继料续[医学教育项目", 200)]])
    f = extract_certificate(r)
    assert (f.name, f.date) == ("张洋明", "2020-03-20")
    # two marks are not one stray mark: no date is taken from there
    assert extract_certificate(_result([[("张洋明同志FF2020年3月20日", 200)]])).date is None


def test_fuzzy_label_rows_are_tried_until_one_parses():
    # the first row with a near label holds no date; the next one does
    f = extract_certificate(_result([[("H期", 200), ("见附件", 580)], [("日朝", 200), ("2020年6月27日", 580)]]))
    assert f.date == "2020-06-27"
    # a row whose label was read exactly belongs to that label, even when its value does not parse
    f = extract_certificate(_result([[("证书编号", 200), ("见背面", 580)], [("证书缟号", 200), ("ZJ2018II1808635", 580)]]))
    assert f.certificate_no == "ZJ2018II1808635"
