"""Read a bundle's documents, pages fanned out to a bounded pool of worker processes.

Workers are recycled after about ``recycle_after`` pages so a leaking OCR engine
cannot grow without bound. Recycling is done here, between batches (the pool is
shut down and a fresh one started), not with ``max_tasks_per_child``: on CPython
3.11 an executor whose workers exit at that limit can hang for good. A page whose worker dies is
tried once more, then becomes an unreadable page with a note: one bad page
never fails a bundle. Each worker loads its own page from the file (the parent
passes paths and page numbers, not pixel arrays).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cache import ReadingCache, file_sha256
from pipeline.errors import InputDocumentError
from pipeline.models import BundleReading, DocumentReading, PageReading

log = logging.getLogger(__name__)

FAILED_NOTE = "reading failed"  # note of a page whose reader raised every time


@dataclass(frozen=True)
class PageTask:
    path: str  # absolute path of the file
    rel_path: str
    page: int  # 1-based
    engine: str | None
    content_hash: str


def read_page_task(task: PageTask) -> PageReading:
    """Load one page of one file and read it (runs in a worker process or inline)."""
    from pipeline.io.load import load_page
    from pipeline.reading import read_page
    from pipeline.seals import seconds_spent

    started = time.perf_counter()
    try:
        image = load_page(Path(task.path), task.rel_path, task.page)
    except InputDocumentError as exc:
        return PageReading(page=task.page, kind="unreadable", source="none",
                           note=f"page could not be loaded: {exc.reason}")
    loaded = time.perf_counter() - started
    image.content_hash = task.content_hash
    sealed = seconds_spent()
    reading = read_page(image, engine=task.engine)
    reading.timings["load"] = reading.timings.get("load", 0.0) + loaded
    # the seal stage on its own, timed by pipeline.seals itself: read_page's own "seals" figure
    # wins when it has one (its timings dict is copied into the PageReading before that stage runs)
    if "seals" not in reading.timings and seconds_spent() > sealed:
        reading.timings["seals"] = seconds_spent() - sealed
    return reading


def _init_worker() -> None:
    # one OCR thread per process: parallelism comes from processes
    import os

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")


@dataclass
class ReadStats:
    pages_read: int = 0  # pages that went through OCR / text layer reading
    pages_cached: int = 0
    documents_cached: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def add_timings(self, reading: PageReading) -> None:
        for stage, seconds in reading.timings.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds


class PagePool:
    """A bounded pool of reader processes; ``workers <= 1`` reads inline."""

    def __init__(self, workers: int = 2, *, recycle_after: int = 200, attempts: int = 2):
        self.workers = workers
        self.recycle_after = recycle_after
        self.attempts = attempts
        self._executor: ProcessPoolExecutor | None = None
        self._submitted = 0  # pages sent to the current executor
        self._lock = threading.Lock()  # bundle tasks in threads share one pool

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def start(self) -> None:
        """Start the worker processes now."""
        if self.workers > 1:
            with self._lock:
                self._pool()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is not None and self._submitted >= self.recycle_after * self.workers:
            log.info("recycling reader processes after %d pages", self._submitted)
            self._executor.shutdown(wait=True)  # lets pages already submitted finish
            self._executor = None
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
            )
            self._submitted = 0
        return self._executor

    def map(self, tasks: list[PageTask],
            reader: Callable[[PageTask], PageReading] = read_page_task) -> list[PageReading]:
        if self.workers <= 1 or len(tasks) <= 1:
            return [self._inline(reader, t) for t in tasks]
        with self._lock:
            pool = self._pool()
            self._submitted += len(tasks)
            futures: list[Future[PageReading]] = [pool.submit(reader, t) for t in tasks]
        results = []
        for task, future in zip(tasks, futures):
            try:
                results.append(future.result())
            except BrokenProcessPool as exc:
                log.warning("reader process died on %s p%d; retrying inline", task.rel_path, task.page)
                self._executor = None  # a broken pool cannot be reused
                results.append(self._inline(reader, task, first_error=exc))
            except Exception as exc:  # noqa: BLE001 - a page's failure becomes a finding
                results.append(self._inline(reader, task, first_error=exc))
        return results

    def _inline(self, reader: Callable[[PageTask], PageReading], task: PageTask,
                first_error: BaseException | None = None) -> PageReading:
        """Read a page in this process: ``attempts`` tries in all, then an unreadable page."""
        error = first_error
        for attempt in range(1 if first_error else 0, self.attempts):
            try:
                return reader(task)
            except Exception as exc:  # noqa: BLE001 - the edge where a page failure becomes a finding
                log.warning("reading %s p%d failed (attempt %d): %s", task.rel_path, task.page, attempt + 1, exc)
                error = exc
        return PageReading(page=task.page, kind="unreadable", source="none",
                           note=f"{FAILED_NOTE} {self.attempts} times: {type(error).__name__}: {error}")


def read_documents(files: Iterable[tuple[Path, str]], *, engine: str | None, pool: PagePool,
                   cache: ReadingCache | None, stats: ReadStats | None = None,
                   on_pages: Callable[[int], None] | None = None) -> list[DocumentReading]:
    """Read files (absolute path, relative path) in order; cached documents are not read again."""
    from pipeline.io.load import count_pages

    stats = stats if stats is not None else ReadStats()
    docs: list[DocumentReading] = []
    pending: list[tuple[DocumentReading, list[PageTask]]] = []
    for path, rel in files:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            docs.append(DocumentReading(path=rel, error=f"cannot open file: {exc}"))
            continue
        cached = cache.get(sha, rel) if cache else None
        if cached is not None:
            stats.documents_cached += 1
            stats.pages_cached += len(cached.pages)
            docs.append(cached)
            if on_pages:
                on_pages(len(cached.pages))
            continue
        doc = DocumentReading(path=rel, sha256=sha)
        docs.append(doc)
        try:
            n = count_pages(path)
        except InputDocumentError as exc:
            doc.error = exc.reason
            continue
        pending.append((doc, [PageTask(str(path), rel, i, engine, sha) for i in range(1, n + 1)]))
    all_tasks = [t for _, tasks in pending for t in tasks]
    readings = iter(pool.map(all_tasks))
    for doc, tasks in pending:
        doc.pages = [next(readings) for _ in tasks]
        for page in doc.pages:
            stats.add_timings(page)
        stats.pages_read += len(doc.pages)
        if on_pages:
            on_pages(len(doc.pages))
        if cache and not any(p.note and p.note.startswith(FAILED_NOTE) for p in doc.pages):
            cache.put(doc)  # a page that failed to read may succeed next time: do not keep the failure
    return docs


def read_bundle_files(applicant_key: str, files: Iterable[tuple[Path, str]], **kwargs: object) -> BundleReading:
    return BundleReading(applicant_key=applicant_key,
                         documents=read_documents(files, **kwargs))  # type: ignore[arg-type]
