"""Regression pages for the failure classes of certificates the tool had never seen (issue 14).

Each page is a small OcrResult built from text lines, shaped like a design that is not one of
``samples/``' two classic ones: fill-in forms, e-certificates with a print date, 兹证明 bodies,
dotted ranges, other certificate-number forms, Shanghai's 市级 wording. Each failure class's test
failed on the code at 783d88a (the commit before this work); the cases marked "control" passed
there already and guard forms that must keep working.
"""

from __future__ import annotations

import pytest

from pipeline.extract.certificate import extract_certificate
from pipeline.models import Line, OcrResult, Word
from pipeline.normalize import normalize_code, normalize_text, parse_category, parse_date


def _result(rows: list[list[tuple[str, float]]], *, conf: float = 0.95) -> OcrResult:
    """rows of (text, x) cells -> an OcrResult with one line per cell, rows 50 px apart."""
    lines = []
    for i, row in enumerate(rows):
        y = 40.0 + 50.0 * i
        for text, x in row:
            box = (x, y, x + 12.0 * len(text), y + 30.0)
            lines.append(Line(text=text, conf=conf, box=box, words=[Word(text=text, conf=conf, box=box)]))
    return OcrResult(engine="fake", engine_version="0", width=1700, height=1200, lines=lines)


# ------------------------------------------------------------------ names


def test_name_stops_at_the_next_label_of_its_row() -> None:
    # 783d88a: 张三工作 (the 工作单位 label after the name taken in)
    f = extract_certificate(_result([
        [("继续医学教育学分证书", 500)],
        [("学员姓名：张三工作单位：温州市中心医院", 200)],
        [("项目名称：社区慢病管理培训班", 200)],
    ]))
    assert f.name == "张三"


def test_name_cut_where_a_label_straddles_two_cells() -> None:
    # 783d88a: 张三工 (the label's first character read with the name's cell)
    f = extract_certificate(_result([
        [("姓名：张三工", 200), ("作单位：温州市中心医院", 520)],
        [("课程名称：社区慢病管理培训班", 200)],
    ]))
    assert f.name == "张三"


def test_name_after_zhengming_does_not_take_its_last_character() -> None:
    # 783d88a: 证明张三 / 明张三 (the tail of 兹证明 read as part of the name)
    f = extract_certificate(_result([
        [("继续医学教育证书", 500)],
        [("兹证明张三同志于2021年5月12日参加《心力衰竭规范化管理》", 150)],
        [("学习，经考核合格，授予Ⅰ类学分6分。", 150)],
    ]))
    assert f.name == "张三"
    no_tongzhi = extract_certificate(_result([[("兹证明王晓参加了2021年5月12日举办的《心力衰竭规范化管理》", 150)]]))
    assert no_tongzhi.name == "王晓"


# ------------------------------------------------------------------ dates


def test_print_date_is_not_the_activity_date() -> None:
    # 783d88a: 2021-06-30 (打印日期：… is a label ending in 日期 followed by a colon)
    f = extract_certificate(_result([
        [("继续医学教育电子证书", 500)],
        [("打印日期：2021-06-30", 1100)],
        [("姓名：张三", 200)],
        [("项目名称：心力衰竭规范化管理", 200)],
        [("举办时间：2021年5月12日至14日", 200)],
        [("授予学分：6", 200)],
    ]))
    assert f.date == "2021-05-12"
    issue_first = extract_certificate(_result([
        [("发证日期：2021年7月1日", 200)],
        [("培训日期：2021/5/12", 200)],
    ]))
    assert issue_first.date == "2021-05-12"


@pytest.mark.parametrize(("printed", "iso"), [
    ("2021.05.12-05.14", "2021-05-12"),
    ("2021.5.12~5.14", "2021-05-12"),  # control
    ("2021/5/12—5/14", "2021-05-12"),
    ("2021.05.12-2021.05.14", "2021-05-12"),
    ("2021年5月12日-5月14日", "2021-05-12"),  # control
])
def test_a_range_gives_its_start(printed: str, iso: str) -> None:
    # 783d88a: None for the dotted ranges (the day's lookahead took -05 for a project code's head)
    assert parse_date(normalize_text(printed)) == iso
    f = extract_certificate(_result([[("学习时间：" + printed, 200)], [("姓名：张三", 200)]]))
    assert f.date == iso


