"""The held-out side of the generator after the session-15 rotation (issues 14 and 15).

The families, words, number formats, faces and seal styles held out must be new (never drawn by a
development page) and complete (every family renders, its truth stands on the page); the old
held-out ones are development now; each broad kind and every seal shape for both authorities
stays on both sides of the split. Planning only (no rendering) except one small page per family.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import numpy as np
import pytest

from samples import families as fam
from samples import seal_styles
from samples.families import sheets, tiles
from samples.families.grammar import Grammar, certificate_number, labels
from samples.fonts import FONTS, HELDOUT_BODY_FACES, HELDOUT_TITLE_FACES

from drawn_pages import drawn_pages

NEW_CERTS = {"footer_table_card", "english_label_form", "notice_wrapped_cert", "fullwidth_card", "browser_print_ecert",
             "sh_bracket_card"}
NEW_LISTS = {"list_two_up", "sh_verify_fullwidth"}
# held out in session 13 (and before), looked at while tuning: development now
ROTATED = {"label_above_grid", "dear_letter", "ribbon_right", "header_bar_ecert", "stamp_box_card", "sh_clause_card",
           "list_block_records", "sh_verify_numbered", "record_card", "kv_ecert", "name_banner", "photo_right", "dark_sidebar", "sh_fill_sentence",
           "list_merged_credit", "sh_verify_ticked", "vertical_scroll", "checkbox_form", "banded_grid", "id_barcode", "capital_card", "sh_checkbox_slip",
           "list_footer_year", "sh_verify_vertical", "value_label_table", "his_receipt", "watermark_serial", "jieye_photo", "quarter_wrapped",
           "english_first_card", "sh_register_slip", "list_banner_running", "sh_verify_merged", "hospital_letter", "mobile_screenshot", "photo_grid", "emblem_two_panel", "booklet_spread",
           "sh_leader_dots", "list_system_export", "sh_verify_landscape",
           "bilingual_cert", "underline_form", "counterfoil_stub", "decorative_centred", "system_row_print",
           "sh_cell_card", "list_subtotal_wrapped", "sh_verify_reordered",
           "landscape_card", "a5_slip", "ecert_qr_table", "hospital_class2", "logo_header", "sh_municipal",
           "list_summary_grid", "sh_verify_table"}
HELD_FACES = set(HELDOUT_BODY_FACES) | set(HELDOUT_TITLE_FACES)


def _pages(selection: str, policy: str = "wenzhou-2023", applicants: int = 12):
    return drawn_pages(seed=31, applicants=applicants, policy=policy, selection=selection)


@pytest.fixture(scope="module")
def drawn() -> dict[str, list]:
    return {(sel, pol): list(_pages(sel, pol)) for sel in ("dev", "heldout")
            for pol in ("wenzhou-2023", "shanghai-2018")}


def test_new_families_are_held_out_and_the_old_ones_development() -> None:
    t = fam.table()
    held = set(t["heldout"]["certificates"]) | set(t["heldout"]["lists"])
    assert held == NEW_CERTS | NEW_LISTS
    assert ROTATED <= set(t["development"]["certificates"]) | set(t["development"]["lists"])
    assert {f for f in NEW_CERTS if fam.spec(f)["setting"] == "shanghai"}
    assert {fam.spec(f)["broad"] for f in NEW_CERTS} >= {"paragraph", "table", "ecert"}
    assert set(tiles.PLANNERS) == set(tiles.DRAWERS) == NEW_CERTS | NEW_LISTS


def test_each_new_family_appears_only_in_held_out_sets(drawn) -> None:
    seen = {sel: Counter() for sel in ("dev", "heldout")}
    for (sel, _pol), pages in drawn.items():
        seen[sel].update(page.scan.family for page, _ in pages)
    assert not (NEW_CERTS | NEW_LISTS) & set(seen["dev"])
    assert set(seen["heldout"]) == NEW_CERTS | NEW_LISTS, set(seen["heldout"])
    assert ROTATED & set(seen["dev"])


def _held_words() -> list[str]:
    """Held-out label words no development vocabulary contains (so a dev page cannot print them)."""
    voc = labels()
    dev = " ".join(w for ws in voc["labels"].values() for w in ws) + " 身份证号 证件号码"  # + list boilerplate
    return [w for ws in voc["heldout"]["labels"].values() for w in ws if w not in dev]


def test_held_out_words_and_faces_only_on_held_out_pages(drawn) -> None:
    words = _held_words()
    assert len(words) >= 20
    held_hits, held_faces = Counter(), Counter()
    for (sel, _pol), pages in drawn.items():
        for page, cv in pages:
            text = "".join(cv.strings())
            hits = [w for w in words if w in text]
            faces = cv.faces() & HELD_FACES
            if sel == "dev":
                assert not faces, (page.design, faces)
                # a record's title may hold a word by chance; a label never: labels are followed by a value
                assert not [w for w in hits if re.search(re.escape(w) + r"\s*[：:]", text)], (page.design, hits)
            else:
                held_hits.update(hits)
                held_faces.update(faces)
    assert len(held_hits) >= 15, held_hits  # most held-out words appear on a held-out set
    assert set(held_faces) == HELD_FACES, held_faces


def test_grammar_draws_held_out_vocabulary_only_for_held_out_pages() -> None:
    words = set(_held_words())
    fields = list(labels()["heldout"]["labels"])
    for split, want in (("development", False), ("heldout", True)):
        g = Grammar(random.Random(5), split=split)
        got = {g.label(f) for _ in range(60) for f in fields}
        assert bool(got & words) == want, split
        cats = {g.category(c) for _ in range(60) for c in ("I类国家级", "I类省级", "II类")}
        held_cats = {w for ws in labels()["heldout"]["category_words"].values() for w in ws}
        assert bool(cats & held_cats) == want, split


def test_held_out_number_formats_only_in_held_out_sets() -> None:
    held = re.compile(r"^(ZJXF\d{10}$|[A-Z]{2}\d{4}I{1,2}·\d{4}$|\d{4}·I{1,2}·\d{6}$|\d{5}/\d{4}I{1,2}$|沪继学|SHXF|\d{4}沪继I)")
    for setting in ("zhejiang", "shanghai"):
        for split, want in (("development", False), ("heldout", True)):
            rng = random.Random(setting)
            nos = [certificate_number(rng, 2021, cat, setting, split) for cat in ("I类国家级", "II类") * 60]
            assert any(held.match(n) for n in nos) == want, (setting, split)
            assert len(set(nos)) == len(nos)


def test_new_families_print_their_truth(drawn) -> None:
    """Every value of truth, each dated role's text, and the credits (arabic, 六分 or 陆分) on the page."""
    n = Counter()
    for (sel, _pol), pages in drawn.items():
        if sel != "heldout":
            continue
        for page, cv in pages:
            text = "".join(cv.strings()).replace(" ", "")
            n[page.scan.family] += 1
            if page.kind == "annual_list":
                for row in page.truth["rows"]:
                    assert row["project_code"] in text and row["project_title"][:6] in text
                continue
            t = page.truth
            for k in ("name", "project_code", "project_title", "mode", "organizer", "certificate_no"):
                assert t[k].replace(" ", "") in text, (page.design, k, t[k])
            dates = page.extra_truth["dates_printed"]
            assert [d["role"] for d in dates].count("activity") == 1
            assert next(d for d in dates if d["role"] == "activity")["date"] == t["date"]
            for d in dates:
                assert d["text"].replace(" ", "") in text, (page.design, d)
            c = t["credits"]
            arabic = str(int(c)) if c.is_integer() else str(c)
            words = sheets.credits_words(c)
            capital = sheets.credits_words(c, capital=True)
            assert arabic in text or f"{words}分" in text or f"{capital}分" in text or f"{capital}学分" in text
    assert all(n[f] >= 2 for f in NEW_CERTS | NEW_LISTS), n


