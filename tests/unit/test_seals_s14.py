"""Seal authority on the widened development side of session 14 (issue 15): the ``*_s14`` dev styles of
samples/config/seals.yaml (flat and round ovals, thin and thick rims, a band across the middle, text in
straight lines, inks from orange-red to violet, offices of any region), generated as
``samples.generate --out dw --seed 14101 --applicants 8 --profile realistic --families dev --seals dev
--policy wenzhou-2023 --max-certs-per-year 2``. Each test failed at 3604a00:

- a pale flat oval (aspect ~.45) with a thin rim (0.4 mm) on a colour scan was found in no mask: at the working
  resolution its rim averages into paper, and the Hough passes looked for ovals of one aspect (.67) on the red
  mask only (dw ``温州市中心医院/韩晓宇/9.pdf#2``: unknown, a false STAMP_AUTHORITY_UNREAD);
- a health commission's CME division (卫生健康委员会继续医学教育处) read garbled was the commission alone, as an
  organizer would stamp it (dw ``鹿城区五马街道社区卫生服务中心/金婷玲/10.pdf#3``);
- a credit act read after a garbled 医院 (浙江省继教医院学分已验证, an office bar) was taken for a hospital's own
  department, the organizer's seal;
- a province's health department by its name before 2018 (卫生厅) was no health body;
- a round 落地章 turned on the page, its ring under print: its centre line, read unturned, lay tilted (grey
  ``平阳县中医院/韩晓宇/韩晓宇.pdf#7``);
- print under a 落地章 on a sparse grey page (one that passes for b/w) read as the seal's words (单位：某某医院);
- a garbled office ring snapped to a listed organizer while the certificate's organizer, read with a slip, has its
  own seal beside it (dw ``温州市人民医院/彭浩琳/3.pdf#1``: a false CME_STAMP_MISSING);
- a square turned 45 degrees inside a round seal's ring replaced the circle in NMS, its box being larger (ds
  ``上海市第六人民医院/杨思/1.pdf#3``).
"""

from __future__ import annotations

import cv2

from pipeline.seals import find_seals
from pipeline.seals.authority import names_cme_office, read_authority
from seal_pages import IMAGES, seal_codes, seal_on, settled


def test_a_pale_flat_thin_rimmed_oval_落地章_is_found_and_read():
    image = cv2.imread(str(IMAGES / "s14_flat_thin_oval_office_colour.png"))
    assert image is not None
    seals = find_seals(image, dpi=200.0)
    from pipeline.models import CertificateFields

    fields = CertificateFields(category="I类省级", organizer="宁波市第一医院", stamps=seals)  # type: ignore[arg-type]
    office = seal_on(fields, (44.0, 38.0, 208.0, 112.0), 0.5)
    assert office.kind == "cme_office" and office.shape == "oval", office.text
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_commissions_cme_division_read_garbled_is_the_office():
    # 山东省卫生健康委员会继续医学教育处 as read on the ring strip
    text = "山学支卫生健声委员会噬续医身教育处胞物"
    assert names_cme_office(text)
    assert not read_authority(text).commission_only
    # a hospital's own division stays the organizer's
    assert not names_cme_office("温州市人民医院继续医学教育处")


def test_a_credit_act_after_a_garbled_hospital_word_is_no_department():
    read = read_authority("浙江省继教医院学分已验证")  # 浙江省继续医学教育委员会 学分已验证, a bar
    assert read.score is not None and read.score > 0.5, read
    # an institution's own committee is still its own
    assert not names_cme_office("温州医科大学附属第一医院继续医学教育委员会")


def test_a_provincial_health_department_before_2018_is_a_health_body():
    assert read_authority("河南省卫生厅").commission_only
    assert names_cme_office("河南省卫生厅继续医学教育处")


