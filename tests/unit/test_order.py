"""Stack order vs annual-list order: the smallest set of moved certificates is flagged."""

from __future__ import annotations

import datetime as dt

from pipeline.models import AnnualList, CertificateFields, CertRef, CreditRecord, ListRow
from pipeline.order import ListPage, check_order

ID = "11010519491231002X"
PATH = "u/张三/1.pdf"


def rec(rid: str, year: int, n: int, date: str) -> CreditRecord:
    return CreditRecord(record_id=rid, id_number=ID, name="张三", year=year,
                        project_code=f"{year}-04-05-{n:03d}(国)", project_title=f"项目{rid}",
                        category="I类国家级", credits=2.0, date=dt.date.fromisoformat(date))


def records_for(year: int, dates: list[str]) -> list[CreditRecord]:
    return [rec(f"R{year}{k}", year, k, d) for k, d in enumerate(dates, start=1)]


def list_page(recs: list[CreditRecord], stack: int, *, years: list[int] | None = None) -> ListPage:
    rows = [ListRow(seq=k + 1, date=r.date.isoformat(), project_code=r.project_code, project_title=r.project_title,
                    category=r.category, credits=r.credits) for k, r in enumerate(recs)]
    return ListPage(PATH, stack + 1, stack, AnnualList(years=years or sorted({r.year for r in recs}), rows=rows))


def cert(r: CreditRecord, stack: int) -> CertRef:
    return CertRef(PATH, stack + 1, stack, CertificateFields(project_code=r.project_code, date=r.date.isoformat(),
                                                             project_title=r.project_title))


def bundle(layout: list[object]) -> tuple[list[CertRef], list[ListPage], dict]:
    """layout: ListPage factories (list of records, tagged 'L') or records, in stack order."""
    certs, lists, matches = [], [], {}
    for stack, item in enumerate(layout):
        if isinstance(item, tuple):
            lists.append(list_page(item[1], stack, years=item[2] if len(item) > 2 else None))
        else:
            c = cert(item, stack)  # type: ignore[arg-type]
            certs.append(c)
            matches[(c.path, c.page)] = item.record_id  # type: ignore[attr-defined]
    return certs, lists, matches


def order_flags(layout: list[object], records: list[CreditRecord], years: list[int], **kw: object):  # type: ignore[no-untyped-def]
    certs, lists, matches = bundle(layout)
    return check_order(certs=certs, lists=lists, records=records, matches=matches, years=years, **kw)  # type: ignore[arg-type]


A = records_for(2021, ["2021-01-05", "2021-03-01", "2021-05-01", "2021-07-01", "2021-09-01"])
B = records_for(2022, ["2022-02-01", "2022-04-01", "2022-06-01"])


def test_in_order_bundle_has_no_flags() -> None:
    assert order_flags([("L", A), *A, ("L", B), *B], A + B, [2021, 2022]) == []


def test_single_move_flags_only_the_moved_certificate() -> None:
    # A[0] moved to after A[3]: only it is out of place, not everything after the swap.
    flags = order_flags([("L", A), A[1], A[2], A[3], A[0], A[4], ("L", B), *B], A + B, [2021, 2022])
    assert [(f.code, f.page, f.record_id) for f in flags] == [("ORDER_MISMATCH", 5, A[0].record_id)]
    assert "列表第1行" in (flags[0].expected or "") and "第1页之后" in (flags[0].expected or "")
    assert "第5页" in (flags[0].found or "")


def test_certificate_of_another_year_in_a_years_section() -> None:
    # B[0] (2022) sits in 2021's section, ahead of the 2022 list: flagged though keys rise there.
    flags = order_flags([("L", A), *A, B[0], ("L", B), B[1], B[2]], A + B, [2021, 2022])
    assert [(f.code, f.page, f.record_id) for f in flags] == [("ORDER_MISMATCH", 7, B[0].record_id)]
    # A 2021 certificate after the 2022 list.
    flags = order_flags([("L", A), A[0], A[1], A[3], A[4], ("L", B), A[2], *B], A + B, [2021, 2022])
    assert [(f.page, f.record_id) for f in flags] == [(7, A[2].record_id)]  # stack 6 -> page 7


