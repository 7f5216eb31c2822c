"""A reading checked against the records, as a reviewer reads a certificate with the record beside it.

Once a certificate is matched, each field is looked for on the page as the matched record states it
(``pipeline.match.record_value_on_page``: a date printed anywhere on the page, the title or organizer
found fuzzily in the page's text, the credits in a credits context, the code among the page's codes,
the name and the certificate number in the text). Where the page states the record's value and the
reading chose something else (a print date, a name with a neighbour's character, a title with two
misread characters) or nothing, the record's value is the reading: ``read_as`` keeps the characters
as read, ``verified`` says where the value was found. A value the page does not state is left as
read, so a certificate that differs from its record still differs (FIELD_MISMATCH is decided before,
on the reading alone). Nothing is taken from the records without the page.

The name is checked against the resolved person (whose certificates these should be), so unmatched
certificates get their name verified too.

An annual list is printed from the credit system, so each of its rows is one of the person's records of
that year. A row is tied to a record when their codes are equal, or their titles agree and their dates
or credits too (one-to-one, best first); then a field read within OCR slips of the record's value
(a title at ``row_title_ratio``, a code ``row_code_max_edits`` edits away in the same layout, a date
one character away when the code is the record's) is the record's value. A field the row did not
read stays unread.
"""

from __future__ import annotations

import datetime as dt
import logging

from rapidfuzz.distance import Levenshtein

from pipeline.match import (
    MatchConfig,
    code_distance,
    code_layout,
    default_config,
    record_value_on_page,
    same_value,
    text_similarity,
)
from pipeline.normalize import normalize_code
from pipeline.models import AnnualList, CertRef, CreditRecord, ListRow, Person

log = logging.getLogger(__name__)


def _shown(value: object) -> object:
    """A record's value as a certificate field holds it (dates as ISO text, credits as float)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return float(value)
    return value


def verify_certificate(cert: CertRef, record: CreditRecord | None, person: Person | None, *,
                       config: MatchConfig | None = None) -> dict[str, str]:
    """Adopt the record's values the page states; returns field -> evidence for what changed."""
    cfg = config or default_config()
    fields = cert.fields
    changed: dict[str, str] = {}
    for name in cfg.verify.certificate_fields:
        if name == "name":
            expected = person.name if person is not None else (record.name if record is not None else None)
        else:
            expected = getattr(record, name, None) if record is not None else None
        if expected in (None, ""):
            continue
        expected = _shown(expected)
        current = getattr(fields, name)
        if same_value(name, current, expected):
            continue
        where = record_value_on_page(name, cert, expected, cfg)
        if where is None:
            continue
        fields.read_as.setdefault(name, None if current is None else str(current))
        setattr(fields, name, expected)
        fields.verified[name] = where
        changed[name] = where
    return changed


def verify_certificates(certs: list[CertRef], matches: dict, records: list[CreditRecord],
                        person: Person | None, *, copies: dict | None = None,
                        config: MatchConfig | None = None) -> int:
    """Verify every certificate of a bundle against its matched record (and the person); a second copy
    of a certificate (``copies``: copy -> first, DUPLICATE_CERT) against the first copy's record. The
    number of fields whose reading the page's own text corrected."""
    by_id = {r.record_id: r for r in records}
    copies = copies or {}
    n = 0
    for cert in certs:
        key = (cert.path, cert.page)
        match = matches.get(key) or matches.get(copies.get(key))
        record = by_id.get(match.record_id) if match is not None else None
        n += len(verify_certificate(cert, record, person, config=config))
    log.debug("verification corrected %d field readings", n)
    return n


# ------------------------------------------------------------------ annual lists


def _row_ties(row: ListRow, r: CreditRecord, cfg: MatchConfig) -> int:
    """How strongly a row prints this record: 0 (not it), 1 (title and date or credits), 2 (code)."""
    if row.project_code and code_distance(row.project_code, r.project_code) == 0:
        return 2
    title_ok = (row.project_title and r.project_title
                and text_similarity(row.project_title, r.project_title, config=cfg) >= cfg.verify.row_title_ratio)
    date_ok = row.date is not None and row.date == r.date.isoformat()
    credits_ok = row.credits is not None and abs(row.credits - r.credits) < 1e-6
    return 1 if title_ok and (date_ok or credits_ok) else 0


def _row_slips(row: ListRow, r: CreditRecord, tie: int, cfg: MatchConfig) -> dict[str, object]:
    """The record's values for the fields this row read within OCR slips of them."""
    out: dict[str, object] = {}
    if row.project_title and not same_value("project_title", row.project_title, r.project_title) \
            and text_similarity(row.project_title, r.project_title, config=cfg) >= cfg.verify.row_title_ratio:
        out["project_title"] = r.project_title
    if row.project_code and r.project_code and not same_value("project_code", row.project_code, r.project_code):
        dist = code_distance(row.project_code, r.project_code)
        if dist is not None and dist <= cfg.verify.row_code_max_edits \
                and code_layout(_norm_code(row.project_code)) == code_layout(_norm_code(r.project_code)):
            out["project_code"] = r.project_code
    iso = r.date.isoformat()
    if tie == 2 and row.date and row.date != iso and Levenshtein.distance(row.date, iso) <= 1:
        out["date"] = iso
    return out


def _norm_code(code: str) -> str:
    return normalize_code(code) or code


def verify_list(annual_list: AnnualList, records: list[CreditRecord], *,
                config: MatchConfig | None = None) -> int:
    """Tie each row to the record it prints and mend its OCR slips; the number of fields mended."""
    cfg = config or default_config()
    years = set(annual_list.years)
    pool = [r for r in records if not years or r.year in years]
    pairs = sorted(((t, i, j) for i, row in enumerate(annual_list.rows) for j, r in enumerate(pool)
                    if (t := _row_ties(row, r, cfg))), key=lambda p: (-p[0], p[1], p[2]))
    used_rows: set[int] = set()
    used_records: set[int] = set()
    n = 0
    for tie, i, j in pairs:
        if i in used_rows or j in used_records:
            continue
        used_rows.add(i)
        used_records.add(j)
        row, r = annual_list.rows[i], pool[j]
        for name, value in _row_slips(row, r, tie, cfg).items():
            current = getattr(row, name)
            row.read_as.setdefault(name, None if current is None else str(current))
            setattr(row, name, value)
            row.verified[name] = f"the row prints record {r.record_id}; read {current!r}, within OCR slips of it"
            n += 1
    return n


def verify_lists(lists: list, records: list[CreditRecord], *, config: MatchConfig | None = None) -> int:
    """Every annual-list page of a bundle (``pipeline.order.ListPage``) against the person's records."""
    return sum(verify_list(lp.annual_list, records, config=config) for lp in lists)
