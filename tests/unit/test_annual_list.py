"""Annual-list extraction from synthetic OcrResults shaped like the engine's real output:
cells cut into overlapping pieces, lost digits, class numerals dropped, skewed rows, and cell
re-reading from the page image (with a fake engine)."""

from __future__ import annotations

import math

import numpy as np

from pipeline.extract.annual_list import _list_date, extract_annual_list
from pipeline.extract.layout import join_fragments
from pipeline.models import Line, OcrResult, Word

# Column left edges of the generator's list at 200 dpi (序号 日期 项目编号 项目名称 学分类别 学分 学习形式).
COLS = {"序号": 86, "日期": 172, "项目编号": 355, "项目名称": 667, "学分类别": 1143, "学分": 1312, "学习形式": 1420}
ROW_H = 30.0
CHAR_W = 13.0


def _word(text: str, x: float, y: float, *, width: float | None = None) -> Word:
    return Word(text=text, conf=0.95, box=(x, y, x + (width or CHAR_W * len(text)), y + ROW_H))


def _result(words: list[Word], *, slope: float = 0.0) -> OcrResult:
    """Words -> an OcrResult (one line per word, as RapidOCR gives), turned by ``slope`` (dy/dx)."""
    lines = []
    for w in words:
        x0, y0, x1, y1 = w.box
        dy = slope * (x0 + x1) / 2
        box = (x0, y0 + dy, x1, y1 + dy)
        lines.append(Line(text=w.text, conf=w.conf, box=box, words=[Word(text=w.text, conf=w.conf, box=box)]))
    return OcrResult(engine="fake", engine_version="0", width=1653, height=2339, lines=lines)


def _page(rows: list[list[Word]]) -> list[Word]:
    head = [_word("2018年度继续医学教育学分登记表", 460, 120), _word("姓名：叶辉", 80, 228),
            _word("身份证号：330303198901030492", 390, 228)]
    header = [_word(label, x, 318) for label, x in COLS.items()]
    body = [w for row in rows for w in row]
    total_y = 380 + 62 * len(rows)
    return head + header + body + [_word("合计：35分（I类国家级7分，I类省级20分，II类8分）", 84, total_y),
                                   _word("2018-04-03-999(省)", 356, total_y + 60)]


def _row(i: int, date: list[tuple[str, float]], code: str, title: str, cat: str, credits: str,
         mode: str) -> list[Word]:
    y = 380 + 62 * i
    words = [_word(str(i + 1), 88, y)]
    words += [_word(text, x, y) for text, x in date]
    words += [_word(code, 356, y), _word(title, 669, y), _word(cat, 1143, y), _word(credits, 1314, y),
              _word(mode, 1420, y)]
    return words


def test_overlapping_pieces_keep_the_shared_characters_once():
    # "2018-0" ends 13 px (about one character) right of where "-01-29" starts: "-0" was read twice
    assert join_fragments([_word("2018-0", 173, 0, width=74), _word("-01-29", 234, 0, width=74)],
                          min_overlap_chars=0.5, slack_chars=1.5) == "2018-01-29"
    assert join_fragments([_word("2018-0", 174, 0, width=72), _word("08-03", 235, 0, width=71)],
                          min_overlap_chars=0.5, slack_chars=1.5) == "2018-08-03"


def test_touching_or_separate_pieces_are_only_concatenated():
    # 2 px of box overlap is padding, not a repeated character: "2018-" + "05-14" keeps both dashes' worth
    assert join_fragments([_word("2018-", 174, 0, width=63), _word("05-14", 235, 0, width=74)],
                          min_overlap_chars=0.5, slack_chars=1.5) == "2018-05-14"
    # no overlap: nothing is dropped even though "1" ends one piece and starts the next
    assert join_fragments([_word("2011", 174, 0, width=52), _word("1-05", 240, 0, width=52)],
                          min_overlap_chars=0.5, slack_chars=1.5) == "20111-05"


def test_date_cell_without_separator_reads_from_its_eight_digits_only():
    assert _list_date("201805-29") == "2018-05-29"
    assert _list_date("2018-05-29") == "2018-05-29"
    assert _list_date("20200-16") is None          # a digit lost: no date rather than a wrong one
    assert _list_date("2018-13-01") is None


