"""Figures per design split and family (issue 14): acceptance comes from held-out families only."""

from __future__ import annotations

from pathlib import Path

from pipeline.eval_metrics import load_eval_config
from pipeline.eval_render import render_markdown
from pipeline.evaluate import _score_by_family, _truth_pages, _predicted_pages, evaluate_run
from tests.unit.test_evaluate import _page, findings_from, make_truth


def _truth_with_families() -> dict:
    truth = make_truth()
    pages = truth["applicants"][0]["documents"][0]["pages"]
    pages[1]["scan"]["family"] = "list_a"
    pages[2]["scan"]["family"] = "cert_a"
    pages[3]["scan"]["family"] = "cert_b"
    return truth


def test_figures_per_split_and_family(tmp_path: Path) -> None:
    split = tmp_path / "families.yaml"
    split.write_text("development: {certificates: [cert_a], lists: [list_a]}\n"
                     "heldout: {certificates: [cert_b]}\n", encoding="utf-8")
    truth = _truth_with_families()
    findings = findings_from(truth)
    _page(findings, 4)["certificate"]["date"] = "2021-06-30"  # the held-out certificate's date read wrong
    cfg = load_eval_config() | {"families_file": str(split)}
    got = _score_by_family(_truth_pages(truth), _predicted_pages(findings), cfg)
    assert set(got) == {"family cert_a", "family cert_b", "family list_a", "split development", "split heldout"}
    assert got["split heldout"]["certificates"] == 1 and got["split heldout"]["fields"]["date"] == 0.0
    assert got["split development"]["fields"]["date"] == 1.0
    assert got["split development"]["list_rows"] == 2 and got["split development"]["list_row_accuracy"] == 1.0
    assert got["family cert_b"]["fields"]["credits"] == 1.0


def test_the_report_shows_the_split_table() -> None:
    truth = _truth_with_families()
    report = evaluate_run(truth, findings_from(truth))
    assert "family cert_a" in report.to_json()["by_family"]
    assert "## By design split and family" in render_markdown(report)
