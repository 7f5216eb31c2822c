"""Seal flags a reviewer can trust (issue 15, session 11): page crops from session 11's seal sets (``samples.generate``
at 9899c77, ``--families heldout --seals heldout --profile realistic``, i.e. session 10's held-out side, development
now: w seed 11021 Wenzhou, sh seed 11022 Shanghai), each read wrong at 9899c77:

- a violet 落地章 oval (w ``蒋琳慧/7.pdf#2``, colour): its ink's red and blue channels stand alike above green, so the
  red-over-the-others contrast left it blank; read as nothing, ``unknown``: a false STAMP_AUTHORITY_UNREAD.

Crops keep their scan's resolution; boxes are the truth's, in points of the image.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.models import CertificateFields
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
