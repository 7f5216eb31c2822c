"""The session-15 held-out families (samples/families/tiles.py) and seal styles (*_s15): each family has
the build its docstring claims, checked on the strings, positions and colours a recording canvas keeps
(planning and drawing only, no rendering); every family prints its truth; every held-out seal style draws;
and every held-out word, format, face and seal text is new to the pipeline's vocabulary and to the
development grammar, and drawn only on held-out pages."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import numpy as np
import pytest

from samples import seal_styles
from samples.families import selected, tiles
from samples.families.grammar import fmt_date, labels
from samples.families.sheets import credits_words
from samples.fonts import BODY_FACES, HAND_FACES, HELDOUT_BODY_FACES, HELDOUT_TITLE_FACES, TITLE_FACES
from samples.seals import seal_image
from samples.textfmt import fmt_credits

from drawn_pages import joined, pages_by_family, text_at

ROOT = Path(__file__).resolve().parents[2]
NEW_CERTS = {"footer_table_card", "english_label_form", "notice_wrapped_cert", "fullwidth_card", "browser_print_ecert",
             "sh_bracket_card"}
NEW_LISTS = {"list_two_up", "sh_verify_fullwidth"}
FULL_DIGITS = "０１２３４５６７８９"


def _sets(selection: str) -> dict[str, list]:
    return pages_by_family(seed=151, applicants=12, selection=selection)


@pytest.fixture(scope="module")
def pages() -> dict[str, list]:
    """(page, canvas, policy) of a held-out Wenzhou set (2020-2022) and a Shanghai one (2018), by family."""
    return _sets("heldout")


@pytest.fixture(scope="module")
def dev_pages() -> dict[str, list]:
    return _sets("dev")


def test_every_new_family_is_drawn_and_prints_its_truth(pages) -> None:
    assert set(selected("heldout", "certificates")) == NEW_CERTS
    assert set(selected("heldout", "lists")) == NEW_LISTS
    assert set(tiles.PLANNERS) == set(tiles.DRAWERS) == NEW_CERTS | NEW_LISTS
    assert set(pages) == NEW_CERTS | NEW_LISTS
    for family in NEW_CERTS | NEW_LISTS:
        assert len(pages[family]) >= 3, (family, len(pages[family]))
    for family, lst in pages.items():
        for page, cv, _ in lst:
            text = joined(cv)
            W, H = page.size_pt
            assert all(0 <= t[0] <= W and t[3] <= t[1] <= H for t in cv.texts), page.design
            if page.kind == "annual_list":
                for row in page.truth["rows"]:
                    assert row["project_code"] in text and row["project_title"].replace(" ", "") in text
                    credits = fmt_credits(row["credits"])
                    assert credits in text or tiles.full(credits) in text
                continue
            t = page.truth
            for k in ("name", "project_code", "project_title", "mode", "organizer", "certificate_no"):
                assert t[k].replace(" ", "") in text, (page.design, k)
            dates = page.extra_truth["dates_printed"]
            (act,) = [d for d in dates if d["role"] == "activity"]
            assert act["date"] == t["date"]
            for d in dates:
                assert d["text"].replace(" ", "") in text, (page.design, d)
            if family == "fullwidth_card":
                assert credits_words(t["credits"], capital=True) in text
            else:
                assert fmt_credits(t["credits"]) in text


def test_the_footer_table_card_prints_the_name_alone_and_the_fields_in_two_tiers_at_the_foot(pages) -> None:
    for page, cv, _ in pages["footer_table_card"]:
        c, (W, H) = page.content, page.size_pt
        name = text_at(cv, c["v"]["name"])
        assert name[3] >= 30 and name[5] == "m"
        assert len(c["tiers"]) == 2 and all(c["tiers"])
        for tier in c["tiers"]:
            ys = set()
            for label, value in tier:
                lab = next(t for t in cv.texts if t[2] == label and t[1] > 0.6 * H)
                val = next(t for t in cv.texts if value.startswith(t[2]) and t[1] > lab[1] and abs(t[0] - lab[0]) < 1)
                assert val[1] - lab[1] < 45
                ys.add(lab[1])
            assert len(ys) == 1                                                     # one row of labels a tier
        org = min(t[1] for t in cv.find(c["v"]["organizer"]))
        assert name[1] < org < 0.66 * H                                             # the seals above the table


def test_the_english_form_labels_every_field_in_english_only(pages) -> None:
    english = labels()["tile_words"]["english"]
    words = {w for ws in english.values() for w in ws}
    for page, cv, _ in pages["english_label_form"]:
        c = page.content
        assert len(c["rows"]) >= 9
        for label, value in c["rows"]:
            assert label in words and re.fullmatch(r"[A-Za-z. ]+", label)
            lab = text_at(cv, label)
            assert any(value.startswith(t[2]) and t[0] > lab[0] + 20 and abs(t[1] - lab[1]) < 34 for t in cv.texts)
        assert not any(w in joined(cv) for w in ("姓名", "项目编号", "学分类别", "证书编号"))


def test_the_notice_wraps_the_certificate_between_its_heading_and_its_rules(pages) -> None:
    for page, cv, _ in pages["notice_wrapped_cert"]:
        c, t = page.content, page.truth
        head, title = text_at(cv, c["heading"]), text_at(cv, c["title"])
        rules = [next(x for x in cv.texts if r.startswith(x[2])) for r in c["rules"]]
        sentence = next(x for x in cv.texts if x[2] and c["sentence"].startswith(x[2]))
        assert head[1] < title[1] < sentence[1] < min(r[1] for r in rules)
        assert len(c["rules"]) == 3 and not any(re.search(r"\d", r) for r in c["rules"] + [c["opening"]])
        assert t["name"] in c["sentence"] and fmt_credits(t["credits"]) in c["sentence"]


def test_the_fullwidth_card_types_its_dates_full_width_and_the_credits_in_capitals(pages) -> None:
    full_dates = 0
    for page, cv, _ in pages["fullwidth_card"]:
        c, t = page.content, page.truth
        for d in page.extra_truth["dates_printed"]:
            assert not re.search(r"[0-9]", d["text"]), d
            full_dates += any(ch in FULL_DIGITS for ch in d["text"])
        capital = credits_words(t["credits"], capital=True)
        assert capital in c["credit_line"] and not re.search(r"[0-9０-９]", c["credit_line"])
        assert not re.search(r"学分\s*[0-9.]+\s*分", c["sentence"])                   # the number only in capitals
        assert text_at(cv, c["credit_line"])[3] >= 18
    assert full_dates >= 2


def test_the_browser_print_has_the_print_time_in_its_header_and_the_address_in_its_footer(pages) -> None:
    for page, cv, _ in pages["browser_print_ecert"]:
        c, (W, H) = page.content, page.size_pt
        (pr,) = [d for d in page.extra_truth["dates_printed"] if d["role"] == "print"]
        head = text_at(cv, pr["text"])
        assert head[1] < 0.04 * H and head[3] < 8
        url = text_at(cv, c["url"])
        assert url[1] > 0.95 * H and c["url"].startswith("http")
        assert text_at(cv, c["pager"])[1] > 0.95 * H
        cell_labels = {lab for lab, _ in c["cells"]}
        assert len({round(x[0]) for x in cv.texts if x[2] in cell_labels and x[3] < 8}) == 2   # two columns of cells


def test_the_shanghai_bracket_card_brackets_every_value_and_words_the_level_municipal(pages) -> None:
    for page, cv, policy in pages["sh_bracket_card"]:
        c, t = page.content, page.truth
        assert policy == "shanghai-2018" and t["category"] == "I类省级" and t["project_code"].endswith("(沪)")
        for v in (t["name"], t["organizer"], t["project_title"], t["project_code"], t["mode"], t["certificate_no"]):
            assert f"【{v}】" in c["sentence"] + c["no_line"], v
        words = set(labels()["category_words_shanghai"]["I类省级"]) | set(labels()["heldout"]["category_words_shanghai"]["I类省级"])
        assert c["v"]["category"] in words and f"【{c['v']['category']}】" in c["sentence"]
        assert cv.find("上海市")


def test_the_two_up_list_runs_its_rows_down_two_tables_in_date_order(pages) -> None:
    for page, cv, _ in pages["list_two_up"]:
        c, (W, H) = page.content, page.size_pt
        assert W > H
        rows = page.truth["rows"]
        assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
        xs = []
        for row, r in zip(c["rows"], rows):
            xs.append(text_at(cv, row[1])[0])                                             # the row's date
            d = dt.date.fromisoformat(r["date"])
            assert f"({'一二三四五六日'[d.weekday()]})" in row[1] and r["project_code"] in row[3] and r["mode"] in row[3]
        if len(rows) >= 2:
            left = xs[:c["split"]]
            right = xs[c["split"]:]
            assert max(left) < 0.5 * W and (not right or min(right) > 0.5 * W)


def test_the_shanghai_fullwidth_table_types_seq_dates_and_credits_full_width(pages) -> None:
    for page, cv, policy in pages["sh_verify_fullwidth"]:
        c = page.content
        assert policy == "shanghai-2018" and all(r["mode"] is None for r in page.truth["rows"])
        for row, r in zip(c["rows"], page.truth["rows"]):
            seq, code, _title, org, level, credits, date = row
            assert code == r["project_code"] and org == c["rows_in"][int(seq.translate(str.maketrans("０１２３４５６７８９", "0123456789"))) - 1]["organizer"]
            assert credits == tiles.full(fmt_credits(r["credits"])) and not re.search(r"[0-9]", seq + credits + date)
        levels = {w for ws in labels()["level_words"].values() for w in ws} | \
            {w for ws in labels()["heldout"]["level_words"].values() for w in ws}
        assert {row[4] for row in c["rows"]} <= levels
        assert "验证表" in c["heading"]


# ------------------------------------------------------------------------------------- seals

HELD = seal_styles.styles("heldout")


def test_there_are_at_least_ten_new_held_out_seal_styles_for_both_authorities() -> None:
    assert len(HELD) >= 10 and all(s["name"].endswith("_s15") for s in HELD)
    for kind in ("cme_office", "organizer"):
        side = [s for s in HELD if s["kind"] == kind]
        assert {s["form"] for s in side} == {"round", "oval", "rect", "bar"}
        rounds = [s for s in side if s["form"] == "round"]
        assert any(s.get("star") is True for s in rounds) and any(s.get("star") is False for s in rounds)
        assert any(s.get("rings") == 2 for s in rounds)
        assert any("inks" in s and max(max(i) for i in s["inks"]) - min(min(i) for i in s["inks"]) < 40
                   for s in side)                                                    # a grey one each
        assert any(s.get("border_frac", [1])[-1] < 0.02 for s in side)               # a thin rim each
    looks = {k for s in HELD for k in ("over_text_p", "pale_p", "double_p") if k in s}
    assert looks == {"over_text_p", "pale_p", "double_p"}
    cat = seal_styles.catalogue()
    every_ring = {r for s in seal_styles.styles("dev") for r in cat["text_sets"][s["texts"]].get("ring", [])}
    dev_centres = {c for s in seal_styles.styles("dev") for c in cat["text_sets"][s["texts"]]["centre"] if c}
    for s in HELD:
        ts = cat["text_sets"][s["texts"]]
        assert not set(ts.get("ring", [])) & every_ring, s["name"]                    # rings no earlier style printed
        assert not {c for c in ts["centre"] if c} & dev_centres, s["name"]
    assert cat["fonts"]["heldout"] and set(cat["fonts"]["heldout"]).isdisjoint(cat["fonts"]["dev"])


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
            assert spec.province and any(w in spec.outer_text for w in ("委员会", "科教处", "办公室", "中心"))
        else:
            assert spec.outer_text == "温州医科大学附属第一医院"


def test_held_out_sets_stamp_the_new_styles_pale_double_and_grey(pages, dev_pages) -> None:
    seen, pale, double, grey = set(), 0, 0, 0
    for lst in pages.values():
        for page, _, _ in lst:
            for s in page.seals:
                assert s.style.endswith("_s15"), s.style
                seen.add(s.style)
                pale += s.alpha < 0.6
                double += s.double is not None
                grey += max(s.color) - min(s.color) < 20
    assert len(seen) >= 9 and pale >= 2 and double >= 2 and grey >= 2, (seen, pale, double, grey)
    assert not any(s.style.endswith("_s15") for lst in dev_pages.values() for page, _, _ in lst for s in page.seals)


# ------------------------------------------------------------------- new words, new to the pipeline


def _pipeline_vocab() -> str:
    files = sorted((ROOT / "ocr_models" / "vocab").glob("*.yaml")) + sorted((ROOT / "pipeline" / "config").glob("*.yaml"))
    assert len(files) >= 5
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def _strings(o) -> list[str]:
    if isinstance(o, dict):
        return [s for v in o.values() for s in _strings(v)]
    if isinstance(o, list):
        return [s for v in o for s in _strings(v)]
    return [str(o)]


def _dev_grammar() -> str:
    """Every string of labels.yaml a development page may draw (all but the held-out block and the
    held-out families' furniture), one per line."""
    voc = labels()
    return "\n".join(_strings({k: v for k, v in voc.items() if k not in ("heldout", "tile_words")}))


def _held_words() -> list[str]:
    h = labels()["heldout"]
    words = [w for ws in h["labels"].values() for w in ws]
    for key in ("category_words", "category_words_shanghai", "level_words", "cert_titles", "cert_titles_shanghai"):
        words += [w for ws in h[key].values() for w in ws]
    return words + h["closings"] + [s.rstrip("：") for s in h["validation_spots"]]


def test_every_new_held_out_word_is_new_to_the_pipeline_and_the_development_grammar() -> None:
    vocab, dev = _pipeline_vocab(), _dev_grammar()
    words = _held_words()
    assert len(words) >= 60 and len([w for ws in labels()["heldout"]["labels"].values() for w in ws]) >= 30
    assert {"受益学员", "开课单位", "证书记号", "修习方式", "办课日期"} <= set(words)
    for w in words:
        assert w not in vocab, w
        assert w not in dev, w            # not even inside a development string
    english = [w for ws in labels()["tile_words"]["english"].values() for w in ws]
    for w in english:                     # the English-only form's labels: none the pipeline knows
        assert w not in vocab and w not in dev, w


def test_the_held_out_words_appear_on_held_out_pages_only(pages, dev_pages) -> None:
    labels_ = [w for ws in labels()["heldout"]["labels"].values() for w in ws]
    text = "".join(joined(cv) for lst in pages.values() for _, cv, _ in lst)
    assert sum(w in text for w in labels_) >= 20
    dev_text = "".join(joined(cv) for lst in dev_pages.values() for _, cv, _ in lst)
    assert not [w for w in labels_ if w in dev_text]


def test_every_new_held_out_format_is_new_to_the_pipeline_and_the_development_grammar() -> None:
    voc, vocab = labels(), _pipeline_vocab()
    h = voc["heldout"]
    dev = set(voc["activity_formats"]["single"] + voc["activity_formats"]["range"] + voc["issue_formats"]
              + voc["print_formats"] + voc["period_formats"] + _strings(voc["word_date_formats"]))
    d0, d1 = dt.date(2021, 5, 12), dt.date(2021, 5, 14)
    dev_texts = {fmt_date(f, d0, d1, clock=(9, 12, 30)) for f in dev}
    fmts = h["activity_formats"]["single"] + h["activity_formats"]["range"] + h["issue_formats"] + h["print_formats"]
    assert len(fmts) >= 10
    for f in fmts:
        assert f not in dev, f
        text = fmt_date(f, d0, d1, clock=(9, 12, 30))
        assert text not in dev_texts and text not in vocab, (f, text)
    assert fmt_date("{Fy}年{Fm}月{Fd}日", d0) == "２０２１年５月１２日"
    assert fmt_date("{y}年{m}月{d}日（{wk}）至{em}月{ed}日（{ewk}）", d0, d1) == "2021年5月12日（三）至5月14日（五）"
    assert fmt_date("{mm}/{dd}-{emm}/{edd}/{y}", d0, d1) == "05/12-05/14/2021"
    assert fmt_date("{Fy}.{Fmm}.{Fdd}－{eFmm}.{eFdd}", d0, d1) == "２０２１.０５.１２－０５.１４"
    nos = h["certificate_numbers"]
    for key in ("default", "shanghai"):
        assert not set(nos[key]) & set(voc["certificate_numbers"][key])
        for f in nos[key]:
            head = re.match(r"[^{]*", f).group(0)
            assert not head or head not in vocab, f


def test_the_held_out_faces_are_in_no_development_pool_and_are_drawn(pages) -> None:
    held = set(HELDOUT_TITLE_FACES) | set(HELDOUT_BODY_FACES)
    assert held == {"serif_black_hk", "sans_bold_kr", "sans_mono_kr", "serif_light_kr", "uming_hk"}
    assert not held & set(TITLE_FACES + BODY_FACES + HAND_FACES)
    assert not held & set(seal_styles.catalogue()["fonts"]["dev"])
    drawn = {t[4] for lst in pages.values() for _, cv, _ in lst for t in cv.texts}
    assert held <= drawn, held - drawn
