"""Flow tests: one Prefect test harness, one tiny generated set and one reference run per session.

OCR is the slow part (seconds per page), so tests start from a copy of the reference
run's reading cache with one document evicted: that document is read again through
the path under test, everything else comes from the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
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
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f"generator failed:\n{proc.stderr[-3000:]}"
    return out


@pytest.fixture(scope="session")
def reference_run(tiny_set: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """`cme-audit run` (pipeline.audit.run_audit, no Prefect) on the tiny set: findings and its cache."""
    from pipeline.audit import run_audit

    out = tmp_path_factory.mktemp("reference-out")
    cache = tmp_path_factory.mktemp("reference-cache")
    result = run_audit(tiny_set / "submissions", records=tiny_set / "records", policy="wenzhou-2023", out=out,
                       workers=2, cache_dir=cache)
    assert result.pages_read > 0
    return json.loads(result.findings_path.read_text(encoding="utf-8")), cache


@pytest.fixture(scope="session")
def reference(reference_run: tuple[dict, Path]) -> dict:
    return reference_run[0]


@pytest.fixture()
def warm_cache(reference_run: tuple[dict, Path], tiny_set: Path, tmp_path: Path):
    """make(evict=rel_path): a copy of the reference reading cache without that document's reading."""

    def make(evict: str | None = None) -> Path:
        cache = tmp_path / "cache"
        shutil.copytree(reference_run[1], cache)
        if evict:
            sha = hashlib.sha256((tiny_set / "submissions" / evict).read_bytes()).hexdigest()
            entries = list(cache.glob(f"readings/*/{sha[:2]}/{sha}.json"))
            assert entries, f"no cache entry for {evict}"
            for entry in entries:
                entry.unlink()
        return cache

    return make
