"""The peers benchmark (benchmarks/peers.py): its table, ratios, markdown section and profile split."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.peers import BEGIN, END, ROWS, ratios, write_md
from benchmarks.peers_measure import Totals, Usage
from benchmarks.peers_profile import _orientation_lines, classify_stack, parse_raw

ROOT = Path(__file__).resolve().parents[2]


def _totals(pages: int, seconds: float) -> Totals:
    t = Totals()
    t.add(Usage(seconds=seconds, cpu_seconds=seconds, peak_rss_mib=100.0), pages)
    return t


def test_ratios_come_from_the_rows():
    rows = {"cme-audit cold": _totals(30, 10.0), "cme-audit warm": _totals(30, 0.5),
            "ocrmypdf": _totals(30, 20.0), "tesseract": _totals(30, 15.0),
            "rapidocr": _totals(30, 12.0), "rapidocr-openvino": _totals(30, 4.0)}
    r = ratios(rows)
    assert r["cme-audit/ocrmypdf"] == pytest.approx(2.0)
    assert r["cme-audit/tesseract"] == pytest.approx(1.5)
    assert r["warm/cold"] == pytest.approx(20.0)
    assert r["rapidocr-openvino/rapidocr"] == pytest.approx(3.0)
    rows["ocrmypdf"].failures.append("exited 2")
    assert ratios(rows)["cme-audit/ocrmypdf"] is None  # no ratio against a tool that failed


def test_markdown_section_replaced_in_place(tmp_path):
    md = tmp_path / "benchmarks.md"
    md.write_text(f"# Benchmarks\n\nhand-written intro\n\n{BEGIN}\nold table\n{END}\n\n## Profile\nnotes\n",
                  encoding="utf-8")
    write_md(md, f"{BEGIN}\nnew table\n{END}")
    text = md.read_text(encoding="utf-8")
    assert "new table" in text and "old table" not in text
    assert text.index("hand-written intro") < text.index("new table") < text.index("## Profile")


def test_profile_stacks_split_by_stage_and_engine():
    upright = _orientation_lines()
    page_pass = next(line for line, stage in upright.items() if stage == "page pass")
    flip = next(line for line, stage in upright.items() if stage == "180° re-read")
    read = [("run_audit", "pipeline/audit.py", 1), ("read_page", "pipeline/reading.py", 2)]
    infer = [("OrtInferSession.__call__", "rapidocr_onnxruntime/utils/infer_engine.py", 9)]
    first = [*read, ("read_upright", "pipeline/orientation.py", page_pass), ("_read", "pipeline/orientation.py", 3)]
    assert classify_stack([*first, *infer], upright) == ("page pass", "model inference")
    assert classify_stack([*first, ("prepare", "pipeline/preprocess.py", 5)], upright) == ("page pass", "preprocess")
    flipped = [*read, ("read_upright", "pipeline/orientation.py", flip), *infer]
    assert classify_stack(flipped, upright) == ("180° re-read", "model inference")
    src = (ROOT / "pipeline" / "orientation.py").read_text(encoding="utf-8").splitlines()
    detect_line = next(n for n, text in enumerate(src, start=1) if "engine.detect(" in text)
    detected = [*read, ("read_upright", "pipeline/orientation.py", 143),
                ("_read_detected", "pipeline/orientation.py", detect_line), *infer]
    assert classify_stack(detected, upright) == ("page pass", "model inference")  # the detection path
    seal_text = [*read, ("find_seals", "pipeline/seals/__init__.py", 4), *infer]
    assert classify_stack(seal_text, upright) == ("seals", "model inference")
    waiting = [("PagePool.map", "pipeline/readpool.py", 7), ("Condition.wait", "threading.py", 8)]
    assert classify_stack(waiting, upright) is None
    raw = ";".join(f"{fn} ({f}:{ln})" for fn, f, ln in [*first, *infer]) + " 30\n" + \
        ";".join(f"{fn} ({f}:{ln})" for fn, f, ln in [*read, ("extract_certificate", "pipeline/extract/certificate.py", 1)]) + \
        " 10\n" + ";".join(f"{fn} ({f}:{ln})" for fn, f, ln in waiting) + " 60\n"
    prof = parse_raw(raw, rate=10)
    assert prof.samples == 100 and prof.waiting == 60
    assert prof.seconds("page pass", "model inference") == pytest.approx(3.0)
    assert prof.outside_engine_share == pytest.approx(0.25)


@pytest.mark.ocr
@pytest.mark.timeout(600)
def test_small_run_has_every_tool_row(tmp_path):
    """Two pages of the committed realistic set through every tool: each row measured, ratios from the rows."""
    md = tmp_path / "peers.md"
    cmd = [sys.executable, "-m", "benchmarks.peers", "--set", str(ROOT / "samples" / "data" / "realistic"),
           "--pages", "2", "--workers", "1", "--profile-pages", "0", "--out", str(tmp_path / "out"), "--md", str(md)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=580)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / "out" / "bench.json").read_text(encoding="utf-8"))
    assert result["pages"] == 2 and result["findings_applicants"] >= 1
    for row in ROWS:
        tool = result["tools"][row]
        assert tool["failures"] == [], (row, tool["failures"])
        assert tool["pages"] == 2 and tool["pages_per_second"] > 0 and tool["peak_rss_mib"] > 0, row
    pps = {row: result["tools"][row]["pages_per_second"] for row in ROWS}
    assert result["ratios"]["cme-audit/ocrmypdf"] == pytest.approx(pps["cme-audit cold"] / pps["ocrmypdf"])
    assert result["ratios"]["cme-audit/tesseract"] == pytest.approx(pps["cme-audit cold"] / pps["tesseract"])
    assert result["ratios"]["warm/cold"] == pytest.approx(pps["cme-audit warm"] / pps["cme-audit cold"])
    assert result["stages"].get("ocr", 0) > 0  # stage seconds from the cold run's readings
    text = md.read_text(encoding="utf-8")
    for row in ROWS:
        assert f"| {row} | 2 |" in text
