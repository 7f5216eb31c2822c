"""STAMP_MISSING ("未见任何印章") only where a reviewer would agree no seal is printed (issue 15,
session 8: 6 of 8 on the Wenzhou-style set were stamped pages).

Two failure classes, on page images of the session-7 seal styles (now development; the sets
``/work/evalsets/hw7`` and ``hs7`` of session 7, ``samples.generate --profile realistic --seals heldout``
at 7df6fa3, whole pages at their scan resolution unless noted):

- b/w organizer bars of bold one-line text whose border merges with the print under it (speck share
  0.10, a blob 15.5 mm tall): found now as bar blobs (``size_mm.bar.blob_*``);
- pale grey bars the detector cannot outline (one crossed by a counterfoil's perforation, taken for
  a table cell; two overlapping bars): unsure ink, so STAMP_UNSURE (a review) instead.

And the guards: two seal-less certificates (a pale-ruled table, grey label print) keep STAMP_MISSING.
Every case but the guards failed before (no seal found, STAMP_MISSING claimed).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from pipeline.models import CertificateFields, CertRef
from pipeline.rules import decide_verdict, load_policy
from pipeline.seals import find_seals
from pipeline.seals.check import stamp_flags
from pipeline.seals.geometry import iou
from pipeline.seals.ink import unsure_ink

IMAGES = Path(__file__).resolve().parents[1] / "ocr" / "images" / "seals"


def _image(name: str):
    image = cv2.imread(str(IMAGES / name), cv2.IMREAD_UNCHANGED)
    assert image is not None, name
    return image


def _flags(found, ink, category="II类"):
    cert = CertRef(path="u/a/x.pdf", page=1, stack_index=0,
                   fields=CertificateFields(category=category, stamps=found, unsure_ink=ink))  # type: ignore[arg-type]
    return stamp_flags([cert], load_policy("wenzhou-2023"))


BARS = {
    # image: (dpi, the organizer bar's box in points, source page of hw7)
    "bar_bold_bw.png": (300.0, (517.6, 452.6, 684.6, 496.7), "温州医科大学附属第二医院/戴敏红/3.pdf#1"),
    "bar_bold_rotated_bw.png": (200.0, (512.1, 459.0, 711.8, 517.5), "温州医科大学附属第一医院/林英/scan.pdf#13"),
}


@pytest.mark.parametrize("name", sorted(BARS))
def test_a_bold_bw_bar_merged_with_print_is_found(name):
    dpi, box, _ = BARS[name]
    found = find_seals(_image(name), dpi=dpi, read_text=False)
    assert len(found) == 1, [(s.shape, s.bbox) for s in found]
    assert found[0].shape == "rect" and iou(found[0].bbox, box) >= 0.6, (found[0].bbox, box)
    assert "STAMP_MISSING" not in {f.code for f in _flags(found, [])}


UNSURE = {
    # image: (dpi, the true seal's box in points (the crop's), source page of hw7)
    "pale_bar_perforation_grey.png": (200.0, (391.4, 315.7, 570.7, 351.6), "鹿城区五马街道社区卫生服务中心/林丹鹏/2.pdf#2"),
    # the lower part of the page (from 440 pt down): an organizer bar and a 落地章 bar overlapping (their union)
    "pale_bars_overlapping_grey.png": (200.0, (201.3, 189.8, 509.9, 252.7), "永嘉县人民医院/潘峰刚/学分材料.pdf#13"),
}


@pytest.mark.parametrize("name", sorted(UNSURE))
def test_seal_ink_the_detector_cannot_outline_is_a_review_not_no_seal(name):
    dpi, box, _ = UNSURE[name]
    image = _image(name)
    found = find_seals(image, dpi=dpi, read_text=False)
    ink = unsure_ink(image, dpi=dpi) if not found else []
    assert found or any(iou(b, box) >= 0.4 for b in ink), (found, ink, box)
    flags = _flags(found, ink)
    codes = [f.code for f in flags]
    assert "STAMP_MISSING" not in codes
    if not found:
        assert codes == ["STAMP_UNSURE"]
        assert "疑似印章" in flags[0].message and "未见任何印章" not in flags[0].message
        assert decide_verdict([], flags, load_policy("wenzhou-2023")) == "needs_review"


@pytest.mark.parametrize("name, dpi", [("no_seal_pale_table_grey.png", 150.0),  # 平阳县中医院/宋勇静/宋勇静.pdf#10
                                       ("no_seal_grey_labels_grey.png", 200.0)])  # hs7 上海市静安区闸北中心医院/陈涛峰/1.pdf#1
def test_a_seal_less_certificate_keeps_stamp_missing(name, dpi):
    image = _image(name)
    assert find_seals(image, dpi=dpi, read_text=False) == []
    ink = unsure_ink(image, dpi=dpi)
    assert ink == []
    assert [f.code for f in _flags([], ink)] == ["STAMP_MISSING"]


def test_unsure_ink_only_stands_in_where_no_seal_was_found():
    from pipeline.models import Seal

    seal = Seal(kind="organizer", bbox=(10.0, 10.0, 100.0, 60.0))
    assert [f.code for f in _flags([seal], [(200.0, 200.0, 300.0, 240.0)])] == []


def test_a_colour_bar_in_the_red_mask_has_its_own_threshold():
    """A clear red 落地章 bar of thin text scored 0.30 on 温州市中西医结合医院/吴军蕾/6.pdf#2 (hw7), under the
    colour threshold 0.5 (CME_STAMP_MISSING claimed); only a lossless copy of the whole 200 dpi page
    reproduces that score, too large to keep here, so the rule itself is tested: bar outlines in the red
    mask pass at ``threshold_colour_bar``, every other outline at its page mode's threshold."""
    import numpy as np

    from pipeline.seals import detect
    from pipeline.seals.config import load_config
    from pipeline.seals.geometry import Candidate

    cfg = load_config()
    px = 72 / 25.4 * 2  # working pixels per mm at 144 dpi

    def page(colour: bool):
        blank = np.zeros((10, 10), np.uint8)
        return detect.PageMasks(np.zeros((10, 10, 3), np.uint8), 1.0, colour, blank, px,
                                "colour" if colour else "grey")

    bar = Candidate("rect", 100, 100, 30 * px, 5 * px, 0.0, "blob")  # 60 x 10 mm
    rect = Candidate("rect", 100, 100, 25 * px, 15 * px, 0.0, "blob")  # 50 x 30 mm
    pale_bar = Candidate("rect", 100, 100, 30 * px, 5 * px, 0.0, "pale")
    bar_thr = float(cfg["classifier"]["threshold_colour_bar"])
    assert bar_thr < float(cfg["classifier"]["threshold_colour"])
    assert detect.threshold(page(True), bar, cfg) == bar_thr
    assert detect.threshold(page(True), rect, cfg) == float(cfg["classifier"]["threshold_colour"])
    assert detect.threshold(page(True), pale_bar, cfg) == float(cfg["classifier"]["threshold_colour"])
    assert detect.threshold(page(False), bar, cfg) == float(cfg["classifier"]["threshold_grey"])
