"""The seal stage is timed on its own: per page (readpool) and in the benchmark's stage table."""

from __future__ import annotations

import numpy as np

import pipeline.io.load as load_mod
import pipeline.reading as reading_mod
from benchmarks import run as bench
from pipeline import seals
from pipeline.models import PageImage, PageReading
from pipeline.readpool import PageTask, read_page_task
from pipeline.seals import synth

DPI = 150.0


def _page() -> PageImage:
    rng = np.random.default_rng(0)
    img = synth.blank_page(DPI, rng)
    spec = synth.SealSpec("organizer", "round", 42, 42, "温州医科大学附属第一医院", "继续教育专用章", star=True)
    synth.place_seal(img, DPI, spec, (100, 150), rng, colour=(40, 30, 215))
    return PageImage(path="a.pdf", page=1, image=img, dpi=DPI, width_pt=595, height_pt=842)


def test_seconds_spent_grows_with_each_call():
    page = _page()
    before = seals.seconds_spent()
    assert seals.find_seals(page.image, dpi=DPI)
    assert seals.seconds_spent() > before


def test_read_page_task_reports_a_seals_stage(monkeypatch):
    page = _page()

    def fake_read_page(p, *, engine=None):  # OCR stubbed out; the seal call is the real one
        timings = {"ocr": 0.5}
        reading = PageReading(page=p.page, kind="certificate", timings=timings)
        seals.find_seals(p.image, dpi=p.dpi)
        timings["seals"] = 1.0  # what read_page does: lost, the model holds a copy of the dict
        return reading

    monkeypatch.setattr(load_mod, "load_page", lambda path, rel, n: page)
    monkeypatch.setattr(reading_mod, "read_page", fake_read_page)
    r = read_page_task(PageTask("/x/a.pdf", "a.pdf", 1, None, "sha"))
    assert 0.0 < r.timings["seals"] < 1.0
    assert r.timings["ocr"] == 0.5 and "load" in r.timings


def test_read_page_task_keeps_the_readers_own_seal_figure(monkeypatch):
    page = _page()

    def fake_read_page(p, *, engine=None):
        seals.find_seals(p.image, dpi=p.dpi)
        return PageReading(page=p.page, kind="certificate", timings={"ocr": 0.5, "seals": 0.25})

    monkeypatch.setattr(load_mod, "load_page", lambda path, rel, n: page)
    monkeypatch.setattr(reading_mod, "read_page", fake_read_page)
    assert read_page_task(PageTask("/x/a.pdf", "a.pdf", 1, None, "sha")).timings["seals"] == 0.25


def test_a_page_without_seal_search_gets_no_seals_stage(monkeypatch):
    page = _page()
    monkeypatch.setattr(load_mod, "load_page", lambda path, rel, n: page)
    monkeypatch.setattr(reading_mod, "read_page",
                        lambda p, *, engine=None: PageReading(page=1, kind="annual_list", timings={"ocr": 0.5}))
    assert "seals" not in read_page_task(PageTask("/x/a.pdf", "a.pdf", 1, None, "sha")).timings


class _Run:
    pages = 10
    seconds = 5.0
    stage_seconds = {"load": 1.0, "ocr": 15.0, "extract": 2.0, "seals": 2.0}


def test_bench_stage_table_shows_the_seal_share():
    summary = bench.summarise(_Run(), {"self": 1.0, "children_max": 1.0, "sum": 2.0})
    assert summary["stage_share"]["seals"] == 0.1
    table = bench.bench_table(summary)
    assert "| seals | 2.000 | 0.200 | 10.0 % |" in table
    assert "share of processing time" in table
