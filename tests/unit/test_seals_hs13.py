"""Seals on session 13's held-out side, development since session 15 (issue 15): the ``*_s13`` styles of
samples/config/seals.yaml, generated as ``samples.generate --out hs13 --seed 13002 --applicants 20 --profile
realistic --families heldout --seals heldout --policy shanghai-2018`` from a worktree of e6158de. Each test failed
at 7a09ef3 (those of hw13, ``--seed 13001 --applicants 20 ... --policy wenzhou-2023 --max-certs-per-year 2``, too):

- a stamp in grey ink (a photocopied seal, or one inked grey) on a colour scan was found in no mask: the red masks
  see no grey, and the grey masks are not made for colour pages (hs13 colour ovals 0/12 found; their certificates
  CME_STAMP_MISSING or STAMP_MISSING; ``上海交通大学医学院附属瑞金医院/蒋涛强/scan.pdf#4``: a grey oval 落地章 half
  under the organizer's red rect);
- a health and family-planning commission (卫生和计划生育委员会, 卫生计生委员会: the bodies' names from 2013 to 2018)
  was no health body: its ring read whole left the seal unknown (a false STAMP_AUTHORITY_UNREAD,
  ``上海市浦东新区人民医院/郭燕/2.pdf#1``);
- an organizer word made of two reads joined (a commission's ring, a garbled centre read 全学P, the ring again from 会:
  全学 + 会 = 学会) made a commission's seal the organizer's (``上海市浦东新区人民医院/林艳玲/1.pdf#2``: a false
  CME_STAMP_MISSING);
- a pale rect 落地章 on a grey scan (its text ~35 grey steps below the paper) gave no line darker than
  ``ringtext.line_ink_below_paper``, so it was read whole, two lines in one image, and the recogniser read one of them
  (``复旦大学附属中山医院/赵超刚/1.pdf#4``: 上海市学教办公室, unknown, a false STAMP_AUTHORITY_UNREAD);
- the organizer's round seal over a rect 落地章's end inked every row of the rect's view a little (0.04-0.07), so its
  two lines were one, read in half (hw13 ``瑞安市人民医院/唐燕/4.pdf#1``: 广东省学分段育公司, unknown);
- a commission's seal whose place was read with a slip (温州市 as 温思市) named no place, so it stayed unknown on
  another's certificate (hw13 ``温州医科大学附属第一医院/邓英宇/9.pdf#2``);
- (at 5f87766) a pale grey oval 落地章 under the organizer's darker grey oval on a colour scan, its ink 40-48 under the
  paper, was dotted in the neutral mask (hs13 ``上海市第一人民医院/蒋辉浩/1.pdf#3``: a false CME_STAMP_MISSING);
- a printed double frame round a date field (办训日期 2019年度3月15日) on a grey scan: its thin inner rule, blurred to
  mid-tone, was a pale rect seal (unknown; 培训时间 ... read as the organizer's by 培训: hw13 ``永嘉县人民医院/梁洋玲/4.pdf#1``).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.seals import find_seals
from pipeline.seals.authority import read_authority
from seal_pages import IMAGES, seal_codes, seal_on, settled


def test_a_grey_oval_落地章_on_a_colour_scan_is_found_and_read():
    # hs13 蒋涛强/scan.pdf#4 (150 dpi): the organizer's red rect (上海市中医医院 继教项目专用章) over a grey oval 落地章
    fields = settled("hs13_grey_oval_office_under_red_rect_colour.png", 150.0, "上海市中医医院", category="I类省级")
    office = seal_on(fields, (31.0, 50.0, 154.0, 147.0), 0.5)
    assert office.kind == "cme_office" and office.shape == "oval", office.text
    organizer = seal_on(fields, (100.0, 33.0, 264.0, 104.0), 0.5)
    assert organizer.kind == "organizer"
    assert not seal_codes(fields, "shanghai-2018") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD", "STAMP_MISSING"}


def _page_with_grey_ink(dpi: float = 150.0) -> tuple[np.ndarray, float]:
    """A colour page: a red round seal, a grey-inked oval stamp (a border, a ring of strokes inside) and a printed
    double box of thin black rules, blurred as a scan blurs them."""
    px = dpi / 25.4
    page = np.full((int(150 * px), int(180 * px), 3), 250, np.uint8)
    cv2.circle(page, (int(40 * px), int(40 * px)), int(20 * px), (60, 60, 220), int(1.2 * px))
    centre, axes = (int(120 * px), int(45 * px)), (int(23 * px), int(15 * px))
    cv2.ellipse(page, centre, axes, 0, 0, 360, (100, 100, 104), int(1.0 * px))
    for k in range(14):  # ring text: short grey strokes inside the border
        t = np.pi * (0.9 + 1.2 * k / 13)
        x, y = centre[0] + 0.75 * axes[0] * np.cos(t), centre[1] + 0.72 * axes[1] * np.sin(t)
        cv2.line(page, (int(x), int(y)), (int(x + 1.5 * px), int(y + 1.5 * px)), (100, 100, 104), max(1, int(0.4 * px)))
    x0, y0, x1, y1 = int(30 * px), int(95 * px), int(150 * px), int(125 * px)
    cv2.rectangle(page, (x0, y0), (x1, y1), (20, 20, 20), max(1, int(0.9 * px)))
    cv2.rectangle(page, (x0 + int(2 * px), y0 + int(2 * px)), (x1 - int(2 * px), y1 - int(2 * px)), (20, 20, 20), 1)
    return cv2.GaussianBlur(page, (0, 0), 1.0), dpi


def test_grey_ink_on_a_colour_page_finds_curved_stamps_not_printed_boxes():
    image, dpi = _page_with_grey_ink()
    to_pt = 72.0 / 25.4
    seals = find_seals(image, dpi=dpi, read_text=False)
    boxes = sorted((round(s.bbox[0] / to_pt), round(s.bbox[1] / to_pt), s.shape) for s in seals)
    assert [b[:2] for b in boxes] == [(20, 20), (97, 30)], boxes  # the red round and the grey oval (mm)
    assert boxes[1][2] == "oval"


def test_a_health_and_family_planning_commission_is_a_health_body():
    for ring in ("上海市卫生和计划生育委员会", "浙江省卫生计生委员会", "上海市民生和计划生育委贝会"):
        assert read_authority(ring).commission_only, ring
    # hs13 郭燕/2.pdf#1 (colour, 200 dpi): its ring read whole, the certificate another's (上海市第六人民医院): the 落地章
    fields = settled("hs13_commission_2013_name_round_colour.png", 200.0, "上海市第六人民医院", category="I类省级")
    office = seal_on(fields, (15.0, 16.0, 138.0, 138.0), 0.5)
    assert office.kind == "cme_office" and office.province == "上海市", (office.kind, office.text)
    assert not seal_codes(fields, "shanghai-2018") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_organizer_words_are_whole_in_one_read():
    # hs13 林艳玲/1.pdf#2: the ring, a centre read 全学P, the ring again from its 会
    read = read_authority("上海市民生和计划生育委贝会 ★ 全学P  C ★ 会上海民生和划生育委员")
    assert read.commission_only, read
    assert read_authority("上海市护理学会 培训班专用章").organizer > 0


def test_a_pale_two_line_rect_落地章_is_read_line_by_line():
    # hs13 赵超刚/1.pdf#4 (grey, 300 dpi, here 200): 上海市继续医学教育办公室 / 学分审验（落地）专用章 in light grey
    fields = settled("hs13_pale_rect_office_two_lines_grey.png", 200.0, "同济大学附属同济医院", category="I类省级")
    office = seal_on(fields, (20.0, 28.0, 188.0, 107.0), 0.5)
    assert office.kind == "cme_office" and "审验" in (office.text or ""), office.text
    assert not seal_codes(fields, "shanghai-2018") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_rect_落地章s_lines_are_apart_under_another_seals_ring():
    # hw13 唐燕/4.pdf#1 (colour, 200 dpi): 广东省继续医学教育办公室 / 继教学分审验 / a serial, the organizer's round seal
    # (浙江省人民医院) over its right end
    fields = settled("hs13_rect_office_lines_under_round_ring_colour.png", 200.0, "浙江省人民医院", category="I类省级")
    office = seal_on(fields, (11.0, 47.0, 181.0, 116.0), 0.5)
    assert office.kind == "cme_office" and "继教学分审验" in (office.text or ""), office.text
    assert office.province == "广东省"
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_commission_whose_place_is_read_with_a_slip_is_a_places_body():
    from pipeline.models import CertificateFields, Seal
    from pipeline.seals.settle import names_place_body, settle_authorities

    ring = Seal(kind="unknown", bbox=(0, 0, 100, 100), shape="round", kind_from="none", score=1.0,
                text="秀科苏外温思市卫生计生 ★ ★ 思市科生法发蚕列联体福 温思市卫生计生委科教处")
    own = Seal(kind="organizer", bbox=(120, 0, 280, 80), shape="rect", kind_from="text", score=1.0,
               text="温州医科大学封星府二医院 学分证书专用")
    fields = CertificateFields(category="I类省级", organizer="温州医科大学附属第二医院",  # type: ignore[arg-type]
                               stamps=[ring, own])
    settle_authorities([fields], ["温州医科大学附属第二医院"])
    assert ring.kind == "cme_office", ring.kind_from
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}
    # a body's name with no place before it, or its words out of order, names no place
    assert not names_place_body("卫生健康委员会")
    assert not names_place_body("健康委员会 温州")


def test_a_pale_grey_oval_under_a_darker_grey_oval_on_a_colour_page_is_found():
    # hs13 蒋辉浩/1.pdf#3, the whole page at 150 dpi (a colour scan: only its heading band has a hue): 上海市继续医学教育
    # 工作委员会 in pale grey under the organizer's grey oval (上海市护理学会)
    image = cv2.imread(str(IMAGES / "hs13_pale_grey_oval_under_grey_oval_page_colour.jpg"))
    assert image is not None
    from pipeline.models import CertificateFields
    from pipeline.seals.settle import settle_authorities

    fields = CertificateFields(category="I类省级", organizer="上海市护理学会",  # type: ignore[arg-type]
                               stamps=find_seals(image, dpi=150.0))
    settle_authorities([fields], ["上海市护理学会"])
    office = seal_on(fields, (261.0, 543.0, 382.0, 639.0), 0.5)
    assert office.kind == "cme_office" and office.shape == "oval", office.text
    assert seal_on(fields, (350.0, 558.0, 483.0, 652.0), 0.5).kind == "organizer"
    assert not seal_codes(fields, "shanghai-2018") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_a_printed_double_frame_on_a_grey_scan_is_no_seal():
    # hw13 梁洋玲/4.pdf#1 (grey, 200 dpi): 办训日期 / 2019年度3月15日 in a frame of a thick black rule and a thin one inside
    image = cv2.imread(str(IMAGES / "hs13_printed_double_frame_date_grey.png"))
    assert image is not None
    assert find_seals(image, dpi=200.0, read_text=False) == []
