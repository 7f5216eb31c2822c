"""The memory bound of a reader process follows its OCR runtime (issue 18): OpenVINO's readers are
bounded by private writable memory (RLIMIT_DATA), which a page's pixels fill, not by the address
space it reserves and never writes; a reader that writes more than the bound is ended and its page
becomes unreadable, the others are read."""

from __future__ import annotations

import mmap
import os
import resource

from pipeline.io.limits import limits
from pipeline.models import PageReading
from pipeline.readpool import PagePool, PageTask

MB = 1024 * 1024


def _limits(**kw: object):
    return limits().worker.model_copy(update=kw)


def _tasks(engine: str | None, n: int = 3) -> list[PageTask]:
    return [PageTask(path="/nowhere.pdf", rel_path="u/a/b.pdf", page=i, engine=engine, content_hash="")
            for i in range(1, n + 1)]


def bounds_reader(task: PageTask) -> PageReading:
    """Reports the process's soft address-space and data limits (MB, -1 = none)."""
    def mb(which: int) -> int:
        soft = resource.getrlimit(which)[0]
        return -1 if soft == resource.RLIM_INFINITY else soft // MB
    return PageReading(page=task.page, kind="other", note=f"{mb(resource.RLIMIT_AS)} {mb(resource.RLIMIT_DATA)}")


def writer_reader(task: PageTask) -> PageReading:
    """Page 2 writes 1.5 GB (over the test's 768 MB data bound); every page first reserves 2 GB of
    address space it never writes (as OpenVINO does), which the data bound must not count."""
    reserved = mmap.mmap(-1, 2048 * MB, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, prot=mmap.PROT_READ)
    if task.page == 2:
        block = bytearray(1536 * MB)
        return PageReading(page=task.page, kind="other", note=str(len(block)))
    reserved.close()
    return PageReading(page=task.page, kind="other", note=str(os.getpid()))


def test_the_bound_follows_the_runtime() -> None:
    cfg = _limits(address_space_mb=3000, data_mb=2000, memory_bound={"onnxruntime": "address_space",
                                                                      "openvino": "data"})
    with PagePool(1, worker_limits=cfg) as pool:
        ov, ort, tess = (pool.map(_tasks(engine, 1), bounds_reader)[0].note
                         for engine in ("rapidocr-openvino", "rapidocr-onnxruntime", "tesseract"))
    assert ov == "-1 2000"      # data bounded, address space free
    assert ort == "3000 -1"     # address space bounded
    assert tess == "3000 -1"    # not RapidOCR: address space


def test_a_reader_writing_over_its_data_bound_fails_its_page_only() -> None:
    cfg = _limits(address_space_mb=1024, data_mb=768, memory_bound={"openvino": "data"})
    with PagePool(2, worker_limits=cfg) as pool:
        results = pool.map(_tasks("rapidocr-openvino"), writer_reader)
    # under the 1024 MB address-space bound the 2 GB reservation alone would fail every page
    assert [r.kind for r in results] == ["other", "unreadable", "other"]
    assert "超出内存上限" in results[1].note and "768 MB" in results[1].note, results[1].note
