"""A reader's resident memory page by page, and where it sits (issue 18: a 500-page bundle < 2 GB).

    python -m benchmarks.peers_memory --set DIR [--pages 45] [--skip 0] [--ov KEY=VALUE,...]

Reads the set's pages (its truth.json, in stack order) one after the other in this one process the
way a reader process does (``pipeline.readpool.read_page_task``, freed heap handed back after each
page) and prints after each page its kind, resident and unique memory and writable data (MB), and
the CPU seconds so far; at the end the largest mappings (``/proc/self/smaps``). ``--ov`` adds
OpenVINO CPU plugin properties on top of ``ocr_models/openvino.yaml`` (e.g.
``CPU_RUNTIME_CACHE_CAPACITY=5000``, OpenVINO's default, to see what that file's value saves).
Run two configurations one after the other on the same pages; the machine's load moves CPU
seconds, not memory.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import time
from collections import Counter
from pathlib import Path


def set_pages(set_dir: Path) -> list[tuple[Path, str, int]]:
    truth = json.loads((set_dir / "truth.json").read_text(encoding="utf-8"))
    return [(set_dir / "submissions" / doc["path"], doc["path"], int(page["page"]))
            for applicant in truth["applicants"] for doc in applicant["documents"] if not doc.get("invalid")
            for page in doc["pages"]]


def largest_mappings(top: int = 6) -> list[tuple[str, float]]:
    """Resident MB by mapping name ([heap], [anon], a library) of this process."""
    rss: Counter = Counter()
    name = "[anon]"
    for line in Path("/proc/self/smaps").read_text().splitlines():
        parts = line.split()
        if parts and "-" in parts[0] and not parts[0].endswith(":"):
            name = parts[5] if len(parts) > 5 else "[anon]"
        elif parts and parts[0] == "Rss:":
            rss[name] += int(parts[1]) / 1024
    return rss.most_common(top)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, required=True)
    ap.add_argument("--pages", type=int, default=45)
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--ov", default="", help="KEY=VALUE,... OpenVINO CPU properties over openvino.yaml's")
    args = ap.parse_args(argv)

    import psutil

    from pipeline.ocr import rapid
    from pipeline.readpool import PageTask, read_page_task

    if args.ov:
        extra = dict(kv.split("=", 1) for kv in args.ov.split(","))
        base = rapid.openvino_properties()
        rapid.openvino_properties = lambda: {**base, **extra}  # type: ignore[method-assign]
    proc = psutil.Process()
    libc = ctypes.CDLL("libc.so.6")
    started = time.process_time()
    for i, (path, rel, page) in enumerate(set_pages(args.set)[args.skip:args.skip + args.pages], 1):
        reading = read_page_task(PageTask(str(path), rel, page, None, "probe"))
        libc.malloc_trim(0)
        mem = proc.memory_full_info()
        print(f"{i:4d} {reading.kind:18s} rss {mem.rss / 2**20:6.0f}  uss {mem.uss / 2**20:6.0f}  "
              f"data {mem.data / 2**20:6.0f}  cpu {time.process_time() - started:7.1f}", flush=True)
    for name, mb in largest_mappings():
        print(f"  {mb:7.0f} MB  {name}")


if __name__ == "__main__":
    main()
