"""Flow tests: one Prefect test harness and one tiny generated set per session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

GENERATE = ["--seed", "3", "--applicants", "2", "--profile", "clean", "--years", "2022",
            "--max-certs-per-year", "2"]


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def tiny_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated set: submissions/, records/, truth.json (2 applicants, 1 year, <= 2 certificates)."""
    out = tmp_path_factory.mktemp("tiny-set")
    proc = subprocess.run([sys.executable, "-m", "samples.generate", "--out", str(out), *GENERATE],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"generator failed:\n{proc.stderr[-3000:]}"
    return out


@pytest.fixture(scope="session")
def reference(tiny_set: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What `cme-audit run` (pipeline.audit.run_audit, no Prefect) writes for the tiny set."""
    from pipeline.audit import run_audit

    out = tmp_path_factory.mktemp("reference-out")
    result = run_audit(tiny_set / "submissions", records=tiny_set / "records", policy="wenzhou-2023", out=out,
                       workers=1, cache_dir=tmp_path_factory.mktemp("reference-cache"))
    return json.loads(result.findings_path.read_text(encoding="utf-8"))

