"""RapidOCR: PP-OCRv4 det/rec ONNX models shipped in the wheel, on a selectable runtime.

The only module importing rapidocr. Two wheels of RapidOCR 1.4.4 share one API and ship the
same three ONNX files (byte for byte; ``ocr_models/manifest.json`` lists both copies):

- ``rapidocr-onnxruntime`` runs them with onnxruntime (``SessionOptions`` with
  ``ORT_ENABLE_ALL`` graph optimisation and no memory arena, set by the wheel; the thread
  counts are ours, ``ocr.rapid_intra_op_threads`` / ``rapid_inter_op_threads``);
- ``rapidocr-openvino`` compiles them with OpenVINO's CPU plugin (``INFERENCE_NUM_THREADS``
  = ``ocr.rapid_intra_op_threads``).

``ocr.rapid_runtime`` in ``pipeline/config/reading.yaml`` picks the runtime of the default
``rapidocr`` engine; the registry also offers each by name (``rapidocr-onnxruntime``,
``rapidocr-openvino``) for side-by-side runs. The engine's ``name`` stays ``rapidocr`` (the
same models, the same reading code) and its ``version`` names the wheel, the runtime and
both their versions and the model digest, so the reading cache's fingerprint
(``pipeline/cache.py``) never mixes readings of two runtimes. No model is downloaded at run
time: a runtime whose wheel is missing fails at start with the pip command to install it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

from pipeline.errors import OcrEngineError
from pipeline.io.config import section
from pipeline.models import Line, OcrResult, Word
from pipeline.ocr import manifest
from pipeline.ocr.base import RegionHint

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    """One RapidOCR wheel: its distribution and module, the runtime it runs on, how it takes
    thread counts, and its key in the model manifest."""

    name: str
    dist: str
    module: str
    backend_dist: str
    tag: str
    manifest_key: str

    def thread_kwargs(self, intra: int, inter: int) -> dict[str, int]:
        # Global settings: rapidocr copies them over the per-model (det_/cls_/rec_) ones.
        if self.backend_dist == "openvino":
            return {"inference_num_threads": intra}
        return {"intra_op_num_threads": intra, "inter_op_num_threads": inter}


RUNTIMES: dict[str, Runtime] = {
    "onnxruntime": Runtime("onnxruntime", "rapidocr-onnxruntime", "rapidocr_onnxruntime", "onnxruntime",
                           "ort", "rapidocr"),
    "openvino": Runtime("openvino", "rapidocr-openvino", "rapidocr_openvino", "openvino", "ov",
                        "rapidocr-openvino"),
}


def runtime_named(name: str | None = None) -> Runtime:
    """The runtime called ``name`` (None: ``ocr.rapid_runtime`` of reading.yaml)."""
    key = name or section("ocr").get("rapid_runtime", "onnxruntime")
    if key not in RUNTIMES:
        raise OcrEngineError(f"unknown RapidOCR runtime {key!r} (ocr.rapid_runtime in "
                             f"pipeline/config/reading.yaml); choose one of {', '.join(sorted(RUNTIMES))}")
    return RUNTIMES[key]


def _import(runtime: Runtime):
    try:
        return import_module(runtime.module)
    except ImportError as exc:
        raise OcrEngineError(f"{runtime.dist} is not installed (RapidOCR on {runtime.name}); "
                             f"pip install {runtime.dist}") from exc


def rapid_model_files(runtime: str | None = "onnxruntime") -> list[Path]:
    """The ONNX files inside the installed wheel of ``runtime``."""
    module = _import(runtime_named(runtime))
    return sorted((Path(module.__file__).parent / "models").glob("*.onnx"))


def runtime_version(runtime: Runtime) -> str:
    """``rapidocr-<wheel version>+<tag>-<runtime version>``, e.g. ``rapidocr-1.4.4+ov-2024.0.0``."""
    try:
        return f"rapidocr-{pkg_version(runtime.dist)}+{runtime.tag}-{pkg_version(runtime.backend_dist)}"
    except PackageNotFoundError as exc:
        raise OcrEngineError(f"{exc.name} is not installed (RapidOCR on {runtime.name}); "
                             f"pip install {runtime.dist}") from exc


class RapidOcrEngine:
    """PP-OCRv4 on ``runtime`` (None: reading.yaml's), one intra-op thread so worker processes scale."""

    name = "rapidocr"

    def __init__(self, runtime: str | None = None) -> None:
        self.runtime = runtime_named(runtime)
        module = _import(self.runtime)
        digest = manifest.verify(self.runtime.manifest_key)
        cfg = section("ocr")
        intra = int(cfg["rapid_intra_op_threads"])
        inter = int(cfg.get("rapid_inter_op_threads", intra))
        try:
            self._ocr = module.RapidOCR(print_verbose=False, **self.runtime.thread_kwargs(intra, inter))
        except Exception as exc:  # onnxruntime / openvino raise their own untyped errors at session creation
            raise OcrEngineError(f"RapidOCR on {self.runtime.name} could not start: {exc}") from exc
        self._lock = threading.Lock()
        self.version = f"{runtime_version(self.runtime)}+{digest}"

    def _detect_at_own_scale(self, image: np.ndarray):
        """Detection without rapidocr's page setting (short side raised to 736 px), which would
        make a small region cost most of a page; text in a region of a page is already page-sized.
        The setting is switched for the call under the engine's lock (one instance per process)."""
        det = self._ocr.text_det
        with self._lock:
            saved = det.limit_type
            det.limit_type = "max"  # only ever scaled down (to 960/1500/2000 px on the long side)
            try:
                raw, _elapse = self._ocr(image, use_det=True, use_cls=False)
            finally:
                det.limit_type = saved
        return raw

    def recognize(self, image: np.ndarray, *, region_hint: RegionHint = None) -> OcrResult:
        h, w = image.shape[:2]
        use_det = region_hint in (None, "block")
        try:
            if region_hint == "block":
                raw = self._detect_at_own_scale(image)
            else:
                with self._lock:  # not while a block call has the detector's scaling switched
                    raw, _elapse = self._ocr(image, use_det=use_det, use_cls=False)
        except Exception as exc:  # onnxruntime / openvino errors are untyped
            raise OcrEngineError(f"RapidOCR ({self.runtime.name}) failed on a {w}x{h} image: {exc}") from exc
        lines: list[Line] = []
        for item in raw or []:
            if use_det:
                box, text, score = item
                xs = [p[0] for p in box]
                ys = [p[1] for p in box]
                bbox = (float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)))
            else:
                text, score = item[0], item[1]
                bbox = (0.0, 0.0, float(w), float(h))
            text = str(text).strip()
            if not text:
                continue
            conf = min(max(float(score), 0.0), 1.0)
            lines.append(Line(text=text, conf=conf, box=bbox, words=[Word(text=text, conf=conf, box=bbox)]))
        lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
        return OcrResult(engine=self.name, engine_version=self.version, width=w, height=h, lines=lines)
