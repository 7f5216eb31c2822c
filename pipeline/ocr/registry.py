"""OCR engines by name. One instance per engine per process (models load once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.errors import OcrEngineError

if TYPE_CHECKING:  # the reader pool imports this module before any engine: keep it light
    from pipeline.ocr.base import OcrEngine

DEFAULT_ENGINE: str = "rapidocr"


def _tesseract() -> OcrEngine:
    from pipeline.ocr.tesseract import TesseractEngine
    return TesseractEngine()


def _rapid(runtime: str | None = None) -> Callable[[], OcrEngine]:
    """RapidOCR on ``runtime`` (None: ``ocr.rapid_runtime`` of reading.yaml, ``pipeline/ocr/rapid.py``)."""
    def make() -> OcrEngine:
        from pipeline.ocr.rapid import RapidOcrEngine
        return RapidOcrEngine(runtime)
    return make


def _baseline() -> OcrEngine:
    from pipeline.ocr.baseline import BaselineEngine
    return BaselineEngine()


ENGINES: dict[str, Callable[[], OcrEngine]] = {
    "tesseract": _tesseract,
    "rapidocr": _rapid(),                          # the runtime reading.yaml names
    "rapidocr-onnxruntime": _rapid("onnxruntime"),  # the same models on a named runtime (side-by-side runs)
    "rapidocr-openvino": _rapid("openvino"),
    "baseline": _baseline,
}
_INSTANCES: dict[str, OcrEngine] = {}
# The RapidOCR runtime behind an engine name ("" = ocr.rapid_runtime of reading.yaml); others have none.
_RAPID_RUNTIMES: dict[str, str] = {"rapidocr": "", "rapidocr-onnxruntime": "onnxruntime",
                                   "rapidocr-openvino": "openvino"}


def engine_names() -> list[str]:
    return sorted(ENGINES)


def rapid_runtime_of(name: str | None = None) -> str | None:
    """The RapidOCR runtime engine ``name`` (None = DEFAULT_ENGINE) runs on, or None (not RapidOCR).
    Cheap: nothing is imported (the reader pool picks a process's memory bound by it)."""
    runtime = _RAPID_RUNTIMES.get(name or DEFAULT_ENGINE)
    if runtime == "":
        from pipeline.io.config import section

        runtime = str(section("ocr").get("rapid_runtime", "onnxruntime"))
    return runtime


def get_engine(name: str | None = None) -> OcrEngine:
    """The engine called ``name`` (None = DEFAULT_ENGINE); raises OcrEngineError for an unknown name."""
    key = name or DEFAULT_ENGINE
    if key not in ENGINES:
        raise OcrEngineError(f"unknown OCR engine {key!r}; choose one of {', '.join(engine_names())}")
    if key not in _INSTANCES:
        _INSTANCES[key] = ENGINES[key]()
    return _INSTANCES[key]
