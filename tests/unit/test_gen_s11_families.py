"""The session-11 families (samples/families/plates.py; held out in session 11, development since session 13)
and seal styles (*_s11): each family has the build its docstring claims, checked on the strings, positions and colours a recording canvas keeps
(planning and drawing only, no rendering); every family prints its truth; every held-out seal style draws;
and the session-11 words, formats and faces are development ones now (the held-out ones of session 13 are
test_gen_s13_families's)."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import numpy as np
import pytest

from samples import seal_styles
from samples.families import SIZES, plates, selected
from samples.families.grammar import fmt_date, labels
from samples.fonts import BODY_FACES, HAND_FACES, HELDOUT_BODY_FACES, HELDOUT_TITLE_FACES, TITLE_FACES
from samples.seals import seal_image
from samples.textfmt import fmt_credits

from drawn_pages import joined, pages_by_family, text_at

ROOT = Path(__file__).resolve().parents[2]
NEW_CERTS = {"record_card", "kv_ecert", "name_banner", "photo_right", "dark_sidebar", "sh_fill_sentence"}
NEW_LISTS = {"list_merged_credit", "sh_verify_ticked"}
WHITE = (255, 255, 255)


@pytest.fixture(scope="module")
def pages() -> dict[str, list]:
    """(page, canvas, policy) of a development Wenzhou set (2020-2022) and a Shanghai one (2018), by family
    (development since session 13: the session-11 families are among the dev ones, so more applicants)."""
    return pages_by_family(seed=67, applicants={"wenzhou-2023": 30, "shanghai-2018": 40}, selection="dev")


def _index(cv, s: str) -> int:
    return next(i for i, t in enumerate(cv.texts) if t[2] == s)


def test_every_new_family_is_drawn_and_prints_its_truth(pages) -> None:
    assert NEW_CERTS <= set(selected("dev", "certificates"))
    assert NEW_LISTS <= set(selected("dev", "lists"))
    assert set(plates.PLANNERS) == set(plates.DRAWERS) == NEW_CERTS | NEW_LISTS
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


def _valid_id(n: str) -> bool:
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return len(n) == 18 and "10X98765432"[sum(int(a) * b for a, b in zip(n[:17], w)) % 11] == n[17]


def test_the_record_card_boxes_the_id_digits_and_stamps_in_boxes_at_its_foot(pages) -> None:
    cards = pages["record_card"]
    sizes = set()
    for page, cv, _ in cards:
        c, (W, H) = page.content, page.size_pt
        sizes.add(page.size_pt)
        # the ID number, one digit per box, left to right on one line after its label
        i = _index(cv, c["id_label"])
        digits = cv.texts[i + 1:i + 19]
        assert "".join(t[2] for t in digits) == c["id_digits"] and _valid_id(c["id_digits"])
        assert len({t[1] for t in digits}) == 1 and [t[0] for t in digits] == sorted(t[0] for t in digits)
        # the one activity: each label centred over its value
        for label, value in c["entry"]:
            k = _index(cv, label)
            lx, ly, *_, la = cv.texts[k]
            vx, vy = next(t for t in cv.texts[k + 1:] if value.startswith(t[2]))[:2]
            assert la == "m" and vy > ly and vx < lx, (label, value)
        # the stamp boxes at the foot: the organizer's left (its name and the issue date in it), the office's right
        (ox, oy), (cx, cy) = c["anchors"]["organizer"], c["anchors"]["cme_office"]
        assert ox < 0.5 * W < cx and oy == cy and oy > 0.7 * H
        org = [t for t in cv.texts if t[2] == page.truth["organizer"]]
        assert org and abs(org[-1][1] - oy) < 0.085 * H and org[-1][5] == "r"
        class1 = page.truth["category"] != "II类"
        assert any(w in c["office_box"] for w in ("审验", "验证")) == class1
        assert text_at(cv, c["office_box"])[0] > 0.5 * W
    assert sizes == {SIZES["portrait"], SIZES["landscape"]}


def test_the_key_value_certificate_prints_pairs_in_two_columns_and_a_long_code(pages) -> None:
    certs = pages["kv_ecert"]
    latin = 0
    for page, cv, _ in certs:
        c, W = page.content, page.size_pt[0]
        eq = c["eq"]
        assert eq in ("=", "＝", " = ")
        xs = set()
        for col in c["columns"]:
            for pair in col:
                hit = next(t for t in cv.texts if pair.startswith(t[2]) and t[2])
                xs.add(round(hit[0]))
                assert eq in pair
        assert len(xs) == 2 and min(xs) < 0.2 * W < 0.45 * W < max(xs)       # two columns
        head = next(t for t in cv.texts if c["title_pair"].startswith(t[2]) and t[2])   # the title across both
        assert head[0] < 0.2 * W and cv.texts.index(head) < min(
            i for i, t in enumerate(cv.texts) if any(p.startswith(t[2]) and t[2] for col in c["columns"] for p in col))
        code = c["code_line"].split(eq, 1)[1]
        assert re.fullmatch(r"([0-9A-F]{4}-){7}[0-9A-F]{4}", code)
        english = [d for d in page.extra_truth["dates_printed"] if re.search(r"[A-Z][a-z]{2}", d["text"])]
        latin += bool(english)
        assert any(d["role"] == "print" for d in page.extra_truth["dates_printed"])
    # (development since session 13: the English-month range is one of many dev formats, so a set may print none)


def test_the_name_banner_prints_the_name_alone_and_every_other_field_small_in_the_band(pages) -> None:
    for page, cv, _ in pages["name_banner"]:
        c, (W, H), t = page.content, page.size_pt, page.truth
        name = text_at(cv, t["name"])
        assert name[4] in plates._NAME_FACES and name[5] == "m" and abs(name[0] - W / 2) < 1
        others = [x for x in cv.texts if x[2] != t["name"]]
        assert name[3] >= 3 * max(x[3] for x in others if x[1] > 0.7 * H)
        for key in ("project_code", "project_title", "organizer", "certificate_no"):
            holders = cv.find(t[key])
            assert holders and all(x[1] > 0.71 * H and x[3] <= 10 for x in holders), key
        for d in page.extra_truth["dates_printed"]:
            assert all(x[1] > 0.71 * H for x in cv.find(d["text"])), d
        credit = text_at(cv, c["credit_item"])
        assert re.fullmatch(r"授予.+学分 \d+(\.\d)? 分", c["credit_item"]) and credit[1] > 0.71 * H
        assert f" {fmt_credits(t['credits'])} 分" in c["credit_item"]


def test_the_photo_card_sets_its_fields_flush_right_or_on_the_colon(pages) -> None:
    ways = set()
    for page, cv, _ in pages["photo_right"]:
        c, W = page.content, page.size_pt[0]
        ways.add(c["align"])
        rights, gutters = set(), set()
        for label, value in c["fields"]:
            if c["align"] == "flush":
                line = next(t for t in cv.texts if t[2].startswith(label) and t[2].endswith(value))
                assert line[5] == "r"
                rights.add(round(line[0]))
            else:
                k = next(i for i, t in enumerate(cv.texts[:-1]) if t[2].startswith(label) and cv.texts[i + 1][2] == value)
                lab, val = cv.texts[k], cv.texts[k + 1]
                assert lab[5] == "r" and val[5] == "l" and val[0] > lab[0] and lab[1] == val[1]
                gutters.add(round(lab[0]))
        assert len(rights) <= 1 and len(gutters) <= 1                     # one right edge, or one gutter
        assert all(t[0] > 0.25 * W for t in cv.texts if t[2] in {v for _, v in c["fields"]})   # right of the photo
    assert ways == {"flush", "colon"}


def test_the_dark_sidebar_prints_its_codes_white_and_the_fields_right_of_it(pages) -> None:
    for page, cv, _ in pages["dark_sidebar"]:
        c, W = page.content, page.size_pt[0]
        assert max(c["side_ink"]) < 100                                   # dark enough for white type
        sidebar = [(t, col) for t, col in zip(cv.texts, cv.colours) if t[0] < 0.3 * W]
        assert sidebar and all(col is not None and min(col) >= 200 for _, col in sidebar)   # white or near
        whites = {t[2] for t, col in sidebar if col == WHITE}
        for value in (page.truth["certificate_no"], c["code"], c["v"]["print"]):
            assert any(value.startswith(w) and w for w in whites), value
        for label, value in c["rows"]:
            assert all(t[0] > 0.3 * W for t in cv.texts if t[2] == label)
        assert re.fullmatch(r"([A-Z2-9]{4} ){3}[A-Z2-9]{4}", c["code"])


def test_the_shanghai_sentence_is_filled_by_hand_blank_by_blank(pages) -> None:
    forms = pages["sh_fill_sentence"]
    for page, cv, policy in forms:
        c, t = page.content, page.truth
        assert policy == "shanghai-2018" and t["category"] == "I类省级" and t["project_code"].endswith("(沪)")
        hand, body = c["faces"]["value"], c["faces"]["body"]
        assert hand in HAND_FACES
        blanks = [v for kind, v in c["tokens"] if kind == "blank"]
        for v in blanks:
            hit = text_at(cv, v)
            assert hit[4] == hand and hit[5] == "m", v
        assert t["name"] in blanks and t["project_code"] in blanks and fmt_credits(t["credits"]) in blanks
        d0 = dt.date.fromisoformat(t["date"])
        assert [str(d0.year), str(d0.month), str(d0.day)] == blanks[1:4]     # the date, part by part
        (act,) = [d for d in page.extra_truth["dates_printed"] if d["role"] == "activity"]
        assert act["text"].startswith(f"{d0.year}年{d0.month}月{d0.day}日")
        printed = [x for x in cv.texts if x[4] == body and x[2] not in blanks]
        assert any("授予" in x[2] for x in printed) and cv.find("上海市")
        words = set(labels()["category_words_shanghai"]["I类省级"]) | set(labels()["heldout"]["category_words_shanghai"]["I类省级"])
        assert c["v"]["category"] in words and c["v"]["category"] in blanks


def test_the_merged_list_boxes_its_year_and_merges_title_code_and_category_credits(pages) -> None:
    for page, cv, _ in pages["list_merged_credit"]:
        c, W = page.content, page.size_pt[0]
        years = c["years"]
        box = text_at(cv, c["year_value"])
        assert box[0] > 0.8 * W and c["year_value"] == (str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}")
        assert not re.search(r"\d{4}", c["heading"])
        for r, row in zip(page.truth["rows"], c["rows"]):
            title, code = row[2]
            assert (title, code) == (r["project_title"], r["project_code"])
            a = next(i for i, x in enumerate(cv.texts) if x[2] and r["project_title"].startswith(x[2]))
            b = next(x for x in cv.texts[a + 1:] if x[2] == code)
            assert b[0] == cv.texts[a][0] and b[1] > cv.texts[a][1] and b[3] < cv.texts[a][3]   # under it, smaller
            (merged,) = row[3]
            assert merged == f"{c['cats'][r['category']]} {r['credits']:.1f}" and merged.replace(" ", "") in joined(cv)
            if len(years) == 1:
                assert str(years[0]) not in row[1][0]
        if len(years) == 1:
            held_year = [x for x in cv.texts if str(years[0]) in x[2] and x[2] != c["year_value"]
                         and not any(r["project_code"] in x[2] for r in page.truth["rows"])
                         and c["id_number"] not in x[2]]
            assert not held_year, held_year
        assert cv.find(f"{c['sums']['total']:.1f}")


def test_the_shanghai_ticked_table_puts_the_person_over_values_and_ticks_every_row(pages) -> None:
    lists = pages["sh_verify_ticked"]
    for page, cv, policy in lists:
        c = page.content
        assert policy == "shanghai-2018" and all(r["mode"] is None for r in page.truth["rows"])
        for label, value in c["person"]:
            lab, val = text_at(cv, label), next(t for t in cv.texts if t[2] == value)
            assert lab[5] == "m" and val[1] > lab[1]
        assert c["person"][-1][1] == str(c["years"][0]) if len(c["years"]) == 1 else True
        marks = [t for t in cv.texts if t[2] == c["mark"]]
        assert len(marks) == len(page.truth["rows"]) and len({round(t[0]) for t in marks}) == 1
        for r in c["rows_in"]:
            title = next(i for i, t in enumerate(cv.texts) if t[2] and r["project_title"].startswith(t[2]))
            org = next(t for t in cv.texts[title + 1:] if t[2] and r["organizer"].startswith(t[2]))
            assert org[0] == cv.texts[title][0] and org[1] > cv.texts[title][1]
        total = sum(r["credits"] for r in c["rows_in"])
        assert str(len(c["rows_in"])) in c["count"] and fmt_credits(total) in c["count"] and cv.find(c["count"])
        levels = {w for ws in labels()["level_words"].values() for w in ws} | \
            {w for ws in labels()["heldout"]["level_words"].values() for w in ws}
        assert set(c["levels"].values()) <= levels


# ------------------------------------------------------------------------------------- seals

HELD = [s for s in seal_styles.catalogue()["styles"] if s["name"].endswith("_s11")]   # development since session 13


def test_there_are_at_least_eight_new_held_out_seal_styles_for_both_authorities() -> None:
    assert len(HELD) >= 8 and all(s["split"] == "dev" for s in HELD)
    for kind in ("cme_office", "organizer"):
        assert {s["form"] for s in HELD if s["kind"] == kind} == {"round", "oval", "rect", "bar"}
    assert any(s["kind"] == "cme_office" and s["form"] == "round" and s.get("star") is True for s in HELD)
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
    assert {"serif_black_kr", "sans_bold_hk", "sans_medium_kr", "ukai_hk"} <= set(cat["fonts"]["dev"])


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
            assert spec.province and any(w in spec.outer_text for w in ("委员会", "科教处", "科技教育处", "办公室"))


def test_held_out_sets_stamp_the_new_styles_pale_double_and_over_text(pages) -> None:
    seen, pale, double = set(), 0, 0
    for lst in pages.values():
        for page, _, _ in lst:
            for s in page.seals:
                if not s.style.endswith("_s11"):
                    continue
                seen.add(s.style)
                pale += s.alpha < 0.6
                double += s.double is not None
    assert len(seen) >= 5 and pale >= 1 and double >= 1, (seen, pale, double)


# ------------------------------------------------------------- the session-11 words, development now

SESSION11_WORDS = ["受训学员", "听讲人", "听课者", "培训名目", "授课题目", "讲习内容", "学习题目", "项目代号", "项目注册编码",
                   "核准编号", "学分种别", "项目级类", "学分类目", "给予学分", "所授学分", "学分计量", "办学日期", "讲习日期",
                   "研习时间", "培训载体", "授课形态", "听课方式", "主承办单位", "办班单位", "主理单位", "证书号数", "凭证编码",
                   "证书检索号", "颁授日期", "授证日期", "发证时刻", "打印日时", "查询时间", "在职单位", "执业点", "所在机构"]
SESSION11_FORMATS = ["{y}年{m}月{d}日全天", "{y}·{mm}·{dd}", "{y}年{mm}月{dd}日—{emm}月{edd}日", "{d}-{ed} {mon} {y}",
                     "{y}.{m}.{d}~{ed}", "{y}·{mm}·{dd}—{ey}·{emm}·{edd}", "公元{y}年{m}月{d}日", "{y}年{m}月{d}日{hh}点{mi}分"]


def test_the_session_11_words_and_formats_are_development_ones_now() -> None:
    """Held out in session 11, measured and looked at since: development label words, formats and number
    formats (the pipeline may learn them); none is held out any more."""
    voc = labels()
    dev = {w for ws in voc["labels"].values() for w in ws}
    held = {w for ws in voc["heldout"]["labels"].values() for w in ws}
    assert set(SESSION11_WORDS) <= dev and not set(SESSION11_WORDS) & held
    dev_formats = set(voc["activity_formats"]["single"] + voc["activity_formats"]["range"] + voc["issue_formats"]
                      + voc["print_formats"])
    assert set(SESSION11_FORMATS) <= dev_formats
    assert {"{y}{c}-{n4}-{n3}", "CME·{y}·{n6}"} <= set(voc["certificate_numbers"]["default"])
    assert {"沪继医{y}-{n5}", "沪教{y}{c}{n4}"} <= set(voc["certificate_numbers"]["shanghai"])
    assert fmt_date("{y}年{mm}月{dd}日—{emm}月{edd}日", dt.date(2021, 5, 12), dt.date(2021, 5, 14)) == "2021年05月12日—05月14日"
    assert fmt_date("{d}-{ed} {mon} {y}", dt.date(2021, 5, 12), dt.date(2021, 5, 14)) == "12-14 May 2021"


def test_the_session_11_faces_are_development_faces_now(pages) -> None:
    s11 = {"serif_black_kr", "sans_bold_hk", "sans_medium_kr", "uming_tw", "ukai_hk"}
    assert s11 <= set(TITLE_FACES + BODY_FACES)
    assert not s11 & (set(HELDOUT_TITLE_FACES) | set(HELDOUT_BODY_FACES))
    drawn = {t[4] for lst in pages.values() for _, cv, _ in lst for t in cv.texts}
    assert s11 & drawn
