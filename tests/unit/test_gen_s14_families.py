"""The session-14 list families (samples/families/blocks.py, development): every project a block of ``label：value``
lines, checked on the strings and positions a recording canvas keeps (planning and drawing only, no rendering)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from samples.designs import draw_page
from samples.families import blocks, selected, spec
from samples.plan import plan_set
from samples.textfmt import fmt_credits

from drawn_pages import RecordingCanvas

NEW_LISTS = {"list_block_print", "sh_verify_blocks"}
# column titles of a list's header (as annual lists print them): a block line never holds more than two
_TITLES = re.compile("项目编号|项目编码|项目代码|编号|项目名称|课程名称|名称|培训项目|学分类别|类别|项目类别|学分类型|级别|项目级别|"
                     "学分级别|授予学分|学分数|获得学分|学分|举办日期|开始日期|学习日期|举办时间|学习时间|日期|学习形式|授课方式|"
                     "形式|主办单位|举办单位|主办机构")


@pytest.fixture(scope="module")
def pages() -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for policy, years, n in (("wenzhou-2023", [2020, 2021, 2022], 30), ("shanghai-2018", [2018], 60)):
        sp = plan_set(seed=1401, applicants=n, profile="realistic", years=years, policy=policy, families="dev",
                      seals="dev")
        for ap in sp.applicants:
            for f in ap.files:
                for page in f.pages:
                    if page.kind == "annual_list" and page.scan.family in NEW_LISTS:
                        cv = RecordingCanvas(page.size_pt)
                        draw_page(cv, page.kind, page.design, page.content)
                        out[page.scan.family].append((page, cv))
    return out


def test_the_block_families_are_development_lists_of_both_settings(pages) -> None:
    assert NEW_LISTS <= set(selected("dev", "lists")) and not NEW_LISTS & set(selected("heldout", "lists"))
    assert set(blocks.PLANNERS) == set(blocks.DRAWERS) == NEW_LISTS
    assert spec("list_block_print")["setting"] == "zhejiang" and spec("sh_verify_blocks")["setting"] == "shanghai"
    assert spec("sh_verify_blocks")["prints_mode"] is False
    for family in NEW_LISTS:
        assert len(pages[family]) >= 3, (family, len(pages[family]))


def test_every_project_is_a_block_of_labelled_lines_and_no_line_is_a_header(pages) -> None:
    pairs = set()
    for family, lst in pages.items():
        for page, cv in lst:
            c = page.content
            pairs.add(c["pairs"])
            texts = [t[2] for t in cv.texts]
            W, H = page.size_pt
            assert all(0 <= t[0] <= W and t[3] <= t[1] <= H for t in cv.texts), page.design
            assert all(len(_TITLES.findall(s)) <= 2 for s in texts), page.design   # one or two pairs a line
            for row in page.truth["rows"]:
                for field, value in (("project_code", row["project_code"]), ("project_title", row["project_title"])):
                    label = c["labels"][field]
                    assert any(s.endswith(f"{label}{c['sep']}{value}") for s in texts), (page.design, field)
                assert any(fmt_credits(row["credits"]) in s and c["labels"]["credits"] in s for s in texts)
            # one head per block, numbered 1..n
            heads = [c["head"].format(n=i) for i in range(1, len(page.truth["rows"]) + 1)]
            assert all(any(s.startswith(h) for s in texts) for h in heads), page.design
            # the blocks stand in the rows' order, top to bottom
            ys = [next(t[1] for t in cv.texts if t[2].endswith(f"{c['sep']}{r['project_code']}"))
                  for r in page.truth["rows"]]
            assert ys == sorted(ys)
    assert pairs == {True, False}
