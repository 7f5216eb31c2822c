"""cme-audit against the tools an office would otherwise reach for, on the same pages, in one run.

    python -m benchmarks.peers [--applicants 7] [--seed 1818] [--pages N] [--workers 2]
                               [--set DIR] [--out bench-out/peers] [--md docs/benchmarks.md]
                               [--tools cme-audit,tesseract,ocrmypdf,rapidocr,rapidocr-openvino]
                               [--profile-pages 20]

Generates a fixed set (``samples.generate --profile realistic``: scans at 150-300 dpi in colour,
grey and black-and-white, phone JPGs, born-digital lists; 7 applicants give about 230 pages),
cuts it into one chunk per applicant bundle (``benchmarks/peers_set.py``) and runs every tool
over every chunk, the tools' order rotating from chunk to chunk so that a burst of load from
elsewhere falls on all of them alike:

- ``cme-audit run`` cold (a fresh cache folder) and, right after, warm (the same cache),
  ``--workers`` reader processes, the whole audit;
- the bare ``tesseract`` CLI with ``chi_sim`` on every page image, ``--workers`` processes;
- ``ocrmypdf -l chi_sim --jobs W --output-type pdf --optimize 0`` on each bundle as one PDF;
- RapidOCR over whole pages on onnxruntime and on OpenVINO, ``--workers`` processes.

Measured per tool: wall seconds, CPU seconds, peak memory of its process tree
(``benchmarks/peers_measure.py``), pages/s; for cme-audit the seconds per reading stage from
the cold run's readings (``PageReading.timings``); the two RapidOCR runtimes' texts are compared
page by page. ``--profile-pages`` then profiles a cold run over that many certificate pages
with py-spy (``benchmarks/peers_profile.py``): where a page's time goes and the share outside
OCR engine calls. The markdown goes between the ``peers`` markers of ``--md`` (the rest of the
file is kept); ``OUT/bench.json`` holds every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import logging
import os
import shutil
import sys
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from benchmarks.peers_measure import Totals, machine
from benchmarks.peers_set import Chunk, generate, make_chunks
from benchmarks.peers_tools import ToolFailed, cme_audit, ocrmypdf, rapidocr, tesseract

log = logging.getLogger("benchmarks.peers")

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("cme-audit", "tesseract", "ocrmypdf", "rapidocr", "rapidocr-openvino")
ROWS = ("cme-audit cold", "cme-audit warm", "tesseract", "ocrmypdf", "rapidocr", "rapidocr-openvino")
BEGIN, END = "<!-- peers:begin (written by python -m benchmarks.peers) -->", "<!-- peers:end -->"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.peers", description=__doc__.split("\n\n")[0])
    p.add_argument("--applicants", type=int, default=7, help="applicants to generate (default 7, ~230 pages)")
    p.add_argument("--seed", type=int, default=1818)
    p.add_argument("--set-profile", default="realistic", help="samples.generate profile (default realistic)")
    p.add_argument("--pages", type=int, default=None, help="only the first N pages of the first bundle (small run)")
    p.add_argument("--workers", type=int, default=2, help="processes per tool (default 2)")
    p.add_argument("--policy", default="wenzhou-2023")
    p.add_argument("--set", dest="set_dir", type=Path, default=None, help="an existing generated set")
    p.add_argument("--out", type=Path, default=Path("bench-out/peers"))
    p.add_argument("--md", type=Path, default=ROOT / "docs" / "benchmarks.md",
                   help="markdown file whose peers section is (re)written (default docs/benchmarks.md)")
    p.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}")
    p.add_argument("--profile-pages", type=int, default=20,
                   help="certificate pages of the py-spy profile after the measurement (0: none)")
    return p.parse_args(argv)


def stage_seconds(cache_dir: Path) -> tuple[dict[str, float], int]:
    """Seconds per stage summed over every page of the readings in a cache folder, and the pages."""
    from pipeline.models import DocumentReading

    totals: dict[str, float] = defaultdict(float)
    pages = 0
    for path in (cache_dir / "readings").rglob("*.json"):
        reading = DocumentReading.model_validate_json(path.read_text(encoding="utf-8"))
        for page in reading.pages:
            pages += 1
            for stage, seconds in page.timings.items():
                totals[stage] += seconds
    return dict(totals), pages


def agreement(a: dict[str, str], b: dict[str, str]) -> dict[str, float]:
    """Page-by-page similarity (difflib ratio of the texts) of two readings of the same pages."""
    ratios = [difflib.SequenceMatcher(None, a[k], b[k], autojunk=False).ratio() for k in a if k in b]
    if not ratios:
        return {"pages": 0}
    ratios.sort()
    return {"pages": len(ratios), "mean": sum(ratios) / len(ratios), "min": ratios[0],
            "median": ratios[len(ratios) // 2], "identical": sum(r == 1.0 for r in ratios),
            "at_least_975": sum(r >= 0.975 for r in ratios)}


class Bench:
    """One benchmark run: the tools' totals, the load seen, the texts read."""

    def __init__(self, args: argparse.Namespace, set_dir: Path, chunks: list[Chunk]):
        self.args, self.set_dir, self.chunks = args, set_dir, chunks
        self.tools = [t for t in args.tools.split(",") if t]
        unknown = set(self.tools) - set(TOOLS)
        if unknown:
            raise SystemExit(f"unknown tool(s) {', '.join(sorted(unknown))}; choose from {', '.join(TOOLS)}")
        self.totals: dict[str, Totals] = {row: Totals() for row in ROWS}
        self.stages: dict[str, float] = defaultdict(float)
        self.stage_pages = 0
        self.loads: list[float] = []
        self.texts: dict[str, dict[str, str]] = defaultdict(dict)
        self.findings_applicants = 0

    def run_chunk(self, chunk: Chunk) -> None:
        k = chunk.index % len(self.tools)
        order = self.tools[k:] + self.tools[:k]
        log.info("chunk %d (%d pages): %s", chunk.index, chunk.pages, " -> ".join(order))
        for tool in order:
            self.loads.append(os.getloadavg()[0])
            try:
                getattr(self, "_" + tool.replace("-", "_"))(chunk)
            except ToolFailed as exc:
                log.error("%s failed on chunk %d: %s", tool, chunk.index, exc)
                self.totals["cme-audit cold" if tool == "cme-audit" else tool].failures.append(str(exc))

    def _dir(self, chunk: Chunk, name: str) -> Path:
        path = self.args.out / "runs" / f"chunk{chunk.index:02d}" / name
        if path.exists():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _cme_audit(self, chunk: Chunk) -> None:
        cache = self._dir(chunk, "cache")
        common = dict(records=self.set_dir / "records", policy=self.args.policy, cache_dir=cache,
                      workers=self.args.workers)
        cold_out = self._dir(chunk, "cold")
        self.totals["cme-audit cold"].add(cme_audit(chunk, out=cold_out, **common), chunk.pages)
        findings = json.loads((cold_out / "findings.json").read_text(encoding="utf-8"))
        self.findings_applicants += len(findings.get("applicants", []))
        stages, pages = stage_seconds(cache)
        for stage, seconds in stages.items():
            self.stages[stage] += seconds
        self.stage_pages += pages
        self.totals["cme-audit warm"].add(cme_audit(chunk, out=self._dir(chunk, "warm"), **common), chunk.pages)

    def _tesseract(self, chunk: Chunk) -> None:
        usage, texts = tesseract(chunk, workers=self.args.workers)
        self.totals["tesseract"].add(usage, chunk.pages)
        self.texts["tesseract"].update(texts)

    def _ocrmypdf(self, chunk: Chunk) -> None:
        out = self._dir(chunk, "ocrmypdf.pdf")
        self.totals["ocrmypdf"].add(ocrmypdf(chunk, out=out, workers=self.args.workers), chunk.pages)

    def _rapid(self, chunk: Chunk, row: str, runtime: str) -> None:
        usage, texts = rapidocr(chunk, runtime=runtime, out_dir=self._dir(chunk, row), workers=self.args.workers)
        self.totals[row].add(usage, chunk.pages)
        self.texts[row].update(texts)

    def _rapidocr(self, chunk: Chunk) -> None:
        self._rapid(chunk, "rapidocr", "onnxruntime")

    def _rapidocr_openvino(self, chunk: Chunk) -> None:
        self._rapid(chunk, "rapidocr-openvino", "openvino")