def test_cut_dates_dropped_numerals_and_no_title_suffix():
    rows = [
        _row(0, [("2018-01-26", 172)], "2018-04-03-475(省)", "心力衰竭规范化管理", "类省级", "10", "面授"),
        _row(1, [("2018-0", 173), ("-01-29", 234)], "2018-04-03-287(市)", "炎症性肠病诊治规范", "类", "8", "面授"),
        _row(2, [("2018", 174), ("05-29", 241)], "2018-04-03-013(国)", "临床合理用药培训", "类国家级", "7", "远程"),
    ]
    # the cut date pieces are 6 characters wide by box: give them their real widths
    rows[1][1] = _word("2018-0", 173, 380 + 62, width=74)
    rows[1][2] = _word("-01-29", 234, 380 + 62, width=74)
    lst = extract_annual_list(_result(_page(rows)))
    got = [r.model_dump(exclude={"cells", "verified", "read_as"}) for r in lst.rows]
    assert got == [
        {"seq": 1, "date": "2018-01-26", "project_code": "2018-04-03-475(省)", "project_title": "心力衰竭规范化管理",
         "category": "I类省级", "credits": 10.0, "mode": "面授"},
        {"seq": 2, "date": "2018-01-29", "project_code": "2018-04-03-287(市)", "project_title": "炎症性肠病诊治规范",
         "category": "II类", "credits": 8.0, "mode": "面授"},
        {"seq": 3, "date": "2018-05-29", "project_code": "2018-04-03-013(国)", "project_title": "临床合理用药培训",
         "category": "I类国家级", "credits": 7.0, "mode": "远程"},
    ]
    assert lst.years == [2018] and lst.name == "叶辉"


def test_totals_line_ends_the_table():
    rows = [_row(0, [("2018-01-26", 172)], "2018-04-03-475(省)", "心力衰竭规范化管理", "I类省级", "10", "面授")]
    lst = extract_annual_list(_result(_page(rows)))
    # the code printed below 合计 (a footnote) is no row
    assert [r.project_code for r in lst.rows] == ["2018-04-03-475(省)"]


def test_unread_date_stays_null_and_row_is_kept():
    rows = [_row(0, [("10-14", 241)], "2018-04-04-003(省)", "炎症性肠病诊治规范", "类省级", "9", "面授"),
            _row(1, [("2018-11-28", 172)], "2018-04-04-768(市)", "心血管疾病诊治新进展", "类", "2", "面授")]
    lst = extract_annual_list(_result(_page(rows)))
    assert len(lst.rows) == 2
    assert lst.rows[0].date is None and lst.rows[0].project_code == "2018-04-04-003(省)"
    assert lst.rows[1].date == "2018-11-28"


def test_skewed_page_rows_stay_apart():
    # 2° of skew over a 1500 px wide table moves a row's right end by 50 px: more than a row pitch
    # apart from the one below, so rows grouped by vertical overlap alone chain into one
    slope = math.tan(math.radians(2.0))
    rows = [_row(i, [(f"2021-0{i + 1}-1{i}", 172)], f"2021-11-01-3{i}5(市)", "医疗核心制度解读", "II类", "5", "面授")
            for i in range(4)]
    lst = extract_annual_list(_result(_page(rows), slope=slope))
    assert [r.date for r in lst.rows] == ["2021-01-10", "2021-02-11", "2021-03-12", "2021-04-13"]
    assert [r.project_code for r in lst.rows] == [f"2021-11-01-3{i}5(市)" for i in range(4)]
    assert all(r.category == "II类" and r.credits == 5.0 for r in lst.rows)


class CellEngine:
    """A fake engine for cell crops: reads ``answer`` for any crop holding ink, records each call."""

    name = "cell"
    version = "cell-1"

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.calls: list[tuple[tuple[int, int], str | None]] = []

    def recognize(self, image, *, region_hint=None):
        self.calls.append((image.shape[:2], region_hint))
        h, w = image.shape[:2]
        box = (0.0, 0.0, float(w), float(h))
        lines = [Line(text=self.answer, conf=0.9, box=box, words=[Word(text=self.answer, conf=0.9, box=box)])]
        return OcrResult(engine=self.name, engine_version=self.version, width=w, height=h, lines=lines)


