"""Legible 落地章 texts that stayed ``unknown`` (session 8: every STAMP_AUTHORITY_UNREAD on the session-7
sets was false, 10 of 10 and 6 of 6): a province's 继续医学教育学分管理办公室 and a health commission's
继续医学教育办公室, read through the real recogniser off page crops of those sets (hs7
上海市第六人民医院/潘倩/1.pdf#3, 200 dpi; hw7 鹿城区五马街道社区卫生服务中心/夏海浩/5.pdf#1, its 150 dpi scan),
12 mm around the seal. Both were ``unknown`` before (a review flag on a page whose 落地章 is legible);
now they are the 落地章 with its province, so no flag and, under Shanghai's policy, the province check
(云南省 for a Shanghai organizer: STAMP_PROVINCE_MISMATCH)."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from pipeline.models import CertificateFields, CertRef
from pipeline.rules import load_policy
from pipeline.seals import find_seals
from pipeline.seals.check import stamp_flags

pytestmark = pytest.mark.ocr

IMAGES = Path(__file__).resolve().parent / "images" / "seals"


@pytest.fixture(autouse=True)
def _rapidocr():
    pytest.importorskip("rapidocr_onnxruntime")


@pytest.mark.parametrize("name, dpi, province, organizer, policy, codes", [
    ("office_credit_round_color.png", 200.0, "云南省", "上海市第一人民医院", "shanghai-2018", ["STAMP_PROVINCE_MISMATCH"]),
    ("office_commission_round_color.png", 150.0, "浙江省", "北京协和医院", "wenzhou-2023", []),
])
def test_a_legible_office_seal_is_the_落地章(name, dpi, province, organizer, policy, codes):
    image = cv2.imread(str(IMAGES / name), cv2.IMREAD_COLOR)
    assert image is not None
    found = find_seals(image, dpi=dpi)
    assert len(found) == 1, [(s.kind, s.text) for s in found]
    seal = found[0]
    assert (seal.kind, seal.kind_from, seal.province) == ("cme_office", "text", province), seal.text
    cert = CertRef(path="u/a/x.pdf", page=1, stack_index=0,
                   fields=CertificateFields(category="I类国家级", organizer=organizer, stamps=found))
    assert [f.code for f in stamp_flags([cert], load_policy(policy))] == codes
