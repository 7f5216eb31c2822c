"""Rebuild ``ocr_models/manifest.json``: version and sha256 of every model file the tool uses.

    python -m ocr_models.build_manifest

Lists the tesseract traineddata files, the RapidOCR ONNX files inside each
installed RapidOCR wheel (onnxruntime, openvino: ``pipeline/ocr/rapid.py``), and
every *.onnx / *.joblib under ocr_models/ (e.g. the seal classifier in
ocr_models/seals/). Engines refuse to start when a file differs.
"""

from __future__ import annotations

import json
import logging
from importlib.metadata import version as pkg_version
from pathlib import Path

from pipeline.ocr.manifest import MANIFEST_PATH, OCR_MODELS_DIR, sha256_of
from pipeline.errors import OcrEngineError
from pipeline.ocr.rapid import RUNTIMES, rapid_model_files
from pipeline.ocr.tesseract import tesseract_version, traineddata_files

MANIFEST_VERSION = 1
log = logging.getLogger(__name__)


def _entry(engine: str, path: Path, version: str, *, root: Path | None = None, root_name: str = "") -> dict:
    entry = {"engine": engine, "path": str(path.relative_to(root) if root else path), "version": version,
             "sha256": sha256_of(path), "bytes": path.stat().st_size}
    if root_name:
        entry["root"] = root_name
    return entry


def build() -> dict:
    files = [_entry("tesseract", p, tesseract_version()) for p in traineddata_files()]
    for runtime in RUNTIMES.values():  # each installed RapidOCR wheel's copy of the models
        try:
            rapid_files = rapid_model_files(runtime.name)
        except OcrEngineError as exc:
            log.warning("skipping RapidOCR on %s: %s", runtime.name, exc)
            continue
        rapid_root = rapid_files[0].parent.parent if rapid_files else None
        files += [_entry(runtime.manifest_key, p, pkg_version(runtime.dist), root=rapid_root,
                         root_name=f"package:{runtime.module}") for p in rapid_files]
    for pattern in ("*.onnx", "*.joblib"):
        for p in sorted(OCR_MODELS_DIR.rglob(pattern)):
            parts = p.relative_to(OCR_MODELS_DIR).parts
            engine = parts[0] if len(parts) > 1 else "ocr_models"
            files.append(_entry(engine, p, "local", root=OCR_MODELS_DIR, root_name="ocr_models"))
    return {"manifest_version": MANIFEST_VERSION, "files": files}


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = build()
    MANIFEST_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s (%d files)", MANIFEST_PATH, len(data["files"]))


if __name__ == "__main__":
    main()
