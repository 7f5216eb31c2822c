"""RapidOCR on either runtime (pipeline/ocr/rapid.py): the same models, the runtime in the version and the
cache fingerprint, the same reading of a small certificate."""

from __future__ import annotations

import pytest

from pipeline.cache import reading_fingerprint
from pipeline.errors import OcrEngineError
from pipeline.io.config import section
from pipeline.ocr import manifest
from pipeline.ocr.rapid import RUNTIMES, runtime_named
from pipeline.ocr.registry import get_engine
from tests.ocr.render import render_certificate

pytestmark = pytest.mark.ocr


def test_default_runtime_is_the_configured_one():
    assert runtime_named(None).name == section("ocr")["rapid_runtime"]
    with pytest.raises(OcrEngineError, match="unknown RapidOCR runtime"):
        runtime_named("tensorrt")


def test_both_wheels_ship_the_same_model_files():
    files = manifest.load_manifest()["files"]
    digests = {rt.manifest_key: sorted(e["sha256"] for e in files if e["engine"] == rt.manifest_key)
               for rt in RUNTIMES.values()}
    assert digests["rapidocr"] and digests["rapidocr"] == digests["rapidocr-openvino"]


def test_runtimes_differ_in_version_and_fingerprint_but_read_alike():
    ort, ov = get_engine("rapidocr-onnxruntime"), get_engine("rapidocr-openvino")
    assert ort.name == ov.name == "rapidocr"
    assert "+ort-" in ort.version and "+ov-" in ov.version
    assert reading_fingerprint(ort.name, ort.version) != reading_fingerprint(ov.name, ov.version)
    image = render_certificate(dpi=150, seal_over=None)
    a, b = ort.recognize(image), ov.recognize(image)
    assert a.engine_version == ort.version and b.engine_version == ov.version
    text_a, text_b = a.text.replace(" ", ""), b.text.replace(" ", "")
    assert "继续医学教育" in text_a and "继续医学教育" in text_b
    same = sum(x.text == y.text for x, y in zip(a.lines, b.lines, strict=False))
    assert same >= 0.8 * max(len(a.lines), len(b.lines))
