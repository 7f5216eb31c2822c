"""Measure the reading stage against a generated set's truth.json, per engine and field.

    python -m ocr_models.eval_reading --set /tmp/set --engine tesseract [--workers 2] [--out errs.json]

Reads every document with ``read_document`` and compares page kinds,
certificate fields, annual-list rows and registration forms with truth.
Prints a markdown table row per engine (accuracy by field, pages/s).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.models import CERT_FIELDS

log = logging.getLogger(__name__)


def _read(args: tuple[str, str, str]) -> dict:
    from pipeline.reading import read_document

    path, rel, engine = args
    t0 = time.perf_counter()
    doc = read_document(Path(path), rel, engine=engine)
    return {"doc": doc.model_dump(mode="json"), "seconds": time.perf_counter() - t0}


def _same(field: str, got, want) -> bool:
    if field == "credits" and got is not None and want is not None:
        return abs(float(got) - float(want)) < 1e-6
    return got == want


def compare(truth: dict, readings: dict[str, dict]) -> tuple[Counter, Counter, list[dict]]:
    ok: Counter = Counter()
    total: Counter = Counter()
    errors: list[dict] = []
    for app in truth["applicants"]:
        for doc in app["documents"]:
            if doc.get("invalid"):
                got = readings.get(doc["path"], {})
                total["file_invalid"] += 1
                ok["file_invalid"] += bool(got.get("error"))
                continue
            got_doc = readings.get(doc["path"])
            pages = {p["page"]: p for p in (got_doc or {}).get("pages", [])}
            for tp in doc["pages"]:
                gp = pages.get(tp["page"], {})
                where = f"{doc['path']}#{tp['page']}"
                total["kind"] += 1
                if gp.get("kind") == tp["kind"]:
                    ok["kind"] += 1
                else:
                    errors.append({"where": where, "field": "kind", "want": tp["kind"], "got": gp.get("kind"),
                                   "scan": tp.get("scan")})
                if tp["kind"] == "certificate":
                    cert = gp.get("certificate") or {}
                    for f in CERT_FIELDS:
                        total[f] += 1
                        if _same(f, cert.get(f), tp["certificate"].get(f)):
                            ok[f] += 1
                        else:
                            errors.append({"where": where, "field": f, "want": tp["certificate"].get(f),
                                           "got": cert.get(f), "scan": tp.get("scan")})
                elif tp["kind"] == "annual_list":
                    want = tp["annual_list"]
                    got = gp.get("annual_list") or {}
                    total["list_years"] += 1
                    ok["list_years"] += sorted(got.get("years", [])) == sorted(want["years"])
                    got_rows = got.get("rows", [])
                    for i, row in enumerate(want["rows"]):
                        total["list_rows"] += 1
                        g = got_rows[i] if i < len(got_rows) else {}
                        bad = [k for k in row if not _same(k, g.get(k), row[k])]
                        if not bad:
                            ok["list_rows"] += 1
                        else:
                            errors.append({"where": where, "field": "list_row", "want": row,
                                           "got": g, "bad": bad, "scan": tp.get("scan")})
                    total["list_row_count"] += 1
                    ok["list_row_count"] += len(got_rows) == len(want["rows"])
                elif tp["kind"] == "registration_form":
                    want = tp["registration_form"]
                    got = gp.get("registration_form") or {}
                    for f in ("name", "id_number", "unit", "totals"):
                        total[f"form_{f}"] += 1
                        g = got.get(f)
                        if f == "totals":
                            g = {str(k): float(v) for k, v in (g or {}).items()}
                            w = {str(k): float(v) for k, v in want[f].items()}
                        else:
                            w = want.get(f)
                        if g == w:
                            ok[f"form_{f}"] += 1
                        else:
                            errors.append({"where": where, "field": f"form_{f}", "want": w, "got": g,
                                           "scan": tp.get("scan")})
    return ok, total, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", required=True, type=Path)
    ap.add_argument("--engine", default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="read at most this many files")
    ap.add_argument("--out", type=Path, default=None, help="write mismatches as JSON here")
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    truth = json.loads((a.set / "truth.json").read_text(encoding="utf-8"))
    jobs = [(str(a.set / "submissions" / d["path"]), d["path"], a.engine)
            for app in truth["applicants"] for d in app["documents"]]
    if a.limit:
        jobs = jobs[: a.limit]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=a.workers) as pool:
        results = list(pool.map(_read, jobs))
    wall = time.perf_counter() - t0
    readings = {r["doc"]["path"]: r["doc"] for r in results}
    wanted = {j[1] for j in jobs}
    truth["applicants"] = [{**app, "documents": [d for d in app["documents"] if d["path"] in wanted]}
                           for app in truth["applicants"]]
    ok, total, errors = compare(truth, readings)
    pages = sum(len(r["doc"]["pages"]) for r in results)
    print(f"engine={a.engine or 'default'} pages={pages} wall={wall:.1f}s pages/s={pages / wall:.2f} "
          f"workers={a.workers}")
    for key in sorted(total):
        print(f"  {key:16s} {ok[key]:5d}/{total[key]:<5d} {100.0 * ok[key] / total[key]:6.2f}%")
    if a.out:
        a.out.write_text(json.dumps(errors, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
