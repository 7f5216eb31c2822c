"""Crash-safe output files: a file is either its old content or its new content, never half of one.

``atomic_write`` writes a temporary file in the target's folder, flushes and fsyncs it, renames it
over the target (``os.replace`` is atomic on POSIX and Windows within one file system) and fsyncs
the folder so the rename itself survives a power cut. A run killed with SIGKILL mid-write leaves
the previous findings.json (or none) and at most a ``.<name>.*.tmp`` file, never a torn one.
Every writer of a run's outputs (findings.json, report.html, findings.xlsx) goes through here.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: Path | str, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text is encoded with ``encoding``) to ``path`` atomically; return the path."""
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return path


def atomic_save(path: Path | str, save: Callable[[io.BytesIO], object]) -> Path:
    """Atomically write what ``save(fileobj)`` writes (``wb.save``, ``csv.writer`` on a wrapper...)."""
    buf = io.BytesIO()
    save(buf)
    return atomic_write(path, buf.getvalue())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. a platform without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)