def test_equal_dates_are_interchangeable() -> None:
    same = records_for(2021, ["2021-01-05", "2021-03-01", "2021-03-01", "2021-05-01"])
    assert order_flags([("L", same), same[0], same[2], same[1], same[3]], same, [2021]) == []
    # ...but a real swap across different dates is flagged.
    flags = order_flags([("L", same), same[3], same[0], same[1], same[2]], same, [2021])
    assert [f.record_id for f in flags] == [same[3].record_id]


def test_missing_list_orders_that_year_by_record_dates() -> None:
    flags = order_flags([("L", A), *A, B[1], B[2], B[0]], A + B, [2021, 2022])
    codes = sorted((f.code, f.year, f.page) for f in flags)
    assert codes == [("LIST_MISSING", 2022, None), ("ORDER_MISMATCH", 2022, 9)]
    in_order = order_flags([("L", A), *A, *B], A + B, [2021, 2022])
    assert [(f.code, f.year) for f in in_order] == [("LIST_MISSING", 2022)]


def test_mixed_year_list_page_flagged_with_the_extra_year() -> None:
    flags = order_flags([("L", A + B, [2021, 2022]), *A, *B], A + B, [2021, 2022])
    assert [(f.code, f.page, f.year) for f in flags] == [("LIST_MIXED_YEARS", 1, 2022)]


def test_excluded_and_unplaceable_certificates_are_left_out() -> None:
    certs, lists, matches = bundle([("L", A), *A])
    dup = CertRef(PATH, 99, 99, certs[0].fields)  # a copy of A[0] at the end of the stack
    stranger = CertRef(PATH, 50, 50, CertificateFields(project_code="2021-09-09-999(国)", date="2021-01-01"))
    flags = check_order(certs=[*certs, dup, stranger], lists=lists, records=A, matches=matches, years=[2021],
                        exclude={(PATH, 99)})
    assert flags == []
    # Not excluded, the copy maps to an already claimed row and is still left out.
    flags = check_order(certs=[*certs, dup], lists=lists, records=A, matches=matches, years=[2021])
    assert flags == []


def test_unmatched_certificate_placed_by_code() -> None:
    certs, lists, _ = bundle([("L", A), A[1], A[2], A[0], A[3], A[4]])
    flags = check_order(certs=certs, lists=lists, records=[], matches={}, years=[2021])
    assert [(f.code, f.page) for f in flags] == [("ORDER_MISMATCH", 4)]


def test_one_misread_row_year_does_not_make_a_mixed_list() -> None:
    certs, lists, matches = bundle([("L", A), *A])
    lists[0].annual_list.rows[2].date = "2022-05-01"  # OCR read 2021 as 2022 once
    flags = check_order(certs=certs, lists=lists, records=A, matches=matches, years=[2021])
    assert [f.code for f in flags] == []
    # The row still places its certificate: moving that certificate is caught.
    moved = [certs[2], *certs[:2], *certs[3:]]
    moved = [CertRef(c.path, k + 2, k + 1, c.fields) for k, c in enumerate(moved)]
    m2 = {(c.path, c.page): A[[0, 1, 2, 3, 4].index(i)].record_id for c, i in zip(moved, [2, 0, 1, 3, 4])}
    flags = check_order(certs=moved, lists=lists, records=A, matches=m2, years=[2021])
    assert [(f.code, f.record_id) for f in flags] == [("ORDER_MISMATCH", A[2].record_id)]


