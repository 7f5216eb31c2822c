"""CI guard of issue 14: a small held-out evaluation, so later work cannot silently undo it.

A few applicants are generated from the **held-out** design families only (families the reading
was never tuned on, ``samples/config/families.yaml``), in a Wenzhou and a Shanghai setting, read
with the real engine by ``cme-audit run`` and scored by ``cme-audit eval``'s code. The guard fails
when a key certificate field falls below ``MIN_FIELD`` or any flag code the run raised has a
precision below ``MIN_FLAG_PRECISION``. The sets are kept small (``--max-certs-per-year``,
``--years``) so both settings run in a few minutes on two cores.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate_run

ROOT = Path(__file__).resolve().parents[2]
KEY_FIELDS = ("name", "project_code", "category", "credits", "date", "project_title", "organizer",
              "certificate_no")
MIN_FIELD = 0.97
MIN_FLAG_PRECISION = 0.90
SETTINGS = {
    # setting: (policy, generator arguments)
    "wenzhou": ("wenzhou-2023", ["--seed", "1401", "--applicants", "2", "--years", "2021-2022",
                                 "--max-certs-per-year", "6"]),
    "shanghai": ("shanghai-2018", ["--seed", "1402", "--applicants", "5", "--max-certs-per-year", "6"]),
}


def _run(*args: str, timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


@pytest.fixture(scope="module", params=sorted(SETTINGS))
def heldout_eval(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    policy, gen_args = SETTINGS[request.param]
    root = tmp_path_factory.mktemp(f"heldout-{request.param}")
    gen = _run("-m", "samples.generate", "--out", str(root / "set"), "--profile", "realistic",
               "--families", "heldout", "--policy", policy, "--jobs", "1", *gen_args, timeout=600)
    assert gen.returncode == 0, gen.stderr[-2000:]
    run = _run("-m", "pipeline.cli", "run", str(root / "set" / "submissions"), "--records",
               str(root / "set" / "records"), "--policy", policy, "--out", str(root / "out"),
               "--workers", "2", "--cache-dir", str(root / "cache"), timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    truth = json.loads((root / "set" / "truth.json").read_text(encoding="utf-8"))
    findings = json.loads((root / "out" / "findings.json").read_text(encoding="utf-8"))
    return request.param, truth, evaluate_run(truth, findings)


def test_the_set_is_held_out_only(heldout_eval) -> None:  # noqa: ANN001
    _setting, truth, report = heldout_eval
    assert truth["generator"]["families"] == "heldout"
    certs = report.counts["certificate_pages"]
    assert certs >= 10, "too few certificates to guard anything"
    assert report.by_family["split heldout"]["certificates"] == certs


def test_key_fields_hold_on_held_out_families(heldout_eval) -> None:  # noqa: ANN001
    setting, _truth, report = heldout_eval
    low = {f: report.certificate_fields[f]["accuracy"] for f in KEY_FIELDS
           if (report.certificate_fields[f]["accuracy"] or 0.0) < MIN_FIELD}
    assert not low, f"{setting}: held-out certificate fields below {MIN_FIELD}: {low}"


def test_every_flag_code_stays_precise(heldout_eval) -> None:  # noqa: ANN001
    setting, _truth, report = heldout_eval
    low = {code: (prf.tp, prf.fp) for code, prf in report.flags.items()
           if prf.tp + prf.fp and (prf.precision or 0.0) < MIN_FLAG_PRECISION}
    assert not low, f"{setting}: flag codes below precision {MIN_FLAG_PRECISION} (tp, fp): {low}"
