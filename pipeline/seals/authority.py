"""Who a seal's text says stamped it, records-free: a CME office (落地章) or an organizer.

    read_authority(text) -> AuthorityRead(cme, organizer, province)

The phrases are data (``ocr_models/vocab/seal_authorities.yaml``). Ring text read off a
curved strip loses and garbles characters (``浙省继医学教育委员会办公室``, ``禁压学教育员会办公``),
so a CME office phrase counts by its best alignment with a window of the text
(``rapidfuzz.fuzz.partial_ratio``, an in-order character match) when that reaches the
``authority.phrase_min_ratio`` of ``pipeline/config/seals.yaml``; phrases of up to
``authority.short_phrase_len`` characters, and organizer words, count only whole (their parts,
专用章 / 委员会, sit on both kinds of seal). The evidence is in matched characters, so a long
phrase read well outweighs a short word. The organizer's own name is not known here (the
reading stage has no records): ``pipeline/seals/settle.py`` adds the credit system's organizer
list at the audit stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from pipeline.settings import load_yaml

from .config import MODELS_DIR, load_config
from .structure import act_weight, common, place_committee_office_weight, place_office_weight

AUTHORITIES_PATH = MODELS_DIR / "vocab" / "seal_authorities.yaml"


@dataclass(frozen=True)
class AuthorityRead:
    cme: float  # CME office evidence, in characters of its phrases matched
    organizer: float  # organizer evidence, in characters of whole organizer words
    province: str | None = None  # the province (or municipality) the text names, via its city too
    # the organizer evidence is a health commission's name alone: such a seal may still say, further
    # on, that it validates credits (继续医学教育学分验证章), so it is read to the end
    commission_only: bool = False

    @property
    def evidence(self) -> float:
        return self.cme + self.organizer

    @property
    def score(self) -> float | None:
        """P(cme_office) from the words read; None when the text names neither kind."""
        return self.cme / self.evidence if self.evidence > 0 else None


@lru_cache(maxsize=2)
def authorities(path: str | None = None) -> dict[str, Any]:
    data = load_yaml(Path(path) if path else AUTHORITIES_PATH)
    suffixes = sorted(data.get("province_suffixes") or [], key=len, reverse=True)

    def short(name: str) -> str:
        return next((name[: -len(x)] for x in suffixes if name.endswith(x) and len(name) > len(x) + 1), name)

    full = {short(p): p for p in data.get("provinces") or []}
    cities = {city: full.get(province, province) for province, names in (data.get("cities") or {}).items()
              for city in names}
    # every place name a seal may open with: the provinces without their suffix, then the cities
    return {**data, "province_short": full, "city_province": cities, "places": [*full, *cities]}


def cjk(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def phrase_weight(phrase: str, text: str, cfg: dict, generic: str = "") -> float:
    """Characters of ``phrase`` the text holds: whole, or (longer phrases) by its best in-order
    alignment with a window of the text when that reaches phrase_min_ratio and the window holds
    at least key_min_chars of the phrase's own characters (those not in ``generic``: an
    organizer's 继续医学教育专用章 aligns with 继续医学教育中心 at .75 by its generic part alone)."""
    if phrase in text:
        return float(len(phrase))
    if len(phrase) <= int(cfg["short_phrase_len"]) or len(text) < 2:
        return 0.0
    found = fuzz.partial_ratio_alignment(phrase, text)
    if found is None or found.score < 100 * float(cfg["phrase_min_ratio"]):
        return 0.0
    key = {ch for ch in phrase if ch not in generic}
    window = text[found.dest_start:found.dest_end]
    if sum(ch in key for ch in window) < min(len(key), int(cfg["key_min_chars"])):
        return 0.0
    # a text shorter than the phrase aligns inside it (省中心 in 继教中心 at .80): the phrase's
    # own characters must be there too, not a few of them
    if _common(phrase, window) < float(cfg["phrase_min_cover"]) * len(phrase):
        return 0.0
    return len(phrase) * found.score / 100.0


def _common(a: str, b: str) -> int:
    """Characters of ``a`` found in ``b`` in order (longest common subsequence)."""
    return Indel.similarity(a, b) // 2


