"""Read a bundle's documents, pages fanned out to a bounded pool of limited reader processes.

The main process never renders a page. Each reader process runs under a memory bound and every page
under a wall-time limit (``pipeline/config/limits.yaml`` worker). The memory bound is a kernel limit
set in the reader (the address space, ``RLIMIT_AS``, or for OpenVINO private writable memory,
``RLIMIT_DATA``, a backstop: ``apply_limits``) beside a resident-set watchdog run by the dispatcher
(``worker.rss_mb``: a reader whose resident memory, with its children's, passes the bound is killed,
``_over_rss``), and readers recycled every ``worker.recycle_after`` pages. Together they let
OpenVINO be the default: its CPU plugin maps ~2x the address space it writes, and its writable
mappings (~80 MB a page) and resident memory (~20 MB a page) grow with the pages a process has
read, so a kernel limit tight enough to stop a hostile page also failed normal pages' first tries
in long-lived readers. Resident memory is what a page really costs the machine; a fresh reader every
30 pages keeps a normal one far below the watchdog's bound. A page whose reader raises, runs out of memory, overruns its time or
dies is tried once more in a *fresh* limited process, then becomes an unreadable page whose note
says why, names the bound, and what a reviewer should do. One bad page never fails a bundle, and no
page can take the run down with it.

How: one dispatcher thread owns the reader processes (``multiprocessing`` spawn, a pipe each) and
hands them pages; callers (``map``, from any thread: the flows share one pool between bundle
tasks) wait on futures. A page over its time is ended by killing its process (SIGKILL), which a
``ProcessPoolExecutor`` cannot do. Processes are recycled after ``worker.recycle_after`` pages (or
the caller's smaller figure) so a leaking OCR engine cannot grow without bound. Each process loads its own page from the file (the parent
passes paths and page numbers, not pixel arrays).

``workers=0`` reads inline in the calling process, without limits: only for a Dask worker (itself
the unit of parallelism) and test seams; ``cme-audit run`` always uses reader processes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import TypeVar
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pipeline.cache import ReadingCache, file_sha256
from pipeline.errors import InputDocumentError
from pipeline.io.limits import WorkerLimits, limits
from pipeline.models import BundleReading, DocumentReading, PageReading

log = logging.getLogger(__name__)

FAILED_NOTE = "reading failed"  # marks a page whose reader failed every time (such readings are not cached)

ENGINE_FAILED = "OCR failed"  # how pipeline.reading notes a page whose OCR engine raised
Reader = Callable[["PageTask"], PageReading]
T = TypeVar("T")
_END = object()  # read_ahead: no more items
R = TypeVar("R")


class EngineFailedError(RuntimeError):
    """The OCR engine failed on a page (sent to the parent, which retries in a fresh process)."""


@dataclass(frozen=True)
class PageTask:
    path: str  # absolute path of the file
    rel_path: str
    page: int  # 1-based
    engine: str | None
    content_hash: str


def read_page_task(task: PageTask) -> PageReading:
    """Load one page of one file and read it (runs in a reader process)."""
    from pipeline.io.load import load_page
    from pipeline.reading import read_page
    from pipeline.seals import seconds_spent

    started = time.perf_counter()
    try:
        image = load_page(Path(task.path), task.rel_path, task.page)
    except InputDocumentError as exc:  # over the pixel budget, or a page that cannot be rendered
        return PageReading(page=task.page, kind="unreadable", source="none", note=exc.reason)
    loaded = time.perf_counter() - started
    image.content_hash = task.content_hash
    sealed = seconds_spent()
    reading = read_page(image, engine=task.engine)
    if reading.kind == "unreadable" and (reading.note or "").startswith(ENGINE_FAILED):
        # the engine failed (out of memory under the process limit, a crash it reported): a fresh
        # process tries again, and a failure that stays is not cached as if it were the page
        raise EngineFailedError(reading.note)
    reading.timings["load"] = reading.timings.get("load", 0.0) + loaded
    # the seal stage on its own, timed by pipeline.seals itself: read_page's own "seals" figure
    # wins when it has one (its timings dict is copied into the PageReading before that stage runs)
    if "seals" not in reading.timings and seconds_spent() > sealed:
        reading.timings["seals"] = seconds_spent() - sealed
    budget_note = getattr(image, "note", None)
    if budget_note:  # read downsampled: the reviewer is told, beside what the reader noted
        reading.note = f"{budget_note}；{reading.note}" if reading.note else budget_note
    return reading


# ------------------------------------------------------------------ the reader process


def apply_limits(cfg: WorkerLimits, engine: str | None = None) -> str:
    """In a reader process: one OCR thread, and the memory bound of ``engine``'s runtime
    (``worker.memory_bound``): the address space (RLIMIT_AS, ``address_space_mb``), or private
    writable memory (RLIMIT_DATA, ``data_mb``: heap and anonymous writable mappings, which is what a
    hostile page's pixels fill, but not address space reserved and never written, of which OpenVINO's
    CPU plugin maps ~2x what it uses). The other limit is lifted to its hard value, so a process can
    be re-bounded for another engine. Returns the bound applied."""
    import resource

    from pipeline.ocr.registry import rapid_runtime_of

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        runtime = rapid_runtime_of(engine)
    except Exception:  # noqa: BLE001 - a broken config must not leave a reader unbounded
        runtime = None
    bound = cfg.bound_for(runtime)
    wanted = {resource.RLIMIT_AS: cfg.address_space_mb if bound == "address_space" else 0,
              resource.RLIMIT_DATA: cfg.data_mb if bound == "data" else 0}
    for which, mb in wanted.items():
        _soft, hard = resource.getrlimit(which)
        cap = hard
        if mb > 0:
            cap = mb * 1024 * 1024 if hard == resource.RLIM_INFINITY else min(mb * 1024 * 1024, hard)
        resource.setrlimit(which, (cap, hard))
    return bound


def _reader_main(conn: Connection, cfg: WorkerLimits) -> None:
    """A reader process: pages in, readings (or what went wrong) out, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    apply_limits(cfg)  # the default engine's bound from the start
    bounded_for: str | None = None
    conn.send(("ready", os.getpid()))  # a page's time starts when its process is up, not at spawn
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        reader, task = message
        engine = getattr(task, "engine", None)
        if engine != bounded_for:  # the bound of the task's engine, before its models load
            apply_limits(cfg, engine)
            bounded_for = engine
        try:
            reply: tuple[str, object] = ("ok", reader(task))
        except MemoryError as exc:
            reply = ("memory", f"MemoryError: {exc}")
        except Exception as exc:  # noqa: BLE001 - sent to the parent, which turns it into a finding
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        if reply[0] == "memory":
            return  # a process that ran out of memory is not trusted with another page
        _release_freed_memory()