def test_date_in_chinese_numerals_and_slashes() -> None:  # control
    assert parse_date("二〇二一年五月十二日") == "2021-05-12"
    assert parse_date("2021/5/12") == "2021-05-12"


# ------------------------------------------------------------------ certificate numbers


@pytest.mark.parametrize(("row", "number"), [
    ("No.20210512003", "20210512003"),
    ("NO：2021051200371", "2021051200371"),
    ("证书号：20210512003", "20210512003"),  # control
    ("编号：WZ-2021-00371", "WZ-2021-00371"),
    ("证书编号：沪继教2018010037", "沪继教2018010037"),
])
def test_certificate_number_forms(row: str, number: str) -> None:
    # 783d88a: None (No., 编号 and a Chinese prefix unknown), or 证书号's value cut at its CJK prefix
    f = extract_certificate(_result([[("继续医学教育学分证书", 500)], [(row, 1000)], [("姓名：张三", 200)]]))
    assert f.certificate_no == number


def test_class_two_read_as_i1_before_lei() -> None:
    # 783d88a: I1类 was no class word (category None)
    assert normalize_text("I1类学分") == "II类学分"
    assert parse_category("Il类") == "II类"
    f = extract_certificate(_result([[("学分类别：I1类", 200)], [("学分：2", 200)]]))
    assert f.category == "II类"


# ------------------------------------------------------------------ fill-in forms


def test_fill_in_form_cells_and_placeholders() -> None:
    # 783d88a: title and credits lost (培训项目, 学分数 in cells), organizer "(盖章)"
    f = extract_certificate(_result([
        [("继续医学教育学分登记证明", 500)],
        [("姓名", 150), ("李娜", 400), ("性别", 700), ("女", 900)],
        [("培训项目", 150), ("基层卫生适宜技术推广", 400)],
        [("学分数", 150), ("3分", 400), ("类别", 700), ("Ⅱ类", 900)],
        [("培训单位(盖章)", 150), ("温州市人民医院", 500)],
        [("年  月  日", 1000)],
    ]))
    assert (f.name, f.project_title, f.credits, f.category) == ("李娜", "基层卫生适宜技术推广", 3.0, "II类")
    assert f.organizer == "温州市人民医院"
    assert f.date is None  # 年 月 日 is a blank to fill in, not a date


def test_a_placeholder_is_never_the_organizer() -> None:
    # 783d88a: organizer "(盖章)"
    f = extract_certificate(_result([[("主办单位：(盖章)", 200)], [("姓名：张三", 200)]]))
    assert f.organizer is None


# ------------------------------------------------------------------ Shanghai


def test_shanghai_city_level_class_one_is_the_records_provincial() -> None:
    # 783d88a: category None (市级Ⅰ类 and the (沪) suffix mapped to nothing)
    assert parse_category("市级Ⅰ类学分") == "I类省级"
    assert parse_category("市级一类") == "I类省级"
    assert normalize_code("2018-03-01-015(沪)") == "2018-03-01-015(沪)"
    f = extract_certificate(_result([
        [("上海市继续医学教育学分证书", 500)],
        [("张三同志于2018年4月2日参加上海市继续医学教育项目", 150)],
        [("《老年慢病综合管理》(项目编号：2018-03-01-015(沪))学习，", 150)],
        [("授予市级Ⅰ类学分4分。", 150)],
    ]))
    assert (f.category, f.project_code, f.credits) == ("I类省级", "2018-03-01-015(沪)", 4.0)
    by_code = extract_certificate(_result([[("项目编号：2018-03-01-015(沪)", 200)], [("学分：4", 200)]]))
    assert by_code.category == "I类省级"


# ------------------------------------------------------------------ candidates kept


def test_other_candidates_are_kept_with_their_roles() -> None:
    f = extract_certificate(_result([
        [("打印时间：2021-06-30", 1100)],
        [("举办时间：2021年5月12日", 200)],
    ]))
    dates = {(c["value"], c["role"]) for c in f.candidates["date"]}
    assert ("2021-05-12", "activity") in dates and ("2021-06-30", "issue") in dates
    assert f.candidates["date"][0]["value"] == "2021-05-12"  # the chosen one first
    assert "举办时间" in (f.page_text or "")


# ------------------------------------------------------------------ development-family shapes


