"""The session-13 families (samples/families/stacks.py; held out in session 13, development since session 15)
and seal styles (*_s13): each family has the build its docstring claims, checked on the strings, positions and
colours a recording canvas keeps (planning and drawing only, no rendering); every family prints its truth; every
*_s13 seal style draws; and the session-13 words, formats and faces are development ones now (the held-out ones
of session 15 are test_gen_s15_families's)."""

from __future__ import annotations

import datetime as dt
import random
import re

import numpy as np
import pytest

from samples import seal_styles
from samples.families import stacks, selected
from samples.families.grammar import fmt_date, labels
from samples.fonts import BODY_FACES, HELDOUT_BODY_FACES, HELDOUT_TITLE_FACES, TITLE_FACES
from samples.seals import seal_image
from samples.textfmt import fmt_credits

from drawn_pages import joined, pages_by_family, text_at

NEW_CERTS = {"label_above_grid", "dear_letter", "ribbon_right", "header_bar_ecert", "stamp_box_card", "sh_clause_card"}
NEW_LISTS = {"list_block_records", "sh_verify_numbered"}
WHITE = (255, 255, 255)


# development since session 15: the session-13 families are among the dev ones, so more applicants
def _sets(selection: str) -> dict[str, list]:
    return pages_by_family(seed=73, applicants={"wenzhou-2023": 30, "shanghai-2018": 50}, selection=selection)


@pytest.fixture(scope="module")
def pages() -> dict[str, list]:
    """(page, canvas, policy) of a development Wenzhou set (2020-2022) and a Shanghai one (2018), by family."""
    return _sets("dev")


def test_every_new_family_is_drawn_and_prints_its_truth(pages) -> None:
    assert NEW_CERTS <= set(selected("dev", "certificates")) and not NEW_CERTS & set(selected("heldout", "certificates"))
    assert NEW_LISTS <= set(selected("dev", "lists")) and not NEW_LISTS & set(selected("heldout", "lists"))
    assert set(stacks.PLANNERS) == set(stacks.DRAWERS) == NEW_CERTS | NEW_LISTS
    for family in NEW_CERTS | NEW_LISTS:
        assert len(pages[family]) >= 3, (family, len(pages[family]))
    for family, lst in pages.items():
        if family not in NEW_CERTS | NEW_LISTS:
            continue
        for page, cv, _ in lst:
            text = joined(cv)
            W, H = page.size_pt
            assert all(0 <= t[0] <= W and t[3] <= t[1] <= H for t in cv.texts), page.design
            if page.kind == "annual_list":
                for row in page.truth["rows"]:
                    assert row["project_code"] in text and row["project_title"].replace(" ", "") in text
                    assert fmt_credits(row["credits"]) in text
                continue
            t = page.truth
            for k in ("name", "project_code", "project_title", "mode", "organizer", "certificate_no"):
                assert t[k].replace(" ", "") in text, (page.design, k)
            dates = page.extra_truth["dates_printed"]
            (act,) = [d for d in dates if d["role"] == "activity"]
            assert act["date"] == t["date"]
            for d in dates:
                assert d["text"].replace(" ", "") in text, (page.design, d)
            assert fmt_credits(t["credits"]) in text


def test_the_grid_prints_each_label_tiny_above_its_value_in_one_box(pages) -> None:
    for page, cv, _ in pages["label_above_grid"]:
        c, W = page.content, page.size_pt[0]
        lefts = set()
        for label, value in c["cells"]:
            k = next(i for i, t in enumerate(cv.texts) if t[2] == label and t[3] == 6.5)
            lab = cv.texts[k]
            val = cv.texts[k + 1]
            assert value.startswith(val[2]) and val[1] > lab[1] and val[3] > lab[3]    # under it, larger
            assert 0 < val[0] - lab[0] < 5
            lefts.add(round(lab[0]))
        assert len(lefts) == 2                                                  # two columns of boxes


