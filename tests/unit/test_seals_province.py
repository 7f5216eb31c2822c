"""The 落地章's province against the policy's (seal_province, Shanghai 2018 三、3③①): a warning
when the seal names another province than the certificate's organizer, never when either is unread."""

from __future__ import annotations

import pytest

from pipeline.models import CertificateFields, CertRef, Seal
from pipeline.rules import decide_verdict, load_policy
from pipeline.seals.check import stamp_flags


@pytest.fixture(scope="module")
def shanghai():
    return load_policy("shanghai-2018")


def cert(organizer: str | None, province: str | None, category: str = "I类省级") -> CertRef:
    stamps = [Seal(kind="organizer", bbox=(10.0, 10.0, 120.0, 120.0), text=organizer),
              Seal(kind="cme_office", bbox=(130.0, 10.0, 240.0, 90.0), province=province)]
    fields = CertificateFields(category=category, organizer=organizer, stamps=stamps)  # type: ignore[arg-type]
    return CertRef(path="u/a/scan.pdf", page=2, stack_index=1, fields=fields)


def test_a_落地章_of_another_province_than_the_organizers_is_flagged(shanghai):
    flags = stamp_flags([cert("浙江省医学会", "上海市")], shanghai)
    assert [f.code for f in flags] == ["STAMP_PROVINCE_MISMATCH"]
    f = flags[0]
    assert (f.expected, f.found, f.page) == ("浙江省", "上海市", 2)
    assert f.severity == "warning" and "浙江省" in f.message and "上海市" in f.message


def test_a_city_organizer_gives_its_province(shanghai):
    assert [f.code for f in stamp_flags([cert("温州市人民医院", "上海市")], shanghai)] == ["STAMP_PROVINCE_MISMATCH"]
    assert stamp_flags([cert("温州市人民医院", "浙江省")], shanghai) == []


@pytest.mark.parametrize("organizer, province", [
    ("上海市第六人民医院", "上海市"),  # the same province
    ("浙江省医学会", None),  # the seal's province unread: no evidence of a wrong one
    ("解放军总医院第一医学中心", "浙江省"),  # the organizer's name starts with no place nor a known seat
    (None, "浙江省"),  # the organizer unread
])
def test_no_flag_when_the_provinces_agree_or_either_is_unread(shanghai, organizer, province):
    assert stamp_flags([cert(organizer, province)], shanghai) == []


@pytest.mark.parametrize("organizer, seat", [("中华医学会", "北京市"), ("中华护理学会", "北京市"),
                                             ("复旦大学附属中山医院", "上海市")])
def test_a_seated_organizer_gives_its_seat(shanghai, organizer, seat):
    """Session 8: a national society's project with Shanghai's 落地章 (6 of the 8 mismatches missed on the
    Shanghai set); the organizer's seat (organizer_seats) stands for the venue, no place further on does."""
    flags = stamp_flags([cert(organizer, "浙江省")], shanghai)
    assert [(f.code, f.expected) for f in flags] == [("STAMP_PROVINCE_MISMATCH", seat)]
    assert stamp_flags([cert(organizer, seat)], shanghai) == []


def test_only_the_categories_the_policy_names(shanghai):
    assert stamp_flags([cert("浙江省医学会", "上海市", category="II类")], shanghai) == []


def test_a_policy_without_seal_province_never_checks_it():
    assert stamp_flags([cert("浙江省医学会", "上海市")], load_policy("wenzhou-2023")) == []


def test_the_warning_does_not_change_the_verdict(shanghai):
    flags = stamp_flags([cert("浙江省医学会", "上海市")], shanghai)
    assert flags and decide_verdict([], flags, shanghai) == "pass"
