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
"""

from __future__ import annotations

import datetime as dt
import logging

from pipeline.match import MatchConfig, default_config, record_value_on_page, same_value
from pipeline.models import CertRef, CreditRecord, Person

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
                        person: Person | None, *, config: MatchConfig | None = None) -> int:
    """Verify every certificate of a bundle against its matched record (and the person); the number
    of fields whose reading the page's own text corrected."""
    by_id = {r.record_id: r for r in records}
    n = 0
    for cert in certs:
        match = matches.get((cert.path, cert.page))
        record = by_id.get(match.record_id) if match is not None else None
        n += len(verify_certificate(cert, record, person, config=config))
    log.debug("verification corrected %d field readings", n)
    return n
