"""Reading cache: an unchanged document is never OCRed twice.

Key = the file's content hash + a fingerprint of everything that shapes a
reading (engine name and version, reading and seal configuration, the model
manifest, the tool's version). Values are ``DocumentReading`` JSON files under
``<home>/readings/<fingerprint>/<sha256>.json``: a plain folder any run, flow
or nightly reconciliation on the machine (or a shared volume) can read, with
no server. A changed configuration or engine gives a new fingerprint, so old
readings are simply not found (and can be deleted by folder).

Beside each reading lie its pages' previews (``<sha256>.p<page>.<format>``, the small upright
page image the reader made for the reviewer's evidence, ``pipeline/evidence/preview.py``):
``put`` writes them and keeps only their file names in the JSON, ``get`` points each page's
``preview.file`` at its image, so a warm rerun cuts evidence without loading a document.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline import __version__
from pipeline.models import DocumentReading

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
_FINGERPRINT_FILES = (
    _PACKAGE / "config" / "reading.yaml",
    _PACKAGE / "config" / "seals.yaml",
    _PACKAGE / "config" / "limits.yaml",  # pixel budgets decide what a page is read at (issue 16)
    _PACKAGE.parent / "ocr_models" / "manifest.json",
    _PACKAGE.parent / "ocr_models" / "patterns.yaml",
    _PACKAGE.parent / "ocr_models" / "openvino.yaml",  # the runtime's plugin properties (issue 18)
    _PACKAGE.parent / "ocr_models" / "vocab" / "labels.yaml",  # label words of extraction (issue 14)
)
# The reading stage's own code: a change to how pages are read or parsed must not meet readings
# the old code made (a working tree between releases keeps one __version__).
_FINGERPRINT_SOURCES = ("reading.py", "preprocess.py", "orientation.py", "classify.py", "normalize.py",
                        "extract/*.py", "ocr/*.py", "seals/*.py", "io/*.py")


def home_dir() -> Path:
    """Where embedded defaults live: ``$CME_AUDIT_HOME`` or ``~/.cache/cme-audit``."""
    env = os.environ.get("CME_AUDIT_HOME")
    return Path(env) if env else Path.home() / ".cache" / "cme-audit"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@lru_cache(maxsize=8)
def reading_fingerprint(engine_name: str, engine_version: str) -> str:
    digest = hashlib.sha256(f"{__version__}|{engine_name}|{engine_version}".encode())
    sources = sorted(p for pattern in _FINGERPRINT_SOURCES for p in _PACKAGE.glob(pattern))
    for path in (*_FINGERPRINT_FILES, *sources):
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:16]


class ReadingCache:
    def __init__(self, root: Path, fingerprint: str):
        self.dir = Path(root) / "readings" / fingerprint
        self.fingerprint = fingerprint

    def _path(self, sha256: str) -> Path:
        return self.dir / sha256[:2] / f"{sha256}.json"

    def get(self, sha256: str, rel_path: str) -> DocumentReading | None:
        path = self._path(sha256)
        if not path.exists():
            return None
        try:
            reading = DocumentReading.model_validate_json(path.read_text(encoding="utf-8"))
        except ValueError as exc:  # a torn or outdated file: read the document again
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            return None
        for page in reading.pages:  # previews beside the reading: absolute paths, for this machine
            if page.preview is not None and page.preview.file:
                page.preview.file = str(path.parent / Path(page.preview.file).name)
        # the same content may sit at another path in another bundle
        return reading.model_copy(update={"path": rel_path})

    def put(self, reading: DocumentReading) -> None:
        if not reading.sha256 or reading.error:
            return  # invalid files are cheap to re-check and may be replaced in place
        path = self._path(reading.sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._put_previews(reading, path)
        # atomic: write a temp file in the same folder, then rename
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(reading.model_dump(mode="json"), fh, ensure_ascii=False)
        os.replace(tmp, path)

    @staticmethod
    def _put_previews(reading: DocumentReading, path: Path) -> None:
        """Write each page's preview image beside the reading; the reading keeps the file's name."""
        for page in reading.pages:
            preview = page.preview
            if preview is None or preview.data is None:
                continue
            target = path.parent / f"{reading.sha256}.p{page.page}.{preview.format}"
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(preview.data)
            os.replace(tmp, target)
            preview.file, preview.data = str(target), None  # the in-memory reading now points at the file
