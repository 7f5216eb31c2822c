"""List pages read at each ``ocr.list_det_max_side``, interleaved page by page in one process (issue 18).

``python -m benchmarks.peers_lists SET none,0 [N]``: every scanned page the set's truth calls a list
(first N), read by ``read_page_task`` once per setting (``none``: no second read; an integer: the
detector's long side of the list re-read, 0 = the page's own size), the order of settings turned
every other page so machine load falls on all alike. Prints rows exact per page, then per setting:
rows exact (``cme-audit eval``'s own row scoring), rows exact in any position, extra rows, years
right and CPU seconds per list page.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pipeline.eval_metrics import load_eval_config
from pipeline.evaluate import _score_list_rows, _truth_pages
from pipeline.io.config import section
from pipeline.readpool import PageTask, read_page_task


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    sides = [None if s == "none" else int(s) for s in argv[1].split(",")]
    limit = int(argv[2]) if len(argv) > 2 else 10**6
    truth_pages = _truth_pages(json.loads((root / "truth.json").read_text(encoding="utf-8")))
    keys = [k for k, tp in truth_pages.items()
            if tp.page["kind"] == "annual_list" and not (tp.page.get("scan") or {}).get("text_layer")][:limit]
    cfg = load_eval_config()
    pred: dict = {s: {} for s in sides}
    cpu = {s: 0.0 for s in sides}
    ocr = section("ocr")  # the cached section: the setting read by pipeline.reading on each page
    for n, key in enumerate(keys):
        path, page = key
        for side in (sides if n % 2 == 0 else sides[::-1]):
            ocr["list_det_max_side"] = side
            t0 = time.process_time()
            reading = read_page_task(PageTask(str(root / "submissions" / path), path, page, None, ""))
            cpu[side] += time.process_time() - t0
            pred[side][key] = reading.model_dump(mode="json")
            one = _score_list_rows({key: truth_pages[key]}, {key: pred[side][key]}, cfg)
            print(n, path, page, side, reading.kind, f"{one['correct']}/{one['rows']}", flush=True)
    subset = {k: truth_pages[k] for k in keys}
    for side in sides:
        score = _score_list_rows(subset, pred[side], cfg)
        print(f"side {side}: pages {score['pages']}, rows exact {score['correct']}/{score['rows']}, "
              f"any position {score['correct_any_position']}, extra {score['extra_rows']}, "
              f"years {score['years_correct']}, CPU s per list page {cpu[side] / max(1, len(keys)):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
