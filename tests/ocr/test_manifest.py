"""The model manifest: engines refuse model files that differ from ocr_models/manifest.json."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import OcrEngineError
from pipeline.ocr import manifest


def _write(tmp_path, files):
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"manifest_version": 1, "files": files}), encoding="utf-8")
    return path


def test_matching_file_passes(tmp_path):
    model = tmp_path / "m.onnx"
    model.write_bytes(b"weights")
    path = _write(tmp_path, [{"engine": "x", "path": str(model), "sha256": manifest.sha256_of(model)}])
    assert manifest.verify("x", manifest_path=path) == manifest.sha256_of(model)[:8]


def test_changed_file_fails_naming_file_and_fix(tmp_path):
    model = tmp_path / "m2.onnx"
    model.write_bytes(b"weights")
    path = _write(tmp_path, [{"engine": "y", "path": str(model), "sha256": "0" * 64}])
    with pytest.raises(OcrEngineError, match=r"m2\.onnx.*build_manifest"):
        manifest.verify("y", manifest_path=path)


def test_missing_file_and_unknown_engine_fail(tmp_path):
    path = _write(tmp_path, [{"engine": "z", "path": str(tmp_path / "gone.onnx"), "sha256": "0" * 64}])
    with pytest.raises(OcrEngineError, match="missing"):
        manifest.verify("z", manifest_path=path)
    with pytest.raises(OcrEngineError, match="no model files listed"):
        manifest.verify("nobody", manifest_path=path)


def test_shipped_manifest_lists_every_engine_and_matches():
    data = manifest.load_manifest()
    engines = {e["engine"] for e in data["files"]}
    assert {"tesseract", "rapidocr"} <= engines
    for entry in data["files"]:
        assert len(entry["sha256"]) == 64 and entry["version"]
    manifest.verify("tesseract")
    manifest.verify("rapidocr")
