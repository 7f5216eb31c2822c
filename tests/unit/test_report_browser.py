"""The static report in real headless Chromium (Debian ``chromium``, driven by Playwright; no download):
the index's inline filters and sort work, a name opens the applicant's page, its evidence images load.

Fails, does not skip, when chromium or playwright is missing (scripts/setup.sh installs both).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.models import ApplicantFindings, Evidence, Findings, Flag
from pipeline.report.html import write_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _findings(out: Path) -> Findings:
    from PIL import Image

    (out / "evidence").mkdir(parents=True)
    Image.new("RGB", (120, 80), (200, 40, 40)).save(out / "evidence" / "seal.png")
    Image.new("RGB", (90, 120), "white").save(out / "evidence" / "page.webp")
    seal_flag = Flag(code="CME_STAMP_MISSING", path="医院A/张三/1.pdf", page=2, field="stamps",
                     expected="cme_office", found="organizer", message="缺少落地章",
                     evidence=[Evidence(kind="seal", path="evidence/seal.png", caption="印章"),
                               Evidence(kind="page", path="evidence/page.webp", caption="证书页")])
    people = [
        ApplicantFindings(applicant_key="医院A/张三", id_number="330302198001011234", name="张三", unit="医院A",
                          verdict="needs_review", flags=[seal_flag, Flag(code="LIST_MISSING", year=2021)]),
        ApplicantFindings(applicant_key="医院B/李四", id_number="330302198002021234", name="李四", unit="医院B",
                          verdict="fail", flags=[Flag(code="LIST_MISSING", year=2020)]),
        ApplicantFindings(applicant_key="医院B/王五", id_number="330302198003031234", name="王五", unit="医院B",
                          verdict="pass"),
    ]
    return Findings(policy="wenzhou-2023", applicants=people)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "install Debian's chromium (scripts/setup.sh --test)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _visible_names(page) -> list[str]:
    return page.eval_on_selector_all("#queue tbody tr:not([hidden]) td:nth-child(3)",
                                     "cells => cells.map(c => c.textContent.trim())")


def test_index_filters_sorts_and_opens_an_applicant(browser, tmp_path):
    index = write_report(_findings(tmp_path), tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(index.as_uri())
    assert _visible_names(page) == ["李四", "张三", "王五"]  # fail, needs_review, pass
    page.select_option("#f-code", "CME_STAMP_MISSING")
    assert _visible_names(page) == ["张三"] and page.text_content("#shown") == "1"
    page.select_option("#f-code", "")
    page.select_option("#f-unit", "医院B")
    assert _visible_names(page) == ["李四", "王五"]
    page.select_option("#f-unit", "")
    page.fill("#f-search", "王")
    assert _visible_names(page) == ["王五"]
    page.fill("#f-search", "")
    page.click("#queue th:nth-child(6)")  # 错误 ascending, then descending
    page.click("#queue th:nth-child(6)")
    assert _visible_names(page)[0] == "张三"
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    page.click("text=张三")
    page.wait_for_load_state()
    assert page.url.endswith("/report/0002.html")
    assert "缺少继教办落地章" in page.text_content("body")
    sizes = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : -1)")
    assert len(sizes) == 2 and all(w > 0 for w in sizes), sizes
    page.screenshot(path=str(tmp_path / "applicant.png"), full_page=True)
    page.close()
