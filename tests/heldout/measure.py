"""The guard's measurement, reusable: generate a setting's small held-out set, read it, score it.

``python -m tests.heldout.measure [--setting wenzhou|shanghai] [--out DIR]`` prints, per setting, every
key field's accuracy and every flag code's tp / fp with the floors a new rotation would set from them
(one certificate's worth below the field, the false flags measured plus one): what a session that
rotates the held-out side writes into ``guard.yaml`` at its final code. The CI guard
(``test_heldout_guard.py``) runs the same ``measure``.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.evaluate import EvalReport, evaluate_run

ROOT = Path(__file__).resolve().parents[2]
KEY_FIELDS = ("name", "project_code", "category", "credits", "date", "project_title", "organizer",
              "certificate_no")
SETTINGS = {
    # setting: (policy, generator arguments)
    "wenzhou": ("wenzhou-2023", ["--seed", "1401", "--applicants", "2", "--years", "2021-2022",
                                 "--max-certs-per-year", "6"]),
    "shanghai": ("shanghai-2018", ["--seed", "1402", "--applicants", "5", "--max-certs-per-year", "6"]),
}


def _run(*args: str, timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def measure(setting: str, root: Path) -> tuple[dict, EvalReport]:
    """Generate ``setting``'s held-out set under ``root``, read it with the real engine, score it."""
    policy, gen_args = SETTINGS[setting]
    gen = _run("-m", "samples.generate", "--out", str(root / "set"), "--profile", "realistic",
               "--families", "heldout", "--policy", policy, "--jobs", "1", *gen_args, timeout=600)
    if gen.returncode:
        raise RuntimeError(f"generator failed: {gen.stderr[-2000:]}")
    run = _run("-m", "pipeline.cli", "run", str(root / "set" / "submissions"), "--records",
               str(root / "set" / "records"), "--policy", policy, "--out", str(root / "out"),
               "--workers", "2", "--cache-dir", str(root / "cache"), timeout=900)
    if run.returncode:
        raise RuntimeError(f"cme-audit run failed: {run.stderr[-2000:]}")
    truth = json.loads((root / "set" / "truth.json").read_text(encoding="utf-8"))
    findings = json.loads((root / "out" / "findings.json").read_text(encoding="utf-8"))
    return truth, evaluate_run(truth, findings)


def proposed_floors(report: EvalReport) -> dict:
    """The floors a rotation sets from a measurement: one certificate below, one false flag above."""
    step = 1 / max(report.counts["certificate_pages"], 1)
    fields = {f: math.floor(((report.certificate_fields[f]["accuracy"] or 0.0) - step) * 100) / 100
              for f in KEY_FIELDS}
    flags = {code: prf.fp + 1 for code, prf in sorted(report.flags.items()) if prf.fp}
    return {"fields": {f: max(v, 0.0) for f, v in fields.items()}, "max_false_flags": flags}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setting", choices=sorted(SETTINGS), action="append")
    parser.add_argument("--out", type=Path, help="Keep the sets here (default: a temporary folder).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = args.out or Path(tmp)
        for setting in args.setting or sorted(SETTINGS):
            _truth, report = measure(setting, base / setting)
            measured = {f: report.certificate_fields[f]["accuracy"] for f in KEY_FIELDS}
            flags = {code: (prf.tp, prf.fp) for code, prf in sorted(report.flags.items())}
            print(json.dumps({"setting": setting, "certificates": report.counts["certificate_pages"],
                              "fields": measured, "flags_tp_fp": flags,
                              "proposed_floors": proposed_floors(report)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
