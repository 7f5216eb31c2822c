"""Diff logic of the nightly reconciliation (pure, no Prefect) and the choice of export."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.errors import RecordsError
from pipeline.models import ApplicantFindings, Findings, Flag, RuleResult
from pipeline.reconcile import diff_findings, flag_key, newest_export, write_diff


def _applicant(key: str, verdict: str, flags: list[Flag] = (), rules: list[RuleResult] = ()) -> ApplicantFindings:
    return ApplicantFindings(applicant_key=key, id_number="330302198001011234", name="张三",
                             verdict=verdict, flags=list(flags), rules=list(rules))


def _findings(*applicants: ApplicantFindings) -> Findings:
    return Findings(policy="wenzhou-2023", generated_at="2026-11-21T02:00:00+00:00", applicants=list(applicants))


def test_flag_keys_follow_truth_conventions() -> None:
    page_flag = {"code": "ORDER_MISMATCH", "path": "u/a/1.pdf", "page": 7, "record_id": "R1", "message": "x"}
    assert flag_key("u/a", page_flag) == ("u/a", "ORDER_MISMATCH", "u/a/1.pdf", 7)
    assert flag_key("u/a", {"code": "RECORD_NO_CERT", "record_id": "R9", "path": None}) == ("u/a", "RECORD_NO_CERT", "R9")
    assert flag_key("u/a", {"code": "LIST_MISSING", "year": 2021}) == ("u/a", "LIST_MISSING", 2021)
    assert flag_key("u/a", {"code": "APPLICANT_UNRESOLVED", "message": "m"}) == ("u/a", "APPLICANT_UNRESOLVED")


def test_verdict_change_flags_and_newly_passing() -> None:
    missing = Flag(code="RECORD_NO_CERT", record_id="R2", message="缺证书")
    unreadable = Flag(code="PAGE_UNREADABLE", severity="warning", path="u/a/1.pdf", page=3)
    before = _findings(
        _applicant("u/a", "needs_review", [missing, unreadable],
                   [RuleResult(rule="annual_min", passed=False, doubtful=True, value=20, threshold=25)]),
        _applicant("u/b", "fail"),
    )
    after = _findings(
        _applicant("u/a", "pass", [unreadable.model_copy(update={"message": "reworded"})],
                   [RuleResult(rule="annual_min", passed=True, value=26, threshold=25)]),
        _applicant("u/b", "fail", [Flag(code="LIST_MISSING", year=2021)]),
    )
    diff = diff_findings(before, after)
    assert [(c.applicant_key, c.before, c.after) for c in diff.verdict_changes] == [("u/a", "needs_review", "pass")]
    assert diff.newly_passing == ["u/a"]
    # the reworded PAGE_UNREADABLE is the same flag (same key): neither appeared nor resolved
    assert [(f.applicant_key, f.code, f.record_id) for f in diff.flags_resolved] == [("u/a", "RECORD_NO_CERT", "R2")]
    assert [(f.applicant_key, f.code, f.year) for f in diff.flags_appeared] == [("u/b", "LIST_MISSING", 2021)]
    assert [(r.rule, r.before, r.after) for r in diff.rule_changes] == [("annual_min", "doubtful", "passed")]
    assert diff.changed


def test_no_change_and_dict_input() -> None:
    one = _findings(_applicant("u/a", "fail", [Flag(code="STAMP_MISSING", path="u/a/1.pdf", page=2)]))
    diff = diff_findings(one.to_json_dict(), one)
    assert not diff.changed and diff.newly_passing == []


def test_applicants_added_and_removed() -> None:
    diff = diff_findings(_findings(_applicant("u/old", "fail")), _findings(_applicant("u/new", "pass")))
    changes = {c.applicant_key: (c.before, c.after) for c in diff.verdict_changes}
    assert changes == {"u/new": (None, "pass"), "u/old": ("fail", None)}
    assert diff.newly_passing == ["u/new"]


def test_no_previous_run_means_everything_is_new() -> None:
    diff = diff_findings(None, _findings(_applicant("u/a", "needs_review", [Flag(code="LIST_MISSING", year=2020)])))
    assert diff.previous_applicants == 0 and len(diff.flags_appeared) == 1


def test_write_diff_writes_json_and_markdown(tmp_path: Path) -> None:
    before = _findings(_applicant("单位/张三", "needs_review", [Flag(code="RECORD_NO_CERT", record_id="R2")]))
    after = _findings(_applicant("单位/张三", "pass"))
    path = write_diff(diff_findings(before, after), tmp_path / "2026-11-22", "2026-11-22")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path.name == "diff.json" and data["date"] == "2026-11-22"
    assert data["newly_passing"] == ["单位/张三"]
    md = (path.parent / "diff.md").read_text(encoding="utf-8")
    assert "2026-11-22" in md and "单位/张三" in md and "RECORD_NO_CERT" in md


def _export_dir(parent: Path, name: str, mtime: float) -> Path:
    folder = parent / name
    folder.mkdir()
    for n in ("persons.csv", "credits.csv"):
        (folder / n).write_text("x", encoding="utf-8")
        os.utime(folder / n, (mtime, mtime))
    return folder


def test_newest_export_by_name_date_beats_mtime(tmp_path: Path) -> None:
    _export_dir(tmp_path, "export-2026-11-20", mtime=2_000_000_000)
    newer = _export_dir(tmp_path, "export-2026-11-21", mtime=1_000_000_000)
    (tmp_path / "incomplete-2026-12-01").mkdir()  # no csv files: not an export
    assert newest_export(tmp_path) == newer


def test_newest_export_by_mtime_when_names_have_no_date(tmp_path: Path) -> None:
    _export_dir(tmp_path, "a", mtime=1_000_000_000)
    book = tmp_path / "records.xlsx"
    book.write_bytes(b"PK")
    os.utime(book, (1_500_000_000, 1_500_000_000))
    (tmp_path / "~$records.xlsx").write_bytes(b"lock")  # Excel lock file: ignored
    assert newest_export(tmp_path) == book


def test_newest_export_errors_name_the_folder(tmp_path: Path) -> None:
    with pytest.raises(RecordsError, match="no records export found"):
        newest_export(tmp_path)
    with pytest.raises(RecordsError, match="does not exist"):
        newest_export(tmp_path / "missing")