def test_credits_in_chinese_numerals() -> None:
    assert [sheets.credits_words(c) for c in (6.0, 10.0, 12.0, 7.5, 2.0)] == ["六", "十", "十二", "七点五", "二"]
    assert sheets.credits_words(6.0, capital=True) == "陆" and sheets.credits_words(12.0, capital=True) == "拾贰"


def test_held_out_seal_styles_are_new_in_words_and_faces() -> None:
    cat = seal_styles.catalogue()
    dev, held = seal_styles.styles("dev"), seal_styles.styles("heldout")
    assert len(held) >= 10 and all(s["name"].endswith("_s15") for s in held)
    assert {"cme_round_star_audit_s13", "org_bar_s13", "cme_round_star_kejiao_s11", "org_bar_s11", "cme_round_tilted_s10", "org_bar_s10", "cme_round_star_landing_s9", "org_rect_cert_s9", "cme_round_star_bureau_s8", "org_oval_english_s8", "cme_round_star_commission_s7", "org_oval_s7",
            "cme_round_double_committee"} <= {s["name"] for s in dev}
    # since session 9: the rings real offices print most are shared with dev styles on purpose; every
    # centre line is new, so no held-out seal says what a dev seal says
    dev_centres = {c for s in dev for c in cat["text_sets"][s["texts"]]["centre"] if c}
    for s in held:
        ts = cat["text_sets"][s["texts"]]
        assert not {c for c in ts["centre"] if c} & dev_centres, s["name"]
    assert not set(cat["fonts"]["heldout"]) & set(cat["fonts"]["dev"])
    for kind in ("cme_office", "organizer"):
        for side in (dev, held):
            assert {s["form"] for s in side if s["kind"] == kind} == {"round", "oval", "rect", "bar"}


