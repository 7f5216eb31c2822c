"""Organizer names read off certificates, set against the names the credit system knows.

The organizer's own seal is stamped over its name, so that row is the page's most damaged
text: look-alike characters (浙 -> 斤) or a re-read band of a thresholded scan. A read close
to exactly one known name (the credit-system export's 主办单位 plus
``ocr_models/vocab/organizers.txt``) is taken as that name; the characters as read are kept
in ``CertificateFields.read_as``. Anything else is left as read: nothing is guessed.
Thresholds and their reasons: ``pipeline/config/vocabulary.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.models import CertificateFields
from pipeline.settings import config, load_yaml

_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    max_edit_share: float
    min_margin: int
    confident_conf: float
    conf_factor: float
    seal_conf: float
    seal_max_edit_share: float
    suffixes: tuple[str, ...]
    distinguishing: frozenset[str]

    @classmethod
    def load(cls) -> Settings:
        cfg = config("vocabulary")["organizer"]
        patterns = load_yaml(_ROOT / "ocr_models" / "patterns.yaml")
        return cls(max_edit_share=float(cfg["max_edit_share"]), min_margin=int(cfg["min_margin"]),
                   confident_conf=float(cfg["confident_conf"]), conf_factor=float(cfg["conf_factor"]),
                   seal_conf=float(cfg["seal_conf"]), seal_max_edit_share=float(cfg["seal_max_edit_share"]),
                   suffixes=tuple(patterns["organizer_suffixes"]),
                   distinguishing=frozenset(str(cfg.get("distinguishing", ""))))


@lru_cache(maxsize=1)
def static_organizers() -> tuple[str, ...]:
    """The names of ``ocr_models/vocab/organizers.txt`` (``#`` starts a comment)."""
    path = _ROOT / config("vocabulary")["organizer"]["static_list"]
    names = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(n for n in names if n)


@dataclass(frozen=True)
class Snap:
    value: str
    read: str
    edits: int


class OrganizerVocabulary:
    """Known organizer names; ``snap`` a read onto one of them when it is unambiguous."""

    def __init__(self, names: Iterable[str], settings: Settings | None = None):
        self.names = sorted({n.strip() for n in names if n and n.strip()})
        self._known = set(self.names)
        self.settings = settings or Settings.load()

    @classmethod
    def with_static(cls, names: Iterable[str]) -> OrganizerVocabulary:
        return cls([*static_organizers(), *names])

    def knows(self, name: str | None) -> bool:
        return name in self._known

    def confident(self, read: str | None, conf: float) -> bool:
        """A read that looks complete (ends in an institution word) and was read confidently."""
        return read is not None and conf >= self.settings.confident_conf and read.endswith(self.settings.suffixes)

    def allowed_edits(self, read: str, name: str, conf: float) -> int:
        if self.confident(read, conf):
            return 1
        return max(1, int(self.settings.max_edit_share * len(name)))

    def snap(self, read: str | None, conf: float, max_edits: int | None = None) -> Snap | None:
        """The known name ``read`` stands for, or None (unknown, too far, or two names as close)."""
        if not read or not self.names:
            return None
        if read in self._known:
            return Snap(read, read, 0)
        best = process.extract(read, self.names, scorer=Levenshtein.distance, limit=2)
        name, edits, _ = best[0]
        runner_up = best[1][1] if len(best) > 1 else None
        allowed = self.allowed_edits(read, name, conf)
        if edits > (allowed if max_edits is None else min(allowed, max_edits)):
            return None
        if runner_up is not None and runner_up - edits < self.settings.min_margin:
            return None
        if self.changes_distinguishing(read, name):
            return None
        return Snap(name, read, int(edits))

    def changes_distinguishing(self, read: str, name: str) -> bool:
        """Whether turning ``read`` into ``name`` swaps one character that tells institutions apart
        for another (``distinguishing``: 第一 / 第二人民医院, 东院 / 西院): the read then names another
        institution, not a slip. A lost or stray character is left to the edit budget."""
        marks = self.settings.distinguishing
        return any(op.tag == "replace" and read[op.src_pos] in marks and name[op.dest_pos] in marks
                   for op in Levenshtein.editops(read, name))


def _cjk(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def snap_within(text: str | None, vocabulary: OrganizerVocabulary, max_edits: int | None = None) -> Snap | None:
    """The known name a part of ``text`` stands for: a seal's ring text holds the organizer's name
    between characters of the centre text, the star and stray marks (``一中华医学会一 + #``,
    ``温州市人民医院世务邢华``). Each name's distance is its best alignment with a part of the text
    (at most one of its characters lost); the closest name must be within ``seal_max_edit_share``
    of its length and closer by ``min_margin`` than any other, else None."""
    chars = _cjk(text or "")
    names = vocabulary.names
    if len(chars) < 2 or not names:
        return None
    longest = max(len(n) for n in names)
    parts = [chars[i:j] for i in range(len(chars)) for j in range(i + 2, min(len(chars), i + longest + 1) + 1)]
    dist = process.cdist(parts, names, scorer=Levenshtein.distance, dtype=np.int32)
    too_short = np.array([len(p) for p in parts])[:, None] < np.array([len(n) for n in names])[None, :] - 1
    dist = np.where(too_short, np.iinfo(np.int32).max, dist)
    best_part = dist.argmin(axis=0)  # per name, the part that reads most like it
    per_name = dist[best_part, np.arange(len(names))]
    order = np.argsort(per_name, kind="stable")
    first, edits = int(order[0]), int(per_name[order[0]])
    name = names[first]
    allowed = max(1, int(vocabulary.settings.seal_max_edit_share * len(name)))
    if edits > (allowed if max_edits is None else min(allowed, max_edits)):
        return None
    if len(order) > 1 and int(per_name[order[1]]) - edits < vocabulary.settings.min_margin:
        return None
    part = parts[int(best_part[first])]
    if vocabulary.changes_distinguishing(part, name):
        return None
    return Snap(name, part, edits)


def snap_organizer(fields: CertificateFields, vocabulary: OrganizerVocabulary,
                   seal_is_cme_office: Callable[[str], bool] = lambda _text: False) -> None:
    """Set ``fields.organizer`` to the known name that its read, one of its alternative readings
    or the text of the organizer's seal stands for. The closest snap wins (edits per character);
    a tie goes to the page pass's read, then the row's re-reads, then the seal. When the page pass
    read a complete name confidently, other sources may differ from a known name by one edit only
    (a listed name must not replace an unlisted organizer read right).
    ``seal_is_cme_office``: a seal text naming the CME office (a seal taken for the organizer's) is
    no source."""
    cfg = vocabulary.settings
    if vocabulary.knows(fields.organizer):
        return
    read_conf = fields.confidence.get("organizer", 0.0)
    others_max = 1 if vocabulary.confident(fields.organizer, read_conf) else None
    snaps: list[tuple[Snap, float]] = []
    if fields.organizer and (snap := vocabulary.snap(fields.organizer, read_conf)):
        snaps.append((snap, read_conf))
    for text, conf in fields.alternatives.get("organizer", []):
        if snap := vocabulary.snap(text, conf, others_max):
            snaps.append((snap, conf))
    for seal in fields.stamps:
        usable = seal.kind == "organizer" and seal.text and not seal_is_cme_office(seal.text)
        if usable and (snap := snap_within(seal.text, vocabulary, others_max)):
            snaps.append((snap, cfg.seal_conf))
    if not snaps:
        return
    best, conf = min(snaps, key=lambda sc: sc[0].edits / len(sc[0].value))
    fields.read_as["organizer"] = fields.organizer
    fields.organizer = best.value
    fields.confidence["organizer"] = round(conf * cfg.conf_factor, 3)


def snap_organizers(certificates: Iterable[CertificateFields], known: Iterable[str]) -> None:
    """``snap_organizer`` over certificates, against ``known`` (the credit system's organizers) and the
    static list; a seal text naming the CME office is no source."""
    from pipeline.seals.kind import names_cme_office

    vocabulary = OrganizerVocabulary.with_static(known)
    for fields in certificates:
        snap_organizer(fields, vocabulary, seal_is_cme_office=names_cme_office)


__all__ = ["OrganizerVocabulary", "Snap", "snap_organizer", "snap_organizers", "snap_within", "static_organizers"]
