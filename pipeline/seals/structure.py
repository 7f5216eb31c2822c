"""A CME office named by the parts of its name rather than by one phrase (issue 15, session 9).

    act_weight(text, parts) -> characters of a credit act read (学分审验, 继教学分确认, 核验)
    place_office_weight(text, parts, places, cfg) -> characters of place + continuing-education core + unit

Office names are built from parts: a place (a province, city or county), maybe a government health
body (卫生健康局, 卫生健康委员会), the continuing-education core (继续医学教育) and an office unit
(委员会, 中心, 管理中心, 办公室, 科); the seal's act is what only an office does to credits
(验证, 审核, 登记, 核验, 认定, 确认, 审验). The parts are data (``ocr_models/vocab/seal_authorities.yaml``
``structure``); each part is matched tolerant of OCR slips (characters in order, rapidfuzz's Indel),
so a name never listed whole (温州市继续医学教育管理中心, 上海市卫生健康局继续医学教育科) and one read
with slips (温州市继综压学教育育理中心) are both found. A text with an organizer word (医院, 学会, 培训)
gets 0 from ``place_office_weight``: an institution's own 继续医学教育科 is the organizer's.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel


def common(a: str, b: str) -> int:
    """Characters of ``a`` found in ``b`` in order (longest common subsequence)."""
    return Indel.similarity(a, b) // 2


def act_weight(text: str, parts: dict) -> float:
    """The best credit act read whole in one read of the seal (``text``), where it stands as a seal's
    act: its object right before it (学分审验, 继教学分确认) or a seal word / the read's end right after
    it (审核专用章, 审核). Counted with its object. Printed words that are no act of a seal
    (扫码验证证书真伪: 验证 before 证) count nothing."""
    best = 0.0
    objects = [str(o) for o in parts.get("act_objects") or []]
    seal_words = str(parts.get("act_seal_words", ""))
    for act in parts.get("acts") or []:
        i = text.find(act)
        while i >= 0:
            before, after = text[max(0, i - 7):i], text[i + len(act):]
            obj = max((len(o) for o in objects if before.endswith(o) or before[:-1].endswith(o)), default=0)
            if obj or not after or after[0] in seal_words:
                best = max(best, float(len(act) + obj))
            i = text.find(act, i + 1)
    return best


def _unit_after(after: str, units: list[str], share: float) -> int:
    """Characters of the best office unit read at the start of ``after`` (one slip tolerated)."""
    best = 0
    for unit in units:
        window = after[:len(unit) + 1]
        got = common(unit, window)
        if (len(unit) == 1 and unit in after[:2]) or (len(unit) > 1 and got >= max(2, share * len(unit))):
            best = max(best, got)
    return best


def place_office_weight(text: str, parts: dict, places: list[str], organizer_words: list[str],
                        cfg: dict) -> float:
    """Place, then (within ``authority.structure_gap`` characters: a health body's name, the 省 / 市 of
    the place) the continuing-education core read with at least ``structure_core_chars`` of its
    characters in order (one fewer before a unit of two or more characters), then an office unit right
    after it. Returns place (1) + core + unit
    characters matched, 0 below ``structure_min_chars`` or on a text with an organizer word."""
    core = str(parts.get("core", ""))
    units = [str(u) for u in parts.get("units") or []]
    if not core or not units or any(w in text for w in organizer_words):
        return 0.0
    n, gap = len(core), int(cfg["structure_gap"])
    min_core, share = int(cfg["structure_core_chars"]), float(cfg["structure_unit_share"])
    ends = sorted({i + len(p) for p in places for i in _find_all(text, p)})
    best = 0.0
    for end in ends:
        for start in range(end, min(len(text), end + gap + 1)):
            for length in (n - 1, n, n + 1):
                window = text[start:start + length]
                got = common(core, window)
                if got < min_core - 1 or window[:1] not in core:  # the core starts on one of its own characters
                    continue
                unit = _unit_after(text[start + length:], units, share)
                # a core read with one slip more stands when a unit of two or more characters follows it
                # (温州市城综压学教育管理中心: 学教育 + 管理中心)
                if unit and (got >= min_core or unit >= 2):
                    best = max(best, float(1 + got + unit))
    return best if best >= float(cfg["structure_min_chars"]) else 0.0


def place_committee_office_weight(text: str, parts: dict, places: list[str], organizer_words: list[str],
                                  body_chars: str, cfg: dict) -> float:
    """A place, then the continuing-education core read garbled (``structure_long_core_chars`` of its
    characters in order, no more than its length + 2 characters read), then the office's whole
    tail (``committee_office``, 委员会办公室, one slip tolerated): the office even when its core is
    unread (温州市蒙技活学教重委员会公室). Nothing between the place and the tail may be a health
    body's (``body_chars``: 卫生健康委员会办公室 is the commission's general office) and the text reads
    no organizer word. Returns place (1) + core + tail characters matched, else 0."""
    core, tail = str(parts.get("core", "")), str(parts.get("committee_office", ""))
    if not core or not tail or any(w in text for w in organizer_words):
        return 0.0
    min_core = int(cfg["structure_long_core_chars"])
    best = 0.0
    for end in sorted({i + len(p) for p in places for i in _find_all(text, p)}):
        after = text[end:end + len(core) + 2 + len(tail) + 1]
        for start in range(0, min(len(after), len(core) + 3)):
            got_tail = common(tail, after[start:start + len(tail) + 1])
            if got_tail < len(tail) - 1 or after[start:start + 1] not in tail:
                continue
            between = after[:start]
            if any(ch in body_chars for ch in between):
                continue
            got = common(core, between)
            if got >= min_core:
                best = max(best, float(1 + got + got_tail))
    return best if best >= float(cfg["structure_min_chars"]) else 0.0


def _find_all(text: str, part: str) -> list[int]:
    out, i = [], text.find(part)
    while i >= 0:
        out.append(i)
        i = text.find(part, i + 1)
    return out


__all__ = ["act_weight", "common", "place_committee_office_weight", "place_office_weight"]
