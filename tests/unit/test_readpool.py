"""The page pool: recycled workers never hang a long run; a failing page is retried, then flagged."""

from __future__ import annotations

import os
from collections import Counter

from pipeline.models import PageReading
from pipeline.readpool import PagePool, PageTask


def pid_reader(task: PageTask) -> PageReading:
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def flaky_reader(task: PageTask) -> PageReading:
    if task.page == 2:
        raise RuntimeError("engine crashed on this page")
    return PageReading(page=task.page, kind="other")


def tasks(n: int, start: int = 1) -> list[PageTask]:
    return [PageTask(path="/nowhere.pdf", rel_path="a/b.pdf", page=i, engine=None, content_hash="")
            for i in range(start, start + n)]


def test_workers_are_recycled_without_hanging() -> None:
    with PagePool(2, recycle_after=2) as pool:
        batches = [pool.map(tasks(4, start=start), pid_reader) for start in (1, 5, 9)]
    pages = [r for batch in batches for r in batch]
    assert [r.page for r in pages] == list(range(1, 13))
    per_process = Counter(r.note for r in pages)
    assert max(per_process.values()) <= 2  # no reader process read more than recycle_after pages
    assert len(per_process) >= 6 and str(os.getpid()) not in per_process  # read in (fresh) reader processes


def test_a_failing_page_is_retried_then_unreadable() -> None:
    with PagePool(2) as pool:
        results = pool.map(tasks(3), flaky_reader)
    assert [r.kind for r in results] == ["other", "unreadable", "other"]
    assert "reading failed 2 times" in results[1].note and "engine crashed" in results[1].note


def test_each_page_is_reported_as_it_is_done() -> None:
    """The terminal's progress bar moves per page, not per document (issue 17): on_page once per page."""
    import threading

    for workers in (0, 2):
        done: list[int] = []
        lock = threading.Lock()

        def tick() -> None:
            with lock:
                done.append(1)

        with PagePool(workers) as pool:
            pages = pool.map(tasks(3), flaky_reader, on_page=tick)
        assert len(done) == 3, workers  # the failing page too, once, after its retries
        assert [p.page for p in pages] == [1, 2, 3]
