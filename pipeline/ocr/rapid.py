"""RapidOCR (PP-OCRv4 det/rec ONNX models shipped in the wheel). The only module importing rapidocr."""

from __future__ import annotations

import logging
import threading
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

from pipeline.errors import OcrEngineError
from pipeline.io.config import section
from pipeline.models import Line, OcrResult, Word
from pipeline.ocr import manifest
from pipeline.ocr.base import RegionHint

log = logging.getLogger(__name__)


def rapid_model_files() -> list[Path]:
    """The ONNX files inside the installed rapidocr_onnxruntime wheel."""
    try:
        import rapidocr_onnxruntime
    except ImportError as exc:
        raise OcrEngineError("rapidocr-onnxruntime is not installed; pip install rapidocr-onnxruntime") from exc
    return sorted((Path(rapidocr_onnxruntime.__file__).parent / "models").glob("*.onnx"))


class RapidOcrEngine:
    """PP-OCRv4 through onnxruntime, one intra-op thread so worker processes scale."""

    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise OcrEngineError("rapidocr-onnxruntime is not installed; pip install rapidocr-onnxruntime") from exc
        digest = manifest.verify("rapidocr")
        threads = section("ocr")["rapid_intra_op_threads"]
        # Global settings: rapidocr copies them over the per-model (det_/cls_/rec_) ones.
        try:
            self._ocr = RapidOCR(print_verbose=False, intra_op_num_threads=threads, inter_op_num_threads=threads)
        except Exception as exc:  # onnxruntime raises its own untyped errors at session creation
            raise OcrEngineError(f"RapidOCR could not start: {exc}") from exc
        self._lock = threading.Lock()
        self.version = f"rapidocr-{pkg_version('rapidocr-onnxruntime')}+ort-{pkg_version('onnxruntime')}+{digest}"

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
        except Exception as exc:  # onnxruntime errors are untyped
            raise OcrEngineError(f"RapidOCR failed on a {w}x{h} image: {exc}") from exc
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
