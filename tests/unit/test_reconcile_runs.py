"""Run history (pipeline/records/runs.py): record, list, previous run, per-applicant results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.models import ApplicantFindings, Findings, Flag
from pipeline.records.runs import RunStats, list_runs, previous_run, record_run, results_of


def _findings(*verdicts: str) -> Findings:
    return Findings(policy="wenzhou-2023", applicants=[
        ApplicantFindings(applicant_key=f"u/{i}", id_number=None, verdict=v,
                          flags=[Flag(code="LIST_MISSING", year=2020), Flag(code="LIST_MISSING", year=2021)])
        for i, v in enumerate(verdicts)])


def _stats(kind: str, submissions: str, minute: int, **kw) -> RunStats:
    start = dt.datetime(2026, 11, 22, 2, minute, tzinfo=dt.UTC)
    return RunStats(kind=kind, started_at=start, finished_at=start + dt.timedelta(seconds=90),
                    submissions=submissions, **kw)


def test_record_and_list_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.sqlite'}"
    first = record_run(url, _stats("audit", "/s", 0, pages=10, pages_read=10, findings_path="/o/f.json"),
                       _findings("pass", "fail", "needs_review", "pass"))
    second = record_run(url, _stats("reconcile", "/s", 5, pages=10, pages_cached=10, diff_path="/o/d.json"),
                        _findings("pass"))
    rows = list_runs(url, limit=10)
    assert [r.id for r in rows] == [second, first]  # newest first
    audit = rows[1]
    assert (audit.kind, audit.bundles, audit.passed, audit.failed, audit.needs_review) == ("audit", 4, 2, 1, 1)
    assert audit.seconds == pytest.approx(90.0) and audit.started_at == "2026-11-22T02:00:00"
    assert rows[0].diff_path == "/o/d.json" and rows[0].pages_cached == 10
    assert list_runs(url, limit=1)[0].id == second
    assert results_of(url, first)[0]["flags"] == {"LIST_MISSING": 2}


def test_previous_run_same_kind_and_submissions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.sqlite'}"
    a = record_run(url, _stats("reconcile", "/s", 0, findings_path="/o/1.json"), _findings("pass"))
    record_run(url, _stats("reconcile", "/other", 1, findings_path="/o/2.json"), _findings("pass"))
    record_run(url, _stats("audit", "/s", 2, findings_path="/o/3.json"), _findings("pass"))
    c = record_run(url, _stats("reconcile", "/s", 3, findings_path="/o/4.json"), _findings("pass"))
    assert previous_run(url, kind="reconcile", submissions="/s").id == c
    assert previous_run(url, kind="reconcile", submissions="/s", before_id=c).id == a
    assert previous_run(url, kind="reconcile", submissions="/none") is None


def test_default_database_is_in_cme_audit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CME_AUDIT_HOME", str(tmp_path / "home"))
    record_run(None, _stats("audit", "/s", 0), _findings("fail"))
    assert (tmp_path / "home" / "cme-audit.sqlite").exists()
    assert list_runs(None, limit=5)[0].failed == 1


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="run kind"):
        record_run(f"sqlite:///{tmp_path / 'h.sqlite'}", _stats("nightly", "/s", 0), _findings())
