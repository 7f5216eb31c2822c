"""Certificates <-> credit records: OCR-aware fuzzy scoring and one-to-one assignment.

The only module that imports rapidfuzz. ``match_certificates`` is given one
bundle's certificates and the resolved person's records (blocking by person is
the caller's); within the bundle, candidates are blocked by year and project
code so the cost grows with the bundle, not the database. Pairs are scored
field by field (weights and thresholds in ``pipeline/config/matching.yaml``),
the later copy of a certificate seen twice is set aside as a duplicate, and
the rest are assigned one-to-one (Hungarian, ``scipy.optimize``). The outcome
carries the matches and the flags CERT_UNMATCHED, FIELD_MISMATCH,
DUPLICATE_CERT and RECORD_NO_CERT.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.models import CertRef, CreditRecord, Flag
from pipeline.normalize import normalize_code
from pipeline.settings import load_yaml

log = logging.getLogger(__name__)

CONFIG_PATH = Path(__file__).parent / "config" / "matching.yaml"
SCORED_FIELDS = ("project_code", "project_title", "date", "credits", "organizer", "category", "certificate_no")
FIELD_WORDS = {"name": "姓名", "project_code": "项目编号", "project_title": "项目名称", "category": "学分类别",
               "credits": "学分", "date": "日期", "mode": "学习形式", "organizer": "主办单位",
               "certificate_no": "证书编号"}


class ResolveConfig(BaseModel):
    """Tunables of applicant resolution (the ``resolve:`` block of matching.yaml)."""

    model_config = ConfigDict(extra="forbid")

    name_min_len: int = 2
    name_max_len: int = 4
    votes: dict[str, int]
    unit_min_similarity: float = Field(ge=0, le=1)
    unit_margin: float = Field(ge=0, le=1)
    id_min_agreement: float = Field(ge=0, le=1)


class OrderConfig(BaseModel):
    """Tunables of the order check's certificate -> list-row mapping (the ``order:`` block)."""

    model_config = ConfigDict(extra="forbid")

    points: dict[str, int]
    title_same_ratio: float = Field(ge=0, le=1)
    row_min_points: int
    mixed_min_rows: int
    max_anchor_moves: int
    max_anchor_share: float = Field(ge=0, le=1)


class ResidualConfig(BaseModel):
    """Second looks at what the first assignment left (the ``residual:`` block of matching.yaml)."""

    model_config = ConfigDict(extra="forbid")

    min_score: float = Field(ge=0, le=1)
    anchor_scores: dict[str, float]
    by_position: bool
    unread_max_confidence: float = Field(ge=0, le=1)


class VerifyConfig(BaseModel):
    """Tunables of the verification against the records (the ``verify:`` block, pipeline/verify.py)."""

    model_config = ConfigDict(extra="forbid")

    certificate_fields: list[str]
    organizer_page_ratio: float = Field(ge=0, le=1)
    organizer_min_chars: int = Field(ge=1)
    certificate_no_min_chars: int = Field(ge=1)
    row_title_ratio: float = Field(ge=0, le=1)
    row_code_max_edits: int = Field(ge=0)
    title_wrap_min_chars: int = Field(ge=1)
    title_wrap_max_gap: int = Field(ge=0)
    title_wrap_min_key: int = Field(ge=2)
    credits_words: list[str] = Field(min_length=1)


class SameActivity(BaseModel):
    """When two certificates are one certificate twice, whatever else was read (``_same_activity``)."""

    model_config = ConfigDict(extra="forbid")
    same: list[Literal["project_code", "date", "credits"]] = Field(default_factory=list)
    agree: list[Literal["project_title", "organizer"]] = Field(default_factory=list)