def test_the_letter_salutes_the_holder_and_ends_with_the_credits(pages) -> None:
    for page, cv, _ in pages["dear_letter"]:
        c, t = page.content, page.truth
        sal = text_at(cv, c["salute"])
        assert c["salute"].startswith("尊敬的") and t["name"] in c["salute"]
        assert c["end"].endswith(f"学分{fmt_credits(t['credits'])}分。") and c["v"]["category"] in c["end"]
        text = joined(cv)
        assert text.index(c["salute"]) < text.index(t["project_title"]) < text.rindex(fmt_credits(t["credits"]))
        assert sal[1] < min(x[1] for x in cv.find(t["organizer"]))


def test_the_ribbon_sets_the_fields_in_a_narrow_right_column_under_their_labels(pages) -> None:
    for page, cv, _ in pages["ribbon_right"]:
        c, (W, H) = page.content, page.size_pt
        assert W > H
        head = text_at(cv, c["head"])
        assert head[0] < 0.5 * W and head[3] >= 3 * max(t[3] for t in cv.texts if t[0] > 0.6 * W)
        for label, value in c["fields"]:
            k = next(i for i, t in enumerate(cv.texts) if t[2] == label and t[0] > 0.6 * W)
            val = cv.texts[k + 1]
            assert value.startswith(val[2]) and val[0] == cv.texts[k][0] and val[1] > cv.texts[k][1]


def test_the_header_bar_holds_the_number_white_and_rows_pair_two_fields(pages) -> None:
    for page, cv, _ in pages["header_bar_ecert"]:
        c, (W, H) = page.content, page.size_pt
        i = next(i for i, t in enumerate(cv.texts) if t[2] == c["no_line"])
        assert cv.colours[i] == WHITE and cv.texts[i][1] < 0.07 * H and page.truth["certificate_no"] in c["no_line"]
        assert max(c["bar_ink"]) < 100
        assert all(1 <= len(r) <= 2 for r in c["rows"]) and sum(len(r) == 2 for r in c["rows"]) >= 3
        for row in c["rows"]:
            if len(row) == 2:
                (l1, _), (l2, _) = row
                a, b = text_at(cv, l1), next(t for t in cv.texts if t[2] == l2 and t[0] > 0.4 * W)
                assert a[1] == b[1] and a[0] < 0.2 * W < 0.4 * W < b[0]             # label | value | label | value
        assert any(d["role"] == "print" for d in page.extra_truth["dates_printed"])


def test_the_stamp_box_card_boxes_the_date_and_prints_credits_after_the_category(pages) -> None:
    for page, cv, _ in pages["stamp_box_card"]:
        c, t = page.content, page.truth
        act = next(d for d in page.extra_truth["dates_printed"] if d["role"] == "activity")
        date = text_at(cv, act["text"])
        label = text_at(cv, c["date_label"])
        assert date[5] == label[5] == "m" and date[1] > label[1] and date[3] > label[3]
        assert c["credit_item"] == f"{c['credit_item'].split('：')[0]}：{c['v']['category']} {fmt_credits(t['credits'])}"
        assert cv.find(c["credit_item"])


def test_the_shanghai_clause_card_numbers_its_fields_and_words_the_level_municipal(pages) -> None:
    for page, cv, policy in pages["sh_clause_card"]:
        c, t = page.content, page.truth
        assert policy == "shanghai-2018" and t["category"] == "I类省级" and t["project_code"].endswith("(沪)")
        numerals = [cl.split("、", 1)[0] for cl in c["clauses"]]
        assert numerals == list("一二三四五六七八九十")[:len(numerals)]
        words = set(labels()["category_words_shanghai"]["I类省级"]) | set(labels()["heldout"]["category_words_shanghai"]["I类省级"])
        assert c["v"]["category"] in words and c["v"]["category"] in c["clauses"][-1]
        assert cv.find("上海市")


