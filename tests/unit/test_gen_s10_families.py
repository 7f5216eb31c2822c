"""The session-10 held-out families (samples/families/scrolls.py) and seal styles (*_s10): each family
has the build its docstring claims, checked on the strings and positions a recording canvas keeps
(planning and drawing only, no rendering); every held-out seal style draws, with its own angle, edge,
ink and centre lines; and every held-out word and format is new to the pipeline's vocabulary and to
the development grammar."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import numpy as np
import pytest

from samples import seal_styles
from samples.families import SIZES, scrolls
from samples.families.grammar import Grammar, fmt_date, labels
from samples.families.sheets import credits_words
from samples.seals import seal_image
from samples.textfmt import fmt_credits

from drawn_pages import pages_by_family, text_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pages() -> dict[str, list]:
    return pages_by_family(seed=61, applicants=10, selection="heldout")


_at = text_at


def test_the_vertical_scroll_sets_its_sentence_in_columns_right_to_left(pages) -> None:
    certs = pages["vertical_scroll"]
    assert len(certs) >= 3
    for page, cv, _ in certs:
        c, W, H = page.content, *page.size_pt
        body = c["body"].translate(scrolls.VERTICAL_FORMS)
        chars = [t for t in cv.texts if len(t[2]) == 1]
        joined = "".join(t[2] for t in chars)
        i = joined.index(body[:12])
        run = chars[i:i + len(body)]
        assert "".join(t[2] for t in run) == body
        xs = [t[0] for t in run]
        assert xs == sorted(xs, reverse=True) and len(set(xs)) >= 2          # columns, right to left
        for a, b in zip(run, run[1:]):
            assert (a[0] == b[0] and b[1] > a[1]) or b[0] < a[0]              # top to bottom in a column
        assert all(t[5] == "m" for t in run)
        # every date in words; the codes only in the horizontal footer
        for d in page.extra_truth["dates_printed"]:
            assert not re.search(r"\d", d["text"]), d
            assert d["text"] in joined, d
        for key in ("project_code", "certificate_no"):
            holders = cv.find(page.truth[key])
            assert holders and all(t[1] > 0.88 * H and len(t[2]) > 1 for t in holders), key
        assert page.truth["project_code"] not in c["body"]
        # the organizer in a column left of the sentence
        org = page.truth["organizer"]
        k = joined.rindex(org)
        assert max(t[0] for t in chars[k:k + len(org)]) < min(xs)


def _ticks(cv, tick: str) -> list[tuple]:
    return [t for t in cv.texts if t[2] == tick]


@pytest.mark.parametrize("family", ["checkbox_form", "sh_checkbox_slip"])
def test_the_checkbox_form_gives_the_category_and_mode_only_by_a_ticked_box(pages, family) -> None:
    forms = pages[family]
    assert len(forms) >= 3
    seen = set()
    for page, cv, policy in forms:
        c = page.content
        ticks = _ticks(cv, c["tick"])
        assert len(ticks) == 2                       # one tick for the category, one for the mode
        for options in (c["options"], c["modes"]):
            assert sum(ticked for _, ticked in options) == 1
            words = [_at(cv, w) for w, _ in options]
            (on,) = [w for w, (_, ticked) in zip(words, options) if ticked]
            # the tick stands in the box just left of its option's word, on its line
            near = [t for t in ticks if abs(t[1] - on[1]) < 1 and 0 < on[0] - t[0] < 2.5 * on[3]]
            assert near, (family, on)
        cat_words = [w for w, _ in c["options"]]
        assert len(cat_words) == 3
        (mode,) = [m for m, t in c["modes"] if t]
        assert mode == page.truth["mode"]
        seen.add(page.truth["category"])
        if family == "sh_checkbox_slip":
            assert policy == "shanghai-2018" and page.truth["category"] == "I类省级"
            assert page.truth["project_code"].endswith("(沪)") and cv.find("上海市")
    if family == "checkbox_form":
        assert len(seen) >= 2


def test_the_checkbox_options_word_each_category_and_tick_the_records(pages) -> None:
    """The ticked option is the record's category in the page's words (each option is one category)."""
    n = 0
    for family in ("checkbox_form", "sh_checkbox_slip"):
        for page, _, policy in pages[family]:
            voc = labels()
            key = "category_words_shanghai" if policy == "shanghai-2018" else "category_words"
            pool = {cat: set(voc[key][cat]) | set(voc["heldout"][key][cat]) for cat in voc[key]}
            for word, ticked in page.content["options"]:
                cats = [cat for cat, ws in pool.items() if word in ws]
                assert cats, word
                assert ticked == (page.truth["category"] in cats), (word, page.truth["category"])
                n += 1
    assert n >= 18


def test_the_banded_grid_puts_each_label_in_a_header_row_above_its_value(pages) -> None:
    grids = pages["banded_grid"]
    assert len(grids) >= 3
    counts = set()
    for page, cv, _ in grids:
        bands = page.content["bands"]
        counts.add(len(bands))
        for _, cells in bands:
            heads = []
            for lab, val in cells:
                i = next(k for k, t in enumerate(cv.texts) if t[2] == lab and k + 1 < len(cv.texts)
                         and val.startswith(cv.texts[k + 1][2]))
                lx, ly, _, ls, _, la = cv.texts[i]
                vx, vy, *_ = cv.texts[i + 1]
                assert la == "m" and vy > ly and vx < lx, (lab, val)     # label centred over its value's cell
                heads.append(ly)
            assert len(set(heads)) == 1                                  # one header row per band
    assert counts == {3, 4}, counts                                    # both band layouts drawn
    assert max(len(cells) for page, _, _ in grids for _, cells in page.content["bands"]) >= 3


def _valid_id(n: str) -> bool:
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return len(n) == 18 and "10X98765432"[sum(int(a) * b for a, b in zip(n[:17], w)) % 11] == n[17]


def test_the_barcode_certificate_prints_the_holders_id_beside_the_name(pages) -> None:
    certs = pages["id_barcode"]
    assert len(certs) >= 3
    for page, cv, _ in certs:
        c = page.content
        idn = re.search(r"\d{17}[\dX]", c["id_line"]).group(0)
        assert _valid_id(idn)
        name, line = _at(cv, c["name_line"]), _at(cv, c["id_line"])
        assert page.truth["name"] in c["name_line"] and name[1] == line[1] and line[0] > name[0]
        spaced = _at(cv, c["spaced"])
        assert c["spaced"].replace(" ", "") == page.truth["certificate_no"] and spaced[1] < name[1]
        assert sum(c["bars"]) > 60
        assert any(d["role"] == "print" for d in page.extra_truth["dates_printed"])


def test_the_capital_card_writes_dates_in_words_and_credits_only_in_capitals(pages) -> None:
    cards = pages["capital_card"]
    assert len(cards) >= 3
    for page, cv, _ in cards:
        c, cr = page.content, page.truth["credits"]
        assert c["amount"].startswith(credits_words(cr, capital=True))
        assert c["amount"] in c["body"] and cv.find(c["amount"])
        assert not re.search(r"(?<![\d.-])" + re.escape(fmt_credits(cr)) + r"(?![\d.])",
                             c["body"].replace(page.truth["project_code"], "").replace(page.truth["date"], ""))
        for d in page.extra_truth["dates_printed"]:
            assert not re.search(r"\d", d["text"]), d
            assert cv.find(d["text"]), d


def test_the_footer_list_prints_the_year_only_in_its_footer_and_rows_over_two_lines(pages) -> None:
    lists = pages["list_footer_year"]
    assert len(lists) >= 3
    for page, cv, _ in lists:
        c, H = page.content, page.size_pt[1]
        year = str(c["years"][0])
        assert not re.search(r"\d{4}", c["heading"])
        foot = [t for t in cv.texts if year in t[2] and t[1] > 0.9 * H]
        assert foot and foot[0][2] == c["footer"]
        for first, code, cat, cr, second in c["lines"]:
            i = next(k for k, t in enumerate(cv.texts) if t[2] == first)
            a, b = cv.texts[i], next(t for t in cv.texts[i + 1:] if second.startswith(t[2]) and t[2])
            assert b[1] > a[1] and b[0] > a[0]                      # the second line under, indented
            if len(c["years"]) == 1:
                assert year not in first
        others = [t for t in cv.texts if year in t[2] and t[1] <= 0.9 * H
                  and not any(r["project_code"] in t[2] for r in c["rows_in"]) and c["id_number"] not in t[2]]
        if len(c["years"]) == 1:
            assert not others, others
        total = sum(r["credits"] for r in c["rows_in"])
        assert cv.find(f"合计：{fmt_credits(total)}分")


def test_the_shanghai_vertical_head_table_sets_narrow_titles_down_the_header(pages) -> None:
    lists = pages["sh_verify_vertical"]
    assert len(lists) >= 3 and all(policy == "shanghai-2018" for _, _, policy in lists)
    dev_orders = [o for o in labels()["ledger_words"]["sh_verify"]["orders"]]
    for page, cv, _ in lists:
        c = page.content
        assert page.size_pt == SIZES["landscape"] and all(r["mode"] is None for r in page.truth["rows"])
        assert c["order"] not in dev_orders and c["order"].index("credits") < c["order"].index("project_title")
        assert str(c["years"][0]) in c["heading"]
        for key in ("credits", "level", "seq"):
            title = c["titles"][key]
            i = next(k for k in range(len(cv.texts) - len(title) + 1)
                     if "".join(t[2] for t in cv.texts[k:k + len(title)]) == title)
            col = cv.texts[i:i + len(title)]
            assert len({t[0] for t in col}) == 1 and [t[1] for t in col] == sorted(t[1] for t in col)
        for r in page.truth["rows"]:
            assert cv.find(r["project_code"])


HELD = [s for s in seal_styles.catalogue()["styles"] if s["split"] == "heldout"]


def test_there_are_at_least_eight_new_held_out_seal_styles_for_both_authorities() -> None:
    assert len(HELD) >= 8 and all(s["name"].endswith("_s10") for s in HELD)
    for kind in ("cme_office", "organizer"):
        assert {s["form"] for s in HELD if s["kind"] == kind} == {"round", "oval", "rect", "bar"}
    looks = {k for s in HELD for k in ("angle_deg", "edge_p", "inks", "centre_lines", "pale_p", "double_p")
             if k in s}
    assert looks == {"angle_deg", "edge_p", "inks", "centre_lines", "pale_p", "double_p"}
    assert any(s.get("serial") == 1.0 for s in HELD)
    cat = seal_styles.catalogue()
    assert any("继续医学教育" in c for s in HELD if s["kind"] == "cme_office" and s["form"] == "round"
               for c in cat["text_sets"][s["texts"]]["centre"])


@pytest.mark.parametrize("name", [s["name"] for s in HELD])
def test_each_held_out_style_draws_its_own_look(name) -> None:
    st = seal_styles.style(name)
    for i in range(6):
        rng = random.Random(i)
        spec = seal_styles.seal_of_style(rng, st, cx=200, cy=200, organizer="温州医科大学附属第一医院",
                                         policy="wenzhou-2023")
        if "angle_deg" in st:
            lo, hi = st["angle_deg"]
            assert lo <= abs(spec.angle) <= hi, spec.angle
        if "centre_lines" in st:
            assert spec.look.centre_lines == 2
        if st.get("serial") == 1.0:
            assert spec.look.serial
        img = np.asarray(seal_image(spec, 1.5).convert("RGB")).astype(int)
        inked = (img.min(axis=2) < 200).mean()
        assert 0.01 < inked < 0.6, (name, inked)


def test_held_out_restyled_seals_turn_edge_and_ink_as_their_styles_say() -> None:
    from samples.seals import SealSpec

    W, H = 595.0, 842.0
    edge = purple = 0
    for i in range(300):
        base = [SealSpec(kind="organizer", shape="round", cx=420, cy=700, w=110, h=110, angle=0, outer_text="X医院"),
                SealSpec(kind="cme_office", shape="oval", cx=170, cy=720, w=120, h=84, angle=0, outer_text="")]
        out = seal_styles.restyle(random.Random(i), base, split="heldout", policy="wenzhou-2023",
                                  organizer="温州市人民医院", page_size=(W, H))
        for s in out:
            st = seal_styles.style(s.style)
            x0, _, x1, _ = s.bbox()
            if x0 < 0 or x1 > W:
                assert "edge_p" in st, s.style
                assert x0 < 0 < x1 or x0 < W < x1          # about half on the page
                edge += 1
            if s.color != base[0].color:
                assert s.color in {tuple(c) for c in st.get("inks", [])}, s.style
                purple += 1
    assert edge >= 20 and purple >= 20, (edge, purple)


# ------------------------------------------------------------------- new words, new to the pipeline


def _pipeline_vocab() -> str:
    files = sorted((ROOT / "ocr_models" / "vocab").glob("*.yaml")) + sorted((ROOT / "pipeline" / "config").glob("*.yaml"))
    assert len(files) >= 5
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def _held_words() -> list[str]:
    h = labels()["heldout"]
    words = [w for ws in h["labels"].values() for w in ws]
    for key in ("category_words", "category_words_shanghai", "level_words", "cert_titles", "cert_titles_shanghai"):
        words += [w for ws in h[key].values() for w in ws]
    return words + h["closings"] + [s.rstrip("：") for s in h["validation_spots"]]


def _dev_grammar() -> str:
    """Every string of labels.yaml a development page may draw (all but the held-out block and the
    held-out families' furniture), one per line."""
    def strings(o) -> list[str]:
        if isinstance(o, dict):
            return [s for v in o.values() for s in strings(v)]
        if isinstance(o, list):
            return [s for v in o for s in strings(v)]
        return [str(o)]

    voc = labels()
    return "\n".join(strings({k: v for k, v in voc.items() if k not in ("heldout", "scroll_words")}))


def test_every_new_held_out_word_is_new_to_the_pipeline_and_the_development_grammar() -> None:
    vocab, dev = _pipeline_vocab(), _dev_grammar()
    words = _held_words()
    assert len(words) >= 60
    for w in words:
        assert w not in vocab, w
        assert w not in dev, w            # not even inside a development string


def _formats() -> list[str]:
    h = labels()["heldout"]
    fs = h["activity_formats"]["single"] + h["activity_formats"]["range"] + h["issue_formats"] + h["print_formats"]
    fs += h["period_formats"] + [f for k in ("single", "range", "issue") for f in h["word_date_formats"][k]]
    return fs


def test_every_new_held_out_format_is_new_to_the_pipeline_and_the_development_grammar() -> None:
    voc, vocab = labels(), _pipeline_vocab()
    dev = set(voc["activity_formats"]["single"] + voc["activity_formats"]["range"] + voc["issue_formats"]
              + voc["print_formats"] + voc["period_formats"])
    d0, d1 = dt.date(2021, 5, 12), dt.date(2021, 5, 14)
    dev_texts = {fmt_date(f, d0, d1) for f in dev if "{mon}" not in f}
    fmts = _formats()
    assert len(fmts) >= 15
    for f in fmts:
        assert f not in dev, f
        text = fmt_date(f, d0, d1, clock=(9, 12, 30))
        assert text not in dev_texts and text not in vocab, (f, text)
        for word in re.findall(r"[^\d{}\sA-Za-z_/.:\-年月日〇零一二三四五六七八九十—]{2,}", re.sub(r"\{[^}]*\}", " ", f)):
            assert word not in vocab, (f, word)       # its own words (星期, 北京时间 …) unknown to the pipeline
    nos = voc["heldout"]["certificate_numbers"]
    for key in ("default", "shanghai"):
        assert not set(nos[key]) & set(voc["certificate_numbers"][key])
        for f in nos[key]:
            head = re.match(r"[^{]*", f).group(0)
            assert not head or head not in vocab, f


def test_word_dates_and_weekdays_fill_as_real_pages_write_them() -> None:
    d0 = dt.date(2021, 5, 12)
    assert fmt_date("{Yz}年{M}月{D}日", d0) == "二零二一年五月十二日"
    assert fmt_date("{Y}年{M}月{D}日至{e_MD}", d0, dt.date(2021, 5, 14)) == "二〇二一年五月十二日至十四日"
    assert fmt_date("{Y}年{M}月{D}日至{e_MD}", d0, dt.date(2021, 6, 2)) == "二〇二一年五月十二日至六月二日"
    assert fmt_date("{y}年{m}月{d}日（星期{wk}）", d0) == "2021年5月12日（星期三）"
    g = Grammar(random.Random(3), split="heldout")
    out = g.word_dates("2021-05-12", 3, issue=1.0)
    (act,) = [d for d in out["truth"] if d["role"] == "activity"]
    assert (act["date"], act["end"]) == ("2021-05-12", "2021-05-14") and not re.search(r"\d", out["activity"])
    assert credits_words(6.0, capital=True) == "陆" and credits_words(3.0, capital=True) == "叁"
