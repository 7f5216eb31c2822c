"""Two runs' ``findings.json`` page by page (issue 18: a runtime or setting must read the same pages).

``python -m benchmarks.peers_compare A/findings.json B/findings.json`` prints every page whose kind,
certificate fields, seal count, list rows or matched record differ, the number of such pages, and
the flags (by code) only one run raised. Used for OpenVINO against onnxruntime (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import sys
from collections import Counter

FIELDS = ["name", "project_code", "project_title", "category", "credits", "date", "mode", "organizer",
          "certificate_no"]


def pages(path: str) -> tuple[dict, Counter]:
    findings = json.load(open(path, encoding="utf-8"))
    out, flags = {}, Counter()
    for applicant in findings["applicants"]:
        for flag in applicant.get("flags") or []:
            flags[flag.get("code")] += 1
        for doc in applicant.get("documents") or []:
            for page in doc.get("pages") or []:
                out[(doc["path"], page["page"])] = page
    return out, flags


def differences(a: dict, b: dict) -> list[str]:
    diffs = []
    if a.get("kind") != b.get("kind"):
        diffs.append(f"kind {a.get('kind')} / {b.get('kind')}")
    ca, cb = a.get("certificate") or {}, b.get("certificate") or {}
    diffs += [f"{f} {ca.get(f)!r} / {cb.get(f)!r}" for f in FIELDS if ca.get(f) != cb.get(f)]
    if len(ca.get("stamps") or []) != len(cb.get("stamps") or []):
        diffs.append("seal count")
    if (a.get("annual_list") or {}).get("rows") != (b.get("annual_list") or {}).get("rows"):
        diffs.append("list rows")
    if a.get("matched_record_id") != b.get("matched_record_id"):
        diffs.append("matched record")
    return diffs


def main(argv: list[str]) -> int:
    (pa, fa), (pb, fb) = pages(argv[0]), pages(argv[1])
    moved = 0
    for key in sorted(set(pa) | set(pb)):
        diffs = differences(pa.get(key, {}), pb.get(key, {}))
        if diffs:
            moved += 1
            print(key, "; ".join(diffs)[:300])
    print("pages", len(set(pa) | set(pb)), "moved", moved)
    print("flags only in A", dict(fa - fb), "only in B", dict(fb - fa))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
