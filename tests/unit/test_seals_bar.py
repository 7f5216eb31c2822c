"""Bar (strip) seals: a thin rectangle of seal ink, one or two lines of text, ~9-13 mm tall.

Real CME offices stamp bars such as 温州市继续医学教育委员会 学分验证 as the 落地章; before the
issue 15 follow-up no outline shorter than 15 mm was a seal candidate, so none was ever found.
Table cells of the same size (a row of a credit table, 11 mm tall, 62 mm wide) must stay out:
pipeline/seals/detect.drop_table_cells (their sides run on as rules) and the classifier.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.seals import find_seals, synth
from pipeline.seals.geometry import iou

DPI = 200.0
PX_MM = DPI / 25.4


def cme_bar(angle: float = 3.0) -> synth.SealSpec:
    return synth.SealSpec("cme_office", "rect", 62, 11, "温州市继续医学教育委员会", "学分验证", angle=angle,
                          border_mm=0.9)


def draw_table(img: np.ndarray, top_mm: float, *, rows: int = 4, cols: int = 3, cell_mm=(62.0, 11.0),
               left_mm: float = 12.0) -> list[tuple[float, float, float, float]]:
    """Black ruled table of cells the size of a bar seal; returns the cells' boxes in points."""
    pil = Image.fromarray(img[..., ::-1])
    draw = ImageDraw.Draw(pil)
    w, h = cell_mm
    width = max(1, int(0.3 * PX_MM))
    x0, y0 = left_mm * PX_MM, top_mm * PX_MM
    x1, y1 = x0 + cols * w * PX_MM, y0 + rows * h * PX_MM
    for r in range(rows + 1):
        draw.line((x0, y0 + r * h * PX_MM, x1, y0 + r * h * PX_MM), fill=(25, 25, 25), width=width)
    for c in range(cols + 1):
        draw.line((x0 + c * w * PX_MM, y0, x0 + c * w * PX_MM, y1), fill=(25, 25, 25), width=width)
    img[:] = np.asarray(pil)[..., ::-1]
    k = 72.0 / DPI
    return [((x0 + c * w * PX_MM) * k, (y0 + r * h * PX_MM) * k, (x0 + (c + 1) * w * PX_MM) * k,
             (y0 + (r + 1) * h * PX_MM) * k) for r in range(rows) for c in range(cols)]


def page(colour: str, *, table: bool = False, seed: int = 3):
    rng = np.random.default_rng(seed)
    img = synth.blank_page(DPI, rng, table=False)
    cells = draw_table(img, 60.0) if table else []
    box = synth.place_seal(img, DPI, cme_bar(), (120, 235), rng, colour=(40, 30, 215))
    img = {"color": img, "grey": synth.to_grey(img), "bw": synth.to_bw(img)}[colour]
    return img, box, cells


@pytest.mark.parametrize("colour", ["color", "grey", "bw"])
def test_bar_cme_seal_found_and_read_as_cme_office(colour):
    img, box, _ = page(colour)
    found = find_seals(img, dpi=DPI)
    assert len(found) == 1, [(s.kind, s.bbox) for s in found]
    seal = found[0]
    assert iou(seal.bbox, box) >= 0.6, (seal.bbox, box)
    assert seal.shape == "rect"
    assert seal.kind == "cme_office", (seal.kind, seal.text)
    assert "委员会" in (seal.text or "")


@pytest.mark.parametrize("colour", ["grey", "bw"])
def test_table_cells_of_bar_size_are_not_seals(colour):
    img, box, cells = page(colour, table=True)
    found = find_seals(img, dpi=DPI)
    # the bar is found, no cell of the same size beside it is
    assert len(found) == 1, [(s.kind, s.bbox) for s in found]
    assert iou(found[0].bbox, box) >= 0.6
    assert all(iou(s.bbox, c) < 0.3 for s in found for c in cells)