def garbled_office_weight(text: str, data: dict, cfg: dict) -> float:
    """A CME office's name read with too many slips for any one phrase to align (温州大继特原学教育香员人所,
    市继医学敦育委内): the continuing-education core (继续医学教育, ``garbled_office.core``) with a few of its
    characters in order, a committee character (委员会) just after it, and a place just before it (a
    province or city name, or the 省 / 市 a place name ends in), on a seal that reads no organizer word.
    Each part is weak alone; the office's name is the only one that holds all three in this order
    (an organizer's 继续医学教育培训专用章 has no committee after it, a hospital's 继续医学教育委员会 has
    the hospital's name before it). Returns the characters matched (core + committee + place), 0 when
    the parts do not reach ``garbled_min_chars``."""
    g = data.get("garbled_office") or {}
    core, tail_chars = str(g.get("core", "")), str(g.get("committee", ""))
    if not core or any(w in text for w in data["organizer_words"]):
        return 0.0
    min_core, span = int(cfg["garbled_core_chars"]), int(cfg["garbled_span"])
    places = data["places"]
    suffixes = str(g.get("place_suffixes", ""))
    best = 0.0
    n = len(core)
    for start in range(len(text)):
        for length in (n - 1, n, n + 1):
            window = text[start:start + length]
            if len(window) < n - 1:
                continue
            got = _common(core, window)
            if got < min_core:
                continue
            after = text[start + length:start + length + span]
            committee = _common(tail_chars, after)
            before = text[max(0, start - span - 1):start]
            place = any(name in before for name in places) or (before[-1:] in suffixes if before else False)
            if committee and place:
                best = max(best, float(got + committee + 1))
    return best if best >= float(cfg["garbled_min_chars"]) else 0.0


def seat_office_weight(text: str, data: dict, cfg: dict) -> float:
    """A government body's 继续医学教育办公室 (``seat_office_phrases``): the phrase aligned (as
    ``phrase_weight``) right after a health commission's name, or after a place name with nothing
    between but its 省 / 市 suffix, on a text that reads no organizer word. ``text`` is one read of the
    seal (a read's characters in order). The phrase may be read worse than a phrase alone
    (``authority.seat_min_ratio``): the body's name before it is evidence too. Returns the characters matched (the phrase's and the
    commission's), 0 when it is not there. A hospital's own office (某医院继续医学教育办公室) reads an
    organizer word and gets 0; a commission read garbled (卫生煤康发员金) counts by the share of its name's
    characters found in order (``authority.seat_commission_share``)."""
    if any(w in text for w in data["organizer_words"]):
        return 0.0
    span, share = int(cfg["seat_before_chars"]), float(cfg["seat_commission_share"])
    places = data["places"]
    suffixes = str((data.get("garbled_office") or {}).get("place_suffixes", ""))
    best = 0.0
    for phrase in data.get("seat_office_phrases") or []:
        if phrase in text:
            start, weight = text.find(phrase), float(len(phrase))
        else:
            found = fuzz.partial_ratio_alignment(phrase, text)
            if found is None or found.score < 100 * float(cfg["seat_min_ratio"]):
                continue
            start, weight = found.dest_start, len(phrase) * found.score / 100.0
        before = text[max(0, start - span):start]
        commission = max((_common(w, before[-len(w):]) for w in data.get("commission_words") or []
                          if _common(w, before[-len(w):]) >= share * len(w)), default=0)
        place = any(before.endswith(p) or (before[-1:] in suffixes and before[:-1].endswith(p))
                    for p in places)
        if commission or place:
            best = max(best, weight + commission)
    return best


