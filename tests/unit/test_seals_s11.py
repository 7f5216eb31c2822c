"""Seal flags a reviewer can trust (issue 15, session 11): page crops from session 11's seal sets (``samples.generate``
at 9899c77, ``--families heldout --seals heldout --profile realistic``, i.e. session 10's held-out side, development
now: w seed 11021 Wenzhou, sh seed 11022 Shanghai), each read wrong at 9899c77:

- a violet 落地章 oval (w ``蒋琳慧/7.pdf#2``, colour): its ink's red and blue channels stand alike above green, so the
  red-over-the-others contrast left it blank; read as nothing, ``unknown``: a false STAMP_AUTHORITY_UNREAD. Read on
  its own hue now; a red oval over a violet organizer's round seal (w ``戴海芳/5.pdf#2``) must still read on red alone;
- the cells of a table ruled and shaded in violet (sh ``曹霞/4.pdf#1``, colour): the red mask holds violet, and the
  table guard (sides that run on as rules) looked at grey and b/w pages only: nine ``unknown`` seals on one page;
- outlines across a colour form's lavender-shaded label column (w ``马勇明/10.pdf#1``), found in the faint red mask:
  three ``unknown`` seals;
- cells under a banded grid's shaded header (w ``蒋琳慧/8.pdf#3``, grey): the band's edge has paper on one side only,
  so it was no rule to the table guard; four ``unknown`` seals;
- a shaded label cell of a seal-less form (sh ``陈丽/学分材料.pdf#2``, grey) taken for a pale rect seal: STAMP_AUTHORITY_UNREAD
  where the page has no seal at all (``grey.pale_max_fill_inside``).

Crops keep their scan's resolution; boxes are the truth's, in points of the image.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.models import CertificateFields
from pipeline.seals import find_seals
from pipeline.seals.ink import unsure_ink
from pipeline.seals.ringtext import seal_ink_gray
from seal_pages import IMAGES, seal_codes, seal_on, settled


def _settled(name: str, dpi: float, organizer: str, category: str = "I类省级") -> CertificateFields:
    return settled(name, dpi, organizer, category=category, organizers=())


def test_a_violet_落地章_oval_is_read_as_the_office():
    fields = _settled("s11_violet_oval_office_color.png", 300.0, "浙江省医学会")
    office = seal_on(fields, (30.1, 30.1, 161.6, 117.0), 0.5)
    assert office.kind == "cme_office", office.text
    assert office.province == "浙江省"
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_seal_ink_keeps_red_and_violet_and_drops_blue_and_black_print():
    # BGR patches on white paper: red, violet, pale pink, navy print, blue-green, black
    colours = {"red": (40, 40, 210), "violet": (176, 137, 179), "pink": (210, 201, 233), "navy": (120, 40, 30),
               "teal": (160, 140, 40), "black": (20, 20, 20)}
    crop = np.full((20, 20 * (len(colours) + 1), 3), 250, np.uint8)
    for i, bgr in enumerate(colours.values()):
        crop[:, 20 * i:20 * i + 20] = bgr
    gray = seal_ink_gray(crop, "colour")
    level = {name: int(gray[10, 20 * i + 10]) for i, name in enumerate(colours)}
    paper = int(gray[10, -10])
    assert level["red"] < 60 and level["violet"] < paper - 40 and level["pink"] < paper - 20, level
    assert min(level["navy"], level["teal"], level["black"]) >= paper - 5, level
    assert cv2.imread(str(IMAGES / "s11_violet_oval_office_color.png")) is not None


def test_a_red_落地章_oval_over_a_violet_organizers_seal_reads_without_the_violet_strokes():
    # guard: read on both hues at once, the violet ring's strokes garbled the red oval's text (an office left unknown)
    fields = _settled("s11_red_oval_over_violet_round_color.png", 150.0, "中国医师协会", "I类国家级")
    office = seal_on(fields, (30.5, 36.5, 158.3, 122.3), 0.5)
    assert office.kind == "cme_office", office.text
    assert seal_on(fields, (142.3, 30.2, 256.8, 144.8), 0.5).kind != "cme_office"
    assert not seal_codes(fields, "wenzhou-2023") & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}


def test_the_cells_of_a_violet_ruled_table_are_no_seals():
    # the label column of a form ruled and shaded in violet (sh ``曹霞/4.pdf#1``, colour, here at 150 dpi): its cells
    # were nine ``unknown`` rect seals (the table guard looked at grey and b/w pages only); their rules run on
    image = cv2.imread(str(IMAGES / "s11_violet_ruled_table_color.jpg"))
    found = find_seals(image, dpi=150.0)
    assert not [s for s in found if s.shape == "rect"], [(s.kind, s.bbox, s.text) for s in found]
    # ...nor seal ink the detector could not call a seal: a seal-less page with such a table is STAMP_MISSING
    assert unsure_ink(image, dpi=150.0) == []


def test_a_lavender_shaded_label_column_is_no_seal():
    # w ``马勇明/10.pdf#1`` (colour, 150 dpi): outlines across the shaded cells of a form's label column, found in the
    # faint red mask, were three ``unknown`` seals beside the organizer's oval (``colour.faint_max_fill_inside``)
    fields = _settled("s11_lavender_label_column_page_color.jpg", 150.0, "温州市医学会", "II类")
    assert [s.kind for s in fields.stamps] == ["organizer"], [(s.kind, s.bbox, s.text) for s in fields.stamps]


def test_the_cells_under_a_banded_grids_grey_header_are_no_seals():
    # w ``蒋琳慧/8.pdf#3`` (grey, 150 dpi), the grid's last band: four cells under a shaded header band were rect
    # seals (``unknown``): the band's edge is a rule with paper on one side and solid fill on the other
    image = cv2.imread(str(IMAGES / "s11_banded_grid_cells_grey.jpg"))
    found = find_seals(image, dpi=150.0)
    assert not found, [(s.kind, s.bbox, s.text) for s in found]


def test_a_shaded_label_cell_is_no_seal_so_an_unstamped_page_is_stamp_missing():
    # sh ``陈丽/学分材料.pdf#2`` (grey, 150 dpi): a form without any seal; its shaded 形式 label cell was a pale rect
    # seal, ``unknown``, so the page got STAMP_AUTHORITY_UNREAD where the truth says STAMP_MISSING
    image = cv2.imread(str(IMAGES / "s11_shaded_label_cells_page_grey.png"))
    fields = CertificateFields(category="I类省级", organizer="同济大学附属同济医院",  # type: ignore[arg-type]
                               stamps=find_seals(image, dpi=150.0))
    assert not fields.stamps, [(s.kind, s.bbox, s.text) for s in fields.stamps]
    fields.unsure_ink = unsure_ink(image, dpi=150.0)
    assert seal_codes(fields, "shanghai-2018") == {"STAMP_MISSING"}
