"""Measure the reading stage against a generated set's truth.json, per engine and field.

    python -m ocr_models.eval_reading --set /tmp/set --engine tesseract [--workers 2] [--out errs.json]
    python -m ocr_models.eval_reading --set /tmp/set --kinds annual_list     # only the list pages
    python -m ocr_models.eval_reading --set /tmp/set --kinds certificate --colour bw   # bw certificates

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


def _read(args: tuple[str, str, str, list[int] | None]) -> dict:
    """A whole document, or (``pages`` given) only those pages of it, each loaded alone."""
    from pipeline.io.load import load_page
    from pipeline.models import DocumentReading
    from pipeline.reading import read_document, read_page

    path, rel, engine, pages = args
    t0 = time.perf_counter()
    if pages is None:
        doc = read_document(Path(path), rel, engine=engine)
    else:
        doc = DocumentReading(path=rel, sha256="", pages=[read_page(load_page(Path(path), rel, n), engine=engine)
                                                          for n in pages])
    return {"doc": doc.model_dump(mode="json"), "seconds": time.perf_counter() - t0}


def snap_organizers(readings: dict[str, dict], records: Path) -> None:
    """What ``cme-audit run`` does after reading: organizer reads set against the organizers of the
    set's records export (pipeline/vocabulary.py), in place."""
    from pipeline.models import CertificateFields
    from pipeline.records.load import load_export
    from pipeline.vocabulary import snap_organizers as snap

    pages = [page for doc in readings.values() for page in doc["pages"] if page.get("certificate")]
    certs = [CertificateFields.model_validate(page["certificate"]) for page in pages]
    snap(certs, (c.organizer for c in load_export(records).credits))
    for page, cert in zip(pages, certs):
        page["certificate"] = cert.model_dump(mode="json")


def _same(field: str, got, want) -> bool:
    if field == "credits" and got is not None and want is not None:
        return abs(float(got) - float(want)) < 1e-6
    return got == want


def _list_row_fields() -> list[str]:
    from pipeline.eval_metrics import load_eval_config

    return list(load_eval_config()["list_row_fields"])


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
                        total["list_seq"] += 1
                        g = got_rows[i] if i < len(got_rows) else {}
                        ok["list_seq"] += _same("seq", g.get("seq"), row.get("seq"))
                        # the fields the yardstick scores (pipeline/config/evaluate.yaml; not seq)
                        bad = [k for k in _list_row_fields() if not _same(k, g.get(k), row.get(k))]
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


def page_wanted(page: dict, kinds: set[str], colours: set[str]) -> bool:
    """A truth page passes the --kinds / --colour filters (an empty filter passes every page)."""
    if kinds and page["kind"] not in kinds:
        return False
    return not colours or (page.get("scan") or {}).get("color") in colours


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", required=True, type=Path)
    ap.add_argument("--engine", default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="read at most this many files")
    ap.add_argument("--out", type=Path, default=None, help="write mismatches as JSON here")
    ap.add_argument("--kinds", default="", help="read only the pages of these truth kinds (comma-separated, "
                                                "e.g. annual_list); --limit then counts pages")
    ap.add_argument("--colour", default="", help="read only the pages scanned in these colours (truth's "
                                                 "scan.color: color, grey, bw; comma-separated); --limit "
                                                 "then counts pages")
    ap.add_argument("--no-vocabulary", action="store_true",
                    help="score organizers as read, not set against the set's records (as cme-audit run does)")
    a = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    truth = json.loads((a.set / "truth.json").read_text(encoding="utf-8"))
    kinds = {k for k in a.kinds.split(",") if k}
    colours = {c for c in a.colour.split(",") if c}
    if kinds or colours:
        for app in truth["applicants"]:
            app["documents"] = [{**d, "pages": [p for p in d.get("pages", []) if page_wanted(p, kinds, colours)]}
                                for d in app["documents"] if not d.get("invalid")]
            app["documents"] = [d for d in app["documents"] if d["pages"]]
        jobs = [(str(a.set / "submissions" / d["path"]), d["path"], a.engine, [p["page"]])
                for app in truth["applicants"] for d in app["documents"] for p in d["pages"]]
    else:
        jobs = [(str(a.set / "submissions" / d["path"]), d["path"], a.engine, None)
                for app in truth["applicants"] for d in app["documents"]]
    if a.limit:
        jobs = jobs[: a.limit]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=a.workers) as pool:
        results = list(pool.map(_read, jobs))
    wall = time.perf_counter() - t0
    readings: dict[str, dict] = {}
    for r in results:  # pages of one document read as separate jobs are put together again
        doc = r["doc"]
        if doc["path"] in readings:
            readings[doc["path"]]["pages"].extend(doc["pages"])
        else:
            readings[doc["path"]] = doc
    wanted = {(j[1], p) for j in jobs for p in (j[3] or [None])}
    truth["applicants"] = [{**app, "documents": [
        {**d, "pages": [p for p in d.get("pages", []) if (d["path"], p["page"]) in wanted or (d["path"], None) in wanted]}
        for d in app["documents"] if any(w[0] == d["path"] for w in wanted)]}
        for app in truth["applicants"]]
    if not a.no_vocabulary and (a.set / "records").exists():
        snap_organizers(readings, a.set / "records")
    ok, total, errors = compare(truth, readings)
    pages = sum(len(d["pages"]) for d in readings.values())
    print(f"engine={a.engine or 'default'} pages={pages} wall={wall:.1f}s pages/s={pages / wall:.2f} "
          f"workers={a.workers}")
    for key in sorted(total):
        print(f"  {key:16s} {ok[key]:5d}/{total[key]:<5d} {100.0 * ok[key] / total[key]:6.2f}%")
    if a.out:
        a.out.write_text(json.dumps(errors, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
