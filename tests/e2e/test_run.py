"""`cme-audit run` end to end on a tiny generated set: real OCR, real store, real policy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate_run

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "tools" / "check_findings.py"


def cme_audit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def tiny_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(out), "--seed", "5",
                    "--applicants", "2", "--profile", "clean", "--years", "2022",
                    "--max-certs-per-year", "2"], check=True, cwd=ROOT, timeout=300)
    # bad input the run must survive: a zero-byte PDF and a text file posing as a PDF
    bundle = next(p.parent for p in sorted((out / "submissions").rglob("*.pdf")))
    (bundle / "99.pdf").write_bytes(b"")
    (bundle / "100.pdf").write_text("not a pdf", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def tiny_run(tiny_set: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("run")
    proc = cme_audit("run", tiny_set / "submissions", "--records", tiny_set / "records",
                     "--policy", "wenzhou-2023", "--out", out, "--workers", "1",
                     "--cache-dir", tmp_path_factory.mktemp("cache"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out, json.loads((out / "findings.json").read_text(encoding="utf-8"))


def test_run_writes_contract_findings_and_report(tiny_set: Path, tiny_run: tuple[Path, dict]) -> None:
    out, findings = tiny_run
    assert findings["schema"] == "cme-audit/findings@1"
    assert (out / "report.html").stat().st_size > 1000
    if not CHECKER.exists():
        pytest.fail(f"contract checker missing at {CHECKER}")
    check = subprocess.run([sys.executable, str(CHECKER), str(out / "findings.json"),
                            str(tiny_set / "submissions")], capture_output=True, text=True)
    assert check.stdout.strip().splitlines()[-1].startswith("ok"), check.stdout


def test_bad_files_become_flags_not_failures(tiny_run: tuple[Path, dict]) -> None:
    _, findings = tiny_run
    invalid = {(f["path"].rsplit("/", 1)[-1]) for a in findings["applicants"] for f in a["flags"]
               if f["code"] == "FILE_INVALID"}
    assert {"99.pdf", "100.pdf"} <= invalid  # the generator may have broken a file of its own too


def test_run_agrees_with_truth_on_a_clean_set(tiny_set: Path, tiny_run: tuple[Path, dict]) -> None:
    _, findings = tiny_run
    truth = json.loads((tiny_set / "truth.json").read_text(encoding="utf-8"))
    headline = evaluate_run(truth, findings).to_json()["headline"]
    assert headline["page_kind_accuracy"] >= 0.9, headline
    assert headline["applicant_resolution_accuracy"] == 1.0, headline
    assert headline["verdict_agreement"] >= 0.5, headline


def test_second_run_reads_nothing_again(tiny_set: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = [tiny_set / "submissions", "--records", tiny_set / "records", "--policy", "wenzhou-2023",
            "--workers", "1", "--cache-dir", cache]
    first = cme_audit("run", *args, "--out", tmp_path / "a")
    second = cme_audit("run", *args, "--out", tmp_path / "b")
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    assert re.search(r"\(0 read, [1-9]\d* from cache\)", second.stdout), second.stdout
    a = json.loads((tmp_path / "a" / "findings.json").read_text(encoding="utf-8"))["applicants"]
    b = json.loads((tmp_path / "b" / "findings.json").read_text(encoding="utf-8"))["applicants"]
    assert a == b


def test_bad_records_stop_the_run_with_file_and_column(tiny_set: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(tiny_set / "records", records)
    credits = records / "credits.csv"
    raw = credits.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    header, *rows = text.splitlines()
    cols = header.split(",")
    drop = cols.index("学分")
    credits.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != drop)
                                 for line in [header, *rows]) + "\n", encoding="utf-8")
    proc = cme_audit("run", tiny_set / "submissions", "--records", records, "--policy", "wenzhou-2023",
                     "--out", tmp_path / "out", "--workers", "1")
    assert proc.returncode != 0
    assert "credits.csv" in proc.stderr and "学分" in proc.stderr, proc.stderr[-1500:]


def test_unknown_policy_is_a_clear_error(tiny_set: Path, tmp_path: Path) -> None:
    proc = cme_audit("run", tiny_set / "submissions", "--records", tiny_set / "records",
                     "--policy", "atlantis-2099", "--out", tmp_path / "out")
    assert proc.returncode != 0
    assert "atlantis-2099" in proc.stderr
