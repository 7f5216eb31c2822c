"""Page images of seals read as the reader and the audit read them, for the seal regression tests."""

from __future__ import annotations

from pathlib import Path

import cv2

from pipeline.models import CertificateFields, CertRef, Seal
from pipeline.seals import find_seals
from pipeline.seals.check import stamp_flags
from pipeline.seals.geometry import iou
from pipeline.seals.settle import settle_authorities

IMAGES = Path(__file__).resolve().parents[1] / "ocr" / "images" / "seals"


def settled(name: str, dpi: float, organizer: str, *, category: str,
            organizers: tuple[str, ...] = ()) -> CertificateFields:
    """The seals found on image ``name`` of a certificate of ``category`` by ``organizer``, settled
    against the organizer list (``organizer`` and ``organizers``)."""
    image = cv2.imread(str(IMAGES / name))
    assert image is not None, name
    fields = CertificateFields(category=category, organizer=organizer,  # type: ignore[arg-type]
                               stamps=find_seals(image, dpi=dpi))
    settle_authorities([fields], [organizer, *organizers])
    return fields


def seal_on(fields: CertificateFields, box: tuple[float, float, float, float], min_iou: float) -> Seal:
    """The seal found over ``box`` (the truth's, in points)."""
    seal = max(fields.stamps, key=lambda s: iou(s.bbox, box))
    assert iou(seal.bbox, box) >= min_iou, [(s.kind, s.shape, s.bbox, s.text) for s in fields.stamps]
    return seal


def seal_codes(fields: CertificateFields, policy: str) -> set[str]:
    """The seal flags the policy raises on one certificate."""
    from pipeline.rules import load_policy

    cert = CertRef(path="p.pdf", page=1, stack_index=0, fields=fields)
    return {f.code for f in stamp_flags([cert], load_policy(policy))}
