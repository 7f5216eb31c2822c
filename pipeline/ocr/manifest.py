"""The model-file manifest: every OCR/seal model file the tool uses, with version and sha256.

``ocr_models/manifest.json`` is rebuilt by ``python -m ocr_models.build_manifest``;
each engine calls :func:`verify` for its files at start, so a changed or missing
model file fails loudly (OcrEngineError) instead of silently changing results.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import cache
from pathlib import Path

from pipeline.errors import OcrEngineError

log = logging.getLogger(__name__)

OCR_MODELS_DIR = Path(__file__).resolve().parents[2] / "ocr_models"
MANIFEST_PATH = OCR_MODELS_DIR / "manifest.json"
REBUILD_HINT = "rebuild it with `python -m ocr_models.build_manifest` after checking the change is intended"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_manifest(path: Path = MANIFEST_PATH) -> dict:
    if not path.is_file():
        raise OcrEngineError(f"{path}: model manifest missing; {REBUILD_HINT}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise OcrEngineError(f"{path}: not valid JSON ({exc}); {REBUILD_HINT}") from exc
    if not isinstance(data.get("files"), list):
        raise OcrEngineError(f"{path}: no 'files' list; {REBUILD_HINT}")
    return data


def resolve(entry: dict) -> Path:
    """An entry's file: ``root`` is ``ocr_models`` (relative to that folder), ``package:<name>``
    (relative to an installed package) or absent (an absolute path)."""
    root = entry.get("root", "")
    if root == "ocr_models":
        return OCR_MODELS_DIR / entry["path"]
    if root.startswith("package:"):
        import importlib.util

        spec = importlib.util.find_spec(root.split(":", 1)[1])
        if spec is None or spec.origin is None:
            raise OcrEngineError(f"package {root.split(':', 1)[1]} (model files of {entry.get('engine')}) "
                                 f"is not installed; pip install it")
        return Path(spec.origin).parent / entry["path"]
    return Path(entry["path"])


@cache
def _verified(key: str, manifest_path: str) -> str:
    manifest = load_manifest(Path(manifest_path))
    entries = [e for e in manifest["files"] if e.get("engine") == key]
    if not entries:
        raise OcrEngineError(f"{manifest_path}: no model files listed for engine {key!r}; {REBUILD_HINT}")
    for entry in entries:
        file = resolve(entry)
        if not file.is_file():
            raise OcrEngineError(f"{key}: model file {file} listed in {manifest_path} is missing; "
                                 f"reinstall the engine or {REBUILD_HINT}")
        digest = sha256_of(file)
        if digest != entry["sha256"]:
            raise OcrEngineError(f"{key}: model file {file} does not match {manifest_path} "
                                 f"(sha256 {digest[:12]}… != {entry['sha256'][:12]}…); {REBUILD_HINT}")
    log.debug("%s: %d model file(s) match the manifest", key, len(entries))
    return ",".join(sorted(e["sha256"][:8] for e in entries))


def verify(key: str, *, manifest_path: Path = MANIFEST_PATH) -> str:
    """Check engine ``key``'s files against the manifest; returns a short digest for versions."""
    return _verified(key, str(manifest_path))
