"""Prefect tasks: each wraps one ``pipeline`` call. They take paths, ids and names and
return JSON-able data (``model_dump``), never arrays or open stores.

Caching: ``cache_policy=NO_CACHE`` on every task, deliberately. Readings are
cached by ``pipeline.cache.ReadingCache`` (file content hash + engine/config
fingerprint, JSON files under ``$CME_AUDIT_HOME/readings/``) so that
``cme-audit run``, any flow run and the nightly job all reuse them. Prefect's
default task cache key includes the flow-run id, so it would never hit between
nightly runs, and caching the audit itself would hide record changes that are
the whole point of re-auditing.

Retries: only for transient failures (``flows.retry.retry_transient``), with
exponential backoff; a bad document becomes a flag inside the pipeline, and a
bad export or policy fails the run at once.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from flows.config import flows_config
from flows.retry import retry_transient
from flows.runners import on_dask, shared_pool

_RETRY = flows_config()["retries"]
_RETRY_OPTS = {
    "retries": int(_RETRY["attempts"]),
    "retry_delay_seconds": exponential_backoff(backoff_factor=float(_RETRY["backoff_factor"])),
    "retry_jitter_factor": float(_RETRY["jitter_factor"]),
    "retry_condition_fn": retry_transient,
    "cache_policy": NO_CACHE,
}


def store_url_for(db_url: str | None, out: str | Path) -> str:
    """The records store: ``db_url``, else ``OUT/cme-audit.sqlite`` (as ``cme-audit run`` does)."""
    if db_url:
        return db_url
    base = Path(out)
    base.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(base / 'cme-audit.sqlite').resolve()}"


@lru_cache(maxsize=8)
def _store(url: str):
    from pipeline.records.store import RecordStore

    return RecordStore(url)


@lru_cache(maxsize=8)
def _policy(name: str):
    from pipeline.rules import load_policy

    return load_policy(name)


@task(name="import-records", **_RETRY_OPTS)
def import_records_task(records: str | None, store_url: str) -> dict:
    """Import a records export into the store (one transaction, history kept); the import report."""
    from pipeline.records.load import load_export

    if records is None:
        return {}
    report = _store(store_url).import_export(load_export(Path(records)),
                                              who=f"cme-audit flow ({Path(records).name})")
    get_run_logger().info("imported %s: %s", records, report.to_dict())
    return report.to_dict()


@task(name="load-policy", **_RETRY_OPTS)
def check_policy_task(policy: str) -> dict:
    """Load the policy once up front, so a bad policy fails the run before any reading."""
    pol = _policy(policy)
    return {"name": pol.name, "sha256": pol.sha256}


@task(name="discover-bundles", **_RETRY_OPTS)
def discover_task(submissions: str) -> list[dict]:
    from pipeline.discover import discover_bundles

    return [{"applicant_key": b.applicant_key, "folder": str(b.folder), "files": [str(f) for f in b.files],
             "rejected": [[str(r.path), r.reason] for r in b.rejected]}
            for b in discover_bundles(Path(submissions))]


@task(name="audit-bundle", task_run_name="audit {applicant_key}", **_RETRY_OPTS)
def audit_bundle_task(applicant_key: str, folder: str, root: str, files: list[str], *, store_url: str,
                      policy: str, engine: str | None = None, cache_dir: str | None = None,
                      workers: int = 2, audit_year: int | None = None,
                      rejected: list[list[str]] | None = None) -> dict:
    """Read one bundle (reading cache first, pages through the shared pool) and audit it; ``rejected``
    files (links out of the tree, unsupported types: [path, reason]) become FILE_INVALID unread."""
    from pipeline.audit import audit_bundle, make_cache, read_bundle
    from pipeline.discover import BundleSpec, Rejected
    from pipeline.readpool import PagePool, ReadStats

    spec = BundleSpec(applicant_key=applicant_key, folder=Path(folder), files=tuple(Path(f) for f in files),
                      rejected=tuple(Rejected(Path(p), reason) for p, reason in rejected or ()))
    cache = make_cache(engine, Path(cache_dir) if cache_dir else None)
    stats = ReadStats()
    if on_dask():  # the Dask worker process is the parallel unit: read inline
        with PagePool(0) as pool:  # inline: the Dask worker is the unit (pipeline/readpool.py)
            reading = read_bundle(spec, Path(root), engine=engine, pool=pool, cache=cache, stats=stats)
    else:
        reading = read_bundle(spec, Path(root), engine=engine, pool=shared_pool(workers), cache=cache,
                              stats=stats)
    findings = audit_bundle(reading, store=_store(store_url), policy=_policy(policy), audit_year=audit_year)
    return {"applicant": findings.model_dump(mode="json"), "pages_read": stats.pages_read,
            "pages_cached": stats.pages_cached}


@task(name="write-outputs", **_RETRY_OPTS)
def write_outputs_task(results: list[dict], policy: str, out: str, cache_dir: str | None = None,
                       store_url: str | None = None) -> dict:
    """Build findings from the bundle results (in discovery order) and write findings.json + report;
    evidence images are cut from the page previews in the reading cache (``cache_dir``); the forms and
    summaries take their totals, and the decisions, from the records store at ``store_url``."""
    from pipeline.audit import build_findings
    from pipeline.models import ApplicantFindings
    from pipeline.outputs import write_outputs

    applicants = [ApplicantFindings.model_validate(r["applicant"]) for r in results]
    findings = build_findings(applicants, _policy(policy))
    findings_path, report_path = write_outputs(
        findings, Path(out), cache_root=Path(cache_dir) if cache_dir else None,
        records=_store(store_url) if store_url else None, policy=_policy(policy), db_url=store_url)
    return {"findings_path": str(findings_path), "report_path": str(report_path) if report_path else None,
            "findings": findings.to_json_dict()}


@task(name="previous-findings", **_RETRY_OPTS)
def previous_findings_task(db_url: str | None, *, kinds: list[str], submissions: str) -> dict | None:
    """The findings of the newest earlier run over these submissions (first kind that has one)."""
    from pipeline.records.runs import previous_run

    for kind in kinds:
        run = previous_run(db_url, kind=kind, submissions=submissions)
        if run and run.findings_path and Path(run.findings_path).is_file():
            data = json.loads(Path(run.findings_path).read_text(encoding="utf-8"))
            return {"run_id": run.id, "kind": run.kind, "findings": data}
    return None


@task(name="newest-export", **_RETRY_OPTS)
def newest_export_task(drop_folder: str) -> str:
    from pipeline.reconcile import newest_export

    return str(newest_export(Path(drop_folder)))


@task(name="write-diff", **_RETRY_OPTS)
def diff_task(previous: dict | None, current: dict, out_dir: str, day: str, store_url: str | None = None) -> dict:
    """``store_url``: the store holding reviewers' decisions (decided / re-opened flags in the diff)."""
    from pipeline.reconcile import diff_findings, write_diff

    decisions = None
    if store_url:
        from pipeline.records.decisions import DecisionStore

        decisions = DecisionStore(store_url)
    diff = diff_findings(previous["findings"] if previous else None, current, decisions=decisions)
    path = write_diff(diff, Path(out_dir), day)
    return {"diff_path": str(path), "diff_md": str(path.with_suffix(".md")),
            "verdict_changes": len(diff.verdict_changes), "newly_passing": diff.newly_passing,
            "flags_appeared": len(diff.flags_appeared), "flags_resolved": len(diff.flags_resolved),
            "flags_decided": len(diff.flags_decided), "flags_reopened": len(diff.flags_reopened),
            "previous_run_id": previous["run_id"] if previous else None}


@task(name="record-run", **_RETRY_OPTS)
def record_run_task(db_url: str | None, *, kind: str, started_at: str, findings: dict, results: list[dict],
                    findings_path: str, diff_path: str | None = None, records_source: str | None = None,
                    submissions: str | None = None) -> int:
    """Write the run and its per-applicant verdicts to the run history (``cme-audit runs``)."""
    from pipeline.models import Findings
    from pipeline.records.runs import RunStats, record_run

    read = sum(r["pages_read"] for r in results)
    cached = sum(r["pages_cached"] for r in results)
    stats = RunStats(kind=kind, started_at=dt.datetime.fromisoformat(started_at),
                     finished_at=dt.datetime.now(dt.UTC), pages=read + cached, pages_read=read,
                     pages_cached=cached, findings_path=findings_path, diff_path=diff_path,
                     records_source=records_source, submissions=submissions)
    return record_run(db_url, stats, Findings.model_validate(findings))