class MatchConfig(BaseModel):
    """Matching tunables (round-trips to the YAML file)."""

    model_config = ConfigDict(extra="forbid")

    weights: dict[str, float]
    min_score: float = Field(ge=0, le=1)
    min_confidence: float = Field(ge=0, le=1)
    title_floor: float = Field(ge=0, lt=1)
    code_one_edit_score: float = Field(ge=0, le=1)
    code_prefix_score: float = Field(ge=0, le=1)
    code_prefix_min_chars: int = Field(ge=1)
    residual: ResidualConfig
    date_near_days: int = Field(ge=0)
    date_near_score: float = Field(ge=0, le=1)
    compare_fields: list[str]
    same_ratio: dict[str, float]
    credits_max_plausible: float = Field(gt=0)
    mismatch_min_confidence: float = Field(ge=0, le=1)
    mismatch_roles: list[str] = Field(default_factory=lambda: ["label", "body", "activity", "date"])
    page_title_ratio: float = Field(default=0.85, ge=0, le=1)
    duplicate_score: float = Field(ge=0, le=1)
    duplicate_record_score: float = Field(ge=0, le=1)
    duplicate_min_confidence: float = Field(ge=0, le=1)
    duplicate_same_activity: SameActivity = Field(default_factory=lambda: SameActivity())
    confusables: dict[str, str] = Field(default_factory=dict)
    resolve: ResolveConfig
    order: OrderConfig
    verify: VerifyConfig
    _table: dict[int, str] | None = PrivateAttr(default=None)

    def confusable_table(self) -> dict[int, str]:
        if self._table is None:
            self._table = {ord(k): v for k, v in self.confusables.items() if len(k) == 1}
        return self._table

    @classmethod
    def load(cls, path: Path = CONFIG_PATH) -> MatchConfig:
        return cls.model_validate(load_yaml(path))


@lru_cache(maxsize=1)
def default_config() -> MatchConfig:
    return MatchConfig.load()


@dataclass
class Match:
    record_id: str
    score: float  # weighted mean of the fields read, 0..1
    confidence: float  # share of the weight that was read on both sides
    field_scores: dict[str, float] = field(default_factory=dict)
    # field -> where the record's value was found on the page although the chosen reading differs
    # (or why a differing value raised no FIELD_MISMATCH): the reviewer's evidence (findings.json)
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class MatchOutcome:
    matches: dict[tuple[str, int], Match] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    duplicates: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)  # copy -> first


# ------------------------------------------------------------- normalisation


_NON_WORD = re.compile(r"[\s\W_]+", re.UNICODE)


def ocr_key(s: str | None, config: MatchConfig | None = None) -> str:
    """Text folded for OCR-tolerant comparison: width, punctuation, spaces, confusable characters."""
    if not s:
        return ""
    cfg = config or default_config()
    # NFKC folds full-width forms (ＡＢ１ -> AB1) in C; punctuation and spaces go entirely.
    t = _NON_WORD.sub("", unicodedata.normalize("NFKC", s))
    return t.translate(cfg.confusable_table()).upper()


def same_value(name: str, a: object, b: object) -> bool:
    """Two values of a field are the same as printed: credits numerically, the rest as text with
    width folded and spaces removed (the yardstick's notion, pipeline/evaluate.py)."""
    if a is None or b is None:
        return a is b
    if name == "credits":
        try:
            return abs(float(a) - float(b)) < 1e-6  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    return _plain(str(a)) == _plain(str(b))


