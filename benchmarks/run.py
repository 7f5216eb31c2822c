"""Benchmark: generate a sample set (or take one), time a whole audit run, measure memory, score it.

    python -m benchmarks.run [--profile realistic] [--applicants N] [--seed S] [--engine NAME]
                             [--workers 2] [--set DIR] [--out DIR] [--policy NAME] [--cache]

Without ``--set`` the set is generated with ``python -m samples.generate`` into
``OUT/set`` and the measurement then runs in a fresh child process, so the
generator's memory never shows in the peak-RSS figures. Writes ``OUT/BENCH.md``
and ``OUT/bench.json``; the run's own outputs (findings.json, report.html,
eval.json) go to ``OUT/run``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import logging
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger("benchmarks.run")

DEFAULT_POLICY = "wenzhou-2023"


class RunLike(Protocol):
    """What the benchmark reads from pipeline.audit.RunResult."""

    pages: int
    seconds: float
    stage_seconds: dict[str, float]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--profile", default="realistic", help="samples.generate profile (default realistic)")
    p.add_argument("--applicants", type=int, default=20, help="applicants to generate (default 20)")
    p.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    p.add_argument("--families", default="classic", choices=("classic", "dev", "heldout", "all"),
                   help="design families of a generated set (default classic; acceptance figures: heldout)")
    p.add_argument("--engine", default=None, help="OCR engine name (default: the pipeline's default)")
    p.add_argument("--workers", type=int, default=2, help="page-reading worker processes (default 2)")
    p.add_argument("--set", dest="set_dir", type=Path, default=None,
                   help="an existing generated set (submissions/, records/, truth.json); skips generation")
    p.add_argument("--out", type=Path, default=Path("bench-out"), help="output folder (default ./bench-out)")
    p.add_argument("--policy", default=None,
                   help=f"policy name or file (default: the truth's generator policy, else {DEFAULT_POLICY})")
    p.add_argument("--cache", action="store_true",
                   help="allow the reading cache (default off, so every page is really read)")
    return p.parse_args(argv)


# ------------------------------------------------------------------ measuring


def peak_rss_mib() -> dict[str, float]:
    """Peak resident memory of this process and of its largest finished child (Linux: KiB -> MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self": round(own, 1), "children_max": round(children, 1), "sum": round(own + children, 1)}


def summarise(result: RunLike, rss: dict[str, float]) -> dict[str, Any]:
    """Timing figures of a run: throughput and seconds per page by stage (None when no pages)."""
    pages = result.pages
    return {
        "pages": pages,
        "seconds": round(result.seconds, 3),
        "pages_per_second": round(pages / result.seconds, 4) if result.seconds > 0 else None,
        "seconds_per_page": round(result.seconds / pages, 4) if pages else None,
        "stage_seconds": {k: round(v, 3) for k, v in sorted(result.stage_seconds.items())},
        "stage_seconds_per_page": {k: (round(v / pages, 4) if pages else None)
                                   for k, v in sorted(result.stage_seconds.items())},
        "stage_share": stage_shares(result.stage_seconds),
        "peak_rss_mib": rss,
    }


def stage_shares(stage_seconds: dict[str, float]) -> dict[str, float | None]:
    """Each stage's share of the processing time summed over all stages (the seal stage's cost
    against the page's whole reading: issue 4 wants it under 10 %)."""
    total = sum(stage_seconds.values())
    return {k: (round(v / total, 4) if total > 0 else None) for k, v in sorted(stage_seconds.items())}


def bench_table(summary: dict[str, Any]) -> str:
    """Markdown: one table of the run's headline timing, one of seconds per page by stage."""
    from pipeline.eval_render import md_table

    rss = summary["peak_rss_mib"]
    head = md_table(
        ["pages", "wall s", "pages/s", "s/page", "peak RSS self MiB", "peak RSS child MiB"],
        [[summary["pages"], summary["seconds"], summary["pages_per_second"], summary["seconds_per_page"],
          rss["self"], rss["children_max"]]])
    shares = summary.get("stage_share") or stage_shares(summary["stage_seconds"])
    stages = md_table(["stage", "total s (summed over pages)", "s/page", "share of processing time"],
                      [[k, summary["stage_seconds"][k], v,
                        None if shares.get(k) is None else f"{100 * shares[k]:.1f} %"]
                       for k, v in summary["stage_seconds_per_page"].items()])
    return head + "\n\n" + stages + "\n"


def headline_table(headline: dict[str, float | None]) -> str:
    from pipeline.eval_render import md_table

    return md_table(["figure", "value"], headline.items()) + "\n"


# ------------------------------------------------------------------ running


def generate_set(target: Path, *, seed: int, applicants: int, profile: str, families: str = "classic",
                 policy: str | None = None) -> Path:
    """Run the sample generator into ``target``; raise with its stderr if it fails. ``families``:
    the design split (``dev`` while tuning, ``heldout`` for acceptance figures)."""
    cmd = [sys.executable, "-m", "samples.generate", "--out", str(target), "--seed", str(seed),
           "--applicants", str(applicants), "--profile", profile, "--families", families, "--jobs", "1"]
    if policy:
        cmd += ["--policy", policy]
    log.info("generating: %s", " ".join(cmd))
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"samples.generate failed (exit {done.returncode}); command: {' '.join(cmd)}\n"
                           f"{done.stderr.strip()[-2000:]}")
    return target