def test_a_code_labelled_bianhao_is_no_certificate_number() -> None:
    f = extract_certificate(_result([
        [("学员姓名:", 150), ("吴超", 400), ("编号:", 700), ("2020-04-05-072(市)", 900)],
        [("级别:II类学分", 150), ("证书号码:", 700), ("20204062865253", 900)],
    ]))
    assert (f.project_code, f.certificate_no, f.name) == ("2020-04-05-072(市)", "20204062865253", "吴超")


def test_class_numerals_of_a_certificate_number_read_as_ones() -> None:
    # the certificate's own category says how many numerals follow the year
    one = extract_certificate(_result([[("学分类别:I类国家级", 150)], [("证书号:20201679855", 150)]]))
    two = extract_certificate(_result([[("学分类型:II类", 150)], [("No.201811690472", 150)]]))
    plain = extract_certificate(_result([[("学分类别:I类省级", 150)], [("证书号码:201834870231", 150)]]))
    assert (one.certificate_no, two.certificate_no, plain.certificate_no) == (
        "2020I679855", "2018II690472", "201834870231")


def test_body_without_brackets_gives_title_and_organizer() -> None:
    f = extract_certificate(_result([
        [("兹证明:", 150)],
        [("吴伟燕于2018.01.26参加由浙江省人民医院举办的省级一类继续医学教育项目心血管疾病诊治新", 150)],
        [("进展(项目编号:2018-04-05-059(省))学习,完成全部课程,考核合格,授予省级一类学分7分。", 150)],
    ]))
    assert (f.name, f.project_title, f.organizer, f.date) == (
        "吴伟燕", "心血管疾病诊治新进展", "浙江省人民医院", "2018-01-26")


def test_the_co_organizer_is_the_organizer_only_alone() -> None:
    alone = extract_certificate(_result([[("承办单位:温州市人民医院", 150)]]))
    both = extract_certificate(_result([[("主办单位:浙江省医学会", 150)], [("承办单位:温州市人民医院", 150)]]))
    assert (alone.organizer, both.organizer) == ("温州市人民医院", "浙江省医学会")


def test_an_institution_alone_on_a_line_is_the_organizer_only_when_nothing_else_names_one() -> None:
    alone = extract_certificate(_result([[("姓名:张三", 150)], [("复旦大学附属中山医院", 900)],
                                         [("浙江省继续医学教育委员会", 900)]]))
    labelled = extract_certificate(_result([[("主办单位:浙江省医学会", 150)], [("复旦大学附属中山医院", 900)]]))
    assert (alone.organizer, labelled.organizer) == ("复旦大学附属中山医院", "浙江省医学会")
    assert alone.candidates["organizer"][0]["role"] == "standalone"
    # a row of labels and values run together is no institution's name
    assert extract_certificate(_result([[("学员吴超单位温州医科大学附属第一医院", 150)]])).organizer is None


def test_a_word_before_tongzhi_is_not_taken_into_the_name() -> None:
    f = extract_certificate(_result([[("继续医学教育学分证书", 500)], [("经审核，授予张三同志Ⅱ类学分2分", 150)]]))
    assert f.name == "张三"


def test_a_code_under_another_label_keeps_the_line_confidence() -> None:
    # found only as "some code in the text" it had 0.8 of it: too little to ever be a FIELD_MISMATCH
    f = extract_certificate(_result([[("学员:吴超", 150)], [("项目号:2020-11-01-111(市)", 150)]]))
    assert f.project_code == "2020-11-01-111(市)" and f.confidence["project_code"] == 0.95


def test_a_number_alone_on_its_line_and_a_year_with_a_letter_o() -> None:
    f = extract_certificate(_result([
        [("国家级继续医学教育项目学分证书", 500)],
        [("沪继教2018910434", 200)],
        [("兹证明:", 150)],
        [("许佳娜同志在二O一八年八月二十四日期间参加由中华护理学会举办的国家级继续医学教育项", 150)],
        [("目《检验结果互认与质控》(项目编号:2018-11-01-906(国))学习,授予国家级I类学分10分。", 150)],
        [("2018年8月24日", 900)],
    ]))
    assert (f.certificate_no, f.date, f.name) == ("沪继教2018910434", "2018-08-24", "许佳娜")
    assert f.candidates["certificate_no"][0]["role"] == "standalone"
