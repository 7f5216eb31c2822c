"""Export the trained seal classifier (joblib) to one ONNX graph per scan mode.

    python -m pipeline.seals.onnx_export [--model ocr_models/seals/seal_classifier.joblib]

Writes ``seal_classifier.<mode>.onnx`` beside the joblib file (``pipeline/seals/classifier.py``
reads them at run time), each with the joblib's SHA-256 in its metadata, then run
``python -m ocr_models.build_manifest``. ``pipeline/seals/train.py`` calls this after training.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
from pathlib import Path

import joblib
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType

from .classifier import MODES, graph_path
from .config import model_path

log = logging.getLogger(__name__)


def export(path: Path) -> list[Path]:
    """Every mode's model of the joblib dict at ``path`` as an ONNX graph beside it."""
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    model = joblib.load(path)
    written = []
    for mode in MODES:
        clf = model[mode]
        onx = to_onnx(clf, initial_types=[("features", FloatTensorType([None, clf.n_features_in_]))],
                      options={id(clf): {"zipmap": False}}, target_opset={"": 17, "ai.onnx.ml": 3})
        entry = onx.metadata_props.add()
        entry.key, entry.value = "source_sha256", sha
        out = graph_path(path, mode)
        out.write_bytes(onx.SerializeToString())
        log.info("wrote %s (%d bytes)", out, out.stat().st_size)
        written.append(out)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="the joblib file (default: seals.yaml's)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    export(args.model or model_path())


if __name__ == "__main__":
    main()