def ratios(totals: dict[str, Totals]) -> dict[str, float | None]:
    """Throughput ratios from the table's own rows (None where a row is missing)."""
    def pps(row: str) -> float | None:
        t = totals.get(row)
        return t.pages_per_second if t and t.runs and not t.failures and t.seconds > 0 else None

    def over(a: str, b: str) -> float | None:
        x, y = pps(a), pps(b)
        return x / y if x and y else None

    return {"cme-audit/ocrmypdf": over("cme-audit cold", "ocrmypdf"),
            "cme-audit/tesseract": over("cme-audit cold", "tesseract"),
            "warm/cold": over("cme-audit warm", "cme-audit cold"),
            "rapidocr-openvino/rapidocr": over("rapidocr-openvino", "rapidocr")}


def _fmt(x: float | None, spec: str = ".2f") -> str:
    return "n/a" if x is None else format(x, spec)


def render(result: dict) -> str:
    m = result["machine"]
    lines = [BEGIN, "", f"### Peers: measured {result['finished_at']}", "",
             f"Set: `samples.generate --profile {result['set_profile']} --seed {result['seed']} "
             f"--applicants {result['applicants']}` ({result['pages']} pages in {result['chunks']} chunks"
             f"{', first ' + str(result['pages_limit']) + ' pages only' if result['pages_limit'] else ''}); "
             f"{result['workers']} processes per tool; tools interleaved chunk by chunk; code at "
             f"{result['code']['commit']} (+{result['code']['dirty_files']} files changed in the work tree).",
             f"Machine: {m['nproc']} cores ({m['cpu_model']}), {m['memory_gib']} GiB; load average during the "
             f"run {result['load']['min']:.1f}-{result['load']['max']:.1f} (mean {result['load']['mean']:.1f}) "
             "from other work on the machine, so absolute times are inflated alike for every tool.", "",
             "| tool | pages | wall s | pages/s | CPU s/page | peak MiB |", "|---|---:|---:|---:|---:|---:|"]
    for row, t in result["tools"].items():
        if not t["runs"]:
            continue
        if t["failures"]:
            lines.append(f"| {row} | failed: {t['failures'][0][:80]} | | | | |")
            continue
        lines.append(f"| {row} | {t['pages']} | {t['seconds']:.1f} | {t['pages_per_second']:.3f} | "
                     f"{t['cpu_seconds'] / max(t['pages'], 1):.2f} | {t['peak_rss_mib']:.0f} |")
    r = result["ratios"]
    lines += ["", f"Ratios (pages/s): **cme-audit / ocrmypdf {_fmt(r['cme-audit/ocrmypdf'])}×**, "
                  f"cme-audit / tesseract {_fmt(r['cme-audit/tesseract'])}×, warm / cold "
                  f"{_fmt(r['warm/cold'], '.1f')}×, RapidOCR openvino / onnxruntime "
                  f"{_fmt(r['rapidocr-openvino/rapidocr'])}×. cme-audit cold wrote findings for "
                  f"{result['findings_applicants']} applicant(s).", ""]
    if result["stages"]:
        pages = max(result["stage_pages"], 1)
        total = sum(result["stages"].values())
        lines += ["cme-audit cold, seconds per page by reading stage (`PageReading.timings`, summed over the "
                  f"reader processes; `ocr` is preprocessing + every whole-page read incl. re-reads turned):", "",
                  "| stage | s/page | share |", "|---|---:|---:|"]
        for stage, seconds in sorted(result["stages"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {stage} | {seconds / pages:.2f} | {seconds / total:.0%} |")
        lines.append("")
    agree = result.get("agreement", {})
    if agree.get("pages"):
        lines += [f"RapidOCR onnxruntime vs openvino, text of the same {agree['pages']} whole pages: mean "
                  f"similarity {agree['mean']:.3f}, median {agree['median']:.3f}, min {agree['min']:.3f}; "
                  f"{agree['identical']} identical, {agree['at_least_975']} at ≥ 0.975.", ""]
    prof = result.get("profile")
    if prof:
        lines += [f"Profile (py-spy, {prof['pages']} certificate pages, cold, `--workers 1`): "
                  f"**{prof['outside_engine_share']:.0%} of the sampled time is outside OCR engine calls**.", "",
                  prof["table"], ""]
    lines += ["Reproduce: `" + result["command"] + "`", "", END]
    return "\n".join(lines)


def write_md(path: Path, section: str) -> None:
    """Replace the peers section of ``path`` (or append it; create the file when missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def snapshot(target: Path) -> dict[str, str]:
    """Copy the code the tools run (pipeline, ocr_models, flows, benchmarks) to ``target`` and put it
    first on PYTHONPATH for every child: the whole run measures one version of the code even while
    the working tree changes (the reading cache's fingerprint hashes the reading code, so a file
    edited between a cold and a warm run would otherwise make the warm run read everything again)."""
    import subprocess

    if target.exists():
        shutil.rmtree(target)
    for name in ("pipeline", "ocr_models", "flows", "benchmarks"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    os.environ["PYTHONPATH"] = os.pathsep.join([str(target), *filter(None, [os.environ.get("PYTHONPATH")])])

    def git(*cmd: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *cmd], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "dirty_files": str(len(git("status", "--porcelain", "--untracked-files=no").splitlines()))}


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args.out.mkdir(parents=True, exist_ok=True)
    applicants = 1 if args.pages and not args.set_dir else args.applicants
    set_dir = args.set_dir or generate(args.out / "set", seed=args.seed, applicants=applicants,
                                       profile=args.set_profile)
    work = args.out / "pages"
    if work.exists():
        shutil.rmtree(work)
    chunks = make_chunks(set_dir, work, max_pages=args.pages)
    code = snapshot(args.out / "code")
    bench = Bench(args, set_dir, chunks)
    started = os.getloadavg()[0]
    for chunk in chunks:
        bench.run_chunk(chunk)
        partial = {row: {**asdict(t), "pages_per_second": t.pages_per_second} for row, t in bench.totals.items()}
        (args.out / "partial.json").write_text(json.dumps({"chunks_done": chunk.index + 1, "tools": partial}),
                                               encoding="utf-8")  # figures so far, should the run be cut short
    bench.loads.append(os.getloadavg()[0])
    totals = {row: t for row, t in bench.totals.items()}
    result: dict = {
        "finished_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "set_profile": args.set_profile, "seed": args.seed, "applicants": applicants,
        "pages": sum(c.pages for c in chunks), "chunks": len(chunks), "pages_limit": args.pages,
        "workers": args.workers, "machine": machine(), "code": code,
        "load": {"start": started, "min": min(bench.loads), "max": max(bench.loads),
                 "mean": sum(bench.loads) / len(bench.loads)},
        "tools": {row: {**asdict(t), "pages_per_second": t.pages_per_second} for row, t in totals.items()},
        "ratios": ratios(totals), "stages": dict(bench.stages), "stage_pages": bench.stage_pages,
        "findings_applicants": bench.findings_applicants,
        "agreement": agreement(bench.texts.get("rapidocr", {}), bench.texts.get("rapidocr-openvino", {})),
        "command": "python -m benchmarks.peers " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    if args.profile_pages > 0 and "cme-audit" in bench.tools:
        from benchmarks.peers_profile import profile_run
        from benchmarks.peers_profile import render as render_profile

        try:
            prof, pages, _cmd = profile_run(set_dir, args.out / "profile", pages=args.profile_pages,
                                            policy=args.policy)
            result["profile"] = {**prof.to_json(), "pages": pages, "table": render_profile(prof, pages)}
        except ToolFailed as exc:
            log.error("profile failed: %s", exc)
    (args.out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    section = render(result)
    write_md(args.md, section)
    print(section)
    return result


if __name__ == "__main__":
    main()
