"""The page pool: recycled workers never hang a long run; a failing page is retried, then flagged."""

from __future__ import annotations

import os

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


def test_workers_are_recycled_between_batches_without_hanging() -> None:
    with PagePool(2, recycle_after=2) as pool:
        first = pool.map(tasks(4), pid_reader)
        second = pool.map(tasks(4, start=5), pid_reader)  # over the limit: a fresh pool serves this batch
        third = pool.map(tasks(4, start=9), pid_reader)
    pids = [{r.note for r in batch} for batch in (first, second, third)]
    assert [r.page for r in first + second + third] == list(range(1, 13))
    assert pids[0].isdisjoint(pids[1]) and pids[1].isdisjoint(pids[2])
    assert str(os.getpid()) not in set().union(*pids)  # pages were read in worker processes


def test_a_failing_page_is_retried_then_unreadable() -> None:
    with PagePool(2) as pool:
        results = pool.map(tasks(3), flaky_reader)
    assert [r.kind for r in results] == ["other", "unreadable", "other"]
    assert "reading failed 2 times" in results[1].note and "engine crashed" in results[1].note