def test_the_block_list_prints_three_lines_a_record_and_the_year_only_in_its_header(pages) -> None:
    for page, cv, _ in pages["list_block_records"]:
        c = page.content
        years = c["years"]
        assert f"（{years[0] if len(years) == 1 else str(years[0]) + '—' + str(years[-1])}年度）" in c["header"]
        assert not re.search(r"\d{4}", c["heading"])
        for (first, second, third), r in zip(c["blocks"], page.truth["rows"]):
            a = next(i for i, x in enumerate(cv.texts) if x[2] and first.startswith(x[2]))
            b, d = cv.texts[a + 1], cv.texts[a + 2]
            assert (b[2], d[2]) == (second, third) and cv.texts[a][1] < b[1] < d[1] and b[0] == d[0] > cv.texts[a][0]
            assert r["project_code"] in second and fmt_credits(r["credits"]) in second and r["mode"] in third
            if len(years) == 1:
                assert str(years[0]) not in third


def test_the_shanghai_numbered_table_numbers_rows_and_prints_levels(pages) -> None:
    lists = pages["sh_verify_numbered"]
    for page, cv, policy in lists:
        c = page.content
        assert policy == "shanghai-2018" and all(r["mode"] is None for r in page.truth["rows"])
        assert [row[0] for row in c["rows"]] == [f"{i}." for i in range(1, len(c["rows"]) + 1)]
        levels = {w for ws in labels()["level_words"].values() for w in ws} | \
            {w for ws in labels()["heldout"]["level_words"].values() for w in ws}
        assert {row[3] for row in c["rows"]} <= levels
        assert "验证表" in c["heading"] and c["name"] in c["person"] and c["id_number"] in c["person"]
        seqs = [t for t in cv.texts if re.fullmatch(r"\d+\.", t[2])]
        assert len(seqs) == len(c["rows"]) and len({round(t[0]) for t in seqs}) == 1


# ------------------------------------------------------------------------------------- seals

HELD = [s for s in seal_styles.catalogue()["styles"] if s["name"].endswith("_s13")]   # development since session 15


def test_there_are_at_least_eight_new_held_out_seal_styles_for_both_authorities() -> None:
    assert len(HELD) >= 8 and all(s["split"] == "dev" for s in HELD)
    for kind in ("cme_office", "organizer"):
        assert {s["form"] for s in HELD if s["kind"] == kind} == {"round", "oval", "rect", "bar"}
        assert any("inks" in s and max(max(i) for i in s["inks"]) - min(min(i) for i in s["inks"]) < 40
                   for s in HELD if s["kind"] == kind)                                  # a grey one each
    looks = {k for s in HELD for k in ("over_text_p", "pale_p", "double_p") if k in s}
    assert looks == {"over_text_p", "pale_p", "double_p"}
    cat = seal_styles.catalogue()
    before = [s for s in seal_styles.styles("dev") if s not in HELD]
    dev_rings = {r for s in before for r in cat["text_sets"][s["texts"]].get("ring", [])}
    dev_centres = {c for s in before for c in cat["text_sets"][s["texts"]]["centre"] if c}
    for s in HELD:
        ts = cat["text_sets"][s["texts"]]
        assert not set(ts.get("ring", [])) & dev_rings, s["name"]                # rings no earlier style printed
        assert not {c for c in ts["centre"] if c} & dev_centres, s["name"]
    assert {"serif_bold_kr", "sans_black_hk", "serif_medium_tc", "sans_light_hk"} <= set(cat["fonts"]["dev"])


@pytest.mark.parametrize("name", [s["name"] for s in HELD])
def test_each_held_out_style_draws(name) -> None:
    st = seal_styles.style(name)
    for i in range(4):
        spec = seal_styles.seal_of_style(random.Random(i), st, cx=200, cy=200, organizer="温州医科大学附属第一医院",
                                         policy="wenzhou-2023")
        img = np.asarray(seal_image(spec, 1.5).convert("RGB")).astype(int)
        inked = (img.min(axis=2) < 200).mean()
        assert 0.01 < inked < 0.6, (name, inked)
        if st["kind"] == "cme_office":
            assert spec.province and any(w in spec.outer_text for w in ("委员会", "科教处", "办公室"))
        else:
            assert spec.outer_text == "温州医科大学附属第一医院"


