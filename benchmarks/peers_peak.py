"""A command's process tree memory while it runs (issue 18: a 500-page bundle under 2 GB).

    python -m benchmarks.peers_peak [--interval 0.5] [--json OUT] -- COMMAND ...

Runs COMMAND and polls the resident memory of it and every descendant (psutil) every ``interval``
seconds, as the pool's watchdog does; at the end prints the peak of the tree's sum, its median over
the polls, the largest single process (the command itself and the largest other one, i.e. a
reader), the wall and CPU seconds (RUSAGE_CHILDREN) and the load average. A process shorter than
one poll can be missed, so the peak is a lower bound for very short runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def tree_sample(root) -> tuple[int, int, int]:
    """(sum of resident bytes, the root's, the largest descendant's) of ``root``'s tree now."""
    import psutil

    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0, 0
    total = own = largest = 0
    for proc in procs:
        try:
            rss = proc.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        if proc.pid == root.pid:
            own = rss
        else:
            largest = max(largest, rss)
    return total, own, largest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("no command given")

    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(command)
    root = psutil.Process(child.pid)
    sums: list[int] = []
    own_peak = other_peak = 0
    while child.poll() is None:
        total, own, largest = tree_sample(root)
        if total:
            sums.append(total)
        own_peak, other_peak = max(own_peak, own), max(other_peak, largest)
        time.sleep(args.interval)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    mib = 2**20
    figures = {
        "exit_status": child.returncode,
        "peak_tree_mib": round(max(sums, default=0) / mib),
        "median_tree_mib": round(statistics.median(sums) / mib) if sums else 0,
        "peak_command_mib": round(own_peak / mib),
        "peak_other_process_mib": round(other_peak / mib),
        "wall_s": round(wall, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "polls": len(sums),
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(figures), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
