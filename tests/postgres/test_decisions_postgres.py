"""Reviewers' decisions and the review queue on PostgreSQL, unchanged (the server of test_records_postgres)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from test_decisions import _findings  # noqa: E402
from test_records_postgres import pg_url  # noqa: E402,F401 - the module's server fixture

from pipeline.reconcile import diff_findings  # noqa: E402
from pipeline.records.decisions import DecisionStore  # noqa: E402

pytestmark = pytest.mark.postgres


def test_decisions_queue_and_reopening_on_postgres(pg_url: str) -> None:  # noqa: F811
    store = DecisionStore(pg_url)
    assert store.index_findings("ds", _findings(), findings_sha256="one")
    store.decide_flag("f-mismatch", applicant_key="乐清市人民医院/张三", code="FIELD_MISMATCH", decision="dismiss",
                      reason="识别错误", who="王审核", evidence_hash="h1")
    store.decide_flag("f-mismatch", applicant_key="乐清市人民医院/张三", code="FIELD_MISMATCH", decision="confirm",
                      who="李审核", evidence_hash="h1")
    assert [d.who for d in store.flag_history("f-mismatch")] == ["王审核", "李审核"]
    assert [r.name for r in store.queue("ds", code="LIST_MISSING", sort="flags", descending=True).rows] == ["张三", "王五"]
    assert [r.open_flags for r in store.queue("ds", q="张").rows] == [1]
    assert {r.name for r in store.queue("ds", status="decided").rows} == {"李四"}
    current = _findings()
    current["applicants"][0]["flags"][0]["evidence_hash"] = "h1-new"
    diff = diff_findings(_findings(), current, decisions=store)
    assert [f.flag_id for f in diff.flags_reopened] == ["f-mismatch"] and diff.flags_reopened[0].who == "李审核"
    store.decide_applicant("乐清市人民医院/张三", decision="reject", who="王审核", flags_hash="x")
    assert store.applicant_decision("乐清市人民医院/张三").decision == "reject"
