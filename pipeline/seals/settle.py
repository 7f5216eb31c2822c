"""Audit stage: settle each seal's authority against the credit system's organizers.

    settle_authorities(certificates, organizers)

The reader judged every seal from its text without records (``kind.judge``). Here the
organizer names the credit system knows (every 主办单位 of the export, plus
``ocr_models/vocab/organizers.txt``) are a second source: a seal whose text holds one of
them (``pipeline.vocabulary.snap_within``: aligned with its best part of the text, OCR slips
tolerated, unambiguous) and does not read clearly as a CME office is that organizer's seal,
whatever its shape, unless it names another organizer than the certificate's while that one's own
seal is on the page (a garbled office ring aligned with some listed name: left unknown, a review). A seal whose text reads clearly as a CME office stays one (an office's
name is no organizer's). A health body's name alone (上海市卫生健康局, 温州市卫生健康委员会: bodies
organize projects and, in some regions, validate them) is settled against this certificate's organizer
as printed (``settle_commission``): the organizer's seal when it is that body, the 落地章 when the
organizer is someone else and the seal names a place right before the body (session 9: such seals,
their act unread, were left unknown: false reviews), unknown while the organizer is unread (the audit
settles the seals still unknown once more after the verification against the records, which may have
found the organizer on the page). Nothing
else changes: a seal left ``unknown`` stays unknown. (Otherwise the
organizer's name as printed is no source: on grey and b/w scans a seal stamped over it can pick
up its characters in its ring strip.)
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from pipeline.models import CertificateFields, Seal

from .authority import authorities, cjk, province_of, read_authority
from .config import load_config
from .kind import text_decides
from .structure import common


def settle_seal(seal: Seal, vocabulary, cfg: dict | None = None,
                printed_organizer: str | None = None, others: Iterable[Seal] = ()) -> None:
    """Settle one seal in place (see the module docstring). ``others``: the page's other seals."""
    from pipeline.vocabulary import snap_within

    cfg = cfg or load_config()
    if not seal.text or seal.kind == "organizer":
        return
    words = read_authority(seal.text, cfg["authority"])
    if seal.kind == "cme_office" and text_decides(words, cfg["kind"]):
        return
    snap = snap_within(seal.text, vocabulary)
    if words.commission_only:
        settle_commission(seal, snap.value if snap else None, printed_organizer, cfg["settle"])
        return
    if snap is None or _organizer_stamped_elsewhere(snap.value, printed_organizer, others, cfg["settle"]):
        return
    seal.kind, seal.kind_from = "organizer", "organizer_list"


def _organizer_stamped_elsewhere(snapped: str, printed: str | None, others: Iterable[Seal], cfg: dict) -> bool:
    """The seal's text snaps to another organizer than the certificate's (as printed), whose own seal is already
    on the page: a garbled office ring (上海市医学華药教总会 for 上海市医学继续教育委员会) aligns with some listed name;
    it stays unknown (a review), not an organizer's seal that would make the page short of the 落地章."""
    if not printed or _same_name(snapped, printed, cfg):
        return False
    return any(o.kind == "organizer" and _names(o.text or "", printed, cfg) for o in others)


def _names(text: str, name: str, cfg: dict) -> bool:
    """``text`` (a seal's) holds ``name`` read with slips: ``_covers``, or its characters in order with one slip per
    ``settle.body_chars_per_slip`` of them (浙江省医学会 read 心#江省医学会: 5 of 6, under _covers' share)."""
    chars = cjk(name)
    slips = int(len(chars) / float(cfg["body_chars_per_slip"]))
    return _covers(text, name, cfg) or (bool(chars) and common(chars, cjk(text)) >= len(chars) - slips)


