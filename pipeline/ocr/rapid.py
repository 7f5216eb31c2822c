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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from importlib.util import find_spec
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as pkg_version
from pathlib import Path

import numpy as np

from pipeline.errors import OcrEngineError
from pipeline.io.config import section
from pipeline.models import Line, OcrResult, Word
from pipeline.ocr import manifest
from pipeline.ocr.base import Detection, RegionHint
from pipeline.settings import load_yaml

log = logging.getLogger(__name__)

OPENVINO_CONFIG = Path(__file__).resolve().parents[2] / "ocr_models" / "openvino.yaml"


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


@lru_cache(maxsize=1)
def _openvino_config() -> dict:
    return (load_yaml(OPENVINO_CONFIG) or {}) if OPENVINO_CONFIG.is_file() else {}


def openvino_properties() -> dict[str, str]:
    """The CPU plugin properties of ``ocr_models/openvino.yaml`` (values as OpenVINO takes them: text)."""
    props = _openvino_config().get("cpu_properties") or {}
    return {str(key): str(value) for key, value in props.items()}


def openvino_inputs() -> dict[str, int]:
    """The bounds on the models' input shapes of ``ocr_models/openvino.yaml`` (``inputs``)."""
    return {str(key): int(value) for key, value in (_openvino_config().get("inputs") or {}).items()}


