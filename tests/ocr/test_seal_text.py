"""Seal text read through the OCR registry: ring unwrapping is rotation-free, words decide the kind."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.seals import find_seals, synth
from pipeline.seals.authority import read_authority
from pipeline.seals.kind import decide

pytestmark = pytest.mark.ocr

DPI = 150.0


def _page(rotate: bool):
    rng = np.random.default_rng(4)
    img = synth.blank_page(DPI, rng, text=False, table=False)
    org = synth.SealSpec("organizer", "round", 44, 44, "温州医科大学附属第一医院", "", star=True, angle=20)
    cme = synth.SealSpec("cme_office", "oval", 48, 32, "温州市继续医学教育委员会办公室", "学分验证章", angle=-5)
    truth = [("organizer", synth.place_seal(img, DPI, org, (140, 150), rng, colour=(40, 30, 215))),
             ("cme_office", synth.place_seal(img, DPI, cme, (60, 150), rng, colour=(40, 30, 215)))]
    if rotate:
        img, truth = synth.rotate180(img, truth, DPI)
    return img, truth


@pytest.mark.parametrize("rotate", [False, True])
def test_ring_text_is_read_in_any_rotation(rotate):
    pytest.importorskip("rapidocr_onnxruntime")
    img, _ = _page(rotate)
    seals = {s.kind: s for s in find_seals(img, dpi=DPI, read_text=True)}
    assert set(seals) == {"organizer", "cme_office"}
    # at least a run of the organizer's name comes back from the unwrapped ring
    assert "医科大学" in (seals["organizer"].text or "") or "附属" in (seals["organizer"].text or "")
    assert "委员会" in (seals["cme_office"].text or "")


def test_words_vote_for_the_kind():
    def vote(text):
        return read_authority(text).score

    assert vote("温州市继续医学教育委员会办公室 学分验证章") > 0.7
    assert vote("温州医科大学附属第一医院 继续医学教育专用章") < 0.3
    assert vote("abc") is None
    # ring text read with characters lost and garbled still votes by what it kept, in order
    assert vote("禁压学教育员会办公") == 1.0  # …教育委员会办公室
    assert vote("尊形系瑞安市久民医运院") is None  # 医运院 is no 医院: short words count only whole
    assert vote("浙江省卫生健康委员会") < 0.5
    assert decide(0.9, 0.2) == "cme_office" and decide(0.1, 0.2) == "organizer" and decide(0.6, 0.2) == "unknown"
