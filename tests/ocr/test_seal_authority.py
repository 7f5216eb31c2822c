"""Seal authority from what the seal says, on drawn page images through the real recogniser (issue 15):
a round 落地章 with a star, an oval organizer seal, an unreadable seal (unknown -> a review, never
CME_STAMP_MISSING) and seals stamped over the organizer's printed name."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.models import CertificateFields, CertRef
from pipeline.rules import decide_verdict, load_policy
from pipeline.seals import find_seals, synth
from pipeline.seals.check import stamp_flags
from pipeline.seals.geometry import iou
from pipeline.seals.hard_cases import in_mode
from pipeline.seals.settle import settle_authorities
from pipeline.vocabulary import snap_organizers

pytestmark = pytest.mark.ocr

DPI = 150.0
INK = (40, 30, 215)  # BGR red
ORGANIZER = "温州医科大学附属第一医院"


@pytest.fixture(autouse=True)
def _rapidocr():
    pytest.importorskip("rapidocr_onnxruntime")


def _page(specs_at, *, mode: str, seed: int = 5, print_line: tuple[str, tuple[float, float]] | None = None):
    """A 150 x 110 mm page of print with the seals drawn at centres (mm); truth [(kind, bbox pt)]."""
    rng = np.random.default_rng(seed)
    img = synth.blank_page(DPI, rng, table=False, width_mm=150, height_mm=110)
    if print_line is not None:
        text, (x_mm, y_mm) = print_line
        pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
        px = DPI / 25.4
        ImageDraw.Draw(pil).text((x_mm * px, y_mm * px), text, fill=(20, 20, 20), font=synth._font(int(5 * px)),
                                 anchor="lm")
        img = cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)
    truth = [(spec.kind, synth.place_seal(img, DPI, spec, centre, rng, colour=INK)) for spec, centre in specs_at]
    return in_mode(img, mode), truth


def _matched(found, box):
    best = max(found, key=lambda s: iou(s.bbox, box), default=None)
    assert best is not None and iou(best.bbox, box) > 0.5, f"no seal found at {box}: {found}"
    return best


ROUND_OFFICE = synth.SealSpec("cme_office", "round", 42, 42, "浙江省继续医学教育委员会办公室", "学分验证章",
                              star=True, angle=20)
OVAL_ORGANIZER = synth.SealSpec("organizer", "oval", 47, 32, ORGANIZER, "继续教育专用章", angle=-8,
                                inner_border=True, border_mm=0.8)


@pytest.mark.parametrize("mode", ["color", "grey"])
def test_a_round_office_seal_with_a_star_is_the_cme_office_seal(mode):
    img, truth = _page([(ROUND_OFFICE, (45, 55)), (OVAL_ORGANIZER, (110, 55))], mode=mode)
    found = find_seals(img, dpi=DPI)
    office, organizer = _matched(found, truth[0][1]), _matched(found, truth[1][1])
    assert (office.shape, office.kind, office.kind_from) == ("round", "cme_office", "text")
    assert office.text_confidence is not None and 0 < office.text_confidence <= 1
    assert office.authority_score is not None and office.authority_score > 0.7
    # the province as read (a policy may check it); grey scans garble the ring more, never into another
    assert office.province == "浙江省" if mode == "color" else office.province in (None, "浙江省")
    # the oval is the organizer's: its text names a university hospital
    assert (organizer.shape, organizer.kind) == ("oval", "organizer")


def test_an_unreadable_seal_is_unknown_and_the_audit_asks_for_a_review():
    blank = synth.SealSpec("cme_office", "oval", 46, 31, "", "", angle=0, inner_border=True)
    img, truth = _page([(blank, (75, 55))], mode="color")
    found = find_seals(img, dpi=DPI)
    seal = _matched(found, truth[0][1])
    assert seal.kind == "unknown" and seal.kind_from == "none"
    policy = load_policy("shanghai-2018")
    cert = CertRef(path="u/a/c.pdf", page=1, stack_index=0,
                   fields=CertificateFields(category="I类省级", stamps=found))
    flags = stamp_flags([cert], policy)
    assert [f.code for f in flags] == ["STAMP_AUTHORITY_UNREAD"]  # no CME_STAMP_MISSING
    for f in flags:
        f.severity = policy.severity(f.code)
    assert decide_verdict([], flags, policy) == "needs_review"


@pytest.mark.parametrize("mode", ["color", "grey"])
def test_seals_over_the_organizers_printed_name(mode):
    """The organizer's round seal over its printed name, the 落地章 (an oval) beside it over the same
    line: the organizer seal stays the organizer's (settled against the credit system's list) and
    the name is read through it; the office seal stays the office's."""
    line = (f"主办单位：{ORGANIZER}", (12, 60))
    org = synth.SealSpec("organizer", "round", 42, 42, ORGANIZER, "", star=True, angle=-12)
    office = synth.SealSpec("cme_office", "oval", 46, 31, "温州市继续医学教育委员会办公室", "学分验证章", angle=4,
                            inner_border=True, border_mm=0.8)
    img, truth = _page([(org, (55, 60)), (office, (118, 60))], mode=mode, print_line=line, seed=9)
    found = find_seals(img, dpi=DPI)
    fields = CertificateFields(category="I类国家级", organizer="温州医科大学附属第一医阮", stamps=found,
                               confidence={"organizer": 0.5})
    settle_authorities([fields], [ORGANIZER, "浙江省人民医院"])
    assert _matched(found, truth[0][1]).kind == "organizer"
    assert _matched(found, truth[1][1]).kind == "cme_office"
    snap_organizers([fields], [ORGANIZER, "浙江省人民医院"])
    assert fields.organizer == ORGANIZER
    cert = CertRef(path="u/a/c.pdf", page=1, stack_index=0, fields=fields)
    assert stamp_flags([cert], load_policy("shanghai-2018")) == []


def test_a_garbled_office_ring_text_is_the_cme_office():
    """An office seal whose ring reads with four slips in its nine office characters (温州大继特原学教育香员人所,
    as read off a held-out 落地章): the office core, a committee character and the city decide it
    (at 4d80349 it was ``unknown``, a review)."""
    office = synth.SealSpec("cme_office", "round", 42, 42, "温州大继特原学教育香员人所", "", star=True, angle=-15)
    img, truth = _page([(office, (75, 55))], mode="color")
    seal = _matched(find_seals(img, dpi=DPI), truth[0][1])
    assert "学教育" in (seal.text or ""), seal.text
    assert seal.kind == "cme_office", seal.text
