"""Seal authority a reviewer can trust (issue 15, session 10): page crops from the development sets of
session 10 (``samples.generate`` at fddbfd7, ``--families all --seals all --profile realistic``: w seed 9021
Wenzhou, sh seed 9022 Shanghai), each read wrong at fddbfd7:

- a 落地章 bar half under the organizer's round seal, colour (w ``王桂/王桂.pdf#10``): its border broken
  under the round seal, no hole or blob outline found it; only a ghost outline was left ``unknown``: a
  false STAMP_AUTHORITY_UNREAD. Found now by its two long sides (``pipeline/seals/bars.py``) and read by
  the parts of the office's name (place + garbled core + 委员会办公室, ``structure.py``);
- a pale grey 落地章 bar with a black 继教委验证 label across its top side (w ``王桂/4.pdf#1``): missed, a
  false STAMP_AUTHORITY_UNREAD beside a printed title taken for an oval;
- a double-bordered rect 落地章 (sh ``郑雪琳.pdf#2``, colour): its inner border and first line of text
  pair up as a bar's two sides, which must not make a second seal (``geometry.nms`` bar_aspect).

Crops (the first, a whole page) keep their scan's resolution; boxes are the truth's, in points of the image.
"""

from __future__ import annotations

import pytest

from pipeline.models import CertificateFields
from pipeline.seals.authority import read_authority
from pipeline.seals.geometry import iou
from seal_pages import seal_codes, seal_on, settled


def _settled(name: str, dpi: float, organizer: str, category: str = "I类省级") -> CertificateFields:
    return settled(name, dpi, organizer, category=category, organizers=())


def _on(fields: CertificateFields, box: tuple[float, float, float, float]):
    return seal_on(fields, box, 0.5)


_codes = seal_codes


def test_a_落地章_bar_half_under_the_organizers_round_seal_is_found_and_read():
    # the whole page: the bar's pale red text reads worse when the crop around it is cut short
    fields = _settled("s10_bar_under_round_organizer_page_color.png", 150.0, "温州医科大学附属第二医院")
    bar = _on(fields, (433.0, 496.5, 589.3, 541.2))
    assert bar.shape == "rect" and bar.kind == "cme_office", bar.text
    assert bar.province == "浙江省"
    assert _on(fields, (560.6, 420.3, 691.7, 551.5)).kind == "organizer"
    assert not _codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_pale_grey_bar_with_a_label_across_its_side_is_the_落地章():
    fields = _settled("s10_pale_bar_across_label_grey.png", 200.0, "温州医科大学附属第一医院", "I类国家级")
    bar = _on(fields, (30.0, 76.3, 222.1, 115.3))
    assert bar.kind == "cme_office", bar.text
    assert _on(fields, (442.4, 30.0, 560.2, 114.4)).kind == "organizer"
    assert not _codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_double_bordered_rect_落地章_is_one_seal_not_a_bar_inside_it_too():
    fields = _settled("s10_double_border_rect_office_color.png", 300.0, "上海市医学会")
    office = _on(fields, (30.0, 63.4, 184.5, 130.8))
    assert office.kind == "cme_office", office.text
    inside = [s for s in fields.stamps if s is not office and iou(s.bbox, office.bbox) > 0.1
              and s.kind != "organizer"]
    assert not inside, [(s.kind, s.bbox, s.text) for s in inside]
    assert len(fields.stamps) == 2, [(s.kind, s.bbox, s.text) for s in fields.stamps]


@pytest.mark.parametrize("text", ["温州市蒙技活学教重委员会公室", "宁波市继综压学教育委员会办公室",
                                  "上海市继学教委员会办公室"])
def test_a_place_and_the_offices_whole_tail_name_the_office_with_its_core_garbled(text):
    read = read_authority(text)
    assert read.score is not None and read.score > 0.7, read
    assert read.province is not None


@pytest.mark.parametrize("text", ["温州市卫生健康委员会办公室", "温州市医学会委员会办公室秘书",
                                  "上海市委员会办公室", "温州市学术委员会办公室"])
def test_a_committees_office_that_is_no_cme_office_is_not_read_as_one(text):
    from pipeline.seals.structure import place_committee_office_weight
    from pipeline.seals.authority import authorities
    from pipeline.seals.config import load_config

    data, cfg = authorities(), load_config()["authority"]
    chars = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    places = list(data["province_short"]) + list(data["city_province"])
    assert place_committee_office_weight(chars, data["structure"], places, data["organizer_words"],
                                         "".join(data["commission_words"]), cfg) == 0.0


@pytest.mark.parametrize("text", ["新省修续委学徽料委员会办公 落地验证去用", "继教学分落地验证章"])
def test_the_validation_seals_own_name_落地验证_names_the_office(text):
    from pipeline.seals.config import load_config
    from pipeline.seals.kind import from_text, text_decides

    cfg = load_config()
    words = read_authority(text, cfg["authority"])
    assert text_decides(words, cfg["kind"]) and from_text(words, cfg["kind"]) == "cme_office"


def test_a_long_health_bodys_name_after_a_place_is_read_with_two_slips_a_short_ones_whole():
    from pipeline.seals.settle import names_place_body

    assert names_place_body("上海市卫生健慷委员全")       # 卫生健康委员会, two characters misread
    assert not names_place_body("温州市卫生学校") and not names_place_body("温州市卫生职业技术学院")
    assert not names_place_body("健康委员会 温州")          # an organizer's ring read out of order
