"""Seal flags a reviewer can trust (issue 15, session 13): page crops from session 11's acceptance sets (development
since session 12: hw11 ``samples.generate --seed 11001 ... --policy wenzhou-2023``, hs11 ``--seed 11002 ...
--policy shanghai-2018``), each read wrong at f829a07:

- coloured certificate headings fitted as thin rect outlines (``find_seals``: no rect thinner than a bar);
- a pale double-ringed round 落地章 on a colour scan (hw11 ``平阳县中医院/马洋/scan.pdf#13``, 150 dpi,
  北京市医学继续教育委员会办公室; hs11's ``宋洋娟/scan.pdf#5`` and ``叶浩晨/1.pdf#4`` alike): the ink was
  taken from the hue alone, which a colour scan keeps at half resolution, so the small ring text came out blurred
  and read garbled (北京有医学建员企警): ``unknown``, a false STAMP_AUTHORITY_UNREAD. A seal whose words name neither
  kind is read again on the green channel where its hue is (``ringtext.colour_luma_reread``).

Crops keep their scan's resolution; boxes are the truth's, in points of the image.
"""

from __future__ import annotations

from seal_pages import seal_codes, seal_on, settled


def test_a_pale_round_落地章_beside_an_organizers_oval_is_read_as_the_office():
    fields = settled("s13_pale_round_office_by_organizer_colour.png", 150.0, "中华护理学会", category="I类国家级")
    office = seal_on(fields, (11.6, 53.6, 128.7, 172.8), 0.5)
    assert office.kind == "cme_office", office.text
    assert office.province == "北京市"
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}



def test_a_garbled_office_ring_that_aligns_with_another_organizer_stays_unknown():
    # hs11 ``上海市静安区闸北中心医院/曹颖思/曹颖思.pdf#2`` read on the green channel: its 上海市医学继续教育委员会 ring came out
    # as 上海市医学華药教总会 and snapped to the listed 上海市医学会, while the certificate's organizer (中国医师协会) has its
    # own seal beside it: an organizer's seal there made the page a false CME_STAMP_MISSING
    from pipeline.models import CertificateFields, Seal
    from pipeline.seals.settle import settle_authorities

    ring = Seal(kind="unknown", bbox=(0, 0, 100, 100), text="海市医学教会 A 中会生市业幕 上海市医学華药教总会", score=1.0,
                shape="round", kind_from="none")
    own = Seal(kind="organizer", bbox=(90, 0, 190, 100), text="6t62.6b#e 800#s0中国医师协会", score=1.0, shape="round",
               kind_from="text")
    fields = CertificateFields(category="I类国家级", organizer="中国医师协会", stamps=[ring, own])  # type: ignore[arg-type]
    settle_authorities([fields], ["中国医师协会", "上海市医学会", "上海市护理学会"])
    assert ring.kind == "unknown", ring.kind_from
    assert "STAMP_AUTHORITY_UNREAD" in seal_codes(fields, "shanghai-2018")
    # ...but on a page without the organizer's own seal it is that organizer's (the name as listed)
    alone = Seal(kind="unknown", bbox=(0, 0, 100, 100), text="上海市医学会", score=1.0, shape="round", kind_from="none")
    other = CertificateFields(category="II类", organizer="中国医师协会", stamps=[alone])  # type: ignore[arg-type]
    settle_authorities([other], ["中国医师协会", "上海市医学会"])
    assert alone.kind == "organizer"


def test_a_coloured_heading_is_no_bar_seal():
    # certificate headings printed in violet (hs11 ``上海市第六人民医院/陈瑶军/4.pdf#4``, 国家级继续医学…, 150 dpi) and red (hw11
    # ``平阳县中医院/彭欣/12.pdf#1``, …继续教育学分登记…, 200 dpi) were fitted as rect outlines 5-6 mm tall: an ``unknown`` seal
    # that turned a true CME_STAMP_MISSING into a review, and a false 落地章 once its 登记 was read
    import cv2

    from pipeline.seals import find_seals
    from seal_pages import IMAGES

    for name, dpi in (("s13_violet_heading_colour.png", 150.0), ("s13_red_heading_colour.png", 200.0)):
        found = find_seals(cv2.imread(str(IMAGES / name)), dpi=dpi)
        assert found == [], (name, [(s.kind, s.shape, s.bbox, s.text) for s in found])