def commission_divisions(text: str, data: dict, cfg: dict) -> tuple[str, float]:
    """A health commission's own divisions where they follow its name (``commission_divisions``:
    温州市卫生健康委员会科教处, the science-and-education division that runs continuing medical
    education): there they name the commission, not an institution's department, so they are no
    organizer word. Returns ``text`` with them blanked out, and the characters of the commission's
    name read before them (with slips: ``authority.division_commission_share`` of its characters in
    order among those just before one of its reads; 0 when none)."""
    divisions = [str(d) for d in data.get("commission_divisions") or []]
    bodies = [str(b) for b in data.get("commission_words") or []]
    share = float(cfg["division_commission_share"])
    out, body = list(text), 0.0
    for division in divisions:
        i, body_here = text.find(division), 0.0
        while i >= 0:
            before = text[max(0, i - 8):i]
            got = max((common(b, before[-len(b) - 1:]) for b in bodies
                       if common(b, before[-len(b) - 1:]) >= share * len(b)), default=0)
            body_here = max(body_here, float(got))
            i = text.find(division, i + 1)
        if body_here:  # a read of the seal names the commission before it: every read of it is the commission's
            out = list("".join(out).replace(division, "\u00b7" * len(division)))
            body = max(body, body_here)
    return "".join(out), body


def _department_of(text: str, phrase: str, data: dict) -> bool:
    """The office phrase follows an organizer's own name (温州医科大学附属第一医院继续医学教育委员会): an
    institution's own committee or office, the organizer's seal. A credit act (学分验证章, 审核专用章) is no department's:
    no institution validates its own credits (浙江省继教医院学分已验证: 医院 garbled from the office's name)."""
    if any(act in phrase for act in (data.get("structure") or {}).get("acts") or []):
        return False
    found = fuzz.partial_ratio_alignment(phrase, text) if phrase not in text else None
    start = text.find(phrase) if phrase in text else (found.dest_start if found is not None else -1)
    if start < 0:
        return False
    before = text[max(0, start - 8):start]
    return any(before.endswith(w) or before[:-1].endswith(w) for w in data["organizer_words"])


def _combo_weight(text: str, combos: dict, cfg: dict) -> float:
    then = [w for w in combos.get("then", []) if w in text]
    if not then:
        return 0.0
    first = max((float(len(w)) for w in combos.get("first", []) if w in text), default=0.0)
    return first + len(then[0]) if first > 0 else 0.0


def _pair_weight(text: str, pairs: list, max_gap: int) -> float:
    """Characters of the first ordered word pair found close together (continuing ... committee)."""
    for first, then in pairs:
        i = text.find(first)
        while i >= 0:
            j = text.find(then, i + len(first))
            if 0 <= j - (i + len(first)) <= max_gap:
                return float(len(first) + len(then))
            i = text.find(first, i + 1)
    return 0.0


def province_of(text: str, data: dict | None = None) -> str | None:
    """The province a text names (its first province or city name), as recorded (浙江省, 上海市)."""
    data = data or authorities()
    found: list[tuple[int, str]] = []
    shorts = data["province_short"]
    firsts = [s[0] for s in shorts]
    for name, full in shorts.items():
        if (i := text.find(name)) >= 0:
            found.append((i, full))
        elif firsts.count(name[0]) == 1 and full.endswith("省") and (i := text.find(name[0] + "省")) >= 0:
            found.append((i, full))  # a character lost in between: 浙省 for 浙江省
    for city, province in data["city_province"].items():
        if (i := text.find(city)) >= 0:
            found.append((i, province))
    return min(found)[1] if found else None


def leading_province(name: str, data: dict | None = None) -> str | None:
    """The province an institution's name starts with (浙江省医学会, 温州市人民医院, 北京协和医院), or the
    one its seat is in when the name starts with a seated organizer's (``organizer_seats``: 中华医学会,
    复旦大学附属中山医院); None otherwise: a place further on is no address."""
    data = data or authorities()
    chars = cjk(name)
    seats = (data.get("organizer_seats") or {}).items()
    for place, province in (*data["province_short"].items(), *data["city_province"].items(), *seats):
        if chars.startswith(place):
            return province
    return None


