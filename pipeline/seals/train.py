"""Train the seal/non-seal classifier on ring features of outline candidates.

    python -m pipeline.seals.train --out ocr_models/seals/seal_classifier.joblib \
        [--set /tmp/gen1 --set /tmp/gen2] [--synthetic 300] [--seed 0]

Writes the joblib file (the models) and, beside it, the ONNX graphs readers load
(``pipeline/seals/onnx_export.py``); then ``python -m ocr_models.build_manifest``.

Examples are the detector's own candidates (detect.candidates) on pages whose
seals are known: a candidate whose box overlaps a true seal with IoU >= 0.5 is
a positive, every other candidate (text blocks, table cells, characters, red
titles and rules, signatures, part-seal fits) a negative. Pages come from
generated sets (truth.json beside submissions/) and from synthetic pages drawn
by synth.py. Two models are fitted: one for colour pages (red-ink mask) and one
for grey / black-and-white pages (dark-ink mask).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from pathlib import Path

import joblib
import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import train_test_split

from . import detect, synth
from .config import load_config
from .features import feature_names
from .onnx_export import export
from .geometry import iou

log = logging.getLogger(__name__)
# The classifier answers "is this outline on a seal" (IoU >= 0.5); which of several outlines of
# one seal is kept is decided by geometry.nms (fit, containment), not by the classifier.
POS_IOU = 0.5
NEG_IOU = 0.3  # candidates between NEG_IOU and POS_IOU are ambiguous and left out


def labelled(image: np.ndarray, dpi: float, truth_pt: list[tuple[float, float, float, float]],
             cfg: dict) -> tuple[np.ndarray, np.ndarray, str]:
    """Features and labels of every candidate on one page."""
    pm = detect.prepare(image, dpi, cfg)
    cands = detect.candidates(pm, cfg)
    if not cands:
        return np.zeros((0, len(feature_names(cfg["features"]))), np.float32), np.zeros(0, int), pm.mode
    k = pm.scale * dpi / 72.0  # small px per point
    h, w = pm.mask.shape
    # truth boxes of seals cut by the page edge run off the page; candidates' boxes are clipped
    truth_px = [(max(0.0, b[0] * k), max(0.0, b[1] * k), min(float(w), b[2] * k), min(float(h), b[3] * k))
                for b in truth_pt]
    feats = detect.features_for(pm, cands, cfg)
    labels, keep = [], []
    for i, c in enumerate(cands):
        best = max((iou(c.bbox(w, h), t) for t in truth_px), default=0.0)
        if best >= POS_IOU:
            labels.append(1)
            keep.append(i)
        elif best < NEG_IOU:
            labels.append(0)
            keep.append(i)
    return feats[keep], np.array(labels, dtype=int), pm.mode


def synthetic_pages(n: int, seed: int, *, wide: bool = True) -> Iterator[tuple[np.ndarray, float, list]]:
    """Synthetic pages; wide: seals of every shape for both authorities (bars, round offices, oval
    and rectangular organizers, double rings: synth.wide_spec), as the generator's styles draw."""
    rng = np.random.default_rng(seed)
    colours = ["color", "grey", "bw"]
    for i in range(n):
        dpi = float(rng.choice([150, 200, 300]))
        page = synth.random_page(rng, dpi, color=colours[i % 3], cut_p=0.1, overlap_p=0.2, rotate_p=0.1,
                                 signature_p=0.5, wide=wide)
        yield page.image, page.dpi, [b for _, b in page.seals]


def generated_pages(set_dir: Path) -> Iterator[tuple[np.ndarray, float, list]]:
    """Pages of a generated set with their truth seal boxes (the evaluation's page reader)."""
    from .evaluate import set_pages

    for page in set_pages(set_dir):
        yield page.image, page.dpi, [box for _, box in page.stamps]


def train(pages: Iterator[tuple[np.ndarray, float, list]], cfg: dict, *, seed: int = 0) -> dict:
    X: dict[str, list] = {"colour": [], "grey": [], "bw": []}
    Y: dict[str, list] = {"colour": [], "grey": [], "bw": []}
    for image, dpi, boxes in pages:
        f, y, mode = labelled(image, dpi, boxes, cfg)
        if len(y):
            X[mode].append(f)
            Y[mode].append(y)
    model: dict = {"feature_names": feature_names(cfg["features"]), "report": {}}
    for key in ("colour", "grey", "bw"):
        if not X[key]:
            log.warning("no %s pages to train on", key)
            continue
        x, y = np.concatenate(X[key]), np.concatenate(Y[key])
        xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, random_state=seed, stratify=y)
        # plain (not histogram) boosting: its predict needs no thread pool, ~0.1 ms per page
        clf = GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.1, subsample=0.9,
                                         random_state=seed)
        clf.fit(xtr, ytr)
        pred = clf.predict(xte)
        tp = int(((pred == 1) & (yte == 1)).sum())
        rep = {"n": int(len(y)), "positives": int(y.sum()),
               "held_out_precision": tp / max(1, int((pred == 1).sum())),
               "held_out_recall": tp / max(1, int((yte == 1).sum()))}
        log.info("%s: %s", key, rep)
        clf.fit(x, y)  # final model on everything
        model[key] = clf
        model["report"][key] = rep
    return model


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--set", type=Path, action="append", default=[], help="a generated set (repeatable)")
    ap.add_argument("--synthetic", type=int, default=300, help="synthetic pages to add")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    cfg = load_config()

    def pages() -> Iterator[tuple[np.ndarray, float, list]]:
        for d in args.set:
            yield from generated_pages(d)
        yield from synthetic_pages(args.synthetic, args.seed)

    model = train(pages(), cfg, seed=args.seed)
    model["trained_on"] = {"sets": [str(d) for d in args.set], "synthetic": args.synthetic, "seed": args.seed}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, args.out, compress=3)
    log.info("wrote %s (%d bytes)", args.out, args.out.stat().st_size)
    export(args.out)  # the graphs the readers load (pipeline/seals/classifier.py)


if __name__ == "__main__":
    main()
