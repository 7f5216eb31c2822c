"""Benchmark: a cold audit flow vs a nightly reconciliation over the same, unchanged bundles.

    python -m benchmarks.nightly_bench --applicants 4 --profile realistic [--out DIR] [--md FILE]

Generates a set, runs ``audit_flow`` with an empty reading cache (every page OCRed),
then ``reconcile_flow`` with the export in a drop folder (every reading from the
cache), under a private Prefect test server started before the clock starts.
Prints a markdown table: both wall times, pages read, and the speed-up (target >= 20x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 20.0


def _generate(out: Path, args: argparse.Namespace) -> None:
    cmd = [sys.executable, "-m", "samples.generate", "--out", str(out), "--seed", str(args.seed),
           "--applicants", str(args.applicants), "--profile", args.profile]
    if args.years:
        cmd += ["--years", args.years]
    subprocess.run(cmd, check=True)


def run(args: argparse.Namespace) -> str:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    work = Path(args.out or tempfile.mkdtemp(prefix="cme-nightly-bench-"))
    if work.exists() and args.out:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    os.environ["CME_AUDIT_HOME"] = str(work / "home")  # private reading cache + run history: a cold start
    _generate(work / "set", args)
    drop = work / "drop"
    drop.mkdir()
    shutil.copytree(work / "set" / "records", drop / f"export-{dt.date.today().isoformat()}")

    from prefect.testing.utilities import prefect_test_harness

    from flows.audit import audit_flow
    from flows.reconcile import reconcile_flow

    subs = str(work / "set" / "submissions")
    with prefect_test_harness(server_startup_timeout=120):
        t0 = time.perf_counter()
        cold = audit_flow(subs, str(work / "set" / "records"), args.policy, str(work / "audit-out"),
                          engine=args.engine, workers=args.workers)
        t1 = time.perf_counter()
        nightly = reconcile_flow(str(drop), subs, args.policy, str(work / "nightly"), engine=args.engine,
                                 workers=args.workers)
        t2 = time.perf_counter()
    cold_s, nightly_s = t1 - t0, t2 - t1
    ratio = cold_s / nightly_s if nightly_s > 0 else float("inf")
    pages = cold["pages_read"] + cold["pages_cached"]
    lines = [
        (f"### Nightly reconciliation vs cold audit ({args.applicants} applicants, profile {args.profile}, "
         f"seed {args.seed}, {pages} pages, workers {args.workers}, {args.policy})"),
        "",
        "| run | wall seconds | pages read (OCR) | pages from cache | s/bundle |",
        "|---|---:|---:|---:|---:|",
        (f"| audit flow, cold cache | {cold_s:.1f} | {cold['pages_read']} | {cold['pages_cached']} | "
         f"{cold_s / max(cold['bundles'], 1):.2f} |"),
        (f"| nightly reconcile, unchanged bundles | {nightly_s:.1f} | {nightly['pages_read']} | "
         f"{nightly['pages_cached']} | {nightly_s / max(nightly['bundles'], 1):.2f} |"),
        "",
        (f"Speed-up: **{ratio:.1f}x** (target >= {TARGET_RATIO:.0f}x: "
         f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}). Diff: `{nightly['diff_path']}`."),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=4)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--profile", default="realistic")
    parser.add_argument("--years", default=None, help="e.g. 2022 or 2020-2022 (generator's syntax)")
    parser.add_argument("--policy", default="wenzhou-2023")
    parser.add_argument("--engine", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=None, help="Work folder (default: a new temporary folder)")
    parser.add_argument("--md", type=Path, default=None, help="Also write the table to this file")
    args = parser.parse_args(argv)
    table = run(args)
    print(table)
    if args.md:
        args.md.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
