"""Audit stage: settle each seal's authority against the credit system's organizers.

    settle_authorities(certificates, organizers)

The reader judged every seal from its text without records (``kind.judge``). Here the
organizer names the credit system knows (every 主办单位 of the export, plus
``ocr_models/vocab/organizers.txt``) are a second source: a seal whose text holds one of
them (``pipeline.vocabulary.snap_within``: aligned with its best part of the text, OCR slips
tolerated, unambiguous) and does not read clearly as a CME office is that organizer's seal,
whatever its shape. A seal whose text reads clearly as a CME office stays one (an office's
name is no organizer's). A health commission's name alone (卫生健康委员会: commissions organize
projects and, in some regions, validate them) makes the seal the organizer's only when that
commission is this certificate's organizer as read on the page. Nothing else changes: a seal
left ``unknown`` stays unknown. (Otherwise the
organizer's name as printed is no source: on grey and b/w scans a seal stamped over it can pick
up its characters in its ring strip.)
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from pipeline.models import CertificateFields, Seal

from .authority import read_authority
from .config import load_config
from .kind import text_decides


def settle_seal(seal: Seal, vocabulary, cfg: dict | None = None,
                printed_organizer: str | None = None) -> None:
    """Settle one seal in place (see the module docstring)."""
    from pipeline.vocabulary import snap_within

    cfg = cfg or load_config()
    if not seal.text or seal.kind == "organizer":
        return
    words = read_authority(seal.text, cfg["authority"])
    if seal.kind == "cme_office" and text_decides(words, cfg["kind"]):
        return
    snap = snap_within(seal.text, vocabulary)
    if snap is None:
        return
    if words.commission_only and not _same_name(snap.value, printed_organizer, cfg["settle"]):
        return  # a health commission that is not this certificate's organizer may be validating it
    seal.kind, seal.kind_from = "organizer", "organizer_list"


def _same_name(name: str, printed: str | None, cfg: dict) -> bool:
    return bool(printed) and fuzz.ratio(name, printed) >= 100 * float(cfg["same_organizer_ratio"])


def settle_authorities(certificates: Iterable[CertificateFields], organizers: Iterable[str]) -> None:
    """``settle_seal`` for every seal of ``certificates`` against ``organizers`` and the static list."""
    from pipeline.vocabulary import OrganizerVocabulary

    cfg = load_config()
    vocabulary = OrganizerVocabulary.with_static(organizers)
    for fields in certificates:
        for seal in fields.stamps:
            settle_seal(seal, vocabulary, cfg, fields.organizer)


__all__ = ["settle_authorities", "settle_seal"]
