"""The seal classifier at run time: the trained boosted trees as ONNX graphs on onnxruntime.

``pipeline/seals/train.py`` fits one scikit-learn ``GradientBoostingClassifier`` per scan mode and
keeps them in ``ocr_models/seals/seal_classifier.joblib`` (the training artefact, the source of
truth); ``pipeline/seals/onnx_export.py`` converts each model with skl2onnx into
``seal_classifier.<mode>.onnx`` beside it. Readers load those: onnxruntime is imported in a few
hundredths of a second where unpickling the models needs scikit-learn and SciPy (~0.9 CPU s in every
fresh reader process, recycled every ``worker.recycle_after`` pages), and an ONNX file is data, not a
pickle. Each graph records the SHA-256 of the joblib file it was made from
(``metadata_props['source_sha256']``): ``tests/unit/test_seal_classifier_onnx.py`` fails when the
joblib is retrained and the graphs are not exported again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort

MODES = ("colour", "grey", "bw")


def graph_path(model_path: Path, mode: str) -> Path:
    """``…/seal_classifier.joblib`` -> ``…/seal_classifier.<mode>.onnx``."""
    return model_path.with_name(f"{model_path.stem}.{mode}.onnx")


class TreeGraph:
    """One mode's classifier: ``predict_proba`` as scikit-learn's (columns: not a seal, a seal)."""

    def __init__(self, path: Path) -> None:
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1  # readers are the unit of parallelism
        opts.inter_op_num_threads = 1
        self.path = path
        self._session = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name
        names = [o.name for o in self._session.get_outputs()]
        self._output = "probabilities" if "probabilities" in names else names[-1]
        meta = self._session.get_modelmeta().custom_metadata_map
        self.source_sha256 = meta.get("source_sha256", "")

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(features, dtype=np.float32)
        if x.ndim == 1:
            x = x[None, :]
        return np.asarray(self._session.run([self._output], {self._input: x})[0], dtype=np.float64)


def load_graphs(model_path: Path) -> dict[str, TreeGraph] | None:
    """The modes' graphs exported from ``model_path`` (None when any is missing)."""
    paths = {mode: graph_path(model_path, mode) for mode in MODES}
    if not all(p.is_file() for p in paths.values()):
        return None
    return {mode: TreeGraph(p) for mode, p in paths.items()}
