"""Seal authority from what the seal says (issue 15, session 9): page images from the development sets
of session 9 (``samples.generate --seed 9101 / 9102 --applicants 20 --profile realistic --families heldout
--seals heldout``, generated at 3c484d4: dw9 Wenzhou, ds9 Shanghai), each read wrong at 3c484d4:

- a round 落地章 on a grey scan (ds9 ``罗晓勇/2.jpg#1``), 上海市卫生健康局 学分确认章: the credit act
  确认 was in no phrase list, the seal ``unknown`` (a false STAMP_AUTHORITY_UNREAD);
- an organizer's oval with an English ring (dw9 ``张雪/4.pdf#1``), 温州市卫生健康委员会 read out of
  order: ``unknown``;
- a round outline around a QR code and its printed 扫码验证证书真伪 (dw9 ``周明丽/10.pdf#2``, the whole
  page at 150 dpi): the bare 验证 made it a second, false 落地章; it names no authority and stays unknown;
- a 落地章 stamped over the organizer's printed name (ds9 ``罗燕英/4.pdf#1``): its foot (继教学分审验章)
  unread, 上海市卫生健康局 alone left it ``unknown``; a place's health body on another's certificate
  is the 落地章 (``settle.settle_commission``).

Crops keep their scan's resolution; boxes are the truth's, in points of the crop.
"""

from __future__ import annotations

import cv2
import pytest

from pipeline.models import CertificateFields
from pipeline.seals import find_seals
from pipeline.seals.geometry import iou
from pipeline.seals.settle import settle_authorities
from seal_pages import IMAGES, seal_codes, seal_on, settled


def _settled(name: str, dpi: float, organizer: str, category: str = "I类国家级") -> CertificateFields:
    return settled(name, dpi, organizer, category=category, organizers=("温州市卫生健康委员会", "上海市医学会"))


def _on(fields: CertificateFields, box: tuple[float, float, float, float]):
    return seal_on(fields, box, 0.6)


_codes = seal_codes


def test_a_round_落地章_on_a_grey_scan_is_read_by_its_credit_act():
    fields = _settled("s9_office_round_grey.png", 150.0, "复旦大学附属中山医院")
    office = _on(fields, (30.0, 30.0, 141.1, 141.1))
    assert office.shape == "round" and office.kind == "cme_office", office.text
    assert office.province == "上海市"
    assert not _codes(fields, "shanghai-2018") & {"STAMP_AUTHORITY_UNREAD", "CME_STAMP_MISSING"}


def test_an_organizers_oval_read_out_of_order_is_the_organizers():
    fields = _settled("s9_organizer_oval_english_color.png", 200.0, "温州市卫生健康委员会", "II类")
    seal = _on(fields, (30.0, 30.0, 153.7, 127.6))
    assert seal.shape == "oval" and seal.kind == "organizer", seal.text


@pytest.mark.parametrize("printed", ["温州市人民医院", None])
def test_a_health_bodys_ring_read_out_of_order_is_no_落地章_on_anothers_certificate(printed):
    image = cv2.imread(str(IMAGES / "s9_organizer_oval_english_color.png"))
    fields = CertificateFields(category="II类", organizer=printed, stamps=find_seals(image, dpi=200.0))
    settle_authorities([fields], ["温州市人民医院"])
    assert "cme_office" not in {s.kind for s in fields.stamps}, [(s.kind, s.text) for s in fields.stamps]


def test_printed_verification_words_under_a_qr_code_name_no_authority():
    fields = _settled("s9_printed_verify_words_page_grey.png", 150.0, "浙江省护理学会", "I类省级")
    qr = _on(fields, (276.7, 681.6, 360.0, 771.1))
    assert qr.kind == "unknown", qr.text  # unread authority: never the 落地章
    offices = [s for s in fields.stamps if s.kind == "cme_office"]
    assert len(offices) == 1 and iou(offices[0].bbox, (84.2, 459.7, 196.4, 571.9)) >= 0.6


def test_a_落地章_stamped_over_the_organizers_printed_name():
    fields = _settled("s9_office_over_organizer_name_color.png", 200.0, "上海交通大学医学院附属瑞金医院")
    office = _on(fields, (30.0, 30.0, 141.0, 141.1))
    organizer = _on(fields, (147.1, 36.2, 276.9, 166.0))
    assert office.kind == "cme_office" and office.province == "上海市", office.text
    assert organizer.kind == "organizer", organizer.text
    assert not _codes(fields, "shanghai-2018") & {"STAMP_AUTHORITY_UNREAD", "CME_STAMP_MISSING"}


def test_a_blue_printed_emblem_is_no_seal():
    """A navy double ring around 医 printed on colour certificates (dw9 ``谢敏思/谢敏思.pdf#9``, 300 dpi
    scaled to 150): navy has a* ~ +10, so the red-ward mask took it for seal ink; it was an ``unknown``
    seal on every such page (and a false review where the 落地章 was missed). ``colour.b_min``."""
    image = cv2.imread(str(IMAGES / "s9_blue_emblem_color.png"))
    assert image is not None
    assert find_seals(image, dpi=150.0) == []
