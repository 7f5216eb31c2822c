"""The resident-set watchdog of the page pool (issue 18, session 8): a reader whose resident memory
passes ``worker.rss_mb`` is killed, its page retried once in a fresh reader, then unreadable with a
note naming the bound; pages of other readers are read. Readers are replaced every
``worker.recycle_after`` pages, whatever larger figure the caller asks for."""

from __future__ import annotations

import os
import time
from collections import Counter

from pipeline.io.limits import limits
from pipeline.models import PageReading
from pipeline.readpool import PagePool, PageTask

MB = 1024 * 1024


def _limits(**kw: object):
    return limits().worker.model_copy(update=kw)


def _tasks(n: int) -> list[PageTask]:
    return [PageTask(path="/nowhere.pdf", rel_path="u/a/b.pdf", page=i, engine=None, content_hash="")
            for i in range(1, n + 1)]


def resident_reader(task: PageTask) -> PageReading:
    """Page 2 touches 400 MB (resident, unlike a reservation) and holds it; the others are small."""
    if task.page == 2:
        block = bytearray(400 * MB)
        for i in range(0, len(block), 4096):  # every page of it written: resident
            block[i] = 1
        time.sleep(20)  # the watchdog must end this long before the test's patience runs out
        return PageReading(page=task.page, kind="other", note=str(len(block)))
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def pid_reader(task: PageTask) -> PageReading:
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def test_a_reader_over_its_resident_bound_is_killed_retried_then_unreadable() -> None:
    # kernel limits high enough that only the watchdog can stop the page
    cfg = _limits(rss_mb=300, rss_poll_seconds=0.2, address_space_mb=0, data_mb=0, page_seconds=120)
    started = time.monotonic()
    with PagePool(2, worker_limits=cfg) as pool:
        results = pool.map(_tasks(3), resident_reader)
        assert pool.spawned >= 3  # the retry ran in a fresh process
    assert time.monotonic() - started < 35  # killed while sleeping, not after two 20 s sleeps
    assert [r.kind for r in results] == ["other", "unreadable", "other"]
    note = results[1].note
    assert "超出内存上限" in note and "常驻内存 300 MB" in note and "reading failed 2 times" in note, note
    assert note.count("over the 300 MB bound") == 2, note  # both tries ended by the watchdog


def test_without_a_resident_bound_the_same_page_is_read() -> None:
    cfg = _limits(rss_mb=0, address_space_mb=0, data_mb=0, page_seconds=120)
    with PagePool(1, worker_limits=cfg) as pool:
        [result] = pool.map(_tasks(2)[1:], resident_reader)
    assert result.kind == "other" and result.note == str(400 * MB)


def test_readers_are_recycled_at_the_configured_page_count() -> None:
    with PagePool(1, recycle_after=200, worker_limits=_limits(recycle_after=2)) as pool:
        assert pool.recycle_after == 2
        results = pool.map(_tasks(6), pid_reader)
    per_process = Counter(r.note for r in results)
    assert len(per_process) == 3 and max(per_process.values()) == 2


_HELD: list[bytearray] = []  # what a growing reader keeps between pages (like OpenVINO's caches)


def growing_reader(task: PageTask) -> PageReading:
    """Each page leaves 120 MB more resident in its reader; the note says which reader read it."""
    block = bytearray(120 * MB)
    for i in range(0, len(block), 4096):
        block[i] = 1
    _HELD.append(block)
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def test_a_reader_resident_above_the_recycle_bound_after_a_page_is_replaced() -> None:
    # a fresh reader is ~30-60 MB resident; after its first page ~150-180 MB, after two ~270-300 MB
    cfg = _limits(recycle_after=100, recycle_rss_mb=220, rss_mb=0, address_space_mb=0, data_mb=0,
                  page_seconds=120)
    with PagePool(1, worker_limits=cfg) as pool:
        results = pool.map(_tasks(6), growing_reader)
    assert [r.kind for r in results] == ["other"] * 6  # recycling is no failure
    per_process = Counter(r.note for r in results)
    assert len(per_process) == 3 and set(per_process.values()) == {2}, per_process


def test_without_a_recycle_bound_a_growing_reader_keeps_reading() -> None:
    cfg = _limits(recycle_after=100, recycle_rss_mb=0, rss_mb=0, address_space_mb=0, data_mb=0,
                  page_seconds=120)
    with PagePool(1, worker_limits=cfg) as pool:
        results = pool.map(_tasks(4), growing_reader)
    assert len({r.note for r in results}) == 1
