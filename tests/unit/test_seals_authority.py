"""Seal text -> authority, records-free (pipeline/seals/authority.py) and against the organizer list
(pipeline/seals/settle.py): OCR slips tolerated, organizer seals' shared words decide nothing."""

from __future__ import annotations

import pytest

from pipeline.models import CertificateFields, Seal
from pipeline.seals.authority import province_of, read_authority
from pipeline.seals.config import load_config
from pipeline.seals.kind import from_text, text_decides
from pipeline.seals.settle import settle_authorities


def kind_of(text: str) -> str:
    cfg = load_config()["kind"]
    read = read_authority(text)
    return from_text(read, cfg) if text_decides(read, cfg) else "undecided"


@pytest.mark.parametrize("text", [
    "浙江省继续医学教育委员会办公室",
    "上海市继续医学教育委员会",
    "温州市继续医学教育委员会 审核专用章",
    "云南省卫生健康委继教办",
    "学分验证章",
    "金华市继续医学教育中心",
    "继续医学教育学分登记",
    # read off a curved strip: characters lost, look-alikes
    "浙省继医学教育委员会办公室亚乐马",
    "禁压学教育员会办公",
    "上海市继续医学教盲委员会",
    "添堵苑核物室武亚研比 M 学分验证",
    "温注市继续述同委质必 温继续委员公",  # only 继续 ... 委员 survived, in order
    "上海市卫生健康委员会 以齿子教育 分验证量",  # a commission's seal whose foot says it validates
    "上海市卫生健康委员会 申核章 工健人",
    # a health commission's seal whose centre says it validates CME credits
    "温州市卫生健康委员会 继续医学教育学分验证章",
    "上海市卫生健康委员会 继续医学教育审核章",
])
def test_cme_office_texts_read_as_cme_office(text):
    assert kind_of(text) == "cme_office"


@pytest.mark.parametrize("text", [
    "温州医科大学附属第一医院 继续医学教育专用章",
    "浙江省医学会",
    "丽水市人民医院",
    "温州市卫生健康委员会",  # an organizer with a 委员会 of its own
    "中华医学会 学分证书专用章",
    "温医科大学胜属第医院",  # 大学 and 医院 survive the slips
    "温州医科大学附属第一医院 教学管理办公室",  # an office, but the hospital's
    "温州医科大学附属第二医院 继续医学教育培训专用章",
    "温州市卫生健康委员会 继续医学教育专用章",  # 委员 before 继续: no office pair
])
def test_organizer_texts_read_as_organizer(text):
    assert kind_of(text) == "organizer"


@pytest.mark.parametrize("text", ["", "上品日子年", "abc 123", "继续医学教育专用章的", "尊形系瑞安市久民医运院"])
def test_texts_naming_neither_kind_decide_nothing(text):
    # 继续医学教育专用章 is on organizer seals and 专用章 on office seals: shared words are no evidence
    assert kind_of(text) in ("undecided", "organizer")
    assert read_authority(text).cme == 0


def test_organizer_seal_words_do_not_align_with_office_phrases():
    # 继续医学教育专用章 aligns with 继续医学教育中心 at .75 by its generic part alone
    assert read_authority("继续医学教育专用章").cme == 0
    assert read_authority("学分证书专用章").cme == 0


def test_province_from_the_province_or_its_city():
    assert read_authority("温州市继续医学教育委员会").province == "浙江省"
    assert read_authority("上海市继续医学教育委员会办公室").province == "上海市"
    assert read_authority("昆明市继续医学教育委员会").province == "云南省"
    assert read_authority("浙省继医学教育委员会办公室").province == "浙江省"  # 江 lost
    assert read_authority("温州医科大学附属第一医院").province is None  # only an office's province is kept
    assert province_of("黑龙江省继续医学教育委员会") == "黑龙江省"
    assert province_of("广西壮族自治区继续医学教育委员会") == "广西壮族自治区"
    assert province_of("大理州继续医学教育委员会办公室") == "云南省"


def test_a_character_another_place_shares_names_no_province():
    """hs10 (session 11): 上海市继续医学教育委员会 read H海市继医学教育委员会 was taken for 海南省 (海 is the first
    character of 海南 alone, but also in 上海), a false STAMP_PROVINCE_MISMATCH on a Shanghai project."""
    assert read_authority("H海市继医学教育委员会").province is None
    assert read_authority("浙工踏继续医学教育委员会").province == "浙江省"  # 浙 is in no other place's name