def _policy_for(set_dir: Path, truth: dict | None, explicit: str | None) -> str:
    if explicit:
        return explicit
    return ((truth or {}).get("generator") or {}).get("policy") or DEFAULT_POLICY


def _call_run_audit(set_dir: Path, out: Path, *, policy: str, engine: str | None, workers: int,
                    use_cache: bool):
    from pipeline.audit import run_audit

    kwargs: dict[str, Any] = {"records": set_dir / "records", "policy": policy, "out": out,
                              "engine": engine, "workers": workers}
    accepted = inspect.signature(run_audit).parameters
    if "use_cache" in accepted:
        kwargs["use_cache"] = use_cache
    if "progress" in accepted:
        kwargs["progress"] = lambda done, total: log.info("audited bundle %d/%d", done, total)
    return run_audit(set_dir / "submissions", **kwargs)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Run the audit on ``args.set_dir`` in this process; write BENCH.md and bench.json."""
    set_dir: Path = args.set_dir
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    truth_path = set_dir / "truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else None
    policy = _policy_for(set_dir, truth, args.policy)

    result = _call_run_audit(set_dir, out / "run", policy=policy, engine=args.engine,
                             workers=args.workers, use_cache=args.cache)
    summary = summarise(result, peak_rss_mib())

    eval_json = None
    headline = None
    eval_md = ""
    if truth is not None:
        from pipeline.eval_render import render_markdown
        from pipeline.evaluate import evaluate_run
        from pipeline.report.html import write_report

        report = evaluate_run(truth, result.findings.to_json_dict())
        eval_json = report.to_json()
        headline = report.headline()
        eval_md = render_markdown(report)
        (out / "run" / "eval.json").write_text(json.dumps(eval_json, ensure_ascii=False, indent=2),
                                               encoding="utf-8")
        write_report(result.findings, out / "run", eval_summary=headline)

    params = {"set": str(set_dir), "policy": policy, "engine": args.engine, "workers": args.workers,
              "cache": args.cache, "profile": args.profile, "applicants": args.applicants, "seed": args.seed,
              "generator": (truth or {}).get("generator")}
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    bench = {"schema": "cme-audit/bench@1", "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
             "params": params, "machine": machine, "timing": summary, "eval_headline": headline,
             "eval": eval_json}
    (out / "bench.json").write_text(json.dumps(bench, ensure_ascii=False, indent=2), encoding="utf-8")

    md = [f"# cme-audit benchmark ({bench['at']})", "",
          f"Set `{set_dir}`, policy `{policy}`, engine `{args.engine or 'default'}`, workers {args.workers}, "
          f"cache {'on' if args.cache else 'off'}; machine {machine['cpus']} CPUs, Python {machine['python']}.",
          "", "## Timing", "", bench_table(summary)]
    if headline is not None:
        md += ["## Accuracy (headline)", "", headline_table(headline), "## Accuracy (full)", "", eval_md]
    (out / "BENCH.md").write_text("\n".join(md), encoding="utf-8")
    print(bench_table(summary))
    if headline is not None:
        print(headline_table(headline))
    print(f"wrote {out / 'BENCH.md'} and {out / 'bench.json'}")
    return bench


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args = parse_args(argv)
    if args.set_dir is not None:
        measure(args)
        return 0
    set_dir = generate_set(args.out / "set", seed=args.seed, applicants=args.applicants, profile=args.profile,
                           families=args.families, policy=args.policy)
    # measure in a fresh process so the generator's memory is not in the peak-RSS figures
    child = [sys.executable, "-m", "benchmarks.run", "--set", str(set_dir), "--out", str(args.out),
             "--workers", str(args.workers), "--profile", args.profile, "--applicants", str(args.applicants),
             "--seed", str(args.seed)]
    if args.engine:
        child += ["--engine", args.engine]
    if args.policy:
        child += ["--policy", args.policy]
    if args.cache:
        child.append("--cache")
    return subprocess.run(child).returncode


if __name__ == "__main__":
    sys.exit(main())
