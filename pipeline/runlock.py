"""One run at a time per output folder: ``OUT/.cme-audit.lock`` held with ``fcntl.flock``.

The kernel releases a flock when the process holding it dies, however it dies (SIGKILL, a power
cut of the process, an OOM kill), so a killed run never leaves a stale lock: the next run simply
gets it. The file itself stays (removing it would race with a run taking it); it holds the pid
and start time of the run that has it, for the message the second run prints.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pipeline.errors import CmeAuditError

T = TypeVar("T")

LOCK_FILE = ".cme-audit.lock"


class RunLockedError(CmeAuditError):
    """Another run is writing to the same output folder."""


@contextmanager
def run_lock(out: Path) -> Iterator[Path]:
    """Hold the output folder's lock for the duration of a run; RunLockedError if another run has it."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            raise RunLockedError(
                f"{out}: another cme-audit run is writing to this output folder ({holder}); "
                f"wait for it to finish, or give another --out") from None
        started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        try:
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def one_run_per_out(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorate a run function taking ``out=`` (and ``write=``): it runs holding ``out``'s lock."""

    @functools.wraps(fn)
    def locked(*args: object, **kwargs: object) -> T:
        if not kwargs.get("write", True) or kwargs.get("out") is None:
            return fn(*args, **kwargs)
        with run_lock(Path(str(kwargs["out"]))):
            return fn(*args, **kwargs)

    return locked
