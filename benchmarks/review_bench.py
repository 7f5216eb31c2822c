"""Benchmark: the review queue's response time with 5,000 applicants in the store.

    python -m benchmarks.review_bench [--applicants 5000] [--repeat 30] [--md OUT.md]

Writes a synthetic ``findings.json`` (applicants spread over units, verdicts and flag
codes, 0-8 flags each with evidence entries), decides about a third of the flags in
the decisions store, starts the review app under uvicorn on a free local port and times
HTTP GETs of the queue page (``/``) with and without filters: median and p95 per query
over ``--repeat`` requests, after one warm-up each. Target: < 300 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from pipeline.models import FLAG_CODES

UNITS = ["乐清市人民医院", "瑞安市人民医院", "温州医科大学附属第一医院", "温州市中心医院", "平阳县人民医院",
         "苍南县人民医院", "永嘉县人民医院", "文成县人民医院"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
QUERIES = {
    "queue, page 1": "/",
    "page 40": "/?page=40",
    "verdict = fail": "/?verdict=fail",
    "unit": f"/?unit={urllib.request.quote(UNITS[2])}",
    "code = ORDER_MISMATCH": "/?code=ORDER_MISMATCH",
    "status = open": "/?status=open",
    "code + status open + sort by open flags": "/?code=FIELD_MISMATCH&status=open&sort=open&desc=1",
    "search by name": f"/?q={urllib.request.quote('王')}",
}


def synthetic_findings(n: int, *, seed: int = 17) -> dict:
    rnd = random.Random(seed)
    applicants = []
    for i in range(n):
        unit = rnd.choice(UNITS)
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        key = f"{unit}/{name}{i:05d}"
        flags = []
        for k in range(rnd.choice((0, 0, 1, 2, 3, 4, 5, 8))):
            code = rnd.choice(FLAG_CODES)
            flags.append({"code": code, "severity": "error", "path": f"{key}/材料.pdf", "page": k + 1,
                          "message": f"{code} 第{k + 1}页", "flag_id": f"{i:05d}{k:02d}{code[:6]}",
                          "evidence_hash": f"h{rnd.randrange(1 << 30):x}",
                          "evidence": [{"kind": "page", "path": f"evidence/pages/{i:05d}-p{k + 1}.webp",
                                        "caption": "证书页", "data": {"path": f"{key}/材料.pdf", "page": k + 1}}]})
        verdict = "pass" if not flags else rnd.choice(("fail", "needs_review"))
        applicants.append({"applicant_key": key, "id_number": f"3303{rnd.randrange(10**13, 10**14)}",
                           "name": name, "unit": unit, "verdict": verdict, "flags": flags, "documents": [],
                           "rules": [{"rule": "annual_min_credits", "passed": verdict == "pass", "value": 20,
                                      "threshold": 25, "clause": "每年不少于25学分"}]})
    return {"schema": "cme-audit/findings@1", "policy": "wenzhou-2023", "generated_at": "bench",
            "applicants": applicants}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get_ms(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as r:
        r.read()
        assert r.status == 200, r.status
    return (time.perf_counter() - started) * 1000


def run(applicants: int, repeat: int, db_url: str | None = None) -> tuple[list[tuple[str, float, float]], dict]:
    import uvicorn

    from pipeline.records.decisions import DecisionStore
    from pipeline.review.app import create_app

    work = Path(tempfile.mkdtemp(prefix="review-bench-"))
    out = work / "out"
    out.mkdir()
    findings = synthetic_findings(applicants)
    (out / "findings.json").write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    url = db_url or f"sqlite:///{out / 'cme-audit.sqlite'}"
    started = time.perf_counter()
    app = create_app(out, db_url=url, reviewer="bench")  # indexes the findings
    index_seconds = time.perf_counter() - started
    store = DecisionStore(url)
    rnd = random.Random(5)
    decided = 0
    for a in findings["applicants"]:
        for f in a["flags"]:
            if rnd.random() < 0.33:
                store.decide_flag(f["flag_id"], applicant_key=a["applicant_key"], code=f["code"], decision="confirm",
                                  who="bench", evidence_hash=f["evidence_hash"])
                decided += 1
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    while not server.started:
        time.sleep(0.05)
    rows = []
    try:
        for label, path in QUERIES.items():
            _get_ms(base + path)  # warm-up
            times = sorted(_get_ms(base + path) for _ in range(repeat))
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            rows.append((label, statistics.median(times), p95))
        key = findings["applicants"][applicants // 2]["applicant_key"]
        _get_ms(base + "/applicant?key=" + urllib.request.quote(key))
        times = sorted(_get_ms(base + "/applicant?key=" + urllib.request.quote(key)) for _ in range(repeat))
        rows.append(("applicant page", statistics.median(times), times[int(round(0.95 * (len(times) - 1)))]))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    n_flags = sum(len(a["flags"]) for a in findings["applicants"])
    return rows, {"applicants": applicants, "flags": n_flags, "decided": decided, "index_seconds": index_seconds,
                  "db": url.split("://")[0]}


def render(rows: list[tuple[str, float, float]], meta: dict, repeat: int) -> str:
    lines = [f"Review queue, {meta['applicants']} applicants, {meta['flags']} flags ({meta['decided']} decided), "
             f"{meta['db']}; index built in {meta['index_seconds']:.1f} s; {repeat} requests per query over HTTP "
             "(uvicorn, one process)", "",
             "| query | median ms | p95 ms |", "|---|---:|---:|"]
    lines += [f"| {label} | {median:.1f} | {p95:.1f} |" for label, median, p95 in rows]
    worst = max(p95 for label, _, p95 in rows if label != "applicant page")
    lines += ["", f"slowest queue p95: {worst:.1f} ms (target < 300 ms): {'met' if worst < 300 else 'NOT met'}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", default=None, help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--md", type=Path, default=None)
    args = parser.parse_args()
    rows, meta = run(args.applicants, args.repeat, args.db)
    text = render(rows, meta, args.repeat)
    print(text)
    if args.md:
        args.md.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
