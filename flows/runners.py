"""Where bundle tasks run and where their pages are read.

Default: Prefect's thread task runner; every bundle task of the process sends its
pages to ONE shared ``PagePool`` (a module-level singleton, reference-counted by
the flows using it), so concurrent bundle tasks never start more OCR processes
than ``workers``. On Dask (``dask="local"`` or ``"tcp://host:port"``) each Dask
worker process is the unit of parallelism and reads its bundle's pages inline.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flows.config import flows_config
from pipeline.readpool import PagePool

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: PagePool | None = None
_users = 0


def shared_pool(workers: int, *, recycle_after: int = 200) -> PagePool:
    """The process-wide page pool (created on first use with ``workers`` processes)."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = PagePool(workers, recycle_after=recycle_after)
            if workers > 1:
                _pool.start()  # start the executor under the lock: concurrent tasks must share one
        return _pool


@contextmanager
def pool_scope() -> Iterator[None]:
    """Keep the shared pool alive while a flow runs; shut its processes down after the last flow."""
    global _users, _pool
    with _lock:
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            pool, last = _pool, _users == 0
            if last:
                _pool = None
        if last and pool is not None:
            pool.close()


def dask_task_runner(dask: str):
    """A ``DaskTaskRunner`` for ``dask``: ``"local"`` (a LocalCluster) or a scheduler address."""
    from prefect_dask import DaskTaskRunner

    if dask == "local":
        kwargs = dict(flows_config()["dask"]["local_cluster"])
        return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs=kwargs)
    if "://" not in dask:
        raise ValueError(f"--dask must be 'local' or a scheduler address like tcp://host:8786, got {dask!r}")
    return DaskTaskRunner(address=dask)


def on_dask() -> bool:
    """True inside a Dask worker process."""
    try:
        from distributed import get_worker

        get_worker()
    except ValueError:  # not in a worker
        return False
    return True
