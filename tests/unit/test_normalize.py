"""The shared parsers: each accepted form, and malformed input giving None."""

from __future__ import annotations

import pytest

from pipeline.normalize import (
    category_from_code,
    code_suffix,
    find_codes,
    normalize_certificate_no,
    normalize_code,
    normalize_text,
    parse_category,
    parse_credits,
    parse_date,
    parse_id_number,
    parse_mode,
    to_halfwidth,
)


def test_to_halfwidth_letters_digits_punct_and_ideographic_space():
    assert to_halfwidth("２０２１－０４（国）ＡＢ　x") == "2021-04(国)AB x"


def test_normalize_text_drops_spaces_between_cjk_only():
    assert normalize_text("王 晓 明  同志：  ABC 12") == "王晓明同志: ABC 12"


@pytest.mark.parametrize("raw, expected", [
    ("I类国家级", "I类国家级"), ("l类", "I类"), ("|类学分", "I类学分"), ("Ⅱ类", "II类"), ("ll类", "II类"),
])
def test_normalize_text_repairs_class_numerals(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("2021-04-05-123(国)", "2021-04-05-123(国)"),
    ("项目编号：２０２１－０４－０５－１２３（国）", "2021-04-05-123(国)"),
    ("2021 - 04 - 05 - 123 (省)", "2021-04-05-123(省)"),
    ("2O21-O4-05-l23(国)", "2021-04-05-123(国)"),      # O/0 and l/1 confusions
    ("2021—04—05—123（国）", "2021-04-05-123(国)"),      # em dashes
    ("2021-04-05-123", "2021-04-05-123"),               # no suffix (Class II)
    ("2018-06-01-411(市)", "2018-06-01-411(市)"),      # Class II city code
    ("2021-04-05-123(國)", "2021-04-05-123(国)"),
    ("2021-04-05-123(x)", "2021-04-05-123"),            # a non-Chinese suffix is noise, dropped
    ("2019-06-01-465(7H)", "2019-06-01-465(市)"),      # tesseract's reading of 市 (patterns.yaml)
    ("2018-11-01-050(t)", "2018-11-01-050(市)"),       # 市 on a thresholded scan, horizontals lost
    ("2022-04-03-293(11i)", "2022-04-03-293(市)"),
    ("2018-11-01-050(1)", "2018-11-01-050"),           # a lone digit is no suffix
    ("2018-11-01-050(abcd)", "2018-11-01-050"),        # nor four marks
    ("2021-04-02-390(球)", "2021-04-02-390(国)"),       # 国 on a thresholded 150 dpi scan
    ("2021--10-02-288(省)", "2021-10-02-288(省)"),      # a dash read twice (seed 363, bw 150 dpi)
    ("2019-13-02-045", "2019-13-02-045"),
])
def test_normalize_code(raw, expected):
    assert normalize_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "no code here", "12-04-05", "3021-04-05-123", "2021-04", "电话 0577-88888888"])
def test_normalize_code_rejects(raw):
    assert normalize_code(raw) is None


@pytest.mark.parametrize("raw, expected", [
    ("202104-04-593(省)", "2021-04-04-593(省)"),        # the dash after the year lost (bw scan)
    ("2021-0404-593(省)", "2021-04-04-593(省)"),        # ... or the next one
    ("2021-04-04593", "2021-04-04-593"),
    ("2018-04-03-5:37(省)", "2018-04-03-537(省)"),      # a stray mark inside the serial
    ("目编号:2018-04-03-5.37（省），学习", "2018-04-03-537(省)"),
    ("2022(06(01(076(市)", "2022-06-01-076(市)"),      # dashes read as "(" (bw scan)
    ("项目编号  2018-04 (02-078(市)", "2018-04-02-078(市)"),
    ("2021-04-05-123(1)", "2021-04-05-123"),            # "(" before the suffix only: no fifth group
    ("项目编号  2019-1301158(市)", "2019-13-01-158(市)"),   # two dashes lost
])
def test_normalize_code_repairs_thresholded_scans(raw, expected):
    assert normalize_code(raw) == expected


@pytest.mark.parametrize("raw", [
    "20210-4-04-593",        # a dash read where the layout has none: not regrouped
    "2021-04-0459",          # too few digits to fill the layout
    "202104-04-5933",        # too many
    "2021-05-12",            # a date
    "2021.5.12",             # a dotted date, marks removed, is no code either
    "202104045931",          # no dash at all: not a code
    "2019-13011580",         # one dash, too many digits
    "20191-301158",          # the one dash read off the layout's boundaries
    "0577-8888888",          # a phone number filling the layout is no year
])
def test_normalize_code_repairs_reject_what_does_not_fit(raw):
    assert normalize_code(raw) is None


def test_find_codes_in_order():
    assert find_codes("A 2020-01-02-003(省) B 2021-04-05-123(国)") == ["2020-01-02-003(省)", "2021-04-05-123(国)"]


