"""Bounded reader processes: memory and time limits, retry in a fresh process, never inline."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.io.limits import limits
from pipeline.models import PageReading
from pipeline.readpool import PagePool, PageTask, read_page_task

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "data" / "clean" / "submissions"


def _limits(**kw: object):
    return limits().worker.model_copy(update=kw)


def pid_reader(task: PageTask) -> PageReading:
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def hog_reader(task: PageTask) -> PageReading:
    """Page 2 asks for 4 GB (over the 1024 MB limit of the test pool); the others are fine."""
    if task.page == 2:
        block = bytearray(4 * 1024**3)
        return PageReading(page=task.page, kind="other", note=str(len(block)))
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def slow_reader(task: PageTask) -> PageReading:
    if task.page == 1:
        time.sleep(60)
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def crash_reader(task: PageTask) -> PageReading:
    if task.page == 1:
        os.kill(os.getpid(), signal.SIGSEGV)
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def once_reader(task: PageTask) -> PageReading:
    """Dies the first time it sees a page (a marker file remembers), reads it the second time."""
    marker = Path(task.path)
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(3)
    return PageReading(page=task.page, kind="other", note=f"{marker.read_text()}->{os.getpid()}")


def tasks(n: int, path: str = "/nowhere.pdf") -> list[PageTask]:
    return [PageTask(path=path, rel_path="u/a/b.pdf", page=i, engine=None, content_hash="") for i in range(1, n + 1)]


def test_pages_are_never_read_in_the_main_process() -> None:
    with PagePool(1) as pool:
        results = pool.map(tasks(3), pid_reader)
    assert {r.note for r in results} != {str(os.getpid())} and str(os.getpid()) not in {r.note for r in results}


def test_a_page_over_the_memory_limit_is_retried_then_unreadable() -> None:
    # the kernel bound of the default runtime's readers (address space, or data for OpenVINO) at 1024 MB
    with PagePool(2, worker_limits=_limits(address_space_mb=1024, data_mb=1024)) as pool:
        results = pool.map(tasks(3), hog_reader)
        assert pool.spawned >= 3  # the retry ran in a fresh process
    assert [r.kind for r in results] == ["other", "unreadable", "other"]
    note = results[1].note
    # the note names the bounds: the resident-set watchdog's and the kernel limit's
    assert "超出内存上限" in note and "内存 1024 MB" in note and "常驻内存" in note, note
    assert "reading failed 2 times" in note, note


def test_a_page_over_its_time_is_killed_retried_then_unreadable() -> None:
    started = time.monotonic()
    with PagePool(2, worker_limits=_limits(page_seconds=4)) as pool:
        results = pool.map(tasks(3), slow_reader)
    assert time.monotonic() - started < 30  # two tries of 4 s, not 60 s
    assert [r.kind for r in results] == ["unreadable", "other", "other"]
    assert "页面读取超时" in results[0].note and "4 秒" in results[0].note, results[0].note


def test_a_reader_that_dies_is_retried_then_unreadable() -> None:
    with PagePool(1) as pool:
        results = pool.map(tasks(2), crash_reader)
    assert results[0].kind == "unreadable" and "SIGSEGV" in results[0].note, results[0].note
    assert results[1].kind == "other"  # the pool goes on with a fresh process


def test_a_page_that_fails_once_is_read_on_the_retry_in_another_process(tmp_path: Path) -> None:
    with PagePool(1) as pool:
        [result] = pool.map(tasks(1, path=str(tmp_path / "marker")), once_reader)
    first, second = result.note.split("->")
    assert result.kind == "other" and first != second  # a fresh process read it


@pytest.mark.ocr
def test_a_limited_reader_still_ocrs_a_normal_page() -> None:
    """The shipped address-space limit leaves room for the OCR engine (onnxruntime) on a real page."""
    bundle = SAMPLE / "温州医科大学附属第一医院" / "邓娟颖" / "邓娟颖.pdf"  # page 3: a certificate
    task = PageTask(path=str(bundle), rel_path="x.pdf", page=3, engine=None, content_hash="")
    with PagePool(1) as pool:
        [reading] = pool.map([task], read_page_task)
    assert reading.kind == "certificate" and reading.certificate is not None, reading.note
    assert reading.certificate.project_code or reading.certificate.name
