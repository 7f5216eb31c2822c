"""The nightly reconciliation: newest records export -> import -> re-audit every bundle -> dated diff.

Readings come from ``pipeline.cache.ReadingCache`` (see ``flows.audit`` for why
Prefect's task cache is not used), so a night over unchanged bundles does no
OCR; a bundle not yet in the cache is read once and cached. The findings and a
diff against the previous run over the same submissions (from the run history:
the previous nightly run, else the last audit run) go to
``OUT_ROOT/<YYYY-MM-DD>/``; the run is recorded and shown by ``cme-audit runs``.
The diff logic itself is ``pipeline.reconcile`` (no Prefect).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from flows.artifacts import publish
from flows.audit import audit_bundles
from flows.config import flows_config
from flows.runners import pool_scope
from flows.tasks import (
    check_policy_task,
    diff_task,
    discover_task,
    import_records_task,
    newest_export_task,
    previous_findings_task,
    record_run_task,
    store_url_for,
    write_outputs_task,
)
from pipeline.runlock import run_lock


def nightly_date(run_date: str | None = None) -> str:
    """``run_date`` (YYYY-MM-DD) checked, else today in the nightly time zone of flows.yaml."""
    if run_date:
        return dt.date.fromisoformat(run_date).isoformat()
    return dt.datetime.now(ZoneInfo(flows_config()["nightly"]["timezone"])).date().isoformat()


@flow(name="cme-audit-nightly",
      task_runner=ThreadPoolTaskRunner(max_workers=int(flows_config()["bundle_concurrency"])))
def reconcile_flow(drop_folder: str, submissions: str, policy: str, out_root: str, db_url: str | None = None,
                   engine: str | None = None, cache_dir: str | None = None, *, workers: int = 2,
                   audit_year: int | None = None, run_date: str | None = None) -> dict:
    """Re-audit ``submissions`` against the newest export in ``drop_folder``; write ``out_root/<date>/``.

    ``db_url``: records store and run history (default: ``OUT_ROOT/cme-audit.sqlite`` for the
    store, kept across nights, and ``$CME_AUDIT_HOME/cme-audit.sqlite`` for the history).
    ``run_date``: the output folder's date (default: today in Asia/Shanghai).
    """
    logger = get_run_logger()
    started = dt.datetime.now(dt.UTC).isoformat()
    day = nightly_date(run_date)
    out_dir = str(Path(out_root) / day)
    root = str(Path(submissions).resolve())
    store_url = store_url_for(db_url, out_root)
    with run_lock(Path(out_root)):  # one nightly job per output root: its store and day folders (pipeline/runlock.py)
        check_policy_task(policy)
        export = newest_export_task(drop_folder)
        logger.info("newest export: %s", export)
        import_records_task(export, store_url)
        previous = previous_findings_task(db_url, kinds=["reconcile", "audit"], submissions=root)
        bundles = discover_task(root)
        with pool_scope():
            results = audit_bundles(bundles, root=root, store_url=store_url, policy=policy, engine=engine,
                                    cache_dir=cache_dir, workers=workers, audit_year=audit_year)
        written = write_outputs_task(results, policy, out_dir, cache_dir=cache_dir, store_url=store_url)
        diff = diff_task(previous, written["findings"], out_dir, day, store_url=store_url)
        summary = {"date": day, "export": export, "findings_path": written["findings_path"],
                   "report_path": written["report_path"], "bundles": len(results),
                   "pages_read": sum(r["pages_read"] for r in results),
                   "pages_cached": sum(r["pages_cached"] for r in results), **diff}
        summary["run_id"] = record_run_task(db_url, kind="reconcile", started_at=started,
                                            findings=written["findings"], results=results,
                                            findings_path=written["findings_path"], diff_path=diff["diff_path"],
                                            records_source=export, submissions=root)
        publish(f"cme-audit nightly {day}", written["findings"], summary)
        logger.info("nightly run %s: %s", summary["run_id"], summary)
        return summary
