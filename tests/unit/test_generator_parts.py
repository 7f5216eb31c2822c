"""Pieces of the sample generator: ids, printed values, seal geometry, box transforms."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from PIL import Image

from samples.ids import check_digit, is_valid, make_id
from samples.scan import stored_bbox
from samples.seals import SealSpec, draw_seal
from samples.textfmt import cn_range, cn_upper_date, fmt_credits


def test_known_id_numbers() -> None:
    # the GB 11643 example number and a made-up one with its hand-computed check digit
    assert is_valid("11010519491231002X")
    assert check_digit("33030219800101123") == "0"  # weighted sum 166, 166 % 11 = 1 -> "0"
    assert not is_valid("110105194912310021")


def test_made_ids_carry_birth_and_sex() -> None:
    rng = random.Random(1)
    for female in (True, False):
        id_number = make_id(rng, "330302", dt.date(1980, 2, 29), female)
        assert id_number.startswith("33030219800229") and is_valid(id_number)
        assert int(id_number[16]) % 2 == (0 if female else 1)


def test_printed_values() -> None:
    assert cn_range(dt.date(2021, 5, 12), 3) == "2021年5月12日至14日"
    assert cn_range(dt.date(2021, 5, 31), 2) == "2021年5月31日至6月1日"
    assert cn_range(dt.date(2021, 5, 12), 1) == "2021年5月12日"
    assert cn_upper_date(dt.date(2021, 5, 14)) == "二〇二一年五月十四日"
    assert cn_upper_date(dt.date(2020, 10, 30)) == "二〇二〇年十月三十日"
    assert fmt_credits(6.0) == "6" and fmt_credits(2.5) == "2.5"


def test_stored_bbox_turns_with_the_page() -> None:
    size = (600.0, 800.0)
    box = (100.0, 200.0, 160.0, 260.0)
    assert stored_bbox(box, size, 0.0, 0) == [100.0, 200.0, 160.0, 260.0]
    assert stored_bbox(box, size, 0.0, 180) == [440.0, 540.0, 500.0, 600.0]
    # a quarter turn counter-clockwise about the centre (300, 400): (x, y) -> (300 + dy, 400 - dx)
    assert stored_bbox(box, size, 90.0, 0) == pytest.approx([100.0, 540.0, 160.0, 600.0])
    # a small skew grows the box a little and keeps its centre
    x0, y0, x1, y1 = stored_bbox(box, size, 2.0, 0)
    assert x1 - x0 > 60 and y1 - y0 > 60 and x1 - x0 < 66
    # clipped to the page; gone when fully outside
    assert stored_bbox((550.0, 10.0, 650.0, 50.0), size, 0.0, 0) == [550.0, 10.0, 600.0, 50.0]
    assert stored_bbox((700.0, 10.0, 750.0, 50.0), size, 0.0, 0) is None


@pytest.mark.parametrize("shape,w,h,angle", [("round", 118, 118, 10), ("oval", 136, 92, 25),
                                             ("rect", 160, 62, -30)])
def test_seal_bbox_encloses_the_drawn_ink_tightly(shape: str, w: float, h: float, angle: float) -> None:
    spec = SealSpec(kind="organizer", shape=shape, cx=150, cy=120, w=w, h=h, angle=angle,
                    outer_text="温州市人民医院", centre_text="专用章", alpha=1.0)
    scale = 2.0
    page = Image.new("RGB", (600, 480), (255, 255, 255))
    draw_seal(page, spec, scale, np.random.default_rng(0))
    arr = np.asarray(page).astype(int)
    ys, xs = np.nonzero((arr[..., 0] - arr[..., 1]) > 40)
    x0, y0, x1, y1 = (v * scale for v in spec.bbox())
    assert xs.min() >= x0 - 2 and xs.max() <= x1 + 2 and ys.min() >= y0 - 2 and ys.max() <= y1 + 2
    # tight: the ink reaches close to every side of the box
    assert xs.min() - x0 < 8 and x1 - xs.max() < 8 and ys.min() - y0 < 8 and y1 - ys.max() < 8
