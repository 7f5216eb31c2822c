"""The seal classifier's ONNX graphs: made from today's joblib, and deciding as scikit-learn does."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pytest

from pipeline.seals.classifier import MODES, load_graphs
from pipeline.seals.config import load_config, model_path
from pipeline.seals.detect import load_model

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trained() -> dict:
    return joblib.load(model_path())


def test_every_graph_was_exported_from_the_joblib_file_of_today():
    sha = hashlib.sha256(model_path().read_bytes()).hexdigest()
    graphs = load_graphs(model_path())
    assert graphs is not None, "run python -m pipeline.seals.onnx_export"
    assert {mode: g.source_sha256 for mode, g in graphs.items()} == {mode: sha for mode in MODES}, (
        "the joblib was retrained: run python -m pipeline.seals.onnx_export and python -m ocr_models.build_manifest")


@pytest.mark.parametrize("mode", MODES)
def test_graph_probabilities_are_scikit_learns(trained, mode):
    clf, graph = trained[mode], load_model()[mode]
    rng = np.random.default_rng(7)
    # features of real candidates lie in [0, 1] (coverages, shares) and mm sizes up to ~80
    x = rng.random((4000, clf.n_features_in_)) * rng.choice([0.3, 1.0, 3.0, 80.0], size=(1, clf.n_features_in_))
    want, got = clf.predict_proba(x), graph.predict_proba(x)
    assert got.shape == want.shape
    assert np.abs(got - want).max() < 1e-5
    cfg = load_config()["classifier"]
    for threshold in {cfg["threshold_colour"], cfg["threshold_grey"], cfg["threshold_bw"], cfg["threshold_colour_bar"]}:
        assert ((got[:, 1] >= threshold) == (want[:, 1] >= threshold)).all()


def test_a_reader_finds_seals_without_importing_scikit_learn():
    code = ("import sys, numpy as np; from pipeline.seals import find_seals; "
            "find_seals(np.full((600, 500, 3), 255, np.uint8), dpi=72); "
            "print('sklearn' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["False", "False"]
