"""Seal flags a reviewer can trust (issue 15, session 12): page crops from session 11's held-out acceptance set hw11
(``samples.generate --seed 11001 --families heldout --seals heldout --policy wenzhou-2023``, development since session
12), each read wrong at 13a00ad:

- a health commission's round seal whose ring reads 温州市卫生健康委员会科教处 (``瑞安市人民医院/何平/2.pdf#2``, colour),
  on a certificate a hospital organized: 科教处 counted as an organizer's department word, so the seal was the
  organizer's and the page a false CME_STAMP_MISSING (15 of hw11's 16 false ones). Right after a commission's name
  the division is the commission's own (``authority.commission_divisions``), and a commission's seal on another
  organizer's certificate is the 落地章 (``settle.settle_commission``);
- the organizer's own oval of a project a health commission organized (``温州市中西医结合医院/林秀晓/林秀晓.pdf#3``,
  organizer 温州市卫生健康委员会), its ring read with slips (温州市卫生健康会美二): taken for another body's 落地章.
  A seal naming a body of the place the organizing body is of is that organizer's (``settle._same_place_body``).

Crops keep their scan's resolution (200 dpi); boxes are the truth's, in points of the image.
"""

from __future__ import annotations

from pipeline.seals.authority import read_authority
from seal_pages import seal_codes, seal_on, settled


def test_a_commissions_science_education_division_seal_is_the_落地章_on_a_hospitals_certificate():
    fields = settled("s12_kejiao_round_colour.png", 200.0, "温州医科大学附属第二医院", category="I类省级")
    office = seal_on(fields, (14.4, 14.4, 133.6, 133.6), 0.5)
    assert office.kind == "cme_office", office.text
    assert "CME_STAMP_MISSING" not in seal_codes(fields, "wenzhou-2023")


def test_the_same_seal_on_the_commissions_own_certificate_is_the_organizers():
    fields = settled("s12_kejiao_round_colour.png", 200.0, "温州市卫生健康委员会", category="I类省级")
    seal = seal_on(fields, (14.4, 14.4, 133.6, 133.6), 0.5)
    assert seal.kind != "cme_office" or seal.kind_from == "text", (seal.kind, seal.kind_from, seal.text)


def test_a_commission_organizers_own_oval_read_with_slips_is_no_落地章():
    fields = settled("s12_commission_oval_own.png", 200.0, "温州市卫生健康委员会", category="II类")
    seal = seal_on(fields, (14.4, 14.4, 134.3, 105.5), 0.5)
    assert seal.kind == "organizer", seal.text


def test_a_hospitals_science_education_division_stays_the_organizers_word():
    assert read_authority("温州市人民医院科教处").score == 0.0
    read = read_authority("温州市健康委员会科教处")
    assert read.commission_only and read.cme == 0.0