@contextmanager
def _compiled_with(runtime: Runtime) -> Iterator[None]:
    """While RapidOCR builds its sessions, each OpenVINO ``Core`` it makes carries
    ``openvino_properties()`` for the CPU plugin (the wheel makes its own ``Core`` per model and
    takes only a thread count); other runtimes are left as they are."""
    props = openvino_properties()
    if runtime.backend_dist != "openvino" or not props:
        yield
        return
    sessions = import_module(f"{runtime.module}.utils.infer_engine")
    base = sessions.Core

    class Core(base):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            self.set_property("CPU", props)

    sessions.Core = Core
    try:
        yield
    finally:
        sessions.Core = base


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
        if find_spec(self.runtime.module) is None:  # a missing wheel fails at start, not at the first page
            raise OcrEngineError(f"{self.runtime.dist} is not installed (RapidOCR on {self.runtime.name}); "
                                 f"pip install {self.runtime.dist}")
        digest = manifest.verify(self.runtime.manifest_key)
        cfg = section("ocr")
        self._threads = (int(cfg["rapid_intra_op_threads"]),
                         int(cfg.get("rapid_inter_op_threads", cfg["rapid_intra_op_threads"])))
        self._model: object | None = None
        self._lock = threading.Lock()
        # Detector input size (the long side) of a whole-page read; 0: RapidOCR's own setting.
        self.det_max_side = int(cfg.get("rapid_det_max_side", 0) or 0)
        self._det_mode: str | None = None  # None: a whole page; "block": a region (see _size_detection)
        det_tag = f"+det{self.det_max_side}" if self.det_max_side else ""
        self._rec_step = int((cfg.get("rapid_rec_width_step") or {}).get(self.runtime.name, 0) or 0)
        inputs = openvino_inputs() if self.runtime.backend_dist == "openvino" else {}
        self._rec_columns = inputs.get("rec_max_columns", 0) if self._rec_step else 0
        rec_tag = f"+rec{self._rec_step}" if self._rec_step else ""
        rec_tag += f"x{self._rec_columns}" if self._rec_columns else ""
        self.version = f"{runtime_version(self.runtime)}{det_tag}{rec_tag}+{digest}"

    @property
    def _ocr(self):
        """RapidOCR with its models compiled, made at the first page read: a process that only needs
        the engine's name and version (the main process keying the reading cache, a warm rerun)
        never loads the runtime or compiles the models (~2 CPU s and ~300 MB resident)."""
        if self._model is None:
            module = _import(self.runtime)
            try:
                with _compiled_with(self.runtime):
                    model = module.RapidOCR(print_verbose=False, **self.runtime.thread_kwargs(*self._threads))
            except Exception as exc:  # onnxruntime / openvino raise their own untyped errors at session creation
                raise OcrEngineError(f"RapidOCR on {self.runtime.name} could not start: {exc}") from exc
            if self._rec_step:
                rec = model.text_rec
                rec.session = BucketedSession(rec.session, width_step=self._rec_step, batch=int(rec.rec_batch_num),
                                              max_columns=self._rec_columns)
            self._model = model
            self._size_detection()
        return self._model

    def _size_detection(self) -> None:
        """Let the engine choose the detector's input size call by call.

        RapidOCR sizes the detector's input by its page setting (``limit_type: min``, 736 px: the short
        side raised to 736, never lowered), so a 200-dpi A4 page is detected at the 1414x2000 px it
        recognises at. Text lines of the type on certificates are found as well at ~1280 px on the long
        side (``ocr.rapid_det_max_side``; evaluation in ``ocr_models/EVALUATION.md``), at ~40 % of the
        detector's cost. Only the detector's input is scaled: RapidOCR maps the boxes back onto the page
        it was given and cuts the recognition crops from it at full resolution. A page already within
        ``det_max_side`` keeps RapidOCR's setting (small pages are still enlarged to 736 px).

        Regions (``region_hint="block"``) are detected at their own scale: RapidOCR's ``limit_type: max``
        sizes (only ever scaled down, to 960/1500/2000 px on the long side), so a small region of a page
        does not cost most of a page.
        """
        det = self._ocr.text_det
        original = det.get_preprocess

        def get_preprocess(max_wh: int):
            op = original(max_wh)
            op.normalize = _float32_normalize(op)
            if self._det_mode == "block":
                op.limit_type = "max"
                op.limit_side_len = 960 if max_wh < 960 else 1500 if max_wh < 1500 else 2000
            elif self.det_max_side and max_wh > self.det_max_side:
                op.limit_type, op.limit_side_len = "max", self.det_max_side
            return op

        det.get_preprocess = get_preprocess

    # ------------------------------------------------------------ a whole page: detect, then recognise

    def _detect_page(self, image: np.ndarray) -> _Detected:
        """RapidOCR's page call up to its detector (under the lock): the page as RapidOCR scales it
        (``max_side_len``), its boxes there, and the crops the recogniser would get."""
        ocr = self._ocr
        img = ocr.load_img(image)
        raw_h, raw_w = img.shape[:2]
        img, ratio_h, ratio_w = ocr.preprocess(img)
        op_record: dict = {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}}
        img, op_record = ocr.maybe_add_letterbox(img, op_record)
        boxes, _elapse = ocr.auto_text_det(img)
        crops = [] if boxes is None else ocr.get_crop_img_list(img, boxes)
        return _Detected(op_record, boxes, crops, raw_h, raw_w)

    def _recognise_page(self, d: _Detected) -> list:
        """The rest of RapidOCR's page call: recognise ``d``'s crops, boxes back on the page given."""
        if d.boxes is None:
            return []
        ocr = self._ocr
        rec_res, _elapse = ocr.text_rec(d.crops, False)
        boxes = ocr._get_origin_points(d.boxes, d.op_record, d.raw_h, d.raw_w)
        raw, _ = ocr.get_final_res(boxes, None, rec_res, 0.0, 0.0, 0.0)
        return raw or []

    def detect(self, image: np.ndarray) -> Detection:
        """A whole page's text lines before recognition, each with the angle classifier's
        probability that it reads upside down (``pipeline/orientation.py`` decides the page's way
        up from them). Pass the result to ``recognize(image, detection=...)`` to read the page
        without detecting it again."""
        h, w = image.shape[:2]
        try:
            with self._lock:
                d = self._detect_page(image)
                upside: list[float] = []
                if d.crops:
                    _turned, cls_res, _elapse = self._ocr.text_cls(d.crops)
                    upside = [float(score) if "180" in str(label) else 1.0 - float(score)
                              for label, score in cls_res]
                pts = ([] if d.boxes is None else
                       self._ocr._get_origin_points(d.boxes, d.op_record, d.raw_h, d.raw_w))
        except Exception as exc:  # onnxruntime / openvino errors are untyped
            raise OcrEngineError(f"RapidOCR ({self.runtime.name}) failed on a {w}x{h} image: {exc}") from exc
        boxes = tuple(_bbox(q) for q in pts)
        return Detection(boxes=boxes, upside_down=tuple(upside), shape=(h, w), handle=(id(image), d))

    def recognize(self, image: np.ndarray, *, region_hint: RegionHint = None,
                  detection: Detection | None = None, det_max_side: int | None = None) -> OcrResult:
        """Read ``image``; ``detection``: this same image's ``detect`` (a whole page read without
        detecting it again); ``det_max_side``: a whole page's detector input for this call (long
        side, px; 0: the page's own size, as RapidOCR sizes it; None: ``ocr.rapid_det_max_side``),
        e.g. a list page's dense table read again (``pipeline/reading.py``)."""
        h, w = image.shape[:2]
        use_det = region_hint in (None, "block")
        if detection is not None and (detection.shape != (h, w) or detection.handle[0] != id(image)):
            raise ValueError("recognize(detection=...) takes the detection of this same image")
        try:
            with self._lock:  # one call at a time: the detector's sizing is switched per call
                if detection is not None:
                    raw = self._recognise_page(detection.handle[1])
                elif region_hint is None:
                    page_side, self.det_max_side = self.det_max_side, (
                        self.det_max_side if det_max_side is None else det_max_side)
                    try:
                        raw = self._recognise_page(self._detect_page(image))
                    finally:
                        self.det_max_side = page_side
                else:
                    self._det_mode = "block" if region_hint == "block" else None
                    try:
                        raw, _elapse = self._ocr(image, use_det=use_det, use_cls=False)
                    finally:
                        self._det_mode = None
        except Exception as exc:  # onnxruntime / openvino errors are untyped
            raise OcrEngineError(f"RapidOCR ({self.runtime.name}) failed on a {w}x{h} image: {exc}") from exc
        lines: list[Line] = []
        for item in raw or []:
            if use_det:
                box, text, score = item
                bbox = _bbox(box)
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


