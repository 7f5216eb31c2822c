"""The audit flow on a tiny generated set, under a real Prefect test harness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline.reading
from flows.audit import audit_flow
from pipeline.records.runs import list_runs


def comparable(findings: dict) -> dict:
    """findings.json without what differs between two runs of the same inputs (generated_at)."""
    return {k: v for k, v in findings.items() if k != "generated_at"}


def _run(tiny_set: Path, out: Path, cache: Path, **kw) -> dict:
    return audit_flow(str(tiny_set / "submissions"), str(tiny_set / "records"), "wenzhou-2023", str(out),
                      cache_dir=str(cache), **kw)


def _load(summary: dict) -> dict:
    return json.loads(Path(summary["findings_path"]).read_text(encoding="utf-8"))


@pytest.fixture()
def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every call of the page reader (inline readers only: workers=1)."""
    calls: list[tuple[str, int]] = []
    real = pipeline.reading.read_page

    def counting(page, **kw):  # noqa: ANN001, ANN003
        calls.append((page.path, page.page))
        return real(page, **kw)

    monkeypatch.setattr(pipeline.reading, "read_page", counting)
    return calls


def test_flow_matches_cli_run_and_second_run_reads_nothing(
        prefect_harness, tiny_set: Path, reference: dict, tmp_path: Path, count_reads: list) -> None:
    cache = tmp_path / "cache"
    first = _run(tiny_set, tmp_path / "out1", cache, workers=2)  # cold: pages go to the shared process pool
    assert comparable(_load(first)) == comparable(reference)
    assert first["pages_read"] > 0 and first["bundles"] == len(reference["applicants"])
    assert (tmp_path / "out1" / "findings.json").is_file()

    second = _run(tiny_set, tmp_path / "out2", cache, workers=1)  # warm: inline, so read_page calls are seen
    assert count_reads == []  # zero OCR: every document came from the reading cache
    assert second["pages_read"] == 0 and second["pages_cached"] == first["pages_read"]
    assert comparable(_load(second)) == comparable(reference)

    runs = list_runs(None, limit=5)  # the run history in $CME_AUDIT_HOME
    assert [r.kind for r in runs[:2]] == ["audit", "audit"]
    assert runs[0].id == second["run_id"] and runs[0].pages_read == 0 and runs[1].pages_read > 0
    verdicts = [a["verdict"] for a in reference["applicants"]]
    assert (runs[0].passed, runs[0].failed, runs[0].needs_review) == (
        verdicts.count("pass"), verdicts.count("fail"), verdicts.count("needs_review"))


def test_a_page_that_raises_is_retried_then_flagged(
        prefect_harness, tiny_set: Path, reference: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = next((d["path"], p["page"]) for a in reference["applicants"] for d in a["documents"]
                  for p in d["pages"] if p["kind"] == "certificate")
    attempts: list[int] = []
    real = pipeline.reading.read_page

    def flaky(page, **kw):  # noqa: ANN001, ANN003
        if (page.path, page.page) == target:
            attempts.append(page.page)
            raise RuntimeError("simulated OCR engine crash")
        return real(page, **kw)

    monkeypatch.setattr(pipeline.reading, "read_page", flaky)
    summary = _run(tiny_set, tmp_path / "out", tmp_path / "cache", workers=1)
    assert len(attempts) == 2  # tried twice, then given up
    findings = _load(summary)
    flags = [(f["code"], f["path"], f["page"]) for a in findings["applicants"] for f in a["flags"]]
    assert ("PAGE_UNREADABLE", *target) in flags
    page = next(p for a in findings["applicants"] for d in a["documents"] if d["path"] == target[0]
                for p in d["pages"] if p["page"] == target[1])
    assert page["kind"] == "unreadable" and "simulated OCR engine crash" in page["note"]


def test_dask_local_cluster_gives_the_same_findings(
        prefect_harness, tiny_set: Path, reference: dict, tmp_path: Path) -> None:
    summary = _run(tiny_set, tmp_path / "out", tmp_path / "cache", dask="local")  # cold: read on Dask workers
    assert summary["pages_read"] > 0
    assert comparable(_load(summary)) == comparable(reference)


def test_bad_policy_fails_the_run_without_retries(prefect_harness, tiny_set: Path, tmp_path: Path) -> None:
    from pipeline.errors import CmeAuditError

    with pytest.raises(CmeAuditError):
        audit_flow(str(tiny_set / "submissions"), str(tiny_set / "records"), "no-such-policy",
                   str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