@pytest.mark.parametrize("raw, expected", [
    ("2021年5月12日", "2021-05-12"),
    ("2021年5月12日至14日", "2021-05-12"),
    ("2021年5月12-14日", "2021-05-12"),
    ("2021年 05 月 02 日", "2021-05-02"),
    ("于2021年12月30日至2022年1月2日举办", "2021-12-30"),
    ("二〇二一年五月十二日", "2021-05-12"),
    ("二〇二〇年十二月三十一日", "2020-12-31"),
    ("二〇二一年五月", "2021-05-01"),
    ("2021-05-12", "2021-05-12"),
    ("2021.5.12", "2021-05-12"),
    ("2021/05/12", "2021-05-12"),
    ("２０２１年５月１２日", "2021-05-12"),
    ("2019年2月:22日", "2019-02-22"),                   # stray marks of a thresholded scan
    ("2019年1月2:3日至21日", "2019-01-23"),
    ("2022年:3月9日至10日", "2022-03-09"),
    ("2021 03-15", "2021-03-15"),                        # the dash after the year lost
    ("2021--03-27", "2021-03-27"),                       # a separator read twice
    ("2020-07--18", "2020-07-18"),
    ("于2019年度8月9日参加", "2019-08-09"),              # 年度 for 年
    ("2019年7.16-7.17", "2019-07-16"),                   # the year written out, month and day dotted
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["", "2021年13月1日", "2021年6月31日", "5月12日", "hello", "2021-02-30",
                                 "2020-04-04-985(市)", "2021 04-02-453", "2021--04-02-453",  # a project code is no date
                                 "2021年十十月5日", "二〇二一年二十十月",
                                 "2019年度学分"])  # 十 twice: no number (was a KeyError)
def test_parse_date_rejects(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw, expected", [
    ("6", 6.0), ("6.0", 6.0), ("6学分", 6.0), ("1.5 分", 1.5), ("２.５", 2.5), ("六学分", 6.0),
    ("半学分", 0.5), ("十学分", 10.0), ("I类学分 0.5", 0.5),
])
def test_parse_credits(raw, expected):
    assert parse_credits(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "1.3", "0", "-2", "250", None])
def test_parse_credits_rejects(raw):
    assert parse_credits(raw) is None


@pytest.mark.parametrize("raw, expected", [
    ("I类国家级", "I类国家级"), ("Ⅰ类 省级", "I类省级"), ("一类（国家级）", "I类国家级"),
    ("II类", "II类"), ("Ⅱ类学分", "II类"), ("省级继续医学教育项目", "I类省级"), ("二类", "II类"),
])
def test_parse_category(raw, expected):
    assert parse_category(raw) == expected


@pytest.mark.parametrize("raw", ["", "学分", "市级"])
def test_parse_category_rejects(raw):
    assert parse_category(raw) is None


@pytest.mark.parametrize("raw, expected", [("国", "国"), ("囯", "国"), ("省", "省"), ("市", "市"), ("7H", "市"),
                                           ("县", "县"), (" 国 ", "国")])
def test_code_suffix_known_levels(raw, expected):
    assert code_suffix(raw) == expected


@pytest.mark.parametrize("raw", ["", "区", "x", "国省", "[", None])
def test_code_suffix_rejects_unknown(raw):
    assert code_suffix(raw) is None


def test_category_from_code_suffix():
    assert category_from_code("2021-04-05-123(国)") == "I类国家级"
    assert category_from_code("2021-04-05-123(省)") == "I类省级"
    assert category_from_code("2018-06-01-411(市)") == "II类"
    assert category_from_code("2021-04-05-123") is None
    assert category_from_code(None) is None


@pytest.mark.parametrize("raw, expected", [
    ("面授", "面授"), ("学习形式：远程", "远程"), ("网络学习", "远程"), ("现场培训", "面授"),
    ("", None), ("远程/面授", None), ("其他", None),
])
def test_parse_mode(raw, expected):
    assert parse_mode(raw) == expected


def test_parse_id_number():
    assert parse_id_number("身份证号：33030219800101123x") == "33030219800101123X"
    assert parse_id_number("3303021980010112") is None


@pytest.mark.parametrize("raw, expected", [
    ("ZJ2018110009142", "ZJ2018II0009142"),    # II read as 11
    ("ZJ201816299227", "ZJ2018I6299227"),      # I read as 1
    ("ZJ2018I11979571", "ZJ2018II1979571"),    # II read as I1
    ("ZJ201811234567", "ZJ2018I1234567"),      # serial starting with 1: only one numeral fits
    ("GJ2018I2197263", "GJ2018I2197263"),      # already right
    (" ＺＪ2018 II0009142 ", "ZJ2018II0009142"),
    ("ABC-123", "ABC-123"),                    # no pattern: cleaned, not rewritten
    ("", None),
])
def test_normalize_certificate_no(raw, expected):
    assert normalize_certificate_no(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("浙江省人民医院医牌", "浙江省人民医院"),      # seal ring text on the organizer's row
    ("浙江省医学会省医", "浙江省医学会"),
    ("温州医科大学附属第二医院", "温州医科大学附属第二医院"),
    ("北京协和医院继续教育处", "北京协和医院继续教育处"),   # a long tail is part of the name
    ("某某公司", "某某公司"),
])
def test_trim_organizer(raw, expected):
    from pipeline.normalize import trim_organizer

    assert trim_organizer(raw) == expected