def _image_with_ink(words: list[Word]) -> np.ndarray:
    img = np.full((2339, 1653, 3), 255, np.uint8)
    for w in words:  # one blot per character, so no word looks like a rule
        x0, y0, x1, y1 = (int(v) for v in w.box)
        for cx in range(x0, x1 - 4, int(CHAR_W)):
            img[y0 + 8:y1 - 8, cx + 2:cx + int(CHAR_W) - 2] = 0
    return img


def test_missed_date_is_read_again_from_its_cell():
    rows = [_row(0, [("10-14", 241)], "2018-04-04-003(省)", "炎症性肠病诊治规范", "类省级", "9", "面授")]
    words = _page(rows)
    engine = CellEngine("2018-10-14")
    lst = extract_annual_list(_result(words), image=_image_with_ink(words), engine=engine)
    assert lst.rows[0].date == "2018-10-14"
    # only the date cell was read again (the category came from the cell: 类省级 is I类省级), as a line
    assert len(engine.calls) == 1 and engine.calls[0][1] == "line"
    h, w = engine.calls[0][0]
    assert w < 355 - 172 and h < 2 * ROW_H     # one cell, not the row


def test_cell_read_again_that_still_holds_no_value_stays_null():
    rows = [_row(0, [("10-14", 241)], "2018-04-04-003(省)", "炎症性肠病诊治规范", "类省级", "9", "面授")]
    words = _page(rows)
    lst = extract_annual_list(_result(words), image=_image_with_ink(words), engine=CellEngine("10-14"))
    assert lst.rows[0].date is None


def test_complete_rows_read_nothing_again():
    rows = [_row(0, [("2018-01-26", 172)], "2018-04-03-475(省)", "心力衰竭规范化管理", "I类省级", "10", "面授")]
    words = _page(rows)
    engine = CellEngine("2099-01-01")
    lst = extract_annual_list(_result(words), image=_image_with_ink(words), engine=engine)
    assert engine.calls == [] and lst.rows[0].date == "2018-01-26"


def test_code_cell_marks_between_groups_are_dashes_and_the_suffix_is_its_last_character():
    from pipeline.extract.annual_list import _list_code

    assert _list_code("2018.11-01·395(市）") == "2018-11-01-395(市)"
    assert _list_code("2018.11-01.123（省") == "2018-11-01-123(省)"      # closing bracket lost
    assert _list_code("2018.11-01-650|市）") == "2018-11-01-650(市)"     # opening bracket read as |
    assert _list_code("2018-11-01-395(布)") == "2018-11-01-395"          # no approving level: read in part
    assert _list_code("心力衰竭规范化管理") is None


def test_code_read_in_part_is_completed_only_by_a_reading_that_agrees():
    rows = [_row(0, [("2018-01-26", 172)], "2018-04-03-475", "心力衰竭规范化管理", "I类省级", "10", "面授")]
    words = _page(rows)
    lst = extract_annual_list(_result(words), image=_image_with_ink(words), engine=CellEngine("2018-04-03-475(省)"))
    assert lst.rows[0].project_code == "2018-04-03-475(省)"
    other = extract_annual_list(_result(words), image=_image_with_ink(words), engine=CellEngine("2018-04-03-999(省)"))
    assert other.rows[0].project_code == "2018-04-03-475"


def test_rule_stub_left_in_a_cell_is_whitened_and_the_digit_kept():
    from pipeline.extract.annual_list import _drop_rule_stubs

    cell = np.full((52, 81, 3), 255, np.uint8)
    cell[5:45, 8:11] = 0        # what is left of the column's rule: 3 px wide, 40 of 52 px tall
    cell[16:38, 20:32] = 0      # the digit
    out = _drop_rule_stubs(cell)
    assert (out[5:45, 8:11] == 255).all()
    assert (out[16:38, 20:32] == 0).all()


def _hw(text: str, x0: float, x1: float) -> Word:
    return Word(text=text, conf=0.9, box=(x0, 100, x1, 120))


