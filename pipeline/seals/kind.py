"""Organizer seal, CME office seal (落地章) or unknown: shape cues first, ring text when unsure.

Cues and word lists are in pipeline/config/seals.yaml (`kind`). The CME office
validation seal is usually oval or rectangular and says 继续医学教育委员会 /
验证 / 审核 / 登记; an organizer's seal is round with a star and names a
hospital, society or university.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
from rapidfuzz.distance import LCSseq

from pipeline.errors import OcrEngineError

from .config import load_config
from .geometry import Candidate
from .ringtext import read_text

log = logging.getLogger(__name__)


def word_weight(text: str, word: str, cfg: dict, *, partial: bool) -> float:
    """How much of `word` the ring text holds, in characters. Whole words count whole. With
    `partial`, a word longer than short_word_len also counts by the characters it shares, in
    order, with the text (ring text read off a curved strip loses and garbles characters:
    ``禁压学教育员会办公`` for ``…教育委员会办公室``) when that is at least word_min_share."""
    if word in text:
        return float(len(word))
    if not partial or len(word) <= int(cfg["short_word_len"]):
        return 0.0
    common = LCSseq.similarity(word, text)
    return float(common) if common >= cfg["word_min_share"] * len(word) else 0.0


def text_vote(text: str, cfg: dict) -> float | None:
    """P(cme_office) from words read, or None when the text names neither. CME office words may
    be read in part (a missed 落地章 is a false CME_STAMP_MISSING); organizer words only whole, as
    their parts (专用章, 委员会) are on CME office seals too."""
    cme = sum(word_weight(text, w, cfg, partial=True) for w in cfg["cme_office_words"])
    org = sum(word_weight(text, w, cfg, partial=False) for w in cfg["organizer_words"])
    if cme == org == 0:
        return None
    return cme / (cme + org)


def shape_prior(cand: Candidate, centre_ink: float, cfg: dict) -> float:
    shape = cand.shape
    if shape == "oval" and min(cand.a, cand.b) / max(cand.a, cand.b, 1e-6) >= cfg["round_like_aspect"]:
        shape = "unknown"  # a squashed fit of a round seal as often as a CME office oval: read it
    p = float(cfg["shape_prior_cme"].get(shape, 0.5))
    if cand.shape == "round" and centre_ink > cfg["star_centre_ink"]:
        p -= float(cfg["star_prior_organizer"])
    return min(1.0, max(0.0, p))


def _get_engine(name: str):
    from pipeline.ocr.registry import get_engine

    return get_engine(name)


def decide(p: float, margin: float) -> str:
    if p >= 0.5 + margin:
        return "cme_office"
    if p <= 0.5 - margin:
        return "organizer"
    return "unknown"


def names_cme_office(text: str) -> bool:
    """The seal text reads as the CME office's (its words outweigh an organizer's)."""
    vote = text_vote(text, load_config()["kind"])
    return vote is not None and vote > 0.5


def read_seal_text(image: np.ndarray, cand_full: Candidate, *, colour: bool, cfg: dict) -> str | None:
    """The seal's ring and centre text as read ('' when nothing legible), None when OCR failed."""
    rcfg = cfg["ringtext"]
    # crop around the seal so the unwrapping only touches its pixels
    h, w = image.shape[:2]
    r = max(cand_full.a, cand_full.b) * 1.2
    x0, y0 = max(0, int(cand_full.cx - r)), max(0, int(cand_full.cy - r))
    x1, y1 = min(w, int(cand_full.cx + r) + 1), min(h, int(cand_full.cy + r) + 1)
    local = replace(cand_full, cx=cand_full.cx - x0, cy=cand_full.cy - y0)
    try:
        return read_text(image[y0:y1, x0:x1], local, colour, rcfg, _get_engine(rcfg["ocr_engine"]))
    except OcrEngineError as exc:
        log.warning("seal text not read (%s)", exc)
        return None


def classify(image: np.ndarray, cand_full: Candidate, *, colour: bool, centre_ink: float,
             cfg: dict) -> tuple[str, str | None]:
    """(kind, text read or None) for one seal; cand_full in full-resolution pixels of `image`.

    An organizer seal decided by its shape still has its text read when `kind.read_organizer_text`
    is on: it names the organizer, the certificate's most damaged field (pipeline/vocabulary.py)."""
    kcfg = cfg["kind"]
    p = shape_prior(cand_full, centre_ink, kcfg)
    margin = float(kcfg["decide_margin"])
    confident = abs(p - 0.5) > margin
    if confident and not kcfg["ocr_when_shape_confident"]:
        decided = decide(p, margin)
        if decided == "organizer" and kcfg.get("read_organizer_text"):
            return decided, read_seal_text(image, cand_full, colour=colour, cfg=cfg) or None
        return decided, None
    text = read_seal_text(image, cand_full, colour=colour, cfg=cfg)
    if text is None:
        return decide(p, margin), None
    vote = text_vote(text, kcfg)
    if vote is not None:
        p = 0.3 * p + 0.7 * vote
    return decide(p, margin), text or None