def _plain(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def text_similarity(a: str | None, b: str | None, *, config: MatchConfig | None = None) -> float:
    """0..1 similarity of two texts after OCR folding (0 when either is blank)."""
    ka, kb = ocr_key(a, config), ocr_key(b, config)
    if not ka or not kb:
        return 0.0
    return fuzz.ratio(ka, kb) / 100.0


def partial_similarity(a: str | None, b: str | None, *, config: MatchConfig | None = None) -> float:
    """0..1: how well the shorter text appears inside the longer (units, folder names)."""
    ka, kb = ocr_key(a, config), ocr_key(b, config)
    if not ka or not kb:
        return 0.0
    return fuzz.partial_ratio(ka, kb) / 100.0


def code_distance(a: str | None, b: str | None) -> int | None:
    """Edit distance of two project codes after normalisation; None when either is missing.

    A suffix such as (省) read on one side only is not a difference (it is often unread).
    """
    ca, cb = _code(a), _code(b)
    if not ca or not cb:
        return None
    return _code_distance(ca, cb)


def _code_base(code: str) -> str:
    return code.split("(", 1)[0]


def _code_distance(ca: str, cb: str) -> int:
    if ("(" in ca) != ("(" in cb):
        ca, cb = _code_base(ca), _code_base(cb)
    return 0 if ca == cb else Levenshtein.distance(ca, cb)


def _truncated(ca: str, cb: str, min_chars: int) -> bool:
    """One code read only in part: the shorter base is a proper prefix of the longer (a cut-off read)."""
    a, b = _code_base(ca), _code_base(cb)
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= min_chars and short != long_ and long_.startswith(short)


def code_layout(code: str) -> list[int]:
    """Digits per dash-separated group of a code's base: two codes of one scheme share it."""
    return [len(g) for g in _code_base(code).split("-")]


def _code(s: str | None) -> str | None:
    if not s or not s.strip():
        return None
    return normalize_code(s) or ocr_key(s)


def _year_of_code(code: str | None) -> int | None:
    if code and len(code) >= 4 and code[:4].isdigit():
        return int(code[:4])
    return None


# ---------------------------------------------------------------- field views


@dataclass
class _View:
    """The comparable values of a certificate or record; None = not read / blank."""

    name: str | None
    project_code: str | None
    project_title: str | None
    category: str | None
    credits: float | None
    date: dt.date | None
    mode: str | None
    organizer: str | None
    certificate_no: str | None
    keys: dict[str, str] = field(default_factory=dict)  # OCR-folded texts
    years: set[int] = field(default_factory=set)  # from the date and the code's year

    def __post_init__(self) -> None:
        self.years = {self.date.year} if self.date else set()
        cy = _year_of_code(self.project_code)
        if cy:
            self.years.add(cy)


def _blank(s: str | None) -> str | None:
    return s if s and s.strip() else None


def _with_keys(v: _View, cfg: MatchConfig) -> _View:
    for name in ("name", "project_title", "organizer", "certificate_no"):
        v.keys[name] = ocr_key(getattr(v, name), cfg)
    return v


def _cert_view(c: CertRef, cfg: MatchConfig) -> _View:
    f = c.fields
    try:
        d = dt.date.fromisoformat(f.date) if f.date else None
    except ValueError:
        d = None
    return _with_keys(_View(_blank(f.name), _code(f.project_code), _blank(f.project_title), f.category,
                            f.credits, d, f.mode, _blank(f.organizer), _blank(f.certificate_no)), cfg)


def _record_view(r: CreditRecord, cfg: MatchConfig) -> _View:
    return _with_keys(_View(_blank(r.name), _code(r.project_code), _blank(r.project_title), r.category,
                            r.credits, r.date, r.mode, _blank(r.organizer), _blank(r.certificate_no)), cfg)


def _key_ratio(a: _View, b: _View, name: str) -> float:
    ka, kb = a.keys.get(name, ""), b.keys.get(name, "")
    return fuzz.ratio(ka, kb) / 100.0 if ka and kb else 0.0


def _field_scores(a: _View, b: _View, cfg: MatchConfig) -> dict[str, float]:
    out: dict[str, float] = {}
    if a.project_code and b.project_code:
        dist = _code_distance(a.project_code, b.project_code)
        out["project_code"] = (1.0 if dist == 0 else cfg.code_one_edit_score if dist == 1
                               else cfg.code_prefix_score
                               if _truncated(a.project_code, b.project_code, cfg.code_prefix_min_chars) else 0.0)
    for name in ("project_title", "organizer"):
        va, vb = getattr(a, name), getattr(b, name)
        if va and vb:
            r = _key_ratio(a, b, name)
            out[name] = max(0.0, (r - cfg.title_floor) / (1 - cfg.title_floor))
    if a.date and b.date:
        gap = abs((a.date - b.date).days)
        out["date"] = 1.0 if gap == 0 else (cfg.date_near_score if gap <= cfg.date_near_days else 0.0)
    if a.credits is not None and b.credits is not None:
        out["credits"] = 1.0 if abs(a.credits - b.credits) < 1e-6 else 0.0
    if a.category and b.category:
        out["category"] = 1.0 if a.category == b.category else 0.0
    if a.certificate_no and b.certificate_no:
        out["certificate_no"] = _key_ratio(a, b, "certificate_no")
    return out


def score_pair(a: _View, b: _View, cfg: MatchConfig) -> Match:
    fs = _field_scores(a, b, cfg)
    total = sum(cfg.weights.get(f, 0.0) for f in SCORED_FIELDS)
    read = sum(cfg.weights.get(f, 0.0) for f in fs)
    score = sum(cfg.weights.get(f, 0.0) * s for f, s in fs.items()) / read if read else 0.0
    return Match(record_id="", score=round(score, 4), confidence=round(read / total, 4) if total else 0.0,
                 field_scores=fs)


def _eligible(m: Match, cfg: MatchConfig) -> bool:
    return m.score >= cfg.min_score and m.confidence >= cfg.min_confidence


# ------------------------------------------------------------------ matching


def match_certificates(certs: list[CertRef], records: list[CreditRecord], *,
                       needs_certificate: Callable[[CreditRecord], bool],
                       years: set[int] | None = None,
                       config: MatchConfig | None = None) -> MatchOutcome:
    """Match one bundle's certificates to the person's records; flags for what does not fit."""
    cfg = config or default_config()
    certs = sorted(certs, key=lambda c: c.stack_index)
    cviews = [_cert_view(c, cfg) for c in certs]
    rviews = [_record_view(r, cfg) for r in records]
    by_year: dict[int, list[int]] = {}
    by_code: dict[str, list[int]] = {}
    for j, rv in enumerate(rviews):
        for y in rv.years or {records[j].year}:
            by_year.setdefault(y, []).append(j)
        by_year.setdefault(records[j].year, []).append(j)
        if rv.project_code:
            by_code.setdefault(_code_base(rv.project_code), []).append(j)

    def candidates(cv: _View) -> set[int]:
        if not cv.years and not cv.project_code:
            return set(range(len(records)))
        out: set[int] = set()
        for y in cv.years:
            out.update(by_year.get(y, ()))
        if cv.project_code:
            out.update(by_code.get(_code_base(cv.project_code), ()))
        return out

    pair: dict[tuple[int, int], Match] = {}
    for i, cv in enumerate(cviews):
        for j in candidates(cv):
            pair[(i, j)] = _scored(cv, rviews[j], records[j], cfg)

    outcome = MatchOutcome()
    dup_of = _find_duplicates(certs, cviews, pair, cfg)
    live = [i for i in range(len(certs)) if i not in dup_of]
    assigned = _assign(live, len(records), pair, cfg)
    _late_duplicates(live, assigned, dup_of, cviews, pair, cfg)
    live = [i for i in live if i not in dup_of]
    assigned.update(_assign(live, len(records), pair, cfg, eligible=lambda m: _anchored(m, cfg),
                            skip_rows=set(assigned), skip_cols=set(assigned.values())))
    by_text = _by_page_text(live, assigned, certs, records, needs_certificate, cfg)
    assigned.update(by_text)
    unread = {i for i in live if i not in assigned and _read_share(cviews[i], cfg) <= cfg.residual.unread_max_confidence}
    placed = _by_position(live, assigned, unread, records, needs_certificate, cfg) if cfg.residual.by_position else {}

    for i, j in assigned.items():
        m = pair.get((i, j)) or _scored(cviews[i], rviews[j], records[j], cfg)
        if i in by_text:
            m.evidence.setdefault("match", "the fields read do not match it, but the page prints the record's "
                                           "code and its title or date")
        outcome.matches[(certs[i].path, certs[i].page)] = m
        outcome.flags.extend(_mismatch_flags(certs[i], cviews[i], records[j], rviews[j], cfg, evidence=m.evidence))
    for i, j in placed.items():
        c, r = certs[i], records[j]
        outcome.matches[(c.path, c.page)] = _scored(cviews[i], rviews[j], r, cfg)
        outcome.flags.append(Flag(
            code="CERT_UNREAD", path=c.path, page=c.page, record_id=r.record_id, year=r.year,
            message=f"证书内容未能识别，按装订位置对应学分记录 {r.record_id}（{r.year} {r.project_code or ''} "
                    f"{r.project_title}），请人工核对 / certificate not readable; tied to record {r.record_id} "
                    f"by its place in the stack: please confirm"))
    for i in live:
        if i in assigned or i in placed:
            continue
        if i in unread:
            outcome.flags.append(Flag(
                code="CERT_UNREAD", path=certs[i].path, page=certs[i].page,
                message="证书内容未能识别，无法与学分记录核对，请人工核对 / certificate page read too sparsely "
                        "to compare with the records: please check it by eye"))
            continue
        best = max((pair[(i, j)] for j in candidates(cviews[i]) if (i, j) in pair),
                   key=lambda m: m.score, default=None)
        why = (f"the closest record {best.record_id} scores {best.score:.2f} (needs {cfg.min_score:.2f}, "
               f"read {best.confidence:.0%} of the fields)" if best else "no record of that year or code")
        outcome.flags.append(Flag(code="CERT_UNMATCHED", path=certs[i].path, page=certs[i].page,
                                  message=f"证书无对应学分记录 / no credit record matches this certificate: {why}"))
    for i, first in dup_of.items():
        c, o = certs[i], certs[first]
        outcome.duplicates[(c.path, c.page)] = (o.path, o.page)
        first_match = outcome.matches.get((o.path, o.page))
        outcome.flags.append(Flag(
            code="DUPLICATE_CERT", path=c.path, page=c.page,
            record_id=first_match.record_id if first_match else None,
            found=f"{c.path} 第{c.page}页", expected=f"{o.path} 第{o.page}页",
            message=f"重复证书 / the same certificate as {o.path} page {o.page}; remove the copy"))
    matched_ids = {m.record_id for m in outcome.matches.values()}
    unplaced_unread = len(unread) - len(placed)
    for r in records:
        if r.record_id in matched_ids or (years is not None and r.year not in years):
            continue
        if needs_certificate(r):
            maybe = ("；包内有未能识别的证书页，可能即为此证书 / the bundle has unread certificate pages that may "
                     "hold it" if unplaced_unread else "")
            outcome.flags.append(Flag(
                code="RECORD_NO_CERT", record_id=r.record_id, year=r.year,
                message=f"学分记录无证书 / record {r.record_id} ({r.year} {r.project_code or ''} "
                        f"{r.project_title}, {r.category} {r.credits:g}) has no certificate in the bundle{maybe}"))
    log.debug("matched %d of %d certificates against %d records", len(outcome.matches), len(certs), len(records))
    return outcome


def _find_duplicates(certs: list[CertRef], cviews: list[_View], pair: dict[tuple[int, int], Match],
                     cfg: MatchConfig) -> dict[int, int]:
    """Later copies of one certificate -> the index of the first copy (stack order)."""
    dup_of: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for j in range(len(cviews)):
        if j in dup_of:
            continue
        for i in range(j):
            if i in dup_of or (cviews[i].years and cviews[j].years and not cviews[i].years & cviews[j].years):
                continue
            a, b = cviews[i], cviews[j]
            same = _same_activity(a, b, cfg)
            if not same and a.certificate_no and b.certificate_no and \
                    _key_ratio(a, b, "certificate_no") < cfg.same_ratio["certificate_no"]:
                continue
            m = score_pair(a, b, cfg)
            if same or (m.score >= cfg.duplicate_score and m.confidence >= cfg.duplicate_min_confidence):
                dup_of[j] = i
                groups.setdefault(i, []).append(j)
                break
    # Not duplicates when the records hold as many near-identical records as there are copies.
    for first, copies in groups.items():
        twins = sum(1 for (ci, _), m in pair.items() if ci == first and m.score >= cfg.duplicate_record_score)
        if twins >= 1 + len(copies):
            for c in copies:
                dup_of.pop(c, None)
    return dup_of


def _same_activity(a: _View, b: _View, cfg: MatchConfig) -> bool:
    """Two certificates of one project on one day: ``same`` fields read on both and equal, and no
    ``agree`` field read on both differs.

    A person attends a project once on a given day, so such a pair is one certificate twice whatever
    else was read differently on one of them (a form's own serial taken for the number, a misread
    class); the records' twins still undo it (``_find_duplicates``).
    """
    rule = cfg.duplicate_same_activity
    if not rule.same:
        return False
    fs = _field_scores(a, b, cfg)
    if any(fs.get(name, 0.0) < 1.0 for name in rule.same):
        return False
    return all(_key_ratio(a, b, name) >= cfg.same_ratio[name] for name in rule.agree
               if getattr(a, name) and getattr(b, name))


def _late_duplicates(live: list[int], assigned: dict[int, int], dup_of: dict[int, int], cviews: list[_View],
                     pair: dict[tuple[int, int], Match], cfg: MatchConfig) -> None:
    """A certificate left unassigned because its record went to a certificate it agrees with is a copy.

    Catches copies read too sparsely for the certificate-to-certificate test. The later one in stack
    order is the copy: when the assignment gave the record to the later one, the two swap.
    """
    owner = {j: i for i, j in assigned.items()}
    for k in live:
        if k in assigned or k in dup_of:
            continue
        fits = sorted(((m.score, j) for (ci, j), m in pair.items() if ci == k and _eligible(m, cfg)
                       and j in owner), reverse=True)
        for _score, j in fits:
            i = owner[j]
            if score_pair(cviews[i], cviews[k], cfg).score < cfg.duplicate_score:
                continue
            if k < i:  # the unassigned one comes first in the stack: it keeps the record
                del assigned[i]
                assigned[k] = j
                owner[j] = k
                dup_of[i] = k
            else:
                dup_of[k] = i
            break


def _assign(live: list[int], n_records: int, pair: dict[tuple[int, int], Match], cfg: MatchConfig, *,
            eligible: Callable[[Match], bool] | None = None, skip_rows: set[int] | None = None,
            skip_cols: set[int] | None = None) -> dict[int, int]:
    """One-to-one certificate -> record assignment maximising total score (Hungarian)."""
    from scipy.optimize import linear_sum_assignment

    ok = eligible or (lambda m: _eligible(m, cfg))
    live_set = set(live) - (skip_rows or set())
    cols = sorted({j for (i, j), m in pair.items() if i in live_set and ok(m)} - (skip_cols or set()))
    rows = [i for i in live if i in live_set and any((i, j) in pair and ok(pair[(i, j)]) for j in cols)]
    if not rows or not cols:
        return {}
    gain = np.zeros((len(rows), len(cols)))
    for a, i in enumerate(rows):
        for b, j in enumerate(cols):
            m = pair.get((i, j))
            if m is not None and ok(m):
                gain[a, b] = m.score * (0.5 + 0.5 * m.confidence) + 1.0  # +1: any match beats none
    ra, cb = linear_sum_assignment(gain, maximize=True)
    return {rows[a]: cols[b] for a, b in zip(ra, cb, strict=True) if gain[a, b] > 0}


def _anchored(m: Match, cfg: MatchConfig) -> bool:
    """A weaker pair that one field ties firmly (second look at what the first assignment left)."""
    rc = cfg.residual
    return m.score >= rc.min_score and m.confidence >= cfg.min_confidence and any(
        m.field_scores.get(f, 0.0) >= t for f, t in rc.anchor_scores.items())


def _read_share(v: _View, cfg: MatchConfig) -> float:
    """Share of the scoring weight the certificate's reading has a value for."""
    total = sum(cfg.weights.get(f, 0.0) for f in SCORED_FIELDS)
    read = sum(cfg.weights.get(f, 0.0) for f in SCORED_FIELDS if getattr(v, f) not in (None, ""))
    return read / total if total else 0.0


def _scored(cv: _View, rv: _View, r: CreditRecord, cfg: MatchConfig) -> Match:
    m = score_pair(cv, rv, cfg)
    m.record_id = r.record_id
    return m


def _by_page_text(live: list[int], assigned: dict[int, int], certs: list[CertRef], records: list[CreditRecord],
                  needs_certificate: Callable[[CreditRecord], bool], cfg: MatchConfig) -> dict[int, int]:
    """Certificates whose fields were not read well enough to match, tied to a record the way a
    reviewer does it: the record's project code is printed on the page *and* its title or its date
    is too (``record_value_on_page``), and exactly one unmatched record is so found on the page, and
    that record is found on no other such page. Two of the record's values on one page are not a
    coincidence; anything less stays unmatched (CERT_UNMATCHED / CERT_UNREAD as before)."""
    taken = set(assigned.values())
    found: dict[int, list[int]] = {}
    for i in live:
        if i in assigned or not certs[i].fields.page_text:
            continue
        hits = []
        for j, r in enumerate(records):
            if j in taken or not r.project_code or not needs_certificate(r):
                continue
            if record_value_on_page("project_code", certs[i], r.project_code, cfg) is None:
                continue
            if (record_value_on_page("project_title", certs[i], r.project_title, cfg) is not None
                    or (r.date is not None and record_value_on_page("date", certs[i], r.date, cfg) is not None)):
                hits.append(j)
        if len(hits) == 1:
            found[i] = hits[0]
    claimed = [j for j in found.values()]
    return {i: j for i, j in found.items() if claimed.count(j) == 1}


def _by_position(live: list[int], assigned: dict[int, int], unread: set[int], records: list[CreditRecord],
                 needs_certificate: Callable[[CreditRecord], bool], cfg: MatchConfig) -> dict[int, int]:
    """Unread certificates tied to records by their place in the stack (certificates follow the list).

    An unread certificate whose nearest matched neighbours in the stack hold records dated d1 and d2,
    with no other unmatched certificate between those neighbours, takes the one unmatched record
    (needing a certificate) dated between d1 and d2, when exactly one is. Anything less certain stays
    unmatched.
    """
    taken = set(assigned.values())
    out: dict[int, int] = {}
    for pos, i in enumerate(live):
        if i not in unread:
            continue
        before = next((p for p in range(pos - 1, -1, -1) if live[p] in assigned), None)
        after = next((p for p in range(pos + 1, len(live)) if live[p] in assigned), None)
        if before is None or after is None:
            continue
        if any(live[p] not in assigned and p != pos for p in range(before + 1, after)):
            continue  # more than one loose certificate between the neighbours: which is which is a guess
        d1, d2 = sorted((records[assigned[live[before]]].date, records[assigned[live[after]]].date))
        between = [j for j, r in enumerate(records)
                   if j not in taken and r.date is not None and d1 <= r.date <= d2 and needs_certificate(r)]
        if len(between) == 1:
            out[i] = between[0]
            taken.add(between[0])
    return out


# ------------------------------------------------------------- field checks


_CREDITS_IN_TEXT = (re.compile(r"(?<![\d.\-])(\d{1,3}(?:\.\d)?)\s*(?:学分|分)"),
                    re.compile(r"学\s*分[^\d\n]{0,8}?(\d{1,3}(?:\.\d)?)(?![\d.\-])"))


def record_value_on_page(name: str, c: CertRef, expected: object, cfg: MatchConfig) -> str | None:
    """Where the page states the record's value, the way a reviewer checks: any date printed on
    the page equal to the record's date, the title or the organizer found fuzzily in the page's text,
    the credits in any credits context, the code among the page's codes, a name or a certificate
    number in the text as printed (OCR-folded), a category or mode among the values the page offered.
    None when the record's value is nowhere on the page."""
    from pipeline.normalize import category_from_code, find_codes, find_dates

    f = c.fields
    offered = [o.get("value") for o in f.candidates.get(name, [])]
    text = f.page_text or ""
    vcfg = cfg.verify
    if name == "date":
        iso = expected.isoformat() if isinstance(expected, dt.date) else str(expected)
        if iso in offered:
            return f"a date on the page is the record's {iso}"
        if any(d.iso == iso for d in find_dates(text)):
            return f"the page's text prints the record's date {iso}"
        # a date printed to the month only (2018年4月: its day lost, or never printed) holds the record's day
        month = iso[:7]
        if any(d.iso[:7] == month and _month_only(text[d.start:d.end]) for d in find_dates(text)):
            return f"the page prints the record's month {month} without a day"
    elif name == "credits":
        if any(isinstance(v, int | float) and abs(float(v) - float(expected)) < 1e-6 for v in offered):  # type: ignore[arg-type]
            return f"the page offers the record's credits {expected:g}"  # type: ignore[str-format]
        for rx in _CREDITS_IN_TEXT:
            if any(abs(float(m.group(1)) - float(expected)) < 1e-6 for m in rx.finditer(text)):  # type: ignore[arg-type]
                return f"the page prints the record's credits {expected:g} in a credits context"  # type: ignore[str-format]
        if _credits_beside_label(text, float(expected), vcfg.credits_words):  # type: ignore[arg-type]
            return f"the page prints the record's credits {expected:g} beside a credits label"  # type: ignore[str-format]
    elif name == "project_title":
        if text and partial_similarity(str(expected), text, config=cfg) >= cfg.page_title_ratio:
            return "the record's title is found in the page's text"
        if any(text_similarity(str(expected), str(v), config=cfg) >= cfg.same_ratio["project_title"] for v in offered):
            return "the page offers the record's title"
        if _wrapped_in(ocr_key(str(expected), cfg), ocr_key(text, cfg), vcfg.title_wrap_min_chars, vcfg.title_wrap_max_gap,
                       vcfg.title_wrap_min_key):
            return "the record's title is printed on the page, wrapped across lines"
    elif name == "project_code":
        codes = [str(v) for v in offered] + find_codes(text)
        if any((_code(x) and _code_distance(_code(x), str(expected)) == 0) for x in codes):  # type: ignore[arg-type]
            return f"the page prints the record's code {expected}"
    elif name == "organizer":
        key = ocr_key(str(expected), cfg)
        if (len(key) >= vcfg.organizer_min_chars and text
                and partial_similarity(str(expected), text, config=cfg) >= vcfg.organizer_page_ratio):
            return "the record's organizer is found in the page's text"
    elif name == "category":
        if expected in offered:
            return f"the page offers the record's {name} {expected}"
        # a code's level mark states the category: II类 read beside a (国) code is a misread class numeral
        codes = [str(v) for v in (f.project_code, *(o.get("value") for o in f.candidates.get("project_code", []))) if v]
        codes += find_codes(text)
        code = next((x for x in codes if category_from_code(_code(x)) == expected), None)
        if code:
            return f"the page's project code {code} carries the record's category {expected}"
    elif name == "mode":
        if expected in offered or (text and ocr_key(str(expected), cfg) in ocr_key(text, cfg)):
            return f"the page prints the record's mode {expected}"
    elif name in ("name", "certificate_no"):
        key = ocr_key(str(expected), cfg)
        if name == "certificate_no" and len(key) < vcfg.certificate_no_min_chars:
            return None
        if key and key in ocr_key(text, cfg):
            return f"the page's text prints the record's {name} {expected}"
        if expected in offered:
            return f"the page offers the record's {name} {expected}"
    elif expected in offered:
        return f"the page offers the record's {name} {expected}"
    return None


def _month_only(date_text: str) -> bool:
    """A printed date that names its year and month but no day (``2018年4月``, ``二〇一八年四月``)."""
    return re.search(r"月\s*$", date_text.strip()) is not None


_LONE_NUMBER = re.compile(r"(?<![\d.\-/:])(\d{1,3}(?:\.\d)?)(?![\d.\-/:年月日号])")


def _credits_beside_label(text: str, expected: float, words: list[str]) -> bool:
    """A number equal to ``expected`` standing alone (not a piece of a date, code or longer number) on
    a line that holds a credits word, or on the line just before or after such a line."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if any(abs(float(m.group(1)) - expected) < 1e-6 for m in _LONE_NUMBER.finditer(line)):
            if any(w in near for near in lines[max(0, i - 1):i + 2] for w in words):
                return True
    return False


def _wrapped_in(key: str, text: str, min_part: int, max_gap: int, min_key: int) -> bool:
    """The text holds ``key`` cut in two, the parts at most ``max_gap`` characters apart: a title
    wrapped onto the next line with another column's words between, or a cell's two lines read into
    one row, where the second line comes first when it starts further left (``进展》 《消化内镜诊疗技术``)."""
    if len(key) < max(2 * min_part, min_key):
        return False
    for k in range(min_part, len(key) - min_part + 1):
        head, tail = key[:k], key[k:]
        at = text.find(head)
        while at >= 0:
            end = at + len(head)
            after = text.find(tail, end)
            if 0 <= after - end <= max_gap:
                return True
            before = text.rfind(tail, max(0, at - max_gap - len(tail)), at)
            if before >= 0:
                return True
            at = text.find(head, at + 1)
    return False


def _role_unambiguous(name: str, c: CertRef, found: object, cfg: MatchConfig) -> bool:
    """The value read sits in a slot whose role is clear (a label, the body's sentence, an activity
    date): a date standing alone or a value the page pass did not choose is no ground for a flag.
    A reading without candidates (a text layer read by an older reader) keeps the old rule."""
    offered = c.fields.candidates.get(name)
    if not offered:
        return True
    first = offered[0]
    if str(first.get("value")) != str(getattr(c.fields, name)):
        return False
    return first.get("role") in cfg.mismatch_roles


def _mismatch_flags(c: CertRef, cv: _View, r: CreditRecord, rv: _View, cfg: MatchConfig, *,
                    evidence: dict[str, str] | None = None) -> list[Flag]:
    """FIELD_MISMATCH for a field the page states differently, in a slot whose role is clear, when
    the record's value is nowhere on the page; otherwise no flag, and ``evidence`` says why."""
    evidence = evidence if evidence is not None else {}
    flags = []
    for name in cfg.compare_fields:
        found, expected = getattr(cv, name), getattr(rv, name)
        if found is None or expected is None:
            continue
        if c.fields.confidence.get(name, 1.0) < cfg.mismatch_min_confidence:
            continue  # a value recovered by a second look (or repaired) supports the match, proves no mismatch
        if name in cfg.same_ratio:
            differs = _key_ratio(cv, rv, name) < cfg.same_ratio[name]
        elif name == "credits":
            if float(found) > cfg.credits_max_plausible:  # e.g. 7.5 read as 75: a misread, not a claim
                continue
            differs = abs(float(found) - float(expected)) > 1e-6
        elif name == "project_code":  # a code read in part or with a digit lost is misread, not different
            differs = (_code_distance(found, expected) != 0
                       and not _truncated(found, expected, cfg.code_prefix_min_chars)
                       and code_layout(found) == code_layout(expected))
        else:
            differs = found != expected
        if not differs:
            continue
        seen = record_value_on_page(name, c, expected, cfg)
        if seen:
            evidence[name] = f"read {getattr(c.fields, name)!r}; {seen}: no mismatch"
            continue
        if not _role_unambiguous(name, c, found, cfg):
            evidence[name] = (f"read {getattr(c.fields, name)!r} in a slot of unclear role; the record's "
                              f"{expected!s} is not on the page: not flagged, please check")
            continue
        shown_found = getattr(c.fields, name)
        shown_expected = expected.isoformat() if isinstance(expected, dt.date) else expected
        flags.append(Flag(
            code="FIELD_MISMATCH", path=c.path, page=c.page, record_id=r.record_id, field=name,
            expected=str(shown_expected), found=str(shown_found),
            message=f"{FIELD_WORDS.get(name, name)}不一致 / {name} differs from record {r.record_id}: "
                    f"certificate says {shown_found!r}, record says {shown_expected!r}"))
    return flags