def test_header_read_in_pieces_and_a_misread_label_still_give_every_column():
    from pipeline.extract.annual_list import _header_labels

    # Tesseract: 项 目 编号 as three words, 学分类别 read as "FRR"
    row = [_hw("序号", 70, 105), _hw("日期", 134, 175), _hw("项", 270, 290), _hw("目", 296, 316),
           _hw("编号", 320, 360), _hw("项目名称", 503, 590), _hw("FRR", 861, 900), _hw("学分", 992, 1030),
           _hw("学习形式", 1070, 1140)]
    cols = {name: box[0] for name, box in _header_labels(row).items()}
    assert cols["project_code"] == 270  # the label's first piece, not 编号
    assert cols["category"] == 861  # the unnamed word between title and credits
    assert (cols["project_title"], cols["credits"], cols["mode"]) == (503, 992, 1070)


def test_no_column_is_invented_where_two_are_missing_or_none_is():
    from pipeline.extract.annual_list import _header_labels

    row = [_hw("序号", 70, 105), _hw("日期", 134, 175), _hw("项目编号", 270, 360), _hw("项目名称", 503, 590),
           _hw("XX", 861, 900), _hw("学习形式", 1070, 1140)]  # category AND credits unnamed: no guess
    assert set(_header_labels(row)) == {"seq", "date", "project_code", "project_title", "mode"}


# ------------------------------------------------------------- Shanghai's 《I类学分验证表》 (issue 14)

SH_COLS = {"主办单位": 80, "项目编号": 420, "项目名称": 700, "学习时间": 1060, "级别": 1320, "学分": 1440}


def _sh_page() -> OcrResult:
    words = [_word("2018年度I类学分验证表", 560, 110), _word("姓名：陈静", 80, 200),
             _word("身份证号：310104198203154421", 420, 200)]
    words += [_word(label, x, 300) for label, x in SH_COLS.items()]
    rows = [("复旦大学附属中山医院", "2018-03-01-015(沪)", "老年慢病综合管理", "2018.04.02-04.04", "市级", "4"),
            ("中华医学会", "2018-05-02-117(国)", "重症医学新进展研讨会", "2018.06.11-06.13", "国家级", "6"),
            ("上海市医学会", "2018-03-01-207", "社区慢病管理培训班", "2018/9/20", "市级", "2")]
    for i, row in enumerate(rows):
        y = 360 + 60 * i
        words += [_word(text, x, y) for text, x in zip(row, SH_COLS.values(), strict=True)]
    return _result(words)


def test_shanghai_verification_table_is_a_list_with_rows() -> None:
    # 783d88a: classified as a certificate (主办单位 / 项目编号 / 学分 outweighed the list's words, the
    # dotted ranges were no dates) and no row's date or level read
    from pipeline.classify import classify

    page = _sh_page()
    assert classify(page)[0] == "annual_list"
    lst = extract_annual_list(page)
    assert lst.years == [2018]
    got = [(r.date, r.project_code, r.project_title, r.category, r.credits) for r in lst.rows]
    assert got == [
        ("2018-04-02", "2018-03-01-015(沪)", "老年慢病综合管理", "I类省级", 4.0),
        ("2018-06-11", "2018-05-02-117(国)", "重症医学新进展研讨会", "I类国家级", 6.0),
        ("2018-09-20", "2018-03-01-207", "社区慢病管理培训班", "I类省级", 2.0),  # 市级 alone, no suffix
    ]


def test_columns_in_another_order_under_other_labels() -> None:
    # 项目代码 was no column label: the codes ran into the titles' column and were lost
    cols = {"序号": 60, "课程名称": 120, "项目代码": 520, "类别": 800, "学分数": 900, "学习时间": 1000, "形式": 1200}
    words = [_word("2021年度继续医学教育学分明细", 500, 100)] + [_word(label, x, 200) for label, x in cols.items()]
    row = ("1", "心肺复苏技能培训", "2021-05-04-984(省)", "I类省级", "8", "2021-03-02", "面授")
    words += [_word(text, x, 260) for text, x in zip(row, cols.values(), strict=True)]
    lst = extract_annual_list(_result(words))
    got = [(r.project_title, r.project_code, r.category, r.credits, r.date, r.mode) for r in lst.rows]
    assert got == [("心肺复苏技能培训", "2021-05-04-984(省)", "I类省级", 8.0, "2021-03-02", "面授")]