def test_a_national_organizer_with_a_continuing_education_centre_is_not_an_office():
    assert kind_of("国家卫生健康委能力建设和继续教育中心") != "cme_office"


def _fields(*seals: Seal) -> CertificateFields:
    return CertificateFields(category="I类省级", stamps=list(seals))


def test_the_organizer_list_settles_a_garbled_organizer_ring():
    # no whole organizer word survived, so the reader could not tell; the credit system lists the name
    seal = Seal(kind="unknown", bbox=(0, 0, 90, 90), text="温州医科大业附属第一医阮", shape="oval")
    fields = _fields(seal)
    settle_authorities([fields], ["温州医科大学附属第一医院", "浙江省人民医院"])
    assert seal.kind == "organizer" and seal.kind_from == "organizer_list"


def test_the_organizer_list_never_overrides_an_office_text():
    seal = Seal(kind="cme_office", bbox=(0, 0, 90, 90), text="浙江省继续医学教育委员会办公室", kind_from="text")
    settle_authorities([_fields(seal)], ["浙江省卫生健康委员会", "浙江省继续医学教育委员会"])
    assert seal.kind == "cme_office"


def test_an_unreadable_seal_stays_unknown_at_the_audit():
    seal = Seal(kind="unknown", bbox=(0, 0, 90, 90), text="上品日子年")
    settle_authorities([_fields(seal), _fields(Seal(kind="unknown", bbox=(0, 0, 9, 9)))], ["温州市人民医院"])
    assert seal.kind == "unknown" and seal.kind_from == "none"


def test_a_health_commissions_name_alone_reads_on():
    read = read_authority("浙江省卫生健康委员会")
    assert read.commission_only and read.score == 0.0  # the organizer's, unless the seal says more
    assert kind_of("上海市卫生健感委员会") == "organizer"  # a slip in the name still counts
    assert not read_authority("温州市人民医院").commission_only


def test_a_commission_seal_is_the_organizers_only_when_it_organized_this_certificate():
    def settled(printed: str | None) -> str:
        seal = Seal(kind="unknown", bbox=(0, 0, 90, 90), text="温州市卫生健康委员会 ★")
        fields = CertificateFields(category="II类", organizer=printed, stamps=[seal])
        settle_authorities([fields], ["温州市卫生健康委员会", "温州市人民医院"])
        return seal.kind

    assert settled("温州市卫生健康委员会") == "organizer"
    assert settled("温州市卫生健康委员") == "organizer"  # the row read with a character lost
    # a place's health body on another's certificate is the one validating it (session 9: place + office
    # word is an authority; a review before)
    assert settled("温州市人民医院") == "cme_office"
    assert settled(None) == "unknown"


@pytest.mark.parametrize("text", [
    # real ring texts read off held-out seals, too garbled for any one phrase to align: the office's
    # core with a committee character after it and a place (or the 市 / 省 it ends in) before it
    "市继医学敦育委内 口A=C 楼 大 市继线医学教商委内 州尚继续医学教育数风塞",
    "温州大继特原学教育香员人所",
    # the foot line 学分审核通过 read 学分中核通过, the name garbled past every phrase
    "浙江省继绩区学教有委员会学分中核通过",
])
def test_garbled_office_names_read_as_cme_office(text):
    assert kind_of(text) == "cme_office"


@pytest.mark.parametrize("text", [
    # a hospital's own continuing-education department or committee is the organizer
    "温州医科大学附属第一医院继续医学教育办公室",
    "瑞安市人民医院继续教育办公室",
    "温州医科大学附属第一医院继续教育科",
    "浙江省人民医院继续医学教育委员会",
    # an organizer's bar: the continuing-education core with no committee after it
    "北京协和医院 继续医学教育培训专用章",
    "北京协和医 继续医学教育培训专用章",
])
def test_institutions_continuing_education_offices_stay_organizer(text):
    assert kind_of(text) in ("organizer", "undecided")
    assert read_authority(text).cme == 0


@pytest.mark.parametrize("text", ["省中心", "丫 我人民 国多", "州尚"])
def test_short_or_garbled_organizer_texts_name_no_office(text):
    # a text shorter than a phrase aligns inside it (省中心 in 继教中心 at .80): no evidence
    assert read_authority(text).cme == 0


def test_a_region_first_character_inside_garbled_text_is_no_province():
    # 委员会 read 委内: 内 is 内蒙古's first character, but a wrong province is worse than none
    assert read_authority("市继医学敦育委内 州尚继续医学教育数风塞").province is None
    assert read_authority("浙工踏继续医学教育委员会办公室").province == "浙江省"
