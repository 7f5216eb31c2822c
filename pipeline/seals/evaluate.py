"""Measure find_seals against truth: any-seal and CME-office P/R by scan colour, ms per page.

    python -m pipeline.seals.evaluate --set /tmp/gen1 [--set ...] [--synthetic 60] [--limit 300]

Every page of a generated set is scored (certificate pages against their truth
stamps; every other page should have none). A found seal matches a true one
when their boxes overlap with IoU >= 0.3 (greedy, best first).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.eval_metrics import greedy_box_matches

from . import find_seals, synth
from .config import load_config

log = logging.getLogger(__name__)
IOU_MIN = 0.3


@dataclass
class Page:
    image: np.ndarray
    dpi: float
    colour: str
    stamps: list[tuple[str, tuple[float, float, float, float]]]
    where: str = ""
    certificate: bool = True


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def match_count(truth: list, found: list) -> int:
    return greedy_box_matches(truth, found, iou_min=IOU_MIN)


def set_pages(set_dir: Path) -> Iterator[Page]:
    from pipeline.errors import InputDocumentError
    from pipeline.io.load import load_pages

    truth = json.loads((set_dir / "truth.json").read_text(encoding="utf-8"))
    for app in truth["applicants"]:
        for doc in app["documents"]:
            if doc.get("invalid"):
                continue
            try:
                pages = load_pages(set_dir / "submissions" / doc["path"], doc["path"])
            except InputDocumentError as exc:  # a deliberately broken file in the set
                log.info("skipping %s: %s", doc["path"], exc)
                continue
            by_no = {p["page"]: p for p in doc["pages"]}
            for pg in pages:
                t = by_no.get(pg.page)
                if t is None or pg.image is None:
                    continue
                stamps = (t.get("certificate") or {}).get("stamps") or [] if t["kind"] == "certificate" else []
                yield Page(pg.image, pg.dpi, (t.get("scan") or {}).get("color", "color"),
                           [(s["kind"], tuple(s["bbox"])) for s in stamps], f"{doc['path']}#{pg.page}",
                           t["kind"] == "certificate")


def synthetic_pages(n: int, seed: int) -> Iterator[Page]:
    rng = np.random.default_rng(seed)
    for i in range(n):
        colour = ("color", "grey", "bw")[i % 3]
        p = synth.random_page(rng, float(rng.choice([150, 200, 300])), color=colour, cut_p=0.1,
                              overlap_p=0.2, rotate_p=0.1)
        yield Page(p.image, p.dpi, colour, p.seals, f"synthetic#{i}")


def evaluate(pages: Iterator[Page], *, limit: int | None = None, certificates_only: bool = False,
             scans: set[str] | None = None) -> dict:
    stats: dict[str, dict[str, PR]] = defaultdict(lambda: {"any": PR(), "cme_office": PR()})
    times: list[float] = []
    for n, page in enumerate(pages):
        if limit and n >= limit:
            break
        if certificates_only and not page.certificate:
            continue
        if scans and page.colour not in scans:
            continue
        t0 = time.perf_counter()
        found = find_seals(page.image, dpi=page.dpi)
        times.append(time.perf_counter() - t0)
        groups = (page.colour, "grey+bw", "all") if page.colour in ("grey", "bw") else (page.colour, "all")
        for group in groups:
            for kind in ("any", "cme_office"):
                tb = [b for k, b in page.stamps if kind == "any" or k == kind]
                fb = [s.bbox for s in found if kind == "any" or s.kind == kind]
                m = match_count(tb, fb)
                pr = stats[group][kind]
                pr.tp += m
                pr.fp += len(fb) - m
                pr.fn += len(tb) - m
                if (len(fb) != m or len(tb) != m) and group == page.colour:
                    pr.misses.append(f"{page.where}: truth {len(tb)} found {len(fb)} matched {m}")
    ms = 1000 * np.array(times) if times else np.zeros(1)
    return {"groups": {g: {k: {"precision": round(pr.precision, 4), "recall": round(pr.recall, 4),
                               "tp": pr.tp, "fp": pr.fp, "fn": pr.fn, "misses": pr.misses[:20]}
                           for k, pr in d.items()} for g, d in stats.items()},
            "pages": len(times), "ms_per_page_mean": round(float(ms.mean()), 1),
            "ms_per_page_p95": round(float(np.percentile(ms, 95)), 1)}


def render(report: dict) -> str:
    lines = [f"pages: {report['pages']}, ms/page mean {report['ms_per_page_mean']}, "
             f"p95 {report['ms_per_page_p95']}",
             "| scan | any P | any R | cme P | cme R | any tp/fp/fn | cme tp/fp/fn |", "|---|---|---|---|---|---|---|"]
    for g, d in sorted(report["groups"].items()):
        a, c = d["any"], d["cme_office"]
        lines.append(f"| {g} | {a['precision']:.3f} | {a['recall']:.3f} | {c['precision']:.3f} | "
                     f"{c['recall']:.3f} | {a['tp']}/{a['fp']}/{a['fn']} | {c['tp']}/{c['fp']}/{c['fn']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", type=Path, action="append", default=[])
    ap.add_argument("--synthetic", type=int, default=0, help="also score this many synthetic pages")
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", type=Path, default=None, help="write the full report (with misses) here")
    ap.add_argument("--misses", action="store_true", help="print pages with errors")
    ap.add_argument("--certificates-only", action="store_true",
                    help="score certificate pages only (the pages the pipeline looks for seals on)")
    ap.add_argument("--scan", default=None,
                    help="score only pages of these scan kinds, comma-separated (color,grey,bw)")
    ap.add_argument("--model", type=Path, default=None,
                    help="a seal classifier to score instead of the shipped one (e.g. a retrained candidate)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.model is not None:  # this process only: the loaded settings point at the candidate model
        load_config()["classifier"]["model"] = str(args.model.resolve())

    def pages() -> Iterator[Page]:
        for d in args.set:
            yield from set_pages(d)
        if args.synthetic:
            yield from synthetic_pages(args.synthetic, args.seed)

    scans = set(args.scan.split(",")) if args.scan else None
    report = evaluate(pages(), limit=args.limit, certificates_only=args.certificates_only, scans=scans)
    print(render(report))
    if args.misses:
        for g, d in report["groups"].items():
            for k, pr in d.items():
                for m in pr["misses"]:
                    print(f"[{g}/{k}] {m}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
