"""The yardstick's seal section (pipeline/evaluate.py): 落地章 and organizer P/R per scan and seal shape."""

from __future__ import annotations

from pipeline.eval_metrics import load_eval_config
from pipeline.evaluate import _score_seals, _TruthPage


def _page(*stamps: dict) -> dict:
    return {"kind": "certificate", "certificate": {"stamps": list(stamps)}}


def stamp(kind: str, shape: str, box) -> dict:
    return {"kind": kind, "shape": shape, "bbox": list(box)}


def test_round_office_seals_are_scored_apart_from_ovals():
    a, b, c = (0, 0, 100, 100), (200, 0, 300, 70), (0, 300, 100, 400)
    truth = {("x.pdf", 1): _TruthPage("u/a", _page(stamp("cme_office", "round", a), stamp("organizer", "oval", b)),
                                      "color"),
             ("x.pdf", 2): _TruthPage("u/a", _page(stamp("cme_office", "oval", c)), "grey")}
    # the round 落地章 taken for an organizer's (fitted as an oval), the grey oval 落地章 unread
    pred = {("x.pdf", 1): _page(stamp("organizer", "oval", a), stamp("organizer", "oval", b)),
            ("x.pdf", 2): _page(stamp("unknown", "oval", c))}
    seals = _score_seals(truth, pred, load_eval_config())
    cme, org, any_ = seals["cme_office"], seals["organizer"], seals["any"]
    assert (cme["color/round"].tp, cme["color/round"].fn) == (0, 1)  # by the truth's shape, not the fit's
    assert (org["color/round"].fp, org["color/oval"].tp) == (1, 1)
    assert (cme["grey_bw/oval"].tp, cme["grey_bw/oval"].fn, cme["grey_bw/oval"].fp) == (0, 1, 0)
    assert any_["overall"].recall == 1.0 and any_["overall/round"].tp == 1  # unknown still counts as a seal
    assert cme["overall"].fn == 2 and cme["overall"].fp == 0
