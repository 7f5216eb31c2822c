"""The session-8 families (samples/families/folios.py, ledgers.py; held out in session 8, development
since session 9): each has the build its docstring claims, checked on the strings and positions a
recording canvas keeps (planning and drawing only, no rendering), plus the seal with an English ring."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from samples import seal_styles
from samples.families import SIZES
from samples.families.grammar import fmt_date, labels

from drawn_pages import drawn_pages


@pytest.fixture(scope="module")
def pages() -> dict[str, list]:
    out = defaultdict(list)
    for policy, years in (("wenzhou-2023", [2020, 2021, 2022]), ("shanghai-2018", [2018])):
        # development since session 9: the session-8 families are among the dev ones, so more applicants
        for page, cv in drawn_pages(seed=47, applicants=30, policy=policy, selection="dev", years=years):
            out[page.scan.family].append((page, cv, policy))
    return out


def test_the_letter_names_the_applicant_mid_sentence_between_department_job_and_date(pages) -> None:
    words = labels()["folio_words"]
    depts, jobs = words["departments"], words["job_titles"]
    assert len(pages["hospital_letter"]) >= 3
    for page, _cv, _ in pages["hospital_letter"]:
        body, name = page.content["body"], page.truth["name"]
        i = body.index(name)
        assert i >= 2 and len(body) - i > 40  # after the sentence's head (兹有 …), well before its end
        k = 30 + len(page.content["v"]["unit"])   # a long unit (…社区卫生服务中心) stands between them too
        around = body[max(0, i - k): i + len(name) + k]
        assert any(d in around for d in depts) and any(j in around for j in jobs), around
        assert page.truth["organizer"] in body and page.content["v"]["date"] in body[i:]


def test_the_phone_screenshot_puts_each_label_above_its_value(pages) -> None:
    shots = pages["mobile_screenshot"]
    assert shots and all(page.size_pt == SIZES["phone"] and page.size_pt[1] > 2 * page.size_pt[0]
                         for page, _, _ in shots)
    for page, cv, _ in shots:
        for lab, val in page.content["cards"]:
            i = next(k for k, t in enumerate(cv.texts) if t[2] == lab)
            lx, ly = cv.texts[i][:2]
            below = [t for t in cv.texts[i + 1:] if val.startswith(t[2]) and t[2]]  # the value drawn after it
            assert below and below[0][0] == lx and below[0][1] > ly, (lab, val)
            assert [t for t in cv.texts if t[2] == lab][0][3] < below[0][3]  # the label smaller


def test_the_photo_grid_sets_values_in_another_face_than_labels(pages) -> None:
    for page, cv, _ in pages["photo_grid"]:
        faces = page.content["faces"]
        assert faces["value"] != faces["body"]
        name = [t for t in cv.texts if t[2] == page.truth["name"]]
        assert name and name[0][4] == faces["value"]


def test_the_booklet_has_its_cover_left_and_the_fields_right(pages) -> None:
    covers = labels()["folio_words"]["booklet_covers"]
    assert len(pages["booklet_spread"]) >= 3
    for page, cv, _ in pages["booklet_spread"]:
        W = page.size_pt[0]
        assert page.content["cover"] in covers
        cover = [t for t in cv.texts if t[2] == " ".join(page.content["cover"])]
        assert cover and all(t[0] < W / 2 for t in cover)
        code = cv.find(page.truth["project_code"])
        assert code and all(t[0] > W / 2 for t in code)
        if page.content["numbered"]:
            assert any(t[2].startswith("一、") for t in cv.texts)


def test_the_leader_dot_card_is_shanghai_municipal(pages) -> None:
    cards = pages["sh_leader_dots"]
    assert cards and all(policy == "shanghai-2018" for _, _, policy in cards)
    for page, cv, _ in cards:
        assert page.truth["category"] == "I类省级" and page.truth["project_code"].endswith("(沪)")
        assert cv.find("上海市")
        if page.content["style"] == "dots":
            assert any(set(t[2]) <= set("….·") for t in cv.texts)


def test_the_export_list_prints_the_year_in_the_title_or_in_the_dates_not_both(pages) -> None:
    kinds = set()
    for page, cv, _ in pages["list_system_export"]:
        c = page.content
        heading = c["heading"]
        year = str(c["years"][0])
        printed = "".join(t[2] for t in cv.texts)
        dated = [fmt_date(c["date_fmt"], dt.date.fromisoformat(r["date"])) for r in c["rows_in"]]
        assert dated and all(d in printed for d in dated)
        if c["year_in_title"]:
            assert year in heading and not any(year in d for d in dated)
        else:
            assert not re.search(r"\d{4}", heading) and all(re.search(r"\d{4}", d) for d in dated)
        kinds.add(c["year_in_title"])
        foot = [t[2] for t in cv.texts if t[2].count("分") >= 2 and any(w in t[2] for w in ("共计", "总计", "合计"))]
        assert foot  # totals per category and overall
    assert kinds == {True, False}


def test_the_shanghai_landscape_verification_list(pages) -> None:
    lists = pages["sh_verify_landscape"]
    assert lists and all(policy == "shanghai-2018" for _, _, policy in lists)
    for page, cv, _ in lists:
        assert page.size_pt == SIZES["landscape"]
        assert all(row["mode"] is None for row in page.truth["rows"])
        titles = labels()["ledger_words"]["sh_verify"]["columns"]
        assert any(t[2] in titles["level"] for t in cv.texts)


def test_an_organizer_seal_with_an_english_ring_names_the_organizer_in_its_centre() -> None:
    import random

    st = seal_styles.style("org_oval_english_s8")
    seal = seal_styles.seal_of_style(random.Random(3), st, cx=100, cy=100, organizer="温州医科大学附属第一医院")
    assert re.fullmatch(r"[A-Z .]+", seal.outer_text) and seal.centre_text == "温州医科大学附属第一医院"
    assert seal.kind == "organizer" and seal.shape == "oval" and seal.province is None
