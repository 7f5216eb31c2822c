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


def test_eval_reading_sets_organizers_against_the_sets_records(tmp_path):
    from test_records_helpers import write_export

    from ocr_models.eval_reading import snap_organizers

    readings = {"a/1.pdf": {"path": "a/1.pdf", "pages": [
        {"page": 1, "kind": "certificate", "certificate": {"organizer": "满江省医学会", "confidence": {"organizer": 0.8}}},
        {"page": 2, "kind": "annual_list", "certificate": None}]}}
    snap_organizers(readings, write_export(tmp_path / "records"))
    cert = readings["a/1.pdf"]["pages"][0]["certificate"]
    assert cert["organizer"] == "浙江省医学会" and cert["read_as"] == {"organizer": "满江省医学会"}
    assert readings["a/1.pdf"]["pages"][1]["certificate"] is None
