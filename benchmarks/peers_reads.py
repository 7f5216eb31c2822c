"""How much reading one page takes under each cut of issue 18, on the same pages in one process.

``python -m benchmarks.peers_reads --set DIR [--upright N] [--engine rapidocr]`` reads the set's
pages that its truth stores turned (every one) and its first ``N`` upright ones (by the truth's
``scan.rotation``), each under every configuration below, in rotating order, and counts per page the
whole-page recognitions (``recognize`` without a region hint), the detector-only passes
(``detect``) and the CPU seconds of ``pipeline.orientation.read_upright`` (preprocessing included):

- ``before``: RapidOCR's detector at its page setting (``rapid_det_max_side: 0``), the way up from
  whole readings (``orientation_from_detection: false``): the reading before issue 18's cuts;
- ``det``: the detector at ``ocr.rapid_det_max_side`` (reading.yaml; ``--det-side`` to try another);
- ``det+orient``: and the way up from the detected lines (the shipped setting).

It also says how often each configuration kept the orientation the truth stores. Accuracy of the
fields is ``cme-audit eval``'s business; this tool is for what each cut saves.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.io.config import section
from pipeline.io.load import load_page
from pipeline.models import PageImage
from pipeline.orientation import read_upright

CONFIGS = ("before", "det", "det+orient")


def truth_pages(set_dir: Path, upright: int) -> Iterator[tuple[Path, str, int, int]]:
    """(file, relative path, page, stored rotation): every turned page, then ``upright`` upright ones."""
    truth = json.loads((set_dir / "truth.json").read_text(encoding="utf-8"))
    pages = []
    for applicant in truth["applicants"]:
        for doc in applicant["documents"]:
            if doc.get("invalid"):
                continue
            for page in doc["pages"]:
                rotation = int((page.get("scan") or {}).get("rotation") or 0)
                pages.append((set_dir / "submissions" / doc["path"], doc["path"], int(page["page"]), rotation))
    turned = [p for p in pages if p[3]]
    yield from turned
    yield from [p for p in pages if not p[3]][:upright]


class Counting:
    """The engine, counting its whole-page recognitions and detector passes."""

    def __init__(self, engine) -> None:
        self.engine, self.recognitions, self.detections = engine, 0, 0
        self.name, self.version = engine.name, engine.version

    def recognize(self, image, **kw):
        if kw.get("region_hint") is None:
            self.recognitions += 1
        return self.engine.recognize(image, **kw)

    def detect(self, image):
        self.detections += 1
        return self.engine.detect(image)


def configure(engine, name: str, det_side: int) -> None:
    ocr = section("ocr")  # the cached parsed reading.yaml: this process only
    engine.det_max_side = 0 if name == "before" else det_side
    ocr["orientation_from_detection"] = name == "det+orient"


def measure(pages: list[tuple[PageImage, int]], engine, det_side: int) -> dict:
    rows = {name: {"pages": 0, "recognitions": 0, "detections": 0, "cpu_s": 0.0, "right_way_up": 0}
            for name in CONFIGS}
    for i, (page, stored) in enumerate(pages):
        order = CONFIGS[i % len(CONFIGS):] + CONFIGS[:i % len(CONFIGS)]
        for name in order:
            configure(engine, name, det_side)
            counting = Counting(engine)
            started = time.process_time()
            _result, prep = read_upright(page.image, counting, page.dpi)
            row = rows[name]
            row["cpu_s"] += time.process_time() - started
            row["pages"] += 1
            row["recognitions"] += counting.recognitions
            row["detections"] += counting.detections
            # the truth's 90 is an upright page stored turned a quarter counter-clockwise: read turned 90
            row["right_way_up"] += int(prep.rotation == stored)
        print(i + 1, page.path, page.page, stored,
              {n: (rows[n]["recognitions"], round(rows[n]["cpu_s"], 1)) for n in CONFIGS}, flush=True)
    return rows


def table(rows: dict, turned: int) -> str:
    out = [f"| configuration | pages | whole-page recognitions / page | detector-only passes / page | "
           f"CPU s / page | kept the right way up |", "|---|---:|---:|---:|---:|---:|"]
    for name, r in rows.items():
        n = max(r["pages"], 1)
        out.append(f"| {name} | {r['pages']} | {r['recognitions'] / n:.2f} | {r['detections'] / n:.2f} | "
                   f"{r['cpu_s'] / n:.2f} | {r['right_way_up']}/{r['pages']} |")
    out.append(f"\n({turned} of the pages are stored turned, by the set's truth.)")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, required=True, help="a generated set (submissions/, truth.json)")
    ap.add_argument("--upright", type=int, default=12, help="upright pages read besides the turned ones")
    ap.add_argument("--det-side", type=int, default=0, help="detector side of 'det' (0: reading.yaml's)")
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = ap.parse_args(argv)
    from pipeline.ocr.registry import get_engine

    engine = get_engine(args.engine)
    det_side = args.det_side or int(section("ocr").get("rapid_det_max_side") or 0)
    pages = []
    for path, rel, number, stored in truth_pages(args.set, args.upright):
        page = load_page(path, rel, number)
        if page.image is not None and not page.text_layer:
            pages.append((page, stored))
    rows = measure(pages, engine, det_side)
    print(table(rows, sum(1 for _, s in pages if s)))
    if args.out:
        args.out.write_text(json.dumps({"det_side": det_side, "rows": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
