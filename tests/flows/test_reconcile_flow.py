"""The nightly reconciliation: newest export, re-audit from cached readings, dated diff, run history."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from flows.reconcile import reconcile_flow
from pipeline.records.runs import list_runs

ID_COLUMNS = ("身份证号", "id_number")


def _encoding(path: Path) -> str:
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        return "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        return "gbk"


def _drop_credits_of(export: Path, id_number: str) -> int:
    """Rewrite export/credits.csv without the person's rows (same encoding); how many were removed."""
    path = export / "credits.csv"
    enc = _encoding(path)
    with path.open(encoding=enc, newline="") as fh:
        rows = list(csv.reader(fh))
    col = next(i for i, h in enumerate(rows[0]) if h.strip().lstrip("\ufeff") in ID_COLUMNS)
    kept = [rows[0]] + [r for r in rows[1:] if r[col].strip() != id_number]
    with path.open("w", encoding=enc, newline="") as fh:
        csv.writer(fh).writerows(kept)
    return len(rows) - len(kept)


def _night(tiny_set: Path, drop: Path, out_root: Path, cache: Path, day: str) -> dict:
    return reconcile_flow(str(drop), str(tiny_set / "submissions"), "wenzhou-2023", str(out_root),
                          cache_dir=str(cache), workers=1, run_date=day)


def test_two_nights_diff_shows_the_verdict_change(prefect_harness, tiny_set: Path, tmp_path: Path) -> None:
    drop, out_root, cache = tmp_path / "drop", tmp_path / "nightly", tmp_path / "cache"
    drop.mkdir()
    shutil.copytree(tiny_set / "records", drop / "export-2026-11-21")

    night1 = _night(tiny_set, drop, out_root, cache, "2026-11-21")
    assert Path(night1["findings_path"]) == out_root / "2026-11-21" / "findings.json"
    assert night1["export"].endswith("export-2026-11-21") and night1["previous_run_id"] is None
    first = json.loads(Path(night1["findings_path"]).read_text(encoding="utf-8"))
    # a resolved person whose verdict is not already "fail": losing every credit record must fail them
    victim = next(a for a in first["applicants"] if a["id_number"] and a["verdict"] != "fail")

    shutil.copytree(tiny_set / "records", drop / "export-2026-11-22")
    assert _drop_credits_of(drop / "export-2026-11-22", victim["id_number"]) > 0
    night2 = _night(tiny_set, drop, out_root, cache, "2026-11-22")

    assert night2["export"].endswith("export-2026-11-22")
    assert night2["pages_read"] == 0 and night2["pages_cached"] == night1["pages_read"]  # no OCR the 2nd night
    assert night2["previous_run_id"] == night1["run_id"]
    diff = json.loads(Path(night2["diff_path"]).read_text(encoding="utf-8"))
    assert Path(night2["diff_path"]).parent == out_root / "2026-11-22"
    changes = {c["applicant_key"]: (c["before"], c["after"]) for c in diff["verdict_changes"]}
    assert changes == {victim["applicant_key"]: (victim["verdict"], "fail")}
    assert diff["newly_passing"] == []
    assert victim["applicant_key"] in (out_root / "2026-11-22" / "diff.md").read_text(encoding="utf-8")

    runs = list_runs(None, limit=5)  # what `cme-audit runs` shows
    assert [(r.kind, r.diff_path) for r in runs[:2]] == [("reconcile", night2["diff_path"]),
                                                         ("reconcile", night1["diff_path"])]
    assert runs[0].records_source == night2["export"]