def _release_freed_memory() -> None:
    """Hand the page's freed heap back to the system (glibc keeps it otherwise): a reader's resident
    memory then follows what it holds, which the pool's bounds look at (~40-80 MB less in a probe)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back this way
        pass


@dataclass
class _Job:
    reader: Reader
    task: PageTask
    future: Future = field(default_factory=Future)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail) per failed try


class _Process:
    def __init__(self, ctx: multiprocessing.context.SpawnContext, cfg: WorkerLimits):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_reader_main, args=(child, cfg), daemon=True, name="cme-audit-reader")
        self.proc.start()
        child.close()
        self.pages = 0
        self.deadline = 0.0
        self._ps = None  # psutil.Process of the reader, for the resident-set watchdog
        if self.conn.poll(_START_SECONDS):  # else the first send or the sentinel tells it died
            try:
                self.conn.recv()
            except (EOFError, OSError):
                pass

    def send(self, job: _Job, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.conn.send((job.reader, job.task))

    def resident_mb(self) -> int:
        """Resident memory of the reader and its children (a tesseract subprocess), MB; 0 if gone."""
        import psutil

        try:
            if self._ps is None:
                self._ps = psutil.Process(self.proc.pid)
            procs = [self._ps, *self._ps.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total // (1024 * 1024)

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.kill()
        self.conn.close()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=10)
        self.conn.close()

    def death(self) -> str:
        self.proc.join(timeout=5)
        code = self.proc.exitcode
        if code is not None and code < 0:
            try:
                return f"reader process died ({signal.Signals(-code).name})"
            except ValueError:
                return f"reader process died (signal {-code})"
        return f"reader process died (exit status {code})"


_STOP = object()
_START_SECONDS = 120  # how long a fresh reader process may take to start (spawn, imports) on a busy machine


def _runtime(engine: str | None) -> str | None:
    from pipeline.ocr.registry import rapid_runtime_of

    try:
        return rapid_runtime_of(engine)
    except Exception:  # noqa: BLE001 - only for the wording of a note
        return None


def _bound_mb(cfg: WorkerLimits, engine: str | None) -> int:
    return cfg.bound_mb(_runtime(engine))


def _bound_words(cfg: WorkerLimits, engine: str | None) -> str:
    return cfg.bound_words(_runtime(engine))


def unreadable_note(failures: list[tuple[str, str]], cfg: WorkerLimits, engine: str | None = None) -> str:
    """The note of a page whose every try failed: what happened, in words a reviewer acts on
    (``engine``: the page's engine, whose runtime's memory bound is quoted)."""
    kinds = {kind for kind, _ in failures}
    details = "; ".join(detail for _, detail in failures)
    tail = f"（{FAILED_NOTE} {len(failures)} times: {details}）"
    if kinds == {"timeout"}:
        return (f"页面读取超时（每页上限 {cfg.page_seconds:g} 秒，换新读取进程重试后仍超时），未读取；"
                f"请人工查看该页，必要时请申请人重新扫描{tail}")
    if kinds <= {"memory", "died"}:
        return (f"页面读取超出内存上限或读取进程异常退出（读取进程上限：{_bound_words(cfg, engine)}，"
                f"换新读取进程重试后仍失败），未读取；请人工查看该页，必要时请申请人以 300 dpi 以内重新扫描{tail}")
    return f"页面读取出错（换新读取进程重试后仍失败），未读取；请人工查看该页{tail}"


class PagePool:
    """A bounded pool of limited reader processes; ``workers=0`` reads inline (Dask, tests)."""

    def __init__(self, workers: int = 2, *, recycle_after: int | None = None, attempts: int | None = None,
                 worker_limits: WorkerLimits | None = None):
        self.workers = max(0, workers)
        self.limits = worker_limits or limits().worker
        # the smaller of the caller's and worker.recycle_after (OpenVINO's memory grows with pages read)
        self.recycle_after = min(recycle_after or self.limits.recycle_after, self.limits.recycle_after)
        self.attempts = attempts if attempts is not None else self.limits.attempts
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None
        self._abort = False
        self._lock = threading.Lock()
        self.spawned = 0  # reader processes started (for tests and logs)

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abort=exc_type is not None)

    def close(self, *, abort: bool = False) -> None:
        """Stop the reader processes: after their pages, or at once (``abort``: Ctrl-C, an error)."""
        self._abort = abort
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)
            self._wake()
            thread.join()

    def __del__(self) -> None:  # pragma: no cover - best effort
        for fd in (getattr(self, "_wake_r", None), getattr(self, "_wake_w", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass

    def start(self) -> None:
        """Start the dispatcher now (reader processes start with the first pages)."""
        if self.workers > 0:
            self._dispatcher()

    def map(self, tasks: list[PageTask], reader: Reader = read_page_task,
            on_page: Callable[[], None] | None = None) -> list[PageReading]:
        """Read ``tasks`` (in order); never raises for a page. ``on_page()`` is called as each page's
        reading is collected, in order, in the calling thread."""
        if self.workers <= 0:
            done = []
            for t in tasks:
                done.append(self._inline(reader, t))
                if on_page:
                    on_page()
            return done
        self._dispatcher()
        jobs = [_Job(reader, t) for t in tasks]
        for job in jobs:
            self._queue.put(job)
        self._wake()
        done = []
        for job in jobs:
            done.append(job.future.result())
            if on_page:
                on_page()
        return done

    # -------------------------------------------------------------- inline (no limits)

    def _inline(self, reader: Reader, task: PageTask) -> PageReading:
        failures: list[tuple[str, str]] = []
        for attempt in range(self.attempts):
            try:
                return reader(task)
            except Exception as exc:  # noqa: BLE001 - the edge where a page failure becomes a finding
                log.warning("reading %s p%d failed (attempt %d): %s", task.rel_path, task.page, attempt + 1, exc)
                failures.append(("error", f"{type(exc).__name__}: {exc}"))
        return _unreadable(task, failures, self.limits)

    # -------------------------------------------------------------- the dispatcher

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            pass

    def _dispatcher(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._dispatch, name="cme-audit-pagepool", daemon=True)
                self._thread.start()

    def _spawn(self) -> _Process:
        self.spawned += 1
        return _Process(multiprocessing.get_context("spawn"), self.limits)

    def _dispatch(self) -> None:
        pending: deque[_Job] = deque()
        idle: list[_Process] = []
        busy: dict[_Process, _Job] = {}
        stopping = False
        try:
            while True:
                while True:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is _STOP:
                        stopping = True
                    else:
                        pending.append(item)
                if stopping and self._abort:  # Ctrl-C or an error: end the pages in hand, start no more
                    for job in list(pending) + list(busy.values()):
                        if not job.future.done():
                            job.future.set_result(_unreadable(job.task, [("error", "run aborted")], self.limits))
                    return
                while pending and len(busy) < self.workers:
                    job = pending.popleft()
                    if job.failures and idle:  # a retry gets a fresh process, not one that read other pages
                        idle.pop().stop()
                    proc = idle.pop() if idle else self._spawn()
                    try:
                        proc.send(job, self.limits.page_seconds)
                    except (OSError, ValueError) as exc:  # the process died idle: a fresh one
                        proc.kill()
                        job.failures.append(("died", f"reader process gone ({exc})"))
                        self._failed(job, pending)
                        continue
                    busy[proc] = job
                if stopping and not busy and not pending:
                    return
                self._wait(busy)
                self._collect(busy, idle, pending)
        except BaseException as exc:  # pragma: no cover - a dispatcher bug must not hang callers
            log.exception("page pool dispatcher failed")
            for job in list(pending) + list(busy.values()):
                if not job.future.done():
                    job.failures.append(("error", f"page pool failed: {exc}"))
                    job.future.set_result(_unreadable(job.task, job.failures, self.limits))
            raise
        finally:
            for proc in idle:
                proc.stop()
            for proc in busy:
                proc.kill()

    def _wait(self, busy: dict[_Process, _Job]) -> None:
        handles: list = [self._wake_r]
        for proc in busy:
            handles += [proc.conn, proc.proc.sentinel]
        timeout = None
        if busy:
            timeout = max(0.0, min(p.deadline for p in busy) - time.monotonic())
            if self.limits.rss_mb:  # wake to look at the readers' resident memory
                timeout = min(timeout, self.limits.rss_poll_seconds)
        ready = wait(handles, timeout)
        if self._wake_r in ready:
            os.read(self._wake_r, 4096)

    def _collect(self, busy: dict[_Process, _Job], idle: list[_Process], pending: deque[_Job]) -> None:
        now = time.monotonic()
        for proc, job in list(busy.items()):
            kind, detail = "", ""
            if proc.conn.poll():
                try:
                    kind, payload = proc.conn.recv()
                except (EOFError, OSError):
                    kind, payload = "died", proc.death()
                if kind == "ok":
                    del busy[proc]
                    job.future.set_result(payload)
                    proc.pages += 1
                    if self._should_recycle(proc):
                        proc.stop()
                    else:
                        idle.append(proc)
                    continue
                detail = str(payload)
            elif not proc.proc.is_alive():
                kind, detail = "died", proc.death()
            elif now >= proc.deadline:
                kind, detail = "timeout", f"timed out after {self.limits.page_seconds:g} s"
            elif resident := self._over_rss(proc):
                kind, detail = "memory", f"resident memory {resident} MB over the {self.limits.rss_mb} MB bound"
            else:
                continue
            del busy[proc]
            proc.kill()  # the retry gets a fresh process
            if kind == "died" and "SIGKILL" not in detail and _bound_mb(self.limits, job.task.engine):
                detail += f" (memory limit {_bound_mb(self.limits, job.task.engine)} MB)"
            log.warning("reading %s p%d: %s (try %d of %d)", job.task.rel_path, job.task.page, detail,
                        len(job.failures) + 1, self.attempts)
            job.failures.append((kind, detail))
            self._failed(job, pending)

    def _should_recycle(self, proc: _Process) -> bool:
        """A reader is replaced after ``recycle_after`` pages, or sooner when it is resident above
        ``worker.recycle_rss_mb`` after a page (OpenVINO's memory grows with the pages read)."""
        if proc.pages >= self.recycle_after:
            log.info("recycling a reader process after %d pages", proc.pages)
            return True
        if self.limits.recycle_rss_mb and (resident := proc.resident_mb()) > self.limits.recycle_rss_mb:
            log.info("recycling a reader process after %d pages: resident %d MB", proc.pages, resident)
            return True
        return False

    def _over_rss(self, proc: _Process) -> int:
        """The reader's resident MB when over ``worker.rss_mb`` (it is then killed), else 0."""
        if not self.limits.rss_mb:
            return 0
        resident = proc.resident_mb()
        return resident if resident > self.limits.rss_mb else 0

    def _failed(self, job: _Job, pending: deque[_Job]) -> None:
        if len(job.failures) < self.attempts:
            pending.appendleft(job)  # once more, in a fresh limited process
        else:
            job.future.set_result(_unreadable(job.task, job.failures, self.limits))


def _unreadable(task: PageTask, failures: list[tuple[str, str]], cfg: WorkerLimits) -> PageReading:
    return PageReading(page=task.page, kind="unreadable", source="none",
                       note=unreadable_note(failures, cfg, getattr(task, "engine", None)))


def is_failed_reading(page: PageReading) -> bool:
    """A page whose reader failed (may succeed next time: its document is not cached)."""
    return bool(page.note and FAILED_NOTE in page.note)


# ------------------------------------------------------------------------ documents


@dataclass
class ReadStats:
    pages_read: int = 0  # pages that went through OCR / text layer reading
    pages_cached: int = 0
    documents_cached: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def add_timings(self, reading: PageReading) -> None:
        for stage, seconds in reading.timings.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    def merge(self, other: ReadStats) -> None:
        """Add ``other``'s counts and stage seconds (a bundle read in another thread) to these."""
        self.pages_read += other.pages_read
        self.pages_cached += other.pages_cached
        self.documents_cached += other.documents_cached
        for stage, seconds in other.stage_seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds


def read_ahead(items: Iterable[T], read: Callable[[T], R], executor: Executor, *, ahead: int = 1) -> Iterator[tuple[T, R]]:
    """``(item, read(item))`` in the order of ``items``, the next ``ahead`` items being read (in
    ``executor``'s threads) while the caller waits for one and handles it: the reader processes get
    the next bundle's pages while the last pages of this one are read and while it is audited,
    instead of standing idle. ``executor`` needs ``ahead + 1`` threads. An exception of ``read`` is
    raised here, at its item."""
    pending: deque[tuple[T, Future]] = deque()
    source = iter(items)

    def top_up(size: int) -> None:
        while len(pending) < size:
            item = next(source, _END)
            if item is _END:
                return
            pending.append((item, executor.submit(read, item)))  # type: ignore[arg-type]

    top_up(1)
    while pending:
        item, future = pending.popleft()
        top_up(ahead)  # the next ones start before this one is waited for
        yield item, future.result()


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
    readings = iter(pool.map(all_tasks, on_page=(lambda: on_pages(1)) if on_pages else None))
    for doc, tasks in pending:
        doc.pages = [next(readings) for _ in tasks]
        for page in doc.pages:
            stats.add_timings(page)
        stats.pages_read += len(doc.pages)
        if cache and not any(is_failed_reading(p) for p in doc.pages):
            cache.put(doc)  # a page that failed to read may succeed next time: do not keep the failure
    return docs


def read_bundle_files(applicant_key: str, files: Iterable[tuple[Path, str]], **kwargs: object) -> BundleReading:
    return BundleReading(applicant_key=applicant_key,
                         documents=read_documents(files, **kwargs))  # type: ignore[arg-type]
