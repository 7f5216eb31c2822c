"""Quarter-turned pages in the sample generator: boxes turn with the page, turns are seeded."""

from __future__ import annotations

import copy

import cv2
import numpy as np
import pytest
from PIL import Image

from samples.plan import plan_set
from samples.scan import render_scan, stored_bbox

YEARS = [2021, 2022]


def _pages(sp):
    for ap in sp.applicants:
        for f in ap.files:
            yield from f.pages


def _turns(sp) -> list[int]:
    return [p.scan.rotation for p in _pages(sp)]


def test_stored_bbox_quarter_turns_match_pillow() -> None:
    size = (600.0, 800.0)
    box = (100.0, 200.0, 160.0, 260.0)
    # the stored page of a 90 is the upright page turned a quarter counter-clockwise
    assert stored_bbox(box, size, 0.0, 90) == [200.0, 440.0, 260.0, 500.0]
    assert stored_bbox(box, size, 0.0, 270) == [540.0, 100.0, 600.0, 160.0]
    # the same as drawing the box and turning the picture as the scanner stores it
    for rotation, transpose in ((90, Image.Transpose.ROTATE_90), (270, Image.Transpose.ROTATE_270),
                                (180, Image.Transpose.ROTATE_180)):
        im = np.zeros((800, 600), np.uint8)
        im[200:260, 100:160] = 255
        turned = np.asarray(Image.fromarray(im).transpose(transpose))
        ys, xs = np.nonzero(turned)
        assert stored_bbox(box, size, 0.0, rotation) == [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]
    # clipping happens on the page before it is turned
    assert stored_bbox((550.0, 10.0, 650.0, 50.0), size, 0.0, 90) == [10.0, 0.0, 50.0, 50.0]


def _red(arr: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(np.ascontiguousarray(arr), cv2.COLOR_RGB2HSV).astype(int)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((hue <= 8) | (hue >= 168)) & (sat > 25) & (val > 110)


@pytest.mark.parametrize("rotation", [90, 270])
def test_a_quarter_turned_certificate_has_its_seal_boxes_on_its_seals(rotation: int) -> None:
    sp = plan_set(seed=5, applicants=1, profile="clean", years=YEARS, policy="wenzhou-2023",
                  max_certs_per_year=1, max_dpi=72)
    page = copy.deepcopy(next(p for p in _pages(sp) if p.kind == "certificate" and len(p.seals) == 2))
    upright = np.asarray(render_scan(page).convert("RGB"))
    page.scan.rotation = rotation
    arr = np.asarray(render_scan(page).convert("RGB"))
    assert arr.shape[:2] == upright.shape[1::-1]                 # width and height swapped
    s = page.scan.dpi / 72.0
    red = _red(arr)
    inside = np.zeros_like(red)
    for seal in page.seals:
        x0, y0, x1, y1 = (v * s for v in stored_bbox(seal.bbox(), page.size_pt, page.scan.skew, rotation))
        assert 0 <= x0 < x1 <= arr.shape[1] + 1 and 0 <= y0 < y1 <= arr.shape[0] + 1
        assert red[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))].mean() > 0.03
        inside[max(0, int(y0) - 2):int(np.ceil(y1)) + 2, max(0, int(x0) - 2):int(np.ceil(x1)) + 2] = True
    assert red.sum() > 100 and red[~inside].sum() <= 0.01 * red.sum()
    # the upright page's boxes would miss the ink: the seals moved with the page
    upright_inside = np.zeros_like(red)
    for seal in page.seals:
        x0, y0, x1, y1 = (v * s for v in stored_bbox(seal.bbox(), page.size_pt, page.scan.skew, 0))
        upright_inside[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))] = True
    assert red[~upright_inside].sum() > 0.3 * red.sum()

def test_quarter_turns_are_seeded_and_only_where_the_profile_asks() -> None:
    kw = {"applicants": 6, "years": YEARS, "policy": "wenzhou-2023", "max_certs_per_year": 3}
    harsh = _turns(plan_set(seed=9, profile="harsh", **kw))
    assert {90, 270} <= set(harsh)
    assert harsh == _turns(plan_set(seed=9, profile="harsh", **kw))
    assert not {90, 270} & set(_turns(plan_set(seed=9, profile="clean", **kw)))


def test_quarter_turns_leave_the_rest_of_a_seed_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turns come from their own stream: the same seed plans the same pages, turned or not."""
    from samples import config

    kw = {"applicants": 4, "years": YEARS, "policy": "wenzhou-2023", "max_certs_per_year": 3}
    realistic = config.generator()["profiles"]["realistic"]
    monkeypatch.setitem(realistic, "rotate90_p", 0.0)
    plain = list(_pages(plan_set(seed=2, profile="realistic", **kw)))
    monkeypatch.setitem(realistic, "rotate90_p", 0.5)
    turned = list(_pages(plan_set(seed=2, profile="realistic", **kw)))
    assert len(plain) == len(turned)
    changed = 0
    for a, b in zip(plain, turned):
        assert (a.kind, a.design, a.seed, a.truth) == (b.kind, b.design, b.seed, b.truth)
        assert (a.scan.dpi, a.scan.color, a.scan.skew) == (b.scan.dpi, b.scan.color, b.scan.skew)
        changed += a.scan.rotation != b.scan.rotation
    assert changed >= 5