def test_held_out_sets_stamp_only_held_out_seals(drawn) -> None:
    names = {s["name"] for s in seal_styles.styles("heldout")}
    shapes = Counter()
    for (sel, _pol), pages in drawn.items():
        for page, _ in pages:
            for s in page.seals:
                assert (s.style in names) == (sel == "heldout"), (sel, s.style)
                if sel == "heldout":
                    shapes[(s.kind, s.shape)] += 1
    assert {k for k, _ in shapes} == {"cme_office", "organizer"}
    assert all(shapes[(k, sh)] for k in ("cme_office", "organizer") for sh in ("round", "oval", "rect")), shapes


def test_each_new_family_renders_with_ink(tmp_path) -> None:
    """One page of each new family through the real scan path, small dpi: ink where text is."""
    from samples.scan import render_scan

    ink = {}
    for pol in ("wenzhou-2023", "shanghai-2018"):
        for page, _ in _pages("heldout", pol, applicants=4):
            f = page.scan.family
            if f in ink or page.scan.text_layer:
                continue
            page.scan.dpi, page.scan.blur, page.scan.noise = 60, 0.0, 0.0
            img = np.asarray(render_scan(page).convert("L"))
            ink[f] = float((img < 128).mean())
    assert set(ink) == NEW_CERTS | NEW_LISTS, set(ink)
    assert all(0.002 < v < 0.35 for v in ink.values()), ink


def _charset(path: str, index: int) -> list[tuple[int, int]]:
    """The code-point ranges a face maps, as fontconfig reads it (fc-query), not the generator's check."""
    import subprocess

    out = subprocess.run(["fc-query", "--format", "%{charset}", "-i", str(index), path], check=True,
                         capture_output=True, text=True).stdout.split()
    return [(int(a, 16), int(b or a, 16)) for a, _, b in (r.partition("-") for r in out)]


def test_every_page_face_has_the_glyphs_it_prints() -> None:
    """A face lacking a glyph (Droid Sans Fallback has no ASCII digits) falls back rather than print its
    missing-glyph box; checked against each face's own character map."""
    from samples.fonts import BODY_FACES, HAND_FACES, TITLE_FACES, font_for

    text = "证书编号：2021ZJ123456 No.(沪)学分6"
    faces = set(BODY_FACES + TITLE_FACES + HAND_FACES) | HELD_FACES
    for face in sorted(faces):
        drawn = font_for(face, text)
        ranges = _charset(*FONTS[drawn])
        missing = [ch for ch in text if not ch.isspace() and not any(a <= ord(ch) <= b for a, b in ranges)]
        assert not missing, (face, drawn, missing)
    assert font_for("droid", "2021") != "droid" and font_for("droid", "学分") == "droid"


def test_truth_flags_a_landing_seal_of_another_province_only_where_the_setting_checks_it() -> None:
    """Truth's STAMP_PROVINCE_MISMATCH (samples/seal_styles.province_mismatch) follows the setting's
    ``province_check`` categories and the organizer's province; never without an office seal."""
    from samples.seal_styles import province_mismatch
    from samples.seals import SealSpec

    def office(province: str | None) -> SealSpec:
        return SealSpec(kind="cme_office", shape="round", cx=0, cy=0, w=40, h=40, angle=0, outer_text="", province=province)

    org = SealSpec(kind="organizer", shape="round", cx=0, cy=0, w=40, h=40, angle=0, outer_text="浙江省人民医院")
    assert province_mismatch("shanghai-2018", "I类国家级", "浙江省人民医院", [org, office("上海市")])
    assert not province_mismatch("shanghai-2018", "I类国家级", "浙江省人民医院", [org, office("浙江省")])
    assert not province_mismatch("shanghai-2018", "I类省级", "上海市第六人民医院", [office("上海市")])
    assert not province_mismatch("shanghai-2018", "II类", "浙江省人民医院", [office("上海市")])
    assert not province_mismatch("wenzhou-2023", "I类国家级", "上海市第六人民医院", [office("浙江省")])
    assert not province_mismatch("shanghai-2018", "I类国家级", "浙江省人民医院", [org])
    assert not province_mismatch("shanghai-2018", "I类国家级", "某某医院", [office("上海市")])
