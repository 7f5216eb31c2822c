"""The review web app in real headless Chromium (Debian ``chromium``, driven by Playwright).

One tiny generated set (2 applicants, 2022 only), audited once cold; the reruns hit the
reading cache. One record's credits are changed so that its certificate gets a
``FIELD_MISMATCH`` with evidence: the reviewer filters the queue by that code, opens the
applicant, checks every evidence image loads, dismisses the flag with a reason and sees
it kept after a reload, after a rerun on the same bundles, and re-opened (old decision
shown) once the record changes again. Screenshots go to ``out/screenshots/``.

No browser is downloaded: ``scripts/setup.sh --test`` installs Debian's chromium and the
``playwright`` package; this module fails (it does not skip) when either is missing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REASON = "原件学分与系统一致，属识别误差"


class World:
    """What the tests of this module share, in order."""

    def __init__(self, base: Path):
        self.base = base
        self.set = base / "set"
        self.out = base / "out"
        self.env = {**os.environ, "CME_AUDIT_HOME": str(base / "home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        self.env.pop("CME_AUDIT_DB", None)
        self.record_id = ""
        self.applicant = ""
        self.flag_id = ""
        self.url = ""

    def run(self) -> dict:
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(self.set / "submissions"),
                               "--records", str(self.set / "records"), "--policy", "wenzhou-2023",
                               "--out", str(self.out), "--workers", "1"],
                              cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=400)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads((self.out / "findings.json").read_text(encoding="utf-8"))

    def set_credits(self, credits: float) -> None:
        """Change the chosen record's credits in the export (GBK or UTF-8, as the generator wrote it)."""
        path = self.set / "records" / "credits.csv"
        raw = path.read_bytes()
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            encoding, text = "gbk", raw.decode("gbk")
        rows = list(csv.reader(io.StringIO(text)))
        column = rows[0].index("学分") if "学分" in rows[0] else rows[0].index("credits")
        for row in rows[1:]:
            if row[0] == self.record_id:
                row[column] = f"{credits:g}"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_bytes(buf.getvalue().encode(encoding))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mismatch(findings: dict, applicant: str) -> dict | None:
    a = next(a for a in findings["applicants"] if a["applicant_key"] == applicant)
    return next((f for f in a["flags"] if f["code"] == "FIELD_MISMATCH" and f.get("field") == "credits"), None)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    assert CHROMIUM.is_file(), "Debian chromium is missing: run `bash scripts/setup.sh --test`"
    w = World(tmp_path_factory.mktemp("browser"))
    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(w.set), "--seed", "5", "--applicants", "2",
                    "--profile", "clean", "--max-certs-per-year", "1", "--years", "2022"],
                   check=True, cwd=ROOT, timeout=300, capture_output=True)
    truth = json.loads((w.set / "truth.json").read_text(encoding="utf-8"))
    # a certificate whose record we change: the first applicant's first certificate with its record
    for a in truth["applicants"]:
        cert = next((p for d in a["documents"] for p in d["pages"]
                     if p["kind"] == "certificate" and p.get("record_id") and p["certificate"].get("credits")), None)
        if cert is not None:
            w.applicant, w.record_id, w.credits = a["applicant_key"], cert["record_id"], cert["certificate"]["credits"]
            break
    assert w.record_id, "the generated set has no certificate tied to a record"
    w.set_credits(w.credits + 2)
    w.findings = w.run()
    flag = _mismatch(w.findings, w.applicant)
    assert flag is not None, f"changing {w.record_id}'s credits gave no FIELD_MISMATCH for {w.applicant}"
    w.flag_id = flag["flag_id"]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "review", str(w.out), "--port", str(port),
                               "--reviewer", "测试审核员"], cwd=ROOT, env=w.env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    w.url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(w.url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the review server did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
    yield w
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(world: World):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    external: list[str] = []
    pg.on("request", lambda req: external.append(req.url) if not req.url.startswith("http://127.0.0.1") else None)
    yield pg
    context.close()
    assert not external, f"the app loaded external resources: {external}"


def _flag_section(page, flag_id: str):
    return page.locator(f'section.flag[data-flag="{flag_id}"]')


def _wait_status(page, flag_id: str, text: str) -> None:
    """Until the flag's status badge reads ``text`` (the decision was saved and shown)."""
    selector = f'section.flag[data-flag="{flag_id}"] [data-role=status]'
    page.wait_for_function("([sel, text]) => document.querySelector(sel).textContent.includes(text)",
                           arg=[selector, text], timeout=10_000)


def _open_applicant(page, world: World) -> None:
    page.goto(world.url + "/")
    page.select_option("#f-code", "FIELD_MISMATCH")  # the filter submits itself
    page.wait_for_url("**code=FIELD_MISMATCH**")
    page.locator("#queue tr.row a.open").first.click()
    page.wait_for_selector("section.flag")


def test_the_queue_lists_applicants_and_filters_by_flag_code(page, world: World):
    page.goto(world.url + "/")
    rows = page.locator("#queue tr.row")
    assert rows.count() == len(world.findings["applicants"]) == 2
    assert "审核队列" in page.content()
    page.screenshot(path=str(SHOTS / "01-queue.png"), full_page=True)
    page.select_option("#f-code", "FIELD_MISMATCH")
    page.wait_for_url("**code=FIELD_MISMATCH**")
    keys = page.locator("#queue tr.row").evaluate_all("rows => rows.map(r => r.dataset.key)")
    assert keys == [world.applicant]
    page.screenshot(path=str(SHOTS / "02-queue-filtered.png"), full_page=True)


def test_the_applicant_page_shows_every_flag_with_evidence_that_loads(page, world: World):
    _open_applicant(page, world)
    applicant = next(a for a in world.findings["applicants"] if a["applicant_key"] == world.applicant)
    assert page.locator("section.flag").count() == len(applicant["flags"]) >= 2
    images = page.locator("section.flag img")
    assert images.count() >= 1
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    sizes = images.evaluate_all("imgs => imgs.map(i => [i.getAttribute('src'), i.naturalWidth, i.naturalHeight])")
    broken = [s for s in sizes if not (s[1] > 0 and s[2] > 0)]
    assert not broken, f"evidence images that did not load: {broken}"
    section = _flag_section(page, world.flag_id)
    assert section.locator(".cmp mark").count() >= 1  # the differing characters are highlighted
    assert page.locator("#rules tr").count() == len(applicant["rules"]) + 1
    page.screenshot(path=str(SHOTS / "03-applicant.png"), full_page=True)


def test_a_dismissal_with_a_reason_is_kept_after_a_reload(page, world: World):
    _open_applicant(page, world)
    section = _flag_section(page, world.flag_id)
    section.locator("[data-act=dismiss]").click()  # no reason yet: refused in the page
    assert "请填写驳回理由" in section.locator("[data-role=error]").inner_text()
    section.locator("[data-role=reason]").fill(REASON)
    section.locator("[data-act=dismiss]").click()
    _wait_status(page, world.flag_id, "已处理")
    # keyboard: j selects the next flag, c confirms it
    others = [f["flag_id"] for a in world.findings["applicants"] if a["applicant_key"] == world.applicant
              for f in a["flags"] if f["flag_id"] != world.flag_id]
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("k")
    for _ in range(10):
        page.keyboard.press("k")  # to the first flag
    first = page.locator("section.flag.selected").get_attribute("data-flag")
    if first == world.flag_id:
        page.keyboard.press("j")
    target = page.locator("section.flag.selected").get_attribute("data-flag")
    assert target in others
    page.keyboard.press("c")
    _wait_status(page, target, "已处理")
    page.reload()
    section = _flag_section(page, world.flag_id)
    assert "已处理" in section.locator("[data-role=status]").inner_text()
    assert REASON in section.locator("[data-role=decision]").inner_text()
    assert "测试审核员" in section.locator("[data-role=decision]").inner_text()
    assert "已处理" in _flag_section(page, target).locator("[data-role=status]").inner_text()
    page.screenshot(path=str(SHOTS / "04-applicant-decided.png"), full_page=True)


def test_a_rerun_on_the_same_bundles_keeps_the_decision_attached(page, world: World):
    findings = world.run()
    flag = _mismatch(findings, world.applicant)
    assert flag is not None and flag["flag_id"] == world.flag_id
    _open_applicant(page, world)
    section = _flag_section(page, world.flag_id)
    assert "已处理" in section.locator("[data-role=status]").inner_text()
    assert REASON in section.locator("[data-role=decision]").inner_text()


def test_changed_evidence_reopens_the_flag_with_the_old_decision_shown(page, world: World):
    world.set_credits(world.credits + 4)
    findings = world.run()
    flag = _mismatch(findings, world.applicant)
    assert flag is not None and flag["flag_id"] == world.flag_id
    before = _mismatch(world.findings, world.applicant)
    assert flag["evidence_hash"] != before["evidence_hash"]
    _open_applicant(page, world)
    section = _flag_section(page, world.flag_id)
    assert "重新打开" in section.locator("[data-role=status]").inner_text()
    decision = section.locator("[data-role=decision]").inner_text()
    assert "原决定" in decision and REASON in decision
    page.goto(world.url + "/?status=open")
    keys = page.locator("#queue tr.row").evaluate_all("rows => rows.map(r => r.dataset.key)")
    assert world.applicant in keys
    _open_applicant(page, world)
    page.screenshot(path=str(SHOTS / "05-applicant-reopened.png"), full_page=True)