def test_a_code_read_as_it_stands_is_no_repair_but_a_mended_one_is():
    from pipeline.normalize import code_repaired

    assert not code_repaired("2022-04-04-942(市)", "2022-04-04-942(市)")
    assert not code_repaired("２０２１ － 04 — 05 - 123（国）", "2021-04-05-123(国)")  # widths and dashes only
    assert code_repaired("2022-0.1-0.1-9.12(市)", "2022-01-01-912(市)")  # a broken 4 read as 0.1
    assert code_repaired("2O21-04-05-123(国)", "2021-04-05-123(国)")  # a letter taken for a digit
    assert code_repaired("2019-1301158(市)", "2019-13-01-158(市)")  # dashes restored
    assert code_repaired("2021-04-02-390(区)", "2021-04-02-390(区)")  # a level no code carries: a misread
    assert code_repaired("2021--10-02-288(省)", "2021-10-02-288(省)")  # a dash read twice
    assert not code_repaired("2021-04-02-390", "2021-04-02-390")


def test_a_date_read_with_a_stray_mark_is_a_repair():
    from pipeline.normalize import date_repaired

    assert date_repaired("2019年2月:22日") and date_repaired("2022年1月2:3日") and date_repaired("2022年:3月9日")
    assert not date_repaired("2019年2月22日") and not date_repaired("2021.5.12")
    assert date_repaired("2021--03-27")
    assert not date_repaired("2021年5月12日至14日")


@pytest.mark.parametrize("raw, expected", [
    ("2(0)2()年8月2()日至21日", "2020年8月20日至21日"),  # seed 343: a thin 0 kept only its sides
    ("2021-()4-()1-417(市)", "2021-04-01-417(市)"),
    ("2019（O）5", "201905"),  # full-width brackets, O for the 0 between them
    # a code's suffix, a bracket after a word, and a pair followed by nothing of a number stay
    ("2021-04-01-417(市)", "2021-04-01-417(市)"),
    ("学分(0)分", "学分(0)分"),
    ("于2021年()月", "于2021年()月"),
    ("10()", "10()"),
])
def test_restore_zeros(raw, expected):
    from pipeline.normalize import restore_zeros

    assert restore_zeros(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("2019-05-01-433(fi)", "2019-05-01-433(市)"),
    ("2020-05-04-080(tli)", "2020-05-04-080(市)"),
    ("2019-05-01-433(中i)", "2019-05-01-433(市)"),
    ("2019-05-01-433(i)", "2019-05-01-433(市)"),
    ("2019-05-01-433(国i)", "2019-05-01-433"),  # a shape that names another level's character: no level
    ("2019-05-01-433(ix)", "2019-05-01-433"),
])
def test_code_suffix_by_shape(raw, expected):
    assert normalize_code(raw) == expected


def test_code_suffix_shapes_and_words_agree():
    assert code_suffix("fi") == "市" and code_suffix("t") == "市"
    assert code_suffix("if") is None and code_suffix("ii1") is None


def test_a_dash_read_as_a_bracket_before_groups_whose_dashes_were_lost():
    # seed 373, bw: 2020-06-01-633(市) read 2020(0601633(市): one dash as "(", two lost
    assert normalize_code("2020(0601633(市)") == "2020-06-01-633(市)"
    from pipeline.normalize import code_repaired

    assert code_repaired("2020(0601633(市)", "2020-06-01-633(市)")
    # the digits must fill the layout exactly: one lost (the 0 of 06 read as the bracket) is no code
    assert normalize_code("2021(6(01679(国)") is None


def test_a_range_of_two_whole_dashed_dates_starts_on_its_first() -> None:
    """hw11 何平/3.pdf p2 (a key=value print-out): 培训周期=2019-04-14-2019-04-15 gave only the end, so the
    record's 2019-04-14 was nowhere on the page and a false FIELD_MISMATCH was raised; a code's head
    (2020-04-04-985) is still no date."""
    from pipeline.normalize import find_dates, parse_date

    spans = find_dates("培训周期=2019-04-14-2019-04-15")
    assert [(d.iso, d.is_range) for d in spans] == [("2019-04-14", True)]
    assert parse_date("2019-04-14-2019-04-15") == "2019-04-14"
    assert find_dates("项目编号2020-04-04-985(省)") == []
