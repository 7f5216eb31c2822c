"""Suite-wide settings: no network for Prefect, caches and stores in temporary folders."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own CME_AUDIT_HOME so no cache or store leaks between tests."""
    monkeypatch.setenv("CME_AUDIT_HOME", str(tmp_path_factory.mktemp("cme-home")))
    monkeypatch.delenv("CME_AUDIT_DB", raising=False)
