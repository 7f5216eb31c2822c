"""Measuring one tool run of the peers benchmark: wall, CPU and the peak memory of its process tree.

CPU seconds are the ``RUSAGE_CHILDREN`` difference across the run (every process the tool
started and waited for, tesseract children of ocrmypdf included). Peak memory is the largest
sum of resident memory over the benchmark's descendants, polled every ``interval`` seconds with
psutil while the tool runs: concurrent processes (two tesseracts, two reader processes) count
together, as they do on the machine. A process shorter than one poll can be missed, so the
figure is a lower bound for very short runs.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psutil


@dataclass
class Usage:
    """What one measured block used."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mib: float = 0.0


@dataclass
class Totals:
    """A tool's runs over every chunk, added up (peak memory: the largest)."""

    pages: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mib: float = 0.0
    runs: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, usage: Usage, pages: int) -> None:
        self.pages += pages
        self.seconds += usage.seconds
        self.cpu_seconds += usage.cpu_seconds
        self.peak_rss_mib = max(self.peak_rss_mib, usage.peak_rss_mib)
        self.runs += 1

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _tree_rss() -> int:
    total = 0
    for proc in psutil.Process(os.getpid()).children(recursive=True):
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return total


class _Poller(threading.Thread):
    def __init__(self, interval: float, sample: Callable[[], int]):
        super().__init__(daemon=True)
        self.interval, self.sample, self.peak = interval, sample, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


@contextmanager
def measured(interval: float = 0.1) -> Iterator[Usage]:
    """Measure the block: the yielded Usage is filled in when the block ends."""
    usage = Usage()
    poller = _Poller(interval, _tree_rss)
    cpu0, t0 = _children_cpu(), time.perf_counter()
    poller.start()
    try:
        yield usage
    finally:
        peak = poller.stop()
        usage.seconds = time.perf_counter() - t0
        usage.cpu_seconds = _children_cpu() - cpu0
        usage.peak_rss_mib = peak / 2**20


def machine() -> dict[str, object]:
    """nproc, the CPU model (lscpu's 'Model name'), memory and the load average now."""
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu_model": model or "unknown",
            "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "loadavg": tuple(round(x, 2) for x in os.getloadavg())}
