"""The audit flow: import records once, one task per bundle, gather, write findings, record the run.

Same findings as ``cme-audit run`` (``pipeline.audit.run_audit``), with Prefect
giving per-bundle task runs, retries of transient failures, artifacts for
reviewers, deployments and scale-out on Dask.

Caching is deliberately NOT Prefect's: every task has ``cache_policy=NO_CACHE``.
Readings are reused through ``pipeline.cache.ReadingCache`` (keyed by file
content sha256 + a fingerprint of engine, configs and model manifest, stored as
JSON under ``$CME_AUDIT_HOME/readings/``), which ``cme-audit run``, every flow
run and the nightly reconciliation share. Prefect's default task cache key
includes the flow-run id, so it would reuse nothing between nightly runs, and
caching audit results would hide the record changes a re-audit exists to see.

Task runners: by default a thread pool runs bundle tasks concurrently and all
their pages go to one shared, bounded page pool (``flows.runners``). With
``dask="local"`` or ``dask="tcp://host:port"`` the flow runs itself again as
``audit_flow.with_options(task_runner=DaskTaskRunner(...))`` (a subflow run),
and bundle tasks run on Dask workers, each reading its pages inline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.context import get_run_context
from prefect.task_runners import ThreadPoolTaskRunner

from flows.artifacts import publish
from flows.config import flows_config
from flows.runners import dask_task_runner, pool_scope
from flows.tasks import (
    audit_bundle_task,
    check_policy_task,
    discover_task,
    import_records_task,
    record_run_task,
    store_url_for,
    write_outputs_task,
)
from pipeline.runlock import run_lock


def _runs_on_dask() -> bool:
    from prefect_dask import DaskTaskRunner  # imported here: it loads dask.distributed

    return isinstance(get_run_context().task_runner, DaskTaskRunner)


def audit_bundles(bundles: list[dict], *, root: str, store_url: str, policy: str, engine: str | None,
                  cache_dir: str | None, workers: int, audit_year: int | None) -> list[dict]:
    """Submit one ``audit_bundle_task`` per bundle and gather results in discovery order."""
    futures = [audit_bundle_task.submit(b["applicant_key"], b["folder"], root, b["files"],
                                        store_url=store_url, policy=policy, engine=engine,
                                        cache_dir=cache_dir, workers=workers, audit_year=audit_year,
                                        rejected=b.get("rejected"))
               for b in bundles]
    return [f.result() for f in futures]


@flow(name="cme-audit-audit",
      task_runner=ThreadPoolTaskRunner(max_workers=int(flows_config()["bundle_concurrency"])))
def audit_flow(submissions: str, records: str | None, policy: str, out: str, engine: str | None = None,
               db_url: str | None = None, workers: int = 2, dask: str | None = None,
               audit_year: int | None = None, cache_dir: str | None = None) -> dict:
    """Audit every bundle under ``submissions`` against ``records`` with ``policy``; write to ``out``.

    ``db_url``: the records store (default ``OUT/cme-audit.sqlite``) and the run history
    (default ``$CME_AUDIT_HOME/cme-audit.sqlite``). ``workers``: reader processes of the
    shared page pool. ``dask``: ``"local"`` or ``"tcp://host:port"`` to run bundle tasks on Dask.
    """
    if dask and not _runs_on_dask():
        return audit_flow.with_options(task_runner=dask_task_runner(dask))(
            submissions, records, policy, out, engine=engine, db_url=db_url, workers=workers, dask=dask,
            audit_year=audit_year, cache_dir=cache_dir)
    with run_lock(Path(out)):  # one run per output folder, as for `cme-audit run` (pipeline/runlock.py)
        logger = get_run_logger()
        started = dt.datetime.now(dt.UTC).isoformat()
        root = str(Path(submissions).resolve())
        store_url = store_url_for(db_url, out)
        check_policy_task(policy)
        import_records_task(str(records) if records else None, store_url)
        bundles = discover_task(root)
        logger.info("%d bundles under %s", len(bundles), root)
        with pool_scope():
            results = audit_bundles(bundles, root=root, store_url=store_url, policy=policy, engine=engine,
                                    cache_dir=cache_dir, workers=1 if dask else workers, audit_year=audit_year)
        written = write_outputs_task(results, policy, out, cache_dir=cache_dir, store_url=store_url)
        summary = {"findings_path": written["findings_path"], "report_path": written["report_path"],
                   "bundles": len(results), "pages_read": sum(r["pages_read"] for r in results),
                   "pages_cached": sum(r["pages_cached"] for r in results)}
        summary["run_id"] = record_run_task(db_url, kind="audit", started_at=started, findings=written["findings"],
                                            results=results, findings_path=written["findings_path"],
                                            records_source=str(records) if records else None, submissions=root)
        publish("cme-audit audit", written["findings"], summary)
        logger.info("run %s: %s", summary["run_id"], summary)
        return summary


if __name__ == "__main__":  # pragma: no cover - `python -m flows.audit` serves nothing; use deployments
    import sys

    sys.exit("use `cme-audit run --dask ...` or `prefect deploy` (see docs/FLOWS.md)")
