"""Reviewers' decisions: kept per flag_id, re-opened when the evidence changes; the queue; the web app."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.reconcile import diff_findings, render_markdown
from pipeline.records.decisions import DecisionStore, review_summary
from pipeline.review.app import create_app
from pipeline.review.server import default_db_url


def _findings() -> dict:
    return {"policy": "wenzhou-2023", "generated_at": "2026-12-01T00:00:00+00:00", "applicants": [
        {"applicant_key": "乐清市人民医院/张三", "id_number": "330302198001011234", "name": "张三",
         "unit": "乐清市人民医院", "verdict": "fail", "window_years": [2022],
         "flags": [
             {"code": "FIELD_MISMATCH", "severity": "error", "path": "乐清市人民医院/张三/a.pdf", "page": 3,
              "record_id": "R1", "field": "credits", "message": "学分不一致 330302198001011234",
              "flag_id": "f-mismatch", "evidence_hash": "h1",
              "evidence": [{"kind": "compare", "path": None, "caption": "学分：证书与学分记录 R1 不一致",
                            "data": {"field": "credits", "certificate": 8, "record": 10, "record_id": "R1",
                                     "html": '<span class="cert"><mark>8</mark></span><span class="record">'
                                             '<mark>10</mark></span>', "rows": []}},
                           {"kind": "page", "path": "evidence/pages/p3.webp", "caption": "证书页",
                            "data": {"path": "乐清市人民医院/张三/a.pdf", "page": 3}}]},
             {"code": "LIST_MISSING", "severity": "error", "year": 2021, "message": "缺少2021年度学分清单",
              "flag_id": "f-list", "evidence_hash": "h2", "evidence": []}],
         "rules": [{"rule": "total_min", "passed": False, "value": 20, "threshold": 25, "clause": "每年不少于25学分",
                    "message": ""}]},
        {"applicant_key": "乐清市人民医院/李四", "id_number": "330302198101011111", "name": "李四",
         "unit": "乐清市人民医院", "verdict": "pass", "flags": [], "rules": []},
        {"applicant_key": "瑞安市人民医院/王五", "id_number": "330381199001010000", "name": "王五",
         "unit": "瑞安市人民医院", "verdict": "needs_review",
         "flags": [{"code": "LIST_MISSING", "severity": "error", "year": 2022, "message": "",
                    "flag_id": "f-w", "evidence_hash": "h3", "evidence": []}], "rules": []}]}


@pytest.fixture
def store(tmp_path: Path) -> DecisionStore:
    s = DecisionStore(f"sqlite:///{tmp_path / 'd.sqlite'}")
    s.index_findings("ds", _findings(), findings_sha256="one")
    return s


def test_a_decision_stays_while_the_evidence_is_unchanged_and_reopens_when_it_changes(store: DecisionStore):
    with pytest.raises(ValueError, match="reason"):
        store.decide_flag("f-mismatch", applicant_key="乐清市人民医院/张三", code="FIELD_MISMATCH",
                          decision="dismiss", reason="  ", who="王审核", evidence_hash="h1")
    store.decide_flag("f-mismatch", applicant_key="乐清市人民医院/张三", code="FIELD_MISMATCH",
                      decision="dismiss", reason="原件学分为10分，识别错误", who="王审核", evidence_hash="h1")
    flags = _findings()["applicants"][0]["flags"]
    states = store.flag_states(flags)
    assert states["f-mismatch"].status == "decided" and states["f-list"].status == "open"
    assert states["f-mismatch"].decision.reason == "原件学分为10分，识别错误"
    changed = copy.deepcopy(flags)
    changed[0]["evidence_hash"] = "h1-new"
    reopened = store.flag_states(changed)["f-mismatch"]
    assert reopened.status == "reopened" and reopened.decision.decision == "dismiss"  # the old decision is shown
    store.decide_flag("f-mismatch", applicant_key="乐清市人民医院/张三", code="FIELD_MISMATCH",
                      decision="confirm", who="李审核", evidence_hash="h1-new")
    assert store.flag_states(changed)["f-mismatch"].status == "decided"
    assert [d.decision for d in store.flag_history("f-mismatch")] == ["dismiss", "confirm"]


def test_the_queue_filters_sorts_pages_and_counts_open_flags(store: DecisionStore):
    assert store.queue("ds").total == 3
    assert [r.name for r in store.queue("ds", code="LIST_MISSING").rows] == ["张三", "王五"]
    assert [r.name for r in store.queue("ds", verdict="pass").rows] == ["李四"]
    assert [r.name for r in store.queue("ds", unit="瑞安市人民医院").rows] == ["王五"]
    assert [r.name for r in store.queue("ds", q="李").rows] == ["李四"]
    assert store.queue("ds", q="张").rows[0].codes == {"FIELD_MISMATCH": 1, "LIST_MISSING": 1}
    page2 = store.queue("ds", per_page=2, page=2)
    assert page2.total == 3 and page2.pages == 2 and len(page2.rows) == 1
    assert [r.name for r in store.queue("ds", sort="flags", descending=True).rows][0] == "张三"
    store.decide_flag("f-w", applicant_key="瑞安市人民医院/王五", code="LIST_MISSING", decision="confirm",
                      who="王审核", evidence_hash="h3")
    assert [r.name for r in store.queue("ds", status="open").rows] == ["张三"]
    assert {r.name for r in store.queue("ds", status="decided").rows} == {"李四", "王五"}
    assert store.facets("ds")["code"] == {"FIELD_MISMATCH": 1, "LIST_MISSING": 2}
    assert not store.index_findings("ds", _findings(), findings_sha256="one")  # unchanged: not reloaded


def test_the_nightly_diff_reports_decided_and_reopened_flags(store: DecisionStore):
    for fid, key, h in (("f-mismatch", "乐清市人民医院/张三", "h1"), ("f-w", "瑞安市人民医院/王五", "h3")):
        store.decide_flag(fid, applicant_key=key, code="X", decision="dismiss", reason="已核实", who="王审核",
                          evidence_hash=h)
    current = _findings()
    current["applicants"][2]["flags"][0]["evidence_hash"] = "h3-new"
    diff = diff_findings(_findings(), current, decisions=store)
    assert [f.flag_id for f in diff.flags_decided] == ["f-mismatch"]
    assert [(f.flag_id, f.decided_on, f.evidence_hash) for f in diff.flags_reopened] == [("f-w", "h3", "h3-new")]
    md = render_markdown(diff, "2026-12-01")
    assert "重新打开的问题" in md and "已处理的问题" in md and "已核实" in md
    assert review_summary(store, {"applicants": []}) == {"decided": [], "reopened": []}
    assert diff_findings(_findings(), current).flags_decided == []  # without a store: nothing reported


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    out = tmp_path / "out"
    (out / "evidence" / "pages").mkdir(parents=True)
    (out / "evidence" / "pages" / "p3.webp").write_bytes(b"RIFF")
    (out / "findings.json").write_text(json.dumps(_findings(), ensure_ascii=False), encoding="utf-8")
    return TestClient(create_app(out, db_url=default_db_url(out), reviewer="tester"))


def test_the_app_serves_the_queue_an_applicant_and_keeps_decisions(client: TestClient, tmp_path: Path):
    queue = client.get("/", params={"code": "FIELD_MISMATCH"})
    assert queue.status_code == 200
    assert re.findall(r'data-key="([^"]+)"', queue.text) == ["乐清市人民医院/张三"]
    assert "330302198001011234" not in queue.text and "330302********1234" in queue.text
    assert "http://" not in queue.text and "https://" not in queue.text  # no external resources
    page = client.get("/applicant", params={"key": "乐清市人民医院/张三"})
    assert page.status_code == 200 and "<mark>8</mark>" in page.text and "/evidence/pages/p3.webp" in page.text
    assert "每年不少于25学分" in page.text and "330302198001011234" not in page.text
    assert client.get("/evidence/pages/p3.webp").status_code == 200
    bad = client.post("/api/flag-decision", json={"flag_id": "f-mismatch", "applicant_key": "乐清市人民医院/张三",
                                                  "decision": "dismiss", "reason": ""})
    assert bad.status_code == 422
    ok = client.post("/api/flag-decision", json={"flag_id": "f-mismatch", "applicant_key": "乐清市人民医院/张三",
                                                 "decision": "dismiss", "reason": "识别错误", "who": "王审核"})
    assert ok.status_code == 200 and ok.json()["status"] == "decided" and ok.json()["who"] == "王审核"
    assert client.post("/api/flag-decision", json={"flag_id": "nope", "applicant_key": "乐清市人民医院/张三",
                                                   "decision": "confirm"}).status_code == 404
    final = client.post("/api/applicant-decision", json={"applicant_key": "乐清市人民医院/张三", "decision": "reject"})
    assert final.status_code == 200 and final.json()["who"] == "tester"
    again = client.get("/applicant", params={"key": "乐清市人民医院/张三"})
    assert "识别错误" in again.text and "已保存：不通过" in again.text
    assert "status-decided" in again.text
    # a rerun rewrites findings.json with changed evidence: the flag is re-opened, the old decision shown
    findings = _findings()
    findings["applicants"][0]["flags"][0]["evidence_hash"] = "h1-changed"
    (tmp_path / "out" / "findings.json").write_text(json.dumps(findings, ensure_ascii=False) + " ", encoding="utf-8")
    reopened = client.get("/applicant", params={"key": "乐清市人民医院/张三"})
    assert "原决定（证据已变更）" in reopened.text and "识别错误" in reopened.text
    open_queue = client.get("/", params={"status": "open"})
    assert "乐清市人民医院/张三" in open_queue.text


def test_only_the_review_package_imports_the_web_stack():
    root = Path(__file__).resolve().parents[2] / "pipeline"
    pattern = re.compile(r"^\s*(from|import)\s+(fastapi|uvicorn|starlette)\b", re.M)
    importers = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py") if pattern.search(p.read_text()))
    assert importers and all(p.startswith("review/") for p in importers), importers


def test_the_app_finds_the_store_the_run_or_the_nightly_job_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    run_out = tmp_path / "run"
    run_out.mkdir()
    assert default_db_url(run_out) == f"sqlite:///{run_out.resolve() / 'cme-audit.sqlite'}"
    nightly = tmp_path / "nightly" / "2026-12-01"
    nightly.mkdir(parents=True)
    (tmp_path / "nightly" / "cme-audit.sqlite").write_bytes(b"")
    assert default_db_url(nightly) == f"sqlite:///{(tmp_path / 'nightly' / 'cme-audit.sqlite').resolve()}"
    assert default_db_url(nightly, "postgresql://u@h/db") == "postgresql://u@h/db"
    monkeypatch.setenv("CME_AUDIT_DB", str(tmp_path / "x.sqlite"))
    assert default_db_url(nightly) == f"sqlite:///{(tmp_path / 'x.sqlite').resolve()}"