def test_lists_after_their_certificates_are_not_section_marks() -> None:
    # Every list page sits after its certificates: anchoring would flag everything; order alone is checked.
    assert order_flags([*A, ("L", A), *B, ("L", B)], A + B, [2021, 2022]) == []
    flags = order_flags([A[1], A[2], A[0], A[3], A[4], ("L", A), *B, ("L", B)], A + B, [2021, 2022])
    assert [f.record_id for f in flags] == [A[0].record_id]


def test_a_list_page_of_unread_year_may_be_the_missing_year_so_no_year_is_claimed_missing() -> None:
    """Shanghai seed 1502: a list page printed in boxes (no year, no readable date or code) stood for
    2018's list, and LIST_MISSING 2018 was raised falsely."""
    unread = ListPage(PATH, 1, 0, AnnualList(years=[], rows=[ListRow(seq=1, project_title="口口口口")]))
    certs, lists, matches = bundle([*A, ("L", B), *B])
    certs = [CertRef(c.path, c.page + 1, c.stack_index + 1, c.fields) for c in certs]
    matches = {(c.path, c.page): rid for c, rid in zip(certs, matches.values())}
    lists = [unread, *(ListPage(lp.path, lp.page + 1, lp.stack_index + 1, lp.annual_list) for lp in lists)]
    flags = check_order(certs=certs, lists=lists, records=A + B, matches=matches, years=[2021, 2022])
    assert not [f for f in flags if f.code == "LIST_MISSING"], flags
    # without the unread page, 2021's list is missing and said so
    assert [(f.code, f.year) for f in order_flags([*A, ("L", B), *B], A + B, [2021, 2022])
            if f.code == "LIST_MISSING"] == [("LIST_MISSING", 2021)]


def test_a_certificate_page_of_which_nothing_was_read_may_be_the_missing_list() -> None:
    # 2022's list is absent: claimed missing, unless a page taken for a certificate was read as nothing at all
    # (a black-and-white list scan taken for a certificate): that page may be 2022's list.
    layout = [("L", A), *A, *B]
    assert [(f.code, f.year) for f in order_flags(layout, A + B, [2021, 2022])
            if f.code == "LIST_MISSING"] == [("LIST_MISSING", 2022)]
    flags = order_flags(layout, A + B, [2021, 2022], unread=[(PATH, 99)])
    assert not [f for f in flags if f.code == "LIST_MISSING"]


def test_a_list_page_whose_only_year_is_a_misread_codes_outside_the_window_may_be_the_missing_year() -> None:
    """Session 14, dw 夏杰敏/2.pdf (a garbled scan): the one row read had no date and the code 2015-0-4-02-172(省)
    (its year misread); the page's year 2015 lies outside the audit and LIST_MISSING 2018 was raised falsely."""
    garbled = ListPage(PATH, 1, 0, AnnualList(years=[], rows=[ListRow(seq=7, project_code="2015-04-02-172(省)",
                                                                        category="I类省级", credits=10.0)]))
    certs, lists, matches = bundle([*A, ("L", B), *B])
    certs = [CertRef(c.path, c.page + 1, c.stack_index + 1, c.fields) for c in certs]
    matches = {(c.path, c.page): rid for c, rid in zip(certs, matches.values())}
    lists = [garbled, *(ListPage(lp.path, lp.page + 1, lp.stack_index + 1, lp.annual_list) for lp in lists)]
    flags = check_order(certs=certs, lists=lists, records=A + B, matches=matches, years=[2021, 2022])
    assert not [f for f in flags if f.code == "LIST_MISSING"], flags
    # a page whose header states that year is that year's list: 2021's list is still missing
    stated = ListPage(PATH, 1, 0, AnnualList(years=[2015], rows=garbled.annual_list.rows))
    flags = check_order(certs=certs, lists=[stated, *lists[1:]], records=A + B, matches=matches, years=[2021, 2022])
    assert [(f.code, f.year) for f in flags if f.code == "LIST_MISSING"] == [("LIST_MISSING", 2021)]
