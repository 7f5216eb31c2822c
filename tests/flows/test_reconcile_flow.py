"""The nightly reconciliation: newest export, re-audit from cached readings, dated diff, run history."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from flows.reconcile import reconcile_flow
from pipeline.records.runs import list_runs

# credits.csv columns (contract section 2): Chinese header -> English alias
COLUMNS = {"记录编号": "record_id", "身份证号": "id_number", "姓名": "name", "年度": "year",
           "项目编号": "project_code", "项目名称": "project_title", "学分类别": "category", "学分": "credits",
           "日期": "date", "学习形式": "mode", "主办单位": "organizer", "证书编号": "certificate_no",
           "录入日期": "entered_on"}
WINDOW = range(2018, 2023)  # wenzhou-2023: the five years up to 2022


def _encoding(path: Path) -> str:
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "gbk"
    return "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"


def _add_missing_credits(export: Path, id_number: str, name: str) -> None:
    """Append one 25-credit Class I national record per window year for the person (same encoding)."""
    path = export / "credits.csv"
    enc = _encoding(path)
    with path.open(encoding=enc, newline="") as fh:
        header = next(csv.reader(fh))
    keys = [COLUMNS.get(h.strip().lstrip("\ufeff"), h.strip()) for h in header]
    rows = []
    for year in WINDOW:
        values = {"record_id": f"RX{year}", "id_number": id_number, "name": name, "year": str(year),
                  "project_code": f"{year}-04-05-901(国)", "project_title": "补录项目", "category": "I类国家级",
                  "credits": "25", "date": f"{year}-06-01", "mode": "面授", "organizer": "温州医科大学",
                  "certificate_no": "", "entered_on": f"{year}-06-30"}
        rows.append([values.get(k, "") for k in keys])
    with path.open("a", encoding=enc.replace("-sig", ""), newline="") as fh:
        csv.writer(fh).writerows(rows)


def _night(tiny_set: Path, drop: Path, out_root: Path, cache: Path, day: str) -> dict:
    return reconcile_flow(str(drop), str(tiny_set / "submissions"), "wenzhou-2023", str(out_root),
                          cache_dir=str(cache), workers=1, run_date=day)


def test_two_nights_diff_shows_the_verdict_change(prefect_harness, tiny_set: Path, warm_cache,
                                                  tmp_path: Path) -> None:
    drop, out_root, cache = tmp_path / "drop", tmp_path / "nightly", warm_cache()
    drop.mkdir()
    shutil.copytree(tiny_set / "records", drop / "export-2026-11-21")

    night1 = _night(tiny_set, drop, out_root, cache, "2026-11-21")
    assert Path(night1["findings_path"]) == out_root / "2026-11-21" / "findings.json"
    assert night1["export"].endswith("export-2026-11-21") and night1["previous_run_id"] is None
    assert night1["pages_read"] == 0  # every reading from the cache
    first = json.loads(Path(night1["findings_path"]).read_text(encoding="utf-8"))
    # the generated person fails annual_min_credits (one year of records in a five-year window)
    person = next(a for a in first["applicants"] if a["id_number"])
    assert person["verdict"] == "fail"

    # the next export brings the missing credits: the rules now pass on the records, but the new
    # records have no certificate in the bundle, so the person moves from fail to review
    shutil.copytree(tiny_set / "records", drop / "export-2026-11-22")
    _add_missing_credits(drop / "export-2026-11-22", person["id_number"], person["name"])
    night2 = _night(tiny_set, drop, out_root, cache, "2026-11-22")

    assert night2["export"].endswith("export-2026-11-22")
    assert night2["pages_read"] == 0 and night2["pages_cached"] == night1["pages_cached"]
    assert night2["previous_run_id"] == night1["run_id"]
    assert Path(night2["diff_path"]) == out_root / "2026-11-22" / "diff.json"
    diff = json.loads(Path(night2["diff_path"]).read_text(encoding="utf-8"))
    changes = {c["applicant_key"]: (c["before"], c["after"]) for c in diff["verdict_changes"]}
    assert changes == {person["applicant_key"]: ("fail", "needs_review")}
    rules = {(r["applicant_key"], r["rule"]): (r["before"], r["after"]) for r in diff["rule_changes"]}
    assert rules[(person["applicant_key"], "annual_min_credits")] == ("failed", "doubtful")
    appeared = {(f["applicant_key"], f["code"], f["record_id"]) for f in diff["flags_appeared"]}
    assert {(person["applicant_key"], "RECORD_NO_CERT", f"RX{y}") for y in WINDOW} <= appeared
    assert person["applicant_key"] in (out_root / "2026-11-22" / "diff.md").read_text(encoding="utf-8")
    # the night's office forms and summary come from the night's records store (OUT_ROOT/cme-audit.sqlite)
    night_dir = out_root / "2026-11-22"
    assert any((night_dir / "forms").rglob("*.xlsx")), sorted(p.name for p in night_dir.iterdir())
    summary = (night_dir / "summary.csv").read_text(encoding="utf-8-sig")
    assert person["id_number"] not in summary  # masked in what a person reads

    runs = list_runs(None, limit=5)  # what `cme-audit runs` shows
    assert [(r.kind, r.diff_path) for r in runs[:2]] == [("reconcile", night2["diff_path"]),
                                                         ("reconcile", night1["diff_path"])]
    assert runs[0].records_source == night2["export"]
