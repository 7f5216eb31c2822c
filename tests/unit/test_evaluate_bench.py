"""The benchmark's arithmetic and outputs, on a fake RunResult (no OCR)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from benchmarks import run as bench
from pipeline.models import Findings
from test_evaluate import findings_from, make_truth  # sibling module (pytest puts tests/unit on sys.path)


@dataclass
class FakeRun:
    pages: int
    seconds: float
    stage_seconds: dict[str, float]
    findings: Findings | None = None
    extra: dict = field(default_factory=dict)


RSS = {"self": 100.0, "children_max": 250.5, "sum": 350.5}


def test_summarise_per_page_figures():
    s = bench.summarise(FakeRun(pages=40, seconds=20.0, stage_seconds={"ocr": 30.0, "load": 2.0}), RSS)
    assert s["pages_per_second"] == 2.0 and s["seconds_per_page"] == 0.5
    assert s["stage_seconds_per_page"] == {"load": 0.05, "ocr": 0.75}


def test_summarise_no_pages_is_na():
    s = bench.summarise(FakeRun(pages=0, seconds=0.0, stage_seconds={"ocr": 0.0}), RSS)
    assert s["pages_per_second"] is None and s["stage_seconds_per_page"] == {"ocr": None}
    assert "n/a" in bench.bench_table(s)


def test_bench_table_markdown():
    table = bench.bench_table(bench.summarise(FakeRun(pages=10, seconds=4.0, stage_seconds={"ocr": 3.0}), RSS))
    lines = table.splitlines()
    assert lines[0].startswith("| pages | wall s | pages/s")
    assert lines[2] == "| 10 | 4.000 | 2.500 | 0.400 | 100.000 | 250.500 |"
    assert "| ocr | 3.000 | 0.300 |" in table


def test_peak_rss_is_positive():
    rss = bench.peak_rss_mib()
    assert rss["self"] > 0 and rss["sum"] >= rss["self"]


def test_measure_writes_bench_files_and_scores(tmp_path, monkeypatch):
    truth = make_truth()
    set_dir = tmp_path / "set"
    (set_dir / "submissions").mkdir(parents=True)
    (set_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    findings = Findings.model_validate(findings_from(truth))
    seen = {}

    def fake_run_audit(submissions, *, records, policy, out, engine=None, workers=2, use_cache=True):
        seen.update(policy=policy, use_cache=use_cache, workers=workers)
        out.mkdir(parents=True, exist_ok=True)
        return FakeRun(pages=4, seconds=2.0, stage_seconds={"ocr": 1.0}, findings=findings)

    monkeypatch.setattr("pipeline.audit.run_audit", fake_run_audit)
    args = bench.parse_args(["--set", str(set_dir), "--out", str(tmp_path / "out")])
    result = bench.measure(args)
    assert seen == {"policy": "wenzhou-2023", "use_cache": False, "workers": 2}
    assert result["timing"]["pages_per_second"] == 2.0
    assert result["eval_headline"]["page_kind_accuracy"] == 1.0
    saved = json.loads((tmp_path / "out" / "bench.json").read_text(encoding="utf-8"))
    assert saved["eval"]["counts"]["pages"] == 4
    md = (tmp_path / "out" / "BENCH.md").read_text(encoding="utf-8")
    assert "## Timing" in md and "verdict_agreement" in md
    assert (tmp_path / "out" / "run" / "report.html").exists()


def test_generate_failure_names_the_command(tmp_path, monkeypatch):
    class Done:
        returncode = 2
        stderr = "boom: bad profile"

    monkeypatch.setattr(bench.subprocess, "run", lambda *a, **k: Done())
    with pytest.raises(RuntimeError, match="(?s)samples.generate.*bad profile"):
        bench.generate_set(tmp_path, seed=1, applicants=1, profile="nope")
