"""CME office words of session 8 (ocr_models/vocab/seal_authorities.yaml): the reads of 落地章 that
stayed ``unknown`` on the session-7 sets (STAMP_AUTHORITY_UNREAD, every one false), as the recogniser
gave them, and the organizer seals the new words must not take (a hospital's own 继续医学教育办公室, a
commission's 继续教育学院). Each office read below was ``unknown`` before."""

from __future__ import annotations

import pytest

from pipeline.seals.authority import read_authority
from pipeline.seals.config import load_config
from pipeline.seals.kind import from_text, text_decides


def kind_of(text: str) -> str:
    words = read_authority(text)
    cfg = load_config()["kind"]
    return from_text(words, cfg) if text_decides(words, cfg) and not words.commission_only else "undecided"


@pytest.mark.parametrize("text, province", [
    # a province's / city's credit management office (学分管理办公室), whole or garbled
    ("浙江省部接医学教育学分管理办公室继续教育学分申核 行汀前的病糖学教高学分骨建内公显细成糖育常分制结", "浙江省"),
    ("温州市继续医学教育学分管理办公室继续教育学分审校 温州市维接医学教育学分管理办公室继续教育学分制", "浙江省"),
    ("云南省继续医学教育学分管理办公室 办公室云南省继续医学教育学分管理 云南省继续医学教育学分管理办公室", "云南省"),
    ("上海市继续医学教育学分霞狸办公室 用 上海市继续医学教育学分鑫德办公室 上海市继续医学教育学分霞理办公室", "上海市"),
    ("上海市继续医学教育学分管理 二O- 1O二K 发上海市继续医学教育学分管理 上海市继续医学教育学分管理月—", "上海市"),
    # a health commission's CME office, its name read with slips
    ("北京市卫生健康委员会继续医学教育办公室 ★ 广北京市卫生健康委员会继续医学教育办公室", "北京市"),
    ("温州市卫生健康委员会编续医学魏育办公案一 温州市卫生腺康委员会舜续医学数育办公室", "浙江省"),
    ("浙江省卫生煤康发员金继续属学教育办公室 ★ 渐江省卫生症康委员金继绩属学教育办公室", "浙江省"),
    ("上海市卫生健康委员会继续医学墩育委公室 #t间Date 证动中核 上海市卫生健康委员会维续医学公", "上海市"),
    ("上海市卫生建康委员会维续国学教育办公京题续教育学分审校 上海市卫生糖糖重目危糖度学育力公激糖续腺育常分制", "上海市"),
])
def test_office_reads_decide_the_落地章(text, province):
    assert kind_of(text) == "cme_office"
    assert read_authority(text).province == province


@pytest.mark.parametrize("text", [
    "温州医科大学附属第一医院继续医学教育办公室",  # a hospital's own office
    "温州市人民医院继续医学教育办公室",
    "上海市医学会继续教育办公室",
    "温州市卫生健康委员会 继续教育学院",  # a commission's college
    "中华医学会 毕业后教育办公室",
    "浙江大学医学院附属第二医院 继续教育学院",
    "宁波市第一医院 继续医学教育项目章",
    "浙江省护理学会 学分证书专用章",
])
def test_organizer_seals_stay_the_organizers(text):
    assert kind_of(text) == "organizer"


def test_a_commission_name_alone_is_left_to_the_audit_stage():
    words = read_authority("温州市卫生健康委员会")
    assert words.commission_only and words.cme == 0
