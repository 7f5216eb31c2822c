"""stamp_flags: STAMP_MISSING / CME_STAMP_MISSING from a policy's seal requirements."""

from __future__ import annotations

from pipeline.models import CertificateFields, CertRef, Seal
from pipeline.seals.check import required_for, stamp_flags


class FakePolicy:
    """Class I needs organizer + CME office seals, Class II only the organizer's."""

    def __init__(self, table: dict[str, set[str]] | None = None):
        self.table = table or {"I类国家级": {"organizer", "cme_office"},
                               "I类省级": {"organizer", "cme_office"},
                               "II类": {"organizer"}}
        self.asked: list[str] = []

    def required_seals(self, category: str) -> set[str]:
        self.asked.append(category)
        return set(self.table[category])


def seal(kind: str) -> Seal:
    return Seal(kind=kind, bbox=(10.0, 10.0, 120.0, 120.0))


def cert(category: str | None, *kinds: str, page: int = 1) -> CertRef:
    fields = CertificateFields(category=category, stamps=[seal(k) for k in kinds])
    return CertRef(path="u/a/scan.pdf", page=page, stack_index=page - 1, fields=fields)


def codes(flags):
    return [(f.code, f.page) for f in flags]


def test_no_seal_at_all_is_stamp_missing_only():
    flags = stamp_flags([cert("I类国家级", page=3)], FakePolicy())
    assert codes(flags) == [("STAMP_MISSING", 3)]  # not also CME_STAMP_MISSING
    assert flags[0].path == "u/a/scan.pdf"
    assert "印章" in flags[0].message


def test_class1_with_organizer_only_lacks_cme_seal():
    flags = stamp_flags([cert("I类国家级", "organizer", page=2), cert("I类省级", "organizer", page=4)],
                        FakePolicy())
    assert codes(flags) == [("CME_STAMP_MISSING", 2), ("CME_STAMP_MISSING", 4)]
    assert flags[0].message.startswith("I类国家级证书缺少继续医学教育委员会办公室验证章（落地章）")
    assert flags[1].message.startswith("I类省级证书")


def test_class1_with_both_seals_and_class2_with_organizer_are_fine():
    flags = stamp_flags([cert("I类国家级", "organizer", "cme_office"), cert("II类", "organizer", page=2)],
                        FakePolicy())
    assert flags == []


def test_class2_needs_no_cme_seal_but_any_seal():
    assert codes(stamp_flags([cert("II类", page=5)], FakePolicy())) == [("STAMP_MISSING", 5)]


def test_unread_category_requires_only_the_common_seals():
    policy = FakePolicy()
    # organizer is all every category requires: no CME flag for an unread category
    assert stamp_flags([cert(None, "organizer")], policy) == []
    assert set(policy.asked) == {"I类国家级", "I类省级", "II类"}


def test_unread_category_flag_mentions_the_doubt():
    everywhere = {c: {"organizer", "cme_office"} for c in ("I类国家级", "I类省级", "II类")}
    flags = stamp_flags([cert(None, "organizer")], FakePolicy(everywhere))
    assert codes(flags) == [("CME_STAMP_MISSING", 1)]
    assert "类别" in flags[0].message and "未能识别" in flags[0].message


def test_unknown_seal_does_not_count_as_cme_but_asks_for_a_review():
    flags = stamp_flags([cert("I类国家级", "organizer", "unknown")], FakePolicy())
    assert codes(flags) == [("STAMP_AUTHORITY_UNREAD", 1)]  # not CME_STAMP_MISSING: it may be the 落地章
    assert "人工核对" in flags[0].message and flags[0].found == "organizer,unknown"


def test_unknown_seal_where_no_cme_seal_is_required_is_no_flag():
    assert stamp_flags([cert("II类", "unknown", page=2)], FakePolicy()) == []


def test_unknown_seal_beside_a_recognised_cme_seal_is_no_flag():
    assert stamp_flags([cert("I类省级", "unknown", "cme_office")], FakePolicy()) == []


def test_unread_seal_text_is_quoted_in_the_review_message():
    fields = CertificateFields(category="I类省级", stamps=[Seal(kind="unknown", bbox=(0, 0, 90, 90), text="上品日子")])
    flags = stamp_flags([CertRef(path="u/a/s.pdf", page=1, stack_index=0, fields=fields)], FakePolicy())
    assert codes(flags) == [("STAMP_AUTHORITY_UNREAD", 1)] and "上品日子" in flags[0].message


def test_review_code_has_an_error_severity_in_the_shipped_policies():
    from pipeline.rules import load_policy

    for name in ("national-baseline", "shanghai-2018", "wenzhou-2023"):
        assert load_policy(name).severity("STAMP_AUTHORITY_UNREAD") == "error"  # -> needs_review


def test_only_cme_seal_is_not_flagged_by_these_codes():
    # organizer seal missing has no code of its own; the CME seal is there
    assert stamp_flags([cert("I类省级", "cme_office")], FakePolicy()) == []


def test_required_for_intersection():
    assert required_for(FakePolicy(), None) == {"organizer"}
    assert required_for(FakePolicy(), "I类省级") == {"organizer", "cme_office"}


def test_severity_comes_from_policy_when_it_has_one():
    class Lenient(FakePolicy):
        def severity(self, code: str) -> str:
            return "warning"

    flags = stamp_flags([cert("I类国家级")], Lenient())
    assert flags[0].severity == "warning"
