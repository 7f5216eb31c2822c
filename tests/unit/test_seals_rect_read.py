"""A rect 落地章 partly under the organizer's oval, its two bold lines inking 0.75-0.84 of their rows:
at 4d80349 the line finder took those rows for border rows (``ringtext.line_max_ink`` 0.7), found no
line, read nothing, and the seal was ``unknown`` (STAMP_AUTHORITY_UNREAD on a page with its 落地章).
Oblong rects now use ``ringtext.rect_line_max_ink``.

Page image: the seals' part of ``复旦大学附属中山医院/刘燕洋/学分材料.pdf#4`` (200 dpi, colour) of
``samples.generate --seed 2903 --applicants 16 --profile realistic --families heldout --seals heldout
--policy shanghai-2018`` at 4d80349 (old held-out seal styles, now development).
"""

from __future__ import annotations

from pathlib import Path

import cv2

from pipeline.seals import find_seals
from pipeline.seals.geometry import iou

IMAGE = Path(__file__).resolve().parents[1] / "ocr" / "images" / "seals" / "rect_under_organizer_color.png"
OFFICE_BOX = (33.0, 51.0, 188.0, 137.0)  # the rect 落地章 in the crop, points (truth less the crop origin 420, 380)


def test_rect_office_seal_under_the_organizer_oval_is_read_as_the_落地章():
    image = cv2.imread(str(IMAGE))
    assert image is not None
    found = find_seals(image, dpi=200.0)
    office = max(found, key=lambda s: iou(s.bbox, OFFICE_BOX))
    assert iou(office.bbox, OFFICE_BOX) >= 0.7, [(s.kind, s.bbox) for s in found]
    assert office.kind == "cme_office", office.text
    assert "委员会" in (office.text or "") and office.province == "上海市"
    assert sorted(s.kind for s in found) == ["cme_office", "organizer"]
