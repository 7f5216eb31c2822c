"""Organizer seal, CME office seal (落地章) or unknown: from what the seal says.

    judge(image, cand_full, mode=, centre_ink=, cfg=) -> Judgement(kind, text, ...)

Every seal's text is read (``ringtext``) and scored records-free (``authority``): the kind is
the one its words name when they name one clearly (``kind.text_decide``). Real CME offices
stamp round seals with a star as well as ovals and bars, and organizers use ovals, so
shape, size and the star are priors only (``kind.shape_prior_cme``), used when the text
names neither kind; the kind is then ``unknown`` unless the prior is strong
(``kind.strong_prior``), and ``unknown`` never counts as the 落地章
(``pipeline/seals/check.py`` asks for a review instead). The audit stage
(``pipeline/seals/settle.py``) may still settle a seal against the credit system's organizers.
A square rect outline whose lines name neither kind is read once more as the circle inside it:
on grey scans a box fitted around a round 落地章 can win over its circle (``kind.square_max_aspect``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import numpy as np

from pipeline.errors import OcrEngineError

from .authority import AuthorityRead, read_authority
from .authority import names_cme_office as names_cme_office  # re-exported: pipeline/vocabulary.py
from .geometry import Candidate
from .ringtext import SealText, read_seal_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Judgement:
    kind: str  # organizer | cme_office | unknown
    kind_from: str  # text | shape | none
    text: str | None = None
    text_confidence: float | None = None
    authority_score: float | None = None  # P(cme_office) from the words read, None when they name neither
    province: str | None = None
    shape: str | None = None  # the outline the text was read on, when not the candidate's own


def shape_prior(cand: Candidate, centre_ink: float, cfg: dict) -> float:
    """P(cme_office) from the outline alone (and a filled star in the centre)."""
    p = float(cfg["shape_prior_cme"].get(cand.shape, cfg["shape_prior_cme"]["unknown"]))
    if cand.shape == "round" and centre_ink > cfg["star_centre_ink"]:
        p -= float(cfg["star_prior_organizer"])
    return min(1.0, max(0.0, p))


def decide(p: float, margin: float) -> str:
    if p >= 0.5 + margin:
        return "cme_office"
    if p <= 0.5 - margin:
        return "organizer"
    return "unknown"


def text_decides(read: AuthorityRead, cfg: dict) -> bool:
    """The words read name one kind clearly enough to decide without the shape."""
    score = read.score
    return (score is not None and read.evidence >= float(cfg["min_evidence"])
            and abs(score - 0.5) >= float(cfg["text_decide"]) - 0.5)


def _settled_by(read: AuthorityRead, cfg: dict) -> bool:
    """No more views need reading: the words decide, and not by a health commission's name alone."""
    return text_decides(read, cfg) and not read.commission_only


def from_text(read: AuthorityRead, cfg: dict) -> str:
    return decide(read.score if read.score is not None else 0.5, float(cfg["text_decide"]) - 0.5)


def _get_engine(name: str):
    from pipeline.ocr.registry import get_engine

    return get_engine(name)


def read_text(image: np.ndarray, cand_full: Candidate, *, mode: str, cfg: dict) -> SealText | None:
    """The seal's text as read (SealText('' , None) when nothing legible), None when OCR failed."""
    rcfg, kcfg, acfg = cfg["ringtext"], cfg["kind"], cfg["authority"]
    h, w = image.shape[:2]
    r = max(cand_full.a, cand_full.b) * 1.25  # crop around the seal: the unwrapping touches only its pixels
    x0, y0 = max(0, int(cand_full.cx - r)), max(0, int(cand_full.cy - r))
    x1, y1 = min(w, int(cand_full.cx + r) + 1), min(h, int(cand_full.cy + r) + 1)
    local = replace(cand_full, cx=cand_full.cx - x0, cy=cand_full.cy - y0)
    def enough(t: str) -> bool:
        return _settled_by(read_authority(t, acfg), kcfg)

    try:
        first = read_seal_text(image[y0:y1, x0:x1], local, mode, rcfg, _get_engine(rcfg["ocr_engine"]), enough=enough)
        words = read_authority(first.text, acfg)
        if text_decides(words, kcfg) or words.commission_only:
            return first
        if mode == "grey" and rcfg.get("grey_plain_reread"):
            # the print lifted off took the seal's own strokes where they lay on it (an organizer's bar over its
            # printed name): read as the scan stands, kept only when it settles
            again = read_seal_text(image[y0:y1, x0:x1], local, "plain", rcfg, _get_engine(rcfg["ocr_engine"]),
                                   enough=enough)
            return again if enough(again.text) else first
        if mode != "colour" or not rcfg["colour_luma_reread"]:
            return first
        # words that name neither kind: read once more on the strokes at the scan's full resolution (a colour
        # scan keeps its hue at half resolution: pale ring text read blurred); kept only when it settles
        # (a health commission's name alone is left to the audit stage, settle.py, as before)
        again = read_seal_text(image[y0:y1, x0:x1], local, mode, rcfg, _get_engine(rcfg["ocr_engine"]),
                               enough=enough, luma=True)
        return again if enough(again.text) else first
    except OcrEngineError as exc:
        log.warning("seal text not read (%s)", exc)
        return None


def judge(image: np.ndarray, cand_full: Candidate, *, mode: str, centre_ink: float, cfg: dict,
          read: bool = True) -> Judgement:
    """The kind of one seal (cand_full in full-resolution pixels of ``image``) and what it says."""
    kcfg = cfg["kind"]
    seal_text = read_text(image, cand_full, mode=mode, cfg=cfg) if read else None
    text = (seal_text.text if seal_text else "") or None
    conf = seal_text.confidence if seal_text else None
    words = read_authority(text, cfg["authority"])
    shape = None
    if read and seal_text is not None and not text_decides(words, kcfg) and _squarish(cand_full, kcfg):
        # a square box fitted around a round seal (its ring text read as straight lines gives nothing):
        # read the circle inside it
        ring = replace(cand_full, shape="round", a=min(cand_full.a, cand_full.b), b=min(cand_full.a, cand_full.b),
                       angle=0.0)
        again = read_text(image, ring, mode=mode, cfg=cfg)
        again_words = read_authority(again.text if again else None, cfg["authority"])
        if again is not None and text_decides(again_words, kcfg):
            text, conf, words, shape = again.text or None, again.confidence, again_words, "round"
    if text_decides(words, kcfg) and not words.commission_only:
        return Judgement(from_text(words, kcfg), "text", text, conf, round(words.score, 3), words.province, shape)
    # a health commission's name alone: the organizer's seal or, its foot unread, the 落地章 of a region
    # whose commission validates; the audit stage tells (the certificate's organizer, settle.py)
    kind = decide(shape_prior(cand_full, centre_ink, kcfg), float(kcfg["strong_prior"]))
    score = round(words.score, 3) if words.score is not None else None
    return Judgement(kind, "shape" if kind != "unknown" else "none", text, conf, score, words.province, shape)


def _squarish(cand: Candidate, cfg: dict) -> bool:
    """A rect outline about as wide as tall (kind.square_max_aspect): it may be a round seal's box."""
    long, short = max(cand.a, cand.b), min(cand.a, cand.b)
    return cand.shape == "rect" and short > 0 and long / short <= float(cfg["square_max_aspect"])