def test_a_turned_round_落地章_over_print_is_read_by_its_centre_turned_upright():
    # dw ``平阳县中医院/韩晓宇/韩晓宇.pdf#7`` (grey, 200 dpi): 西安市卫生健康委员会继续医学教育处 over 项目学分登记章 between two
    # rules, the ring under printed lines (read 安市位教), the seal turned: its centre line lay tilted in the
    # unturned view and read nothing (unknown, a false STAMP_AUTHORITY_UNREAD)
    fields = settled("s14_turned_round_office_over_print_grey.png", 200.0, "浙江省医学会", category="I类省级")
    office = seal_on(fields, (29.0, 33.0, 138.0, 142.0), 0.5)
    assert office.kind == "cme_office", office.text
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_落地章_over_print_on_a_sparse_grey_page_is_read_without_the_print():
    # a grey scan of a sparse page passes for b/w (few mid-tones over the whole page; 17 of dw's 28 grey
    # certificates): its seals were read with the black print under them, 单位：某某医院 read into a rect 落地章
    # (常州市卫生健康委员会继续医学教育处 / 继续医学教育审核章) as 位学某医院: the organizer's seal, a false CME_STAMP_MISSING.
    # Page drawn with samples' renderer (style cme_rect_s14) over printed lines, saved grey.
    fields = settled("s14_office_rect_over_print_sparse_grey.png", 200.0, "中华医学会", category="I类省级")
    office = seal_on(fields, (323.0, 97.0, 477.0, 167.0), 0.5)
    assert office.kind == "cme_office", office.text
    assert "医院" not in (office.text or "")
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_nursing_bodys_bar_with_its_继教办_is_the_organizers():
    # dw ``温州市人民医院/梁红/4.pdf#1``: 温州市护理学会 继教办 stamped over the printed organizer, read with the print lifted
    assert not names_cme_office("温制市护理全继教办")
    assert names_cme_office("温州市继教办")


def test_a_garbled_office_ring_beside_the_organizers_own_seal_read_with_a_slip_stays_unknown():
    # dw ``温州市人民医院/彭浩琳/3.pdf#1``: a pale round 落地章 (温州市继续医学教育委员会办公室) under the organizer's strong
    # oval read 上温州市健医学农员公司 and snapped to a listed 温州市医学会, while the certificate's organizer (浙江省医学会)
    # has its own seal beside it, read with one character lost (心#江省医学会): an organizer's seal there made the page
    # a false CME_STAMP_MISSING; it is a review
    from pipeline.models import CertificateFields, Seal
    from pipeline.seals.settle import settle_authorities

    ring = Seal(kind="unknown", bbox=(0, 0, 100, 100), text="上温州市健医学农员公司 英州医", score=1.0, shape="round",
                kind_from="none")
    own = Seal(kind="organizer", bbox=(90, 0, 190, 100), text="喜用#行省民学务 用意 广培州结业 务 心#江省医学会曹",
               score=1.0, shape="oval", kind_from="text")
    fields = CertificateFields(category="I类省级", organizer="浙江省医学会", stamps=[ring, own])  # type: ignore[arg-type]
    settle_authorities([fields], ["浙江省医学会", "温州市医学会", "温州医科大学附属第一医院"])
    assert ring.kind == "unknown", ring.kind_from
    codes = seal_codes(fields, "wenzhou-2023")
    assert "CME_STAMP_MISSING" not in codes and "STAMP_AUTHORITY_UNREAD" in codes


def test_a_credit_act_cut_short_under_a_strong_seal_weighs_against_a_garbled_学会():
    # the same 落地章 read from its red mask: its ring garbled into 学会, its foot 项目学分登记章 cut to 目学分登
    read = read_authority("温市维德医学易 目学分登 目学分登 页目学分登 温市律医学会常")
    assert read.score is not None and read.score >= 0.5, read
    assert not names_cme_office("学分证书专用章 浙江省护理学会")


def test_a_square_inside_a_round_seals_ring_does_not_replace_the_circle():
    # ds ``上海市第六人民医院/杨思/1.pdf#3`` (grey, passes for b/w): a square turned 45 degrees fitted inside the ring of a
    # round 落地章 (上海市继续医学教育委员会办公室) has an axis-aligned box half again its own size, so NMS took it for a
    # clearly larger outline containing the circle; read as straight lines it said nothing (a false review)
    from pipeline.seals.geometry import Candidate, nms

    circle = Candidate("round", 173.0, 673.0, 51.6, 51.6, 0.0, "hough", score=1.0, fit=1.0)
    square = Candidate("rect", 176.0, 682.0, 41.0, 40.3, -45.0, "hole", score=0.94, fit=0.73)
    kept = nms([circle, square], 600, 900, 0.35)
    assert [c.shape for c in kept] == ["round"]
    # a clearly larger oval still replaces the circle inscribed in it
    oval = Candidate("oval", 173.0, 673.0, 75.0, 52.0, 0.0, "hole", score=0.9, fit=0.8)
    assert [c.shape for c in nms([circle, oval], 600, 900, 0.35)] == ["oval"]
    fields = settled("s14_round_office_box_inside_grey.png", 200.0, "上海市第一人民医院", category="I类国家级")
    office = seal_on(fields, (115.9, 56.6, 231.8, 173.8), 0.5)
    assert office.kind == "cme_office" and office.shape == "round", (office.shape, office.text)
    assert not seal_codes(fields, "shanghai-2018") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}
