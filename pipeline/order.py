"""Stack order vs annual-list order: ORDER_MISMATCH, LIST_MISSING, LIST_MIXED_YEARS.

Every certificate gets a place key (year, position in that year's list): the
row its matched record (or, unmatched, its project code) sits on, rows with
equal dates sharing a position; a year without a list orders its records by
date and raises LIST_MISSING (unless a list page's year could not be read, or a page taken for a
certificate could not be read at all: either may be the year's list). The annual-list pages are anchors: a year's
certificates belong after its list and before the next one. The longest
non-decreasing subsequence of the stack (anchors weighted so they always stay)
is what is in order; exactly the certificates outside it are flagged, each
with where it is and where it belongs. Duplicates and certificates that map to
no row are left out.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from pipeline.match import Match, OrderConfig, code_distance, default_config, text_similarity
from pipeline.models import AnnualList, CertRef, CreditRecord, Flag, ListRow
from pipeline.normalize import normalize_code

log = logging.getLogger(__name__)



@dataclass
class ListPage:
    """An annual-list page of the bundle and where it sits in the stack."""

    path: str
    page: int
    stack_index: int
    annual_list: AnnualList


@dataclass
class _Item:
    stack_index: int
    key: tuple[int, float]
    weight: int
    cert: CertRef | None = None
    list_page: ListPage | None = None
    record_id: str | None = None
    row_label: str = ""


def _row_year(row: ListRow) -> int | None:
    if row.date:
        return int(row.date[:4])
    code = normalize_code(row.project_code or "")
    return int(code[:4]) if code else None


def _page_years(lp: ListPage, cfg: OrderConfig) -> tuple[int | None, list[int]]:
    """(primary year, extra years) of one list page: the header's years, and years of enough rows
    (one row of another year is more likely a misread date than a mixed list)."""
    header = sorted(set(lp.annual_list.years))
    rows = Counter(y for y in (_row_year(r) for r in lp.annual_list.rows) if y is not None)
    enough = {y for y, n in rows.items() if n >= cfg.mixed_min_rows or not header}
    every = sorted(set(header) | enough)
    if not every:
        return None, []
    # A page covering several years is that run of years' list: it anchors its earliest year.
    primary = header[0] if len(header) == 1 else every[0]
    return primary, [y for y in every if y != primary]


def _match_record_id(m: object) -> str | None:
    if m is None:
        return None
    if isinstance(m, Match):
        return m.record_id
    if isinstance(m, str):
        return m
    return getattr(m, "record_id", None)


def check_order(*, certs: list[CertRef], lists: list[ListPage], records: list[CreditRecord],
                matches: dict, years: list[int],
                exclude: set[tuple[str, int]] | None = None, unread: list[tuple[str, int]] | None = None,
                config: OrderConfig | None = None) -> list[Flag]:
    """Order flags for one bundle. ``matches``: {(path, page): Match or record_id};
    ``exclude``: (path, page) of certificates to leave out (e.g. duplicates). ``unread``: (path, page) of
    pages taken for certificates of which nothing could be read (CERT_UNREAD without a record)."""
    cfg = config or default_config().order
    flags: list[Flag] = []
    lists = sorted(lists, key=lambda lp: lp.stack_index)
    certs = sorted(certs, key=lambda c: c.stack_index)
    by_id = {r.record_id: r for r in records}

    # --- list pages: years covered, mixed pages, continuation pages inherit the previous page's year
    page_primary: dict[int, int | None] = {}
    rows_by_year: dict[int, list[tuple[ListRow, ListPage]]] = {}
    prev: int | None = None
    for lp in lists:
        primary, extra = _page_years(lp, cfg)
        if primary is None and lp.annual_list.continued:
            primary = prev  # a continuation page without its own year or dated rows
        page_primary[lp.stack_index] = primary
        prev = primary
        if extra:
            flags.append(Flag(code="LIST_MIXED_YEARS", path=lp.path, page=lp.page, year=extra[0],
                              found=", ".join(str(y) for y in [primary, *extra]),
                              message=f"一页清单含多个年度 / the annual list page covers {primary} and "
                                      f"{', '.join(map(str, extra))}; print one list per year"))
        for row in lp.annual_list.rows:
            y = (_row_year(row) or primary) if extra else primary  # one-year page: every row is that year
            if y is not None:
                rows_by_year.setdefault(y, []).append((row, lp))
    covered = set(rows_by_year) | {y for y in page_primary.values() if y is not None}
    # A list page whose year could not be read (no header year, no dated or coded row) may be any
    # missing year's list: no year is then claimed missing, as the claim may be false for each.
    # ...and so may one whose only year comes from its rows' codes and lies outside the audited years (a code read
    # wrong on a garbled page, 2015-0-4-02-172: the page's real year is not known)
    unknown = [lp for lp in lists if page_primary[lp.stack_index] is None
               or (not lp.annual_list.years and page_primary[lp.stack_index] not in years
                   and not any(r.date for r in lp.annual_list.rows))]
    # So may a page taken for a certificate of which nothing could be read: what it is, is unknown.
    unknown_pages = [f"{lp.path}#{lp.page}" for lp in unknown] + [f"{path}#{page}" for path, page in unread or []]
    if unknown_pages:
        log.info("%d page(s) that may be a missing year's list (%s): no LIST_MISSING claimed", len(unknown_pages),
                 ", ".join(unknown_pages))
    for y in sorted(years):
        if y not in covered and not unknown_pages:
            flags.append(Flag(code="LIST_MISSING", year=y,
                              message=f"缺少{y}年度学分清单 / no annual credit list for {y} in the bundle"))

    # --- positions of list rows: equal dates share a position
    row_pos: dict[int, list[tuple[ListRow, float, str]]] = {}
    for y, rows in rows_by_year.items():
        out: list[tuple[ListRow, float, str]] = []
        pos = -1
        last_date: str | None = None
        for k, (row, _lp) in enumerate(rows):
            if not (row.date and row.date == last_date):
                pos += 1
            last_date = row.date
            out.append((row, float(pos), f"列表第{row.seq or k + 1}行"))
        row_pos[y] = out

    # --- certificates -> keys
    exclude = exclude or set()
    claimed: set[tuple[int, int]] = set()
    items: list[_Item] = []
    matched = [(c, by_id.get(_match_record_id(matches.get((c.path, c.page))) or "")) for c in certs
               if (c.path, c.page) not in exclude]
    for c, r in sorted(matched, key=lambda cr: cr[1] is None):  # matched first: they claim rows first
        item = _place(c, r, row_pos, claimed, cfg)
        if item is not None:
            items.append(item)
    cert_items = sorted(items, key=lambda it: it.stack_index)
    anchors = [_Item(lp.stack_index, (y, -1.0), 0, list_page=lp) for lp in lists
               if (y := page_primary.get(lp.stack_index)) is not None] if _use_anchors(lists, certs) else []
    items, keep = _in_order(cert_items, anchors)
    if anchors and len(cert_items) - (len(keep) - len(anchors)) > max(cfg.max_anchor_moves,
                                                                      cfg.max_anchor_share * len(cert_items)):
        # Lists that sit after their certificates (or all together) are no section marks: order alone.
        log.info("order: list pages do not mark sections here; checking certificate order only")
        items, keep = _in_order(cert_items, [])
    kept = [items[k] for k in sorted(keep)]
    for k, it in enumerate(items):
        if k in keep or it.cert is None:
            continue
        before = [p for p in kept if p.key <= it.key]
        after_what = f"应在{_where(before[-1])}之后" if before else "应在最前"
        c = it.cert
        flags.append(Flag(
            code="ORDER_MISMATCH", path=c.path, page=c.page, record_id=it.record_id, year=it.key[0],
            found=f"{c.path} 第{c.page}页（装订第{c.stack_index + 1}页）",
            expected=f"{after_what}/{it.row_label}" if it.row_label else after_what,
            message=f"证书顺序与{it.key[0]}年度清单不符 / certificate out of the {it.key[0]} list order: "
                    f"{after_what}{'（' + it.row_label + '）' if it.row_label else ''}"))
    log.debug("order: %d items, %d kept, %d flags", len(items), len(keep), len(flags))
    return flags


def _place(c: CertRef, r: CreditRecord | None, row_pos: dict[int, list[tuple[ListRow, float, str]]],
           claimed: set[tuple[int, int]], cfg: OrderConfig) -> _Item | None:
    """The place key of one certificate, or None when it maps to no place.

    The matched record's values identify the list row, the best-fitting unclaimed row of the year
    winning; an unmatched certificate is placed only on a row with its exact project code.
    """
    f = c.fields
    ref = _Ref(code=(r.project_code if r is not None else f.project_code) or None,
               date=r.date.isoformat() if r is not None else f.date,
               title=(r.project_title if r is not None else f.project_title) or None,
               credits=r.credits if r is not None else f.credits)
    code = normalize_code(ref.code or "")
    years: list[int] = []
    if r is not None:
        years.append(r.year)
    if code:
        years.append(int(code[:4]))
    if ref.date:
        years.append(int(ref.date[:4]))
    for y in dict.fromkeys(years):
        best: tuple[int, int] | None = None
        for k, (row, _pos, _label) in enumerate(row_pos.get(y, ())):
            if (y, k) in claimed:
                continue
            if r is None and (not code or code_distance(row.project_code, code) != 0):
                continue  # an unmatched certificate is placed by its project code alone
            pts = _row_points(row, ref, cfg)
            if pts >= cfg.row_min_points and (best is None or pts > best[0]):
                best = (pts, k)
        if best is not None:
            _row, pos, label = row_pos[y][best[1]]
            claimed.add((y, best[1]))
            return _Item(c.stack_index, (y, pos), 1, cert=c, record_id=r.record_id if r else None,
                         row_label=label)
    if r is not None and r.year not in row_pos:  # no list for the record's year: order by date
        return _Item(c.stack_index, (r.year, float(r.date.toordinal())), 1, cert=c, record_id=r.record_id)
    return None  # not on its year's list: nothing to compare it with


@dataclass
class _Ref:
    code: str | None
    date: str | None
    title: str | None
    credits: float | None


def _row_points(row: ListRow, ref: _Ref, cfg: OrderConfig) -> int:
    p = cfg.points
    pts = 0
    dist = code_distance(row.project_code, ref.code)
    if dist is not None:
        pts += p["code_exact"] if dist == 0 else p["code_one_edit"] if dist == 1 else p["code_differs"]
    if row.date and ref.date:
        pts += p["date_equal"] if row.date == ref.date else p["date_differs"]
    if row.project_title and ref.title and text_similarity(row.project_title, ref.title) >= cfg.title_same_ratio:
        pts += p["title_same"]
    if row.credits is not None and ref.credits is not None and abs(row.credits - ref.credits) < 1e-6:
        pts += p["credits_equal"]
    return pts


def _use_anchors(lists: list[ListPage], certs: list[CertRef]) -> bool:
    """List pages anchor sections only when lists and certificates are interleaved."""
    if not lists or not certs:
        return False
    if len(lists) == 1:
        return True
    last_list, first_list = max(lp.stack_index for lp in lists), min(lp.stack_index for lp in lists)
    first_cert, last_cert = min(c.stack_index for c in certs), max(c.stack_index for c in certs)
    return not (last_list < first_cert or first_list > last_cert)


def _where(it: _Item) -> str:
    page = it.cert if it.cert is not None else it.list_page
    assert page is not None
    return f"{page.path} 第{page.page}页"


def _in_order(cert_items: list[_Item], anchors: list[_Item]) -> tuple[list[_Item], set[int]]:
    """(items in stack order, indices of those in order); anchors always stay."""
    items = sorted(cert_items + anchors, key=lambda it: it.stack_index)
    heavy = len(items) + 1
    for it in items:
        it.weight = heavy if it.list_page else 1
    return items, _heaviest_nondecreasing(items)


def _heaviest_nondecreasing(items: list[_Item]) -> set[int]:
    """Indices of the maximum-weight subsequence whose keys never decrease (O(n^2), n = one bundle)."""
    n = len(items)
    best = [0] * n
    back = [-1] * n
    for i in range(n):
        best[i] = items[i].weight
        for j in range(i):
            if items[j].key <= items[i].key and best[j] + items[i].weight > best[i]:
                best[i] = best[j] + items[i].weight
                back[i] = j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    out: set[int] = set()
    while i >= 0:
        out.add(i)
        i = back[i]
    return out