class BucketedSession:
    """The recogniser's session fed a bounded set of input shapes.

    RapidOCR sizes each batch of line crops to its widest crop (48 px high, any width) and its last
    batch to the crops left, so nearly every call has a new shape; OpenVINO's CPU plugin keeps
    ~7-9 MB per input shape it has run, which is why a reader's resident memory grew ~30 MB per
    page read. Here a batch is padded, with the zeros RapidOCR already pads narrower crops with, to
    the next multiple of ``width_step`` px and (unless it is one crop) to ``batch`` crops, and the
    output is cut back to the batch's own crops and time steps (the padding's steps are not decoded).

    The plugin also sizes its buffers to the largest input it has run (crops x width): with
    ``max_columns`` a batch wider than ``max_columns / batch`` px is run in parts of as many crops as
    fit in ``max_columns`` (at least one), each padded to that many crops. A crop's input is the same
    in any part (its width is still the batch's), so is what is read from it."""

    def __init__(self, session, *, width_step: int, batch: int, max_columns: int = 0) -> None:
        self._session, self.width_step, self.batch = session, width_step, batch
        self.max_columns = max_columns

    def __call__(self, images: np.ndarray) -> np.ndarray:
        n, c, h, w = images.shape
        width = -(-w // self.width_step) * self.width_step
        part = self.batch if not self.max_columns else max(1, min(self.batch, self.max_columns // width))
        if n > part:  # run in parts; each part's output is copied (the session's buffer is reused)
            return np.concatenate([np.array(self(images[i:i + part])) for i in range(0, n, part)])
        rows = n if n == 1 else max(n, part)  # a lone crop (a seal's ring text) is not padded to more
        if (rows, width) != (n, w):
            padded = np.zeros((rows, c, h, width), dtype=images.dtype)
            padded[:n, :, :, :w] = images
            images = padded
        preds = self._session(images)
        steps = preds.shape[1] * w // width  # the recogniser's steps are a fixed share of the width
        return preds[:n, :steps]


def _float32_normalize(op):
    """RapidOCR's detector normalisation, ``(x / 255 - mean) / std``, in float32 in place: its own
    goes through float64 (numpy's mean and std arrays) and three page-sized temporaries."""
    gain = (op.scale / np.asarray(op.std, dtype=np.float64)).astype(np.float32)
    offset = (np.asarray(op.mean, dtype=np.float64) / np.asarray(op.std, dtype=np.float64)).astype(np.float32)

    def normalize(img: np.ndarray) -> np.ndarray:
        out = img.astype(np.float32)
        out *= gain
        out -= offset
        return out

    return normalize


@dataclass
class _Detected:
    """RapidOCR's state between detection and recognition of one page (engine-private)."""

    op_record: dict
    boxes: list | None
    crops: list
    raw_h: int
    raw_w: int


def _bbox(quad) -> tuple[float, float, float, float]:
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return (min(xs), min(ys), max(xs), max(ys))
