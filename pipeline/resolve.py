"""Who is this bundle? Tie an applicant folder to one person of the records.

Evidence, strongest first: the registration form's ID number (valid GB 11643
checksum and present in the store), then names — from the applicant folder
name (``01张三_主治医师`` -> 张三), the form, and the certificates' majority —
each a vote; persons sharing a name are told apart by unit (folder path
segments, form unit; fuzzy) and by the digits of a mis-read form ID. When no
single person stands out the bundle stays unresolved with a reason; the caller
turns that into the APPLICANT_UNRESOLVED flag.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from pipeline.match import MatchConfig, ResolveConfig, default_config, partial_similarity
from pipeline.models import Person, RegistrationForm
from pipeline.normalize import to_halfwidth
from pipeline.records.idcard import is_valid_id, normalize_id

log = logging.getLogger(__name__)

_CJK_RUN = re.compile(r"[\u3400-\u9fff·]+")


class PersonLookup(Protocol):
    def person(self, id_number: str) -> Person | None: ...
    def persons_named(self, name: str) -> list[Person]: ...


@dataclass
class Resolution:
    person: Person | None
    reason: str
    candidates: list[Person] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.person is not None


def name_candidates(folder: str, *, min_len: int = 2, max_len: int = 4) -> list[str]:
    """Possible personal names in a folder name, most likely first.

    ``张三`` -> [张三]; ``01张三_主治医师`` -> [张三, 主治医师, ...]; ``张三主治医师`` -> [..., 张三, ...].
    Whole Chinese runs of name length come first, then the leading windows of longer runs.
    """
    runs = _CJK_RUN.findall(to_halfwidth(folder))
    out: list[str] = [r for r in runs if min_len <= len(r) <= max_len]
    for r in runs:
        if len(r) > max_len:
            out += [r[:n] for n in range(max_len, min_len - 1, -1)]
            out += [r[-n:] for n in range(max_len, min_len - 1, -1)]
    return list(dict.fromkeys(out))


def _clean_name(s: str | None) -> str | None:
    if not s:
        return None
    t = "".join(_CJK_RUN.findall(to_halfwidth(s)))
    return t or None


def _id_agreement(a: str, b: str) -> float:
    a, b = normalize_id(a), normalize_id(b)
    if len(a) != len(b) or not a:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def resolve_applicant(*, applicant_key: str, form: RegistrationForm | None, cert_names: list[str],
                      store: PersonLookup, config: MatchConfig | None = None) -> Resolution:
    cfg = (config or default_config()).resolve
    segments = [s for s in applicant_key.split("/") if s]
    folder = segments[-1] if segments else ""
    form_id = normalize_id(form.id_number) if form and form.id_number else None

    if form_id and is_valid_id(form_id):
        p = store.person(form_id)
        if p is not None:
            return Resolution(p, f"registration form ID number {form_id}", [p])

    votes: Counter[str] = Counter()
    persons: dict[str, Person] = {}
    sources: dict[str, list[str]] = {}

    def vote(name: str, weight: int, source: str) -> bool:
        found = store.persons_named(name)
        for p in found:
            persons[p.id_number] = p
            votes[p.id_number] += weight
            sources.setdefault(p.id_number, []).append(source)
        return bool(found)

    tried: list[str] = []
    for n in name_candidates(folder, min_len=cfg.name_min_len, max_len=cfg.name_max_len):
        tried.append(n)
        if vote(n, cfg.votes["folder"], f"folder name {folder!r}"):
            break
    form_name = _clean_name(form.name if form else None)
    if form_name:
        tried.append(form_name)
        vote(form_name, cfg.votes["form_name"], "registration form name")
    names = Counter(n for n in (_clean_name(c) for c in cert_names) if n)
    if names:
        top = names.most_common(1)[0][0]
        tried.append(top)
        vote(top, cfg.votes["cert_majority"], f"certificates' name ({names[top]} of {sum(names.values())})")

    if not persons:
        why = f"no person in the records is named {' / '.join(dict.fromkeys(tried))}" if tried else \
            "no name found in the folder name, registration form or certificates"
        if form_id:
            why += f"; form ID number {form_id} is {'not in the records' if is_valid_id(form_id) else 'invalid'}"
        return Resolution(None, why, [])

    best_votes = max(votes.values())
    leaders = [persons[i] for i, v in votes.items() if v == best_votes]
    if len(leaders) == 1:
        chosen = leaders[0]
        return Resolution(chosen, "named by " + ", ".join(sources[chosen.id_number]), list(persons.values()))
    return _disambiguate(leaders, segments[:-1] + ([form.unit] if form and form.unit else []), form_id, cfg)


def _disambiguate(top: list[Person], units: list[str], form_id: str | None, cfg: ResolveConfig) -> Resolution:
    """Same-name (or equally voted) persons: the form ID's digits, then the unit, must single one out."""
    names = "、".join(sorted({p.name for p in top}))
    if form_id:
        agree = sorted(((_id_agreement(form_id, p.id_number), p) for p in top), key=lambda x: -x[0])
        if agree[0][0] >= cfg.id_min_agreement and agree[0][0] > agree[1][0]:
            return Resolution(agree[0][1], f"{len(top)} persons named {names}; the form ID number agrees with "
                                           f"{agree[0][0]:.0%} of {agree[0][1].id_number}", top)
    if units:
        sims = sorted(((max(partial_similarity(p.unit, u) for u in units), p) for p in top), key=lambda x: -x[0])
        best, second = sims[0][0], sims[1][0]
        if best >= cfg.unit_min_similarity and best - second >= cfg.unit_margin:
            return Resolution(sims[0][1], f"{len(top)} persons named {names}; unit {sims[0][1].unit!r} fits the "
                                          f"folder/form ({best:.2f} vs {second:.2f})", top)
    listing = "; ".join(f"{p.id_number} {p.unit}" for p in top)
    return Resolution(None, f"{len(top)} persons named {names} and neither unit nor ID number tells them apart "
                            f"({listing}); put the registration form with a legible ID number in the bundle", top)
