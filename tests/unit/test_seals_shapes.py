"""Shape rules of the seal detector on small drawn masks: table cells are no seals, pale ink is
found apart from black print, a squashed round fit is decided by its text, QR codes are not seals."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.seals import detect, kind
from pipeline.seals.config import load_config
from pipeline.seals.geometry import Candidate, extended_sides

PX_MM = 72 / 25.4  # the detector's working resolution (72 dpi)


def _grid(rows: int = 4, cols: int = 3, cell=(60, 30), at=(40, 40)) -> np.ndarray:
    """A ruled table: one-pixel rules, cells of `cell` pixels."""
    mask = np.zeros((400, 400), np.uint8)
    x0, y0 = at
    for r in range(rows + 1):
        cv2.line(mask, (x0, y0 + r * cell[1]), (x0 + cols * cell[0], y0 + r * cell[1]), 255, 1)
    for c in range(cols + 1):
        cv2.line(mask, (x0 + c * cell[0], y0), (x0 + c * cell[0], y0 + rows * cell[1]), 255, 1)
    return mask


def test_a_table_cell_has_sides_running_on_past_its_corners():
    mask = _grid()
    cell = Candidate("rect", 40 + 90, 40 + 45, 30, 15, 0.0)  # the middle cell of the second row
    assert extended_sides(mask, cell, PX_MM, ext_mm=(1.5, 6.0), min_cover=0.7) == 4


def test_a_lone_rectangular_border_has_no_side_running_on():
    mask = np.zeros((400, 400), np.uint8)
    cv2.rectangle(mask, (100, 100), (250, 160), 255, 2)
    seal = Candidate("rect", 175, 130, 75, 30, 0.0)
    assert extended_sides(mask, seal, PX_MM, ext_mm=(1.5, 6.0), min_cover=0.7) == 0


def test_a_line_of_print_running_past_a_seal_is_not_a_rule():
    mask = np.zeros((400, 400), np.uint8)
    cv2.rectangle(mask, (100, 100), (250, 160), 255, 2)
    cv2.rectangle(mask, (20, 94), (380, 106), 255, -1)  # a 12-pixel band of text along the top side
    seal = Candidate("rect", 175, 130, 75, 30, 0.0)
    assert extended_sides(mask, seal, PX_MM, ext_mm=(1.5, 6.0), min_cover=0.7) == 0


def test_a_skewed_table_cell_still_counts():
    mask = _grid()
    rot = cv2.getRotationMatrix2D((200, 200), 2.0, 1.0)
    mask = cv2.warpAffine(mask, rot, (400, 400), flags=cv2.INTER_NEAREST)
    centre = rot @ np.array([130.0, 85.0, 1.0])
    cell = Candidate("rect", float(centre[0]), float(centre[1]), 30, 15, -2.0)
    assert extended_sides(mask, cell, PX_MM, ext_mm=(1.5, 6.0), min_cover=0.7) >= 2


def _grey_page() -> np.ndarray:
    page = np.full((842, 595, 3), 250, np.uint8)
    cv2.putText(page, "BLACK PRINT", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (20, 20, 20), 3)
    cv2.rectangle(page, (150, 450), (300, 515), (205, 205, 205), 2)  # a pale rectangular seal border
    return page


def test_pale_mask_keeps_pale_seal_ink_and_drops_black_print():
    cfg = load_config()
    pale = detect.pale_mask(_grey_page(), cfg)
    assert pale is not None
    assert pale[450:516, 150:301].any()  # the pale border is there
    assert not pale[170:205, 60:300].any()  # black print and its grey edges are not


def test_pale_mask_is_none_on_a_black_and_white_page():
    page = np.full((842, 595, 3), 255, np.uint8)
    cv2.putText(page, "BLACK PRINT", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    assert detect.pale_mask(page, load_config()) is None


def test_no_outline_decides_the_authority_alone():
    """Offices stamp round seals with a star and organizers ovals: shape is a prior, not a verdict."""
    cfg = load_config()["kind"]
    shapes = [(Candidate("round", 0, 0, 50, 50, 0.0), 0.9), (Candidate("round", 0, 0, 50, 50, 0.0), 0.0),
              (Candidate("oval", 0, 0, 60, 40, 0.0), 0.0), (Candidate("rect", 0, 0, 75, 30, 0.0), 0.0)]
    for cand, centre_ink in shapes:
        assert kind.decide(kind.shape_prior(cand, centre_ink, cfg), cfg["strong_prior"]) == "unknown"
    # ...but the prior still leans the usual way
    assert kind.shape_prior(shapes[0][0], 0.9, cfg) < kind.shape_prior(shapes[3][0], 0.0, cfg)


def test_a_pale_outline_around_black_print_is_no_seal():
    cfg = load_config()
    page = np.full((842, 595, 3), 250, np.uint8)
    rng = np.random.default_rng(3)
    qr = (rng.random((30, 30)) < 0.5).astype(np.uint8) * 230
    page[300:420, 100:220] = 250 - np.kron(qr, np.ones((4, 4), np.uint8))[..., None]  # a QR-like block
    cv2.circle(page, (350, 650), 48, (205, 205, 205), 3)  # a pale seal ring
    pm = detect.prepare(page, 72.0, cfg)
    qr_outline = Candidate("round", 160, 360, 62, 62, 0.0, source="pale")
    ring = Candidate("round", 350, 650, 48, 48, 0.0, source="pale")
    assert detect._dark_inside(pm, qr_outline, cfg)
    assert not detect._dark_inside(pm, ring, cfg)
    hough = Candidate("round", 160, 360, 62, 62, 0.0, source="hough")  # dark-ink outlines: not this rule
    assert not detect._dark_inside(pm, hough, cfg)


def test_a_whole_seal_beats_the_two_halves_a_printed_row_cut_it_into():
    from pipeline.seals.geometry import nms

    top = Candidate("oval", 200, 180, 50, 30, 0.0, score=0.996, fit=0.72)
    bottom = Candidate("oval", 200, 230, 50, 30, 0.0, score=0.998, fit=0.70)
    whole = Candidate("round", 200, 205, 58, 58, 0.0, score=0.999, fit=0.70)
    kept = nms([top, bottom, whole], 400, 400, 0.35, contain=0.9, fit_ratio=0.7, nested=0.55)
    assert [c.shape for c in kept] == ["round"]
    # a second seal beside the first is not swallowed
    other = Candidate("oval", 320, 205, 50, 30, 0.0, score=0.99, fit=0.6)
    kept = nms([top, bottom, whole, other], 400, 400, 0.35, contain=0.9, fit_ratio=0.7, nested=0.55)
    assert sorted(c.shape for c in kept) == ["oval", "round"]