def _province_before_office(text: str, data: dict, cfg: dict) -> str | None:
    """A province named by its first character alone, the rest garbled (浙工踏继续医学教育委员会): a
    character unique to one province's name, among the few just before the office phrase."""
    best = max((fuzz.partial_ratio_alignment(p, text) for p in data["cme_office_phrases"] if len(p) > 5),
               key=lambda a: a.score if a is not None else -1, default=None)
    if best is None or best.score < 100 * float(cfg["phrase_min_ratio"]):
        return None
    names = [*data["province_short"], *data["city_province"]]
    before = text[max(0, best.dest_start - int(cfg["province_prefix_chars"])):best.dest_start]
    for ch in before:
        # unique to one place's name in any position: 海 of 上海 read 海市 is no 海南
        holders = [name for name in names if ch in name]
        if len(holders) == 1 and holders[0][0] == ch and holders[0] in data["province_short"]:
            full = data["province_short"][holders[0]]
            # provinces only (浙工踏): a region's or municipality's first character is a common one
            # (内 of 委员会 read 委内 is no 内蒙古); a wrong province is worse than none
            return full if full.endswith("省") else None
    return None


def read_authority(text: str | None, cfg: dict | None = None) -> AuthorityRead:
    """The CME office and organizer evidence of a seal's text (spaces and marks ignored)."""
    cfg = cfg or load_config()["authority"]
    chars = cjk(text or "")
    if not chars:
        return AuthorityRead(0.0, 0.0)
    data = authorities()
    # the best phrase, not the sum: 继续医学教育委员会办公室 also holds 继续医学教育委员会
    generic = str(data.get("generic_chars", ""))
    weights = [(phrase_weight(p, chars, cfg, generic), p) for p in data["cme_office_phrases"]]
    cme, best_phrase = max(weights, default=(0.0, ""))
    # a commission's 科教处 is the commission's, not an organizer's department
    own, division_body = commission_divisions(chars, data, cfg)
    # organizer words within one read each: the reads joined make words across their ends (a commission's ring,
    # then a centre read 全学P, then the ring again from 会: 全学 + 会 is no 学会)
    reads = commission_divisions("|".join(p for p in (cjk(part) for part in (text or "").split()) if p), data, cfg)[0]
    organizer = sum(float(len(w)) for w in data["organizer_words"] if w in reads)
    if cme and organizer and _department_of(own, best_phrase, data):  # the institution's own office
        organizer, cme = organizer + cme, 0.0
    else:
        cme = max(cme, _combo_weight(chars, data.get("cme_office_combos") or {}, cfg),
                  _pair_weight(chars, data.get("cme_office_pairs") or [], int(cfg["pair_max_gap"])),
                  garbled_office_weight(chars, data, cfg),
                  # the office's name by its parts, and a credit act (structure.py)
                  max((act_weight(cjk(part), data.get("structure") or {}) for part in (text or "").split()),
                      default=0.0),
                  place_office_weight(chars, data.get("structure") or {},
                                      data["places"],
                                      data["organizer_words"], cfg),
                  # ...its core garbled but its whole tail read (温州市蒙技活学教重委员会公室), each read alone
                  max((place_committee_office_weight(cjk(part), data.get("structure") or {},
                                                     data["places"],
                                                     data["organizer_words"],
                                                     "".join(data.get("commission_words") or []), cfg)
                       for part in (text or "").split()), default=0.0),
                  # each read of the seal alone: the body's name must come right before its office
                  max((seat_office_weight(cjk(part), data, cfg) for part in (text or "").split()), default=0.0))
    # a centre text (学分验证章) adds to a ring text naming the office
    centre = max((float(len(p)) for p in data["cme_office_phrases"] if p.endswith("章") and p in chars),
                 default=0.0)
    if centre and centre < cme:
        cme += centre
    commission = 0.0
    if cme == 0:  # a health commission's own seal; with a validation act read it is the 落地章
        commission = max([division_body, *(phrase_weight(w, chars, cfg)
                                            for w in data.get("commission_words") or [])])
    province = (province_of(chars, data) or _province_before_office(chars, data, cfg)) if cme > 0 else None
    return AuthorityRead(round(cme, 2), round(organizer + commission, 2), province,
                         commission_only=commission > 0 and organizer == 0)


def names_cme_office(text: str | None) -> bool:
    """The text reads as a CME office's: its evidence outweighs an organizer's."""
    score = read_authority(text).score
    return score is not None and score > 0.5