def settle_commission(seal: Seal, snapped: str | None, printed: str | None, cfg: dict) -> None:
    """A seal naming a place's health body alone (上海市卫生健康局, its act unread): the organizer's when
    this certificate's organizer (as printed) is that body (the listed name it snaps to, or the printed
    name's characters nearly all in the seal's text, ring text read out of order); the 落地章 when the
    organizer is printed, is someone else and the seal names a place: a government body's seal on
    another's certificate is the one validating it. Unknown while the organizer is unread."""
    if not printed:
        return
    if ((snapped and _same_name(snapped, printed, cfg)) or _covers(seal.text or "", printed, cfg)
            or _same_place_body(seal.text or "", printed, cfg)):
        seal.kind, seal.kind_from = "organizer", "organizer_list"
        return
    if names_place_body(seal.text or "", float(cfg["body_chars_per_slip"])):
        seal.kind, seal.kind_from, seal.province = "cme_office", "text", province_of(cjk(seal.text or ""))


def names_place_body(text: str, chars_per_slip: float = 3.5) -> bool:
    """One read of the seal names a place and right after it (its 省 / 市 between) a health body
    (上海市卫生健康局, 温州市卫健委): the body's own name, not an organizer's ring read out of order
    (健康委员会 温州 on an English-ringed oval)."""
    data = authorities()
    places = data["places"]
    bodies = [str(b) for b in data.get("commission_words") or []]
    suffixes = str((data.get("garbled_office") or {}).get("place_suffixes", ""))
    for part in (cjk(p) for p in text.split()):
        for place in places:
            i = part.find(place)
            if i < 0:
                continue
            after = part[i + len(place):]
            # a slip per chars_per_slip characters of the body's name (卫生健康委员会: two); 卫生局 whole
            if any(common(b, after[:len(b) + 2]) >= len(b) - int(len(b) / chars_per_slip) for b in bodies):
                return True
        # a place's name read with a slip but its 省 / 市 whole, the body's name whole right after it (温思市卫生计生委:
        # 温州市 read 温思市, session 15): a place's body still
        for body in bodies:
            i = part.find(body)
            if i >= 2 and part[i - 1] in suffixes:
                return True
    return False


def _same_place_body(text: str, printed: str, cfg: dict) -> bool:
    """The organizer as printed is itself a place's health body (温州市卫生健康委员会) and the seal names a
    body of that same place: the organizer's own seal, its name read with slips (温州市卫生健康会美二;
    session 12: such seals of commission-organized projects were taken for another body's 落地章)."""
    if not names_place_body(printed, float(cfg["body_chars_per_slip"])):
        return False
    chars = cjk(printed)
    place = max((p for p in authorities()["places"] if chars.startswith(p)), key=len, default=None)
    return place is not None and place in cjk(text)


def _covers(text: str, name: str, cfg: dict) -> bool:
    """Nearly every character of ``name`` is in ``text``, in any order."""
    chars = cjk(name)
    return bool(chars) and sum(ch in text for ch in chars) >= float(cfg["organizer_char_cover"]) * len(chars)


def _same_name(name: str, printed: str | None, cfg: dict) -> bool:
    return bool(printed) and fuzz.ratio(name, printed) >= 100 * float(cfg["same_organizer_ratio"])


def settle_authorities(certificates: Iterable[CertificateFields], organizers: Iterable[str], *,
                       only_unknown: bool = False) -> None:
    """``settle_seal`` for every seal of ``certificates`` against ``organizers`` and the static list
    (``only_unknown``: the seals still ``unknown``, settled again once the organizer has been verified
    against the records: a health body's seal on a page whose organizer the reading alone missed)."""
    from pipeline.vocabulary import OrganizerVocabulary

    cfg = load_config()
    vocabulary = OrganizerVocabulary.with_static(organizers)
    for fields in certificates:
        for seal in fields.stamps:
            if not only_unknown or seal.kind == "unknown":
                settle_seal(seal, vocabulary, cfg, fields.organizer, [s for s in fields.stamps if s is not seal])


__all__ = ["settle_authorities", "settle_seal"]
