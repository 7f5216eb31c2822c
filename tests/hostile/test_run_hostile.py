"""`cme-audit run` over the bad-input corpus, killed and resumed, and run twice at once (issue 16).

Real OCR on a tiny generated set (two applicants, one certificate a year, 2022) so the good bundles
stay a few pages; the corpus's own pages are small images. The good bundles' findings must be the
same with and without the bad files beside them, each run reading for itself (no shared cache).
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus import UNIT, build_corpus

ROOT = Path(__file__).resolve().parents[2]
PEAK_RSS_LIMIT_KB = 2 * 1024 * 1024  # issue 16: the whole run under 2 GB resident


def cme_audit(*args: object, home: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {**os.environ, "CME_AUDIT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=timeout)


def run_args(submissions: Path, records: Path, out: Path) -> list[object]:
    return [submissions, "--records", records, "--policy", "wenzhou-2023", "--out", out, "--workers", "2"]


def comparable(applicant: dict) -> dict:
    """One applicant's findings without what legitimately differs between two readings of the same
    files: timings, seal geometry (its detector's business) and evidence file names cut from it."""
    text = json.dumps(applicant, ensure_ascii=False, sort_keys=True)
    data = json.loads(text)
    for doc in data.get("documents", []):
        for page in doc.get("pages", []):
            page.pop("timings", None)
            page.pop("preview", None)
            cert = page.get("certificate")
            if cert and cert.get("stamps") is not None:
                cert["stamps"] = sorted(s["kind"] for s in cert["stamps"])
    for flag in data.get("flags", []):
        for key in ("evidence", "evidence_hash", "flag_id"):
            flag.pop(key, None)
    return data


@pytest.fixture(scope="module")
def good_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good")
    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(out), "--seed", "7", "--applicants", "2",
                    "--profile", "clean", "--max-certs-per-year", "1", "--years", "2022"],
                   check=True, cwd=ROOT, timeout=600, capture_output=True)
    return out


@pytest.fixture(scope="module")
def clean_run(good_set: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The good bundles alone, uninterrupted: the reference."""
    out = tmp_path_factory.mktemp("clean-out")
    proc = cme_audit(*run_args(good_set / "submissions", good_set / "records", out),
                     home=tmp_path_factory.mktemp("clean-home"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))


def test_a_run_over_every_bad_input_completes_and_flags_each(good_set: Path, clean_run: dict,
                                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    submissions = tmp_path_factory.mktemp("mixed") / "submissions"
    shutil.copytree(good_set / "submissions", submissions)
    expect = build_corpus(submissions)
    out = tmp_path_factory.mktemp("mixed-out")
    proc = cme_audit(*run_args(submissions, good_set / "records", out), home=tmp_path_factory.mktemp("mixed-home"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest process of any run so far
    assert peak_kb < PEAK_RSS_LIMIT_KB, f"peak resident memory {peak_kb / 1024:.0f} MB"
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    by_key = {a["applicant_key"]: a for a in findings["applicants"]}

    flags = {}
    documents = {}
    for applicant in findings["applicants"]:
        for flag in applicant["flags"]:
            flags.setdefault(flag.get("path"), []).append(flag)
        for doc in applicant["documents"]:
            documents[doc["path"]] = doc
    for rel, exp in expect.items():
        assert rel in documents, f"{rel} ({exp.what}) is missing from findings.json"
        if exp.code is None:
            assert not documents[rel].get("error") and documents[rel]["pages"], (rel, exp.what)
            continue
        mine = [f for f in flags.get(rel, []) if f["code"] == exp.code]
        assert mine, f"{rel} ({exp.what}): no {exp.code} flag; flags {flags.get(rel)}"
        assert all(f["message"] for f in mine)
        assert any(exp.reason in f["message"] for f in mine), (rel, exp.what, [f["message"] for f in mine])
    assert by_key[f"{UNIT}/格式各异"]["documents"], "the GBK-named file's bundle was reported"

    for reference in clean_run["applicants"]:  # the bad files beside them changed nothing
        assert comparable(by_key[reference["applicant_key"]]) == comparable(reference)


def _cached_documents(home: Path) -> int:
    return sum(1 for _ in (home / "readings").glob("*/*/*.json")) if (home / "readings").exists() else 0


def test_a_run_killed_mid_way_resumes_to_the_same_findings(good_set: Path, clean_run: dict,
                                                          tmp_path_factory: pytest.TempPathFactory) -> None:
    home, out = tmp_path_factory.mktemp("kill-home"), tmp_path_factory.mktemp("kill-out")
    documents = sum(len([d for d in a["documents"] if d["pages"]]) for a in clean_run["applicants"])
    kill_after = random.Random(os.getpid()).randint(1, max(1, documents - 1))  # documents read before the kill
    env = {**os.environ, "CME_AUDIT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run",
                             *map(str, run_args(good_set / "submissions", good_set / "records", out))],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 900
    while _cached_documents(home) < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its reader processes, at once
    proc.wait(timeout=60)
    assert not (out / "findings.json").exists()
    read_before = _cached_documents(home)
    assert 1 <= read_before < documents

    resumed = cme_audit(*run_args(good_set / "submissions", good_set / "records", out), home=home)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    counts = re.search(r"\((\d+) read, (\d+) from cache\)", resumed.stdout)
    assert counts and int(counts[1]) > 0 and int(counts[2]) > 0, resumed.stdout  # resumed: some cached, the rest read
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert [comparable(a) for a in findings["applicants"]] == [comparable(a) for a in clean_run["applicants"]]


def test_a_second_run_on_the_same_output_refuses_and_a_killed_one_blocks_nothing(
        good_set: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    home, out = tmp_path_factory.mktemp("lock-home"), tmp_path_factory.mktemp("lock-out")
    env = {**os.environ, "CME_AUDIT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    first = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run",
                              *map(str, run_args(good_set / "submissions", good_set / "records", out)), "--no-cache"],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        lock = out / ".cme-audit.lock"
        deadline = time.monotonic() + 120
        while not (lock.exists() and lock.read_text().startswith("pid")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert first.poll() is None, "the first run ended before the second started"
        second = cme_audit(*run_args(good_set / "submissions", good_set / "records", out), home=home, timeout=120)
        assert second.returncode != 0
        assert "another cme-audit run" in second.stderr and f"pid {first.pid}" in second.stderr, second.stderr
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=60)
    empty = tmp_path_factory.mktemp("empty-submissions")
    third = cme_audit(*run_args(empty, good_set / "records", out), home=home, timeout=300)
    assert third.returncode == 0, third.stderr[-2000:]  # the killed run's lock did not go stale
    assert json.loads((out / "findings.json").read_text(encoding="utf-8"))["applicants"] == []
