"""The audit flow on a tiny generated set, under a real Prefect test harness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flow_helpers import comparable, first_document, without_seal_geometry

import pipeline.reading
from flows.audit import audit_flow
from pipeline.records.runs import list_runs


def _run(tiny_set: Path, out: Path, cache: Path, **kw) -> dict:
    return audit_flow(str(tiny_set / "submissions"), str(tiny_set / "records"), "wenzhou-2023", str(out),
                      cache_dir=str(cache), **kw)


def _load(summary: dict) -> dict:
    return json.loads(Path(summary["findings_path"]).read_text(encoding="utf-8"))


@pytest.fixture()
def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every call of the page reader (inline readers only: workers=0)."""
    calls: list[tuple[str, int]] = []
    real = pipeline.reading.read_page

    def counting(page, **kw):
        calls.append((page.path, page.page))
        return real(page, **kw)

    monkeypatch.setattr(pipeline.reading, "read_page", counting)
    return calls


def test_flow_writes_the_same_findings_as_cme_audit_run(
        prefect_harness, tiny_set: Path, reference: dict, warm_cache, tmp_path: Path) -> None:
    # same readings (the reference run's cache), so findings.json must be identical but for generated_at
    summary = _run(tiny_set, tmp_path / "out", warm_cache(), workers=2)
    assert summary["pages_read"] == 0
    assert comparable(_load(summary)) == comparable(reference)
    assert {"findings.json", "report.html"} <= {p.name for p in (tmp_path / "out").iterdir()}


def test_second_run_reads_nothing(
        prefect_harness, tiny_set: Path, reference: dict, warm_cache, tmp_path: Path, count_reads: list) -> None:
    evicted = first_document(reference)[0]
    cache = warm_cache(evict=evicted)
    first = _run(tiny_set, tmp_path / "out1", cache, workers=2)  # the evicted document goes to the page pool
    pages_of_evicted = sum(len(d["pages"]) for a in reference["applicants"] for d in a["documents"]
                           if d["path"] == evicted)
    assert first["pages_read"] == pages_of_evicted and first["bundles"] == len(reference["applicants"])
    assert without_seal_geometry(_load(first)) == without_seal_geometry(reference)

    second = _run(tiny_set, tmp_path / "out2", cache, workers=0)  # inline, so read_page calls are seen
    assert count_reads == []  # zero OCR: every document came from the reading cache
    assert second["pages_read"] == 0 and second["pages_cached"] == first["pages_read"] + first["pages_cached"]
    assert comparable(_load(second)) == comparable(_load(first))

    runs = list_runs(None, limit=5)  # the run history in $CME_AUDIT_HOME (what `cme-audit runs` shows)
    assert [r.kind for r in runs[:2]] == ["audit", "audit"]
    assert runs[0].id == second["run_id"] and runs[0].pages_read == 0 and runs[1].pages_read == pages_of_evicted
    verdicts = [a["verdict"] for a in reference["applicants"]]
    assert (runs[0].passed, runs[0].failed, runs[0].needs_review) == (
        verdicts.count("pass"), verdicts.count("fail"), verdicts.count("needs_review"))


def test_a_page_that_raises_is_retried_then_flagged(
        prefect_harness, tiny_set: Path, reference: dict, warm_cache, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = first_document(reference)
    attempts: list[int] = []
    real = pipeline.reading.read_page

    def flaky(page, **kw):
        if (page.path, page.page) == target:
            attempts.append(page.page)
            raise RuntimeError("simulated OCR engine crash")
        return real(page, **kw)

    monkeypatch.setattr(pipeline.reading, "read_page", flaky)
    summary = _run(tiny_set, tmp_path / "out", warm_cache(evict=target[0]), workers=0)  # inline: the patch is seen
    assert len(attempts) == 2  # tried twice, then given up; the run completed
    findings = _load(summary)
    flags = [(f["code"], f["path"], f["page"]) for a in findings["applicants"] for f in a["flags"]]
    assert ("PAGE_UNREADABLE", *target) in flags
    page = next(p for a in findings["applicants"] for d in a["documents"] if d["path"] == target[0]
                for p in d["pages"] if p["page"] == target[1])
    assert page["kind"] == "unreadable" and "simulated OCR engine crash" in page["note"]


def test_dask_local_cluster_gives_the_same_findings(
        prefect_harness, tiny_set: Path, reference: dict, warm_cache, tmp_path: Path) -> None:
    # bundle tasks on a two-worker LocalCluster, readings from the reference cache: identical findings
    summary = _run(tiny_set, tmp_path / "out", warm_cache(), dask="local")
    assert summary["bundles"] == len(reference["applicants"]) and summary["pages_read"] == 0
    assert comparable(_load(summary)) == comparable(reference)


@pytest.mark.slow
def test_dask_workers_read_pages_inline(
        prefect_harness, tiny_set: Path, reference: dict, warm_cache, tmp_path: Path) -> None:
    # one document is read on a Dask worker (inline there: each worker loads the OCR models once)
    cache = warm_cache(evict=first_document(reference)[0])
    summary = _run(tiny_set, tmp_path / "out", cache, dask="local")
    assert summary["pages_read"] > 0
    assert without_seal_geometry(_load(summary)) == without_seal_geometry(reference)


def test_bad_policy_fails_the_run_without_retries(prefect_harness, tiny_set: Path, tmp_path: Path) -> None:
    from pipeline.errors import CmeAuditError

    with pytest.raises(CmeAuditError):
        audit_flow(str(tiny_set / "submissions"), str(tiny_set / "records"), "no-such-policy",
                   str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))


def test_links_out_of_the_tree_and_unsupported_files_are_flagged_by_the_flow_too(
        prefect_harness, tiny_set: Path, warm_cache, tmp_path: Path) -> None:
    """The flow lists what discovery rejected, as `cme-audit run` does (issue 16): never opened, flagged."""
    import shutil

    subs = tmp_path / "submissions"
    shutil.copytree(tiny_set / "submissions", subs)
    folder = next(p.parent for p in sorted(subs.rglob("*")) if p.is_file())
    (folder / "zz-link.pdf").symlink_to("/etc/passwd")
    (folder / "zz-notes.docx").write_bytes(b"PK\x03\x04 not read")
    summary = audit_flow(str(subs), str(tiny_set / "records"), "wenzhou-2023", str(tmp_path / "out"),
                         cache_dir=str(warm_cache()), workers=2)
    assert summary["pages_read"] == 0
    key = folder.relative_to(subs).as_posix()
    applicant = next(a for a in _load(summary)["applicants"] if a["applicant_key"] == key)
    invalid = {f["path"]: f["message"] for f in applicant["flags"] if f["code"] == "FILE_INVALID"}
    assert "/etc/passwd" in invalid[f"{key}/zz-link.pdf"]
    assert ".docx" in invalid[f"{key}/zz-notes.docx"]


def test_a_second_flow_run_on_the_same_output_folder_refuses(prefect_harness, tiny_set: Path, tmp_path: Path) -> None:
    """One writer per output folder for the flows too (issue 16): the lock `cme-audit run` takes."""
    from pipeline.runlock import RunLockedError, run_lock

    out = tmp_path / "out"
    with run_lock(out), pytest.raises(RunLockedError, match="another cme-audit run"):
        _run(tiny_set, out, tmp_path / "cache", workers=1)
    assert not (out / "findings.json").exists()