def test_development_sets_stamp_the_session_13_styles_pale_double_and_grey(pages) -> None:
    seen, pale, double, grey = set(), 0, 0, 0
    for lst in pages.values():
        for page, _, _ in lst:
            for s in page.seals:
                if not s.style.endswith("_s13"):
                    continue
                seen.add(s.style)
                pale += s.alpha < 0.6
                double += s.double is not None
                grey += max(s.color) - min(s.color) < 20
    assert len(seen) >= 5 and pale >= 1 and double >= 1 and grey >= 1, (seen, pale, double, grey)


# ------------------------------------------------------------- the session-13 words, development now

SESSION13_WORDS = ["听训人", "受教学员", "带教学员", "培训专题", "研习课题", "讲座名称", "课程标题", "项目核准号", "立项代码",
                   "项目批准代码", "计分档别", "学时认定档", "认定档次", "认定分值", "核予学分", "计得学分", "进修期间", "办训日期",
                   "培训日程", "带教形式", "课程形式", "施训方式", "承训机构", "主管办班单位", "办训单位", "函证编号", "证明流水",
                   "证书流水码", "证明日期", "签批日期", "核发时间", "记载时间", "打印时点", "服务机构", "工作机构", "供职医院"]
SESSION13_FORMATS = ["{dd}.{mm}.{y}", "{y}年{mm}月{dd}日（周{wk}）", "{y}.{mm}.{dd}至{emm}.{edd}", "{dd}.{mm}-{edd}.{emm}.{y}",
                     "{y}年{m}月{d}日~{em}月{ed}日", "{y}年{m}月{d}—{ed}日", "{y}年{m}月{d}日印", "{y}年{m}月{d}日 {hh}:{mi}:{ss}",
                     "{dd}.{mm}.{y} {hh}:{mi}"]


def test_the_session_13_words_and_formats_are_development_ones_now() -> None:
    """Held out in session 13, measured and looked at since: development label words, formats, wordings and number
    formats (the pipeline may learn them); none is held out any more."""
    voc = labels()
    dev = {w for ws in voc["labels"].values() for w in ws}
    held = {w for ws in voc["heldout"]["labels"].values() for w in ws}
    assert set(SESSION13_WORDS) <= dev and not set(SESSION13_WORDS) & held
    dev_formats = set(voc["activity_formats"]["single"] + voc["activity_formats"]["range"] + voc["issue_formats"]
                      + voc["print_formats"])
    assert set(SESSION13_FORMATS) <= dev_formats
    assert {"国家级（一类）", "一类·国家级"} <= set(voc["category_words"]["I类国家级"])
    assert {"市级学分Ⅰ类", "一类·市级"} <= set(voc["category_words_shanghai"]["I类省级"])
    assert {"国家项目", "全国Ⅰ类"} <= set(voc["level_words"]["I类国家级"])
    assert {"特此函告。", "此证有效。", "凭此证明。"} <= set(voc["closings"])
    assert {"学分核验处：", "继委审核：", "落地盖章栏："} <= set(voc["validation_spots"])
    assert {"ZJJY{y}{c}{n5}", "继医证{y}{n5}", "{org}{y}·{n5}", "{n4}-{y}-{c}"} <= set(voc["certificate_numbers"]["default"])
    assert {"沪继证{y}{c}-{n4}", "SHJY-{y}-{n5}", "{y}SH{c}{n5}"} <= set(voc["certificate_numbers"]["shanghai"])
    assert fmt_date("{dd}.{mm}.{y}", dt.date(2021, 5, 12)) == "12.05.2021"
    assert fmt_date("{y}年{m}月{d}—{ed}日", dt.date(2021, 5, 12), dt.date(2021, 5, 14)) == "2021年5月12—14日"


def test_the_session_13_faces_are_development_faces_now(pages) -> None:
    s13 = {"serif_bold_kr", "sans_black_hk", "serif_medium_tc", "sans_light_hk", "serif_kr"}
    assert s13 <= set(TITLE_FACES + BODY_FACES)
    assert not s13 & (set(HELDOUT_TITLE_FACES) | set(HELDOUT_BODY_FACES))
    drawn = {t[4] for lst in pages.values() for _, cv, _ in lst for t in cv.texts}
    assert s13 & drawn
