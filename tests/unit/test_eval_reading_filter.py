"""ocr_models.eval_reading's page filters (--kinds, --colour) on truth pages."""

from __future__ import annotations

from ocr_models.eval_reading import page_wanted


def _page(kind: str, colour: str | None) -> dict:
    return {"page": 1, "kind": kind, **({"scan": {"color": colour, "dpi": 200}} if colour else {})}


def test_no_filter_keeps_every_page():
    assert page_wanted(_page("certificate", "bw"), set(), set())
    assert page_wanted(_page("other", None), set(), set())


def test_colour_filter_reads_the_scan_colour():
    assert page_wanted(_page("certificate", "bw"), set(), {"bw"})
    assert not page_wanted(_page("certificate", "grey"), set(), {"bw"})
    assert page_wanted(_page("certificate", "grey"), set(), {"bw", "grey"})
    assert not page_wanted(_page("certificate", None), set(), {"bw"})   # no scan settings (text layer)


def test_kind_and_colour_filters_combine():
    assert page_wanted(_page("certificate", "bw"), {"certificate"}, {"bw"})
    assert not page_wanted(_page("annual_list", "bw"), {"certificate"}, {"bw"})
    assert not page_wanted(_page("certificate", "color"), {"certificate"}, {"bw"})
