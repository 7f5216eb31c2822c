"""Organizer names set against the credit system's organizers (pipeline/vocabulary.py)."""

from __future__ import annotations

from pathlib import Path

from test_records_helpers import ID_A, credits_rows, write_export

from pipeline.audit import audit_bundle
from pipeline.models import BundleReading, CertificateFields, DocumentReading, PageReading, Seal
from pipeline.records import RecordStore, import_records
from pipeline.rules import load_policy
from pipeline.seals.kind import names_cme_office
from pipeline.vocabulary import OrganizerVocabulary, snap_organizer, snap_within, static_organizers

KNOWN = ["浙江省人民医院", "温州市人民医院", "宁波市第一医院", "温州医科大学附属第一医院",
         "温州医科大学附属第二医院", "中华医学会", "温州市卫生健康委员会"]


def vocab(names: list[str] = KNOWN) -> OrganizerVocabulary:
    return OrganizerVocabulary(names)


def fields(organizer: str | None, conf: float = 0.9, **kw) -> CertificateFields:
    conf_map = {"organizer": conf} if organizer else {}
    return CertificateFields(organizer=organizer, confidence=conf_map, **kw)


def test_a_look_alike_character_under_the_seal_is_read_as_the_known_name() -> None:
    f = fields("斤江省人民医院", 0.83)
    snap_organizer(f, vocab())
    assert f.organizer == "浙江省人民医院"
    assert f.read_as == {"organizer": "斤江省人民医院"}
    assert f.confidence["organizer"] < 0.83  # a value from the vocabulary is less sure than a clean read


def test_a_known_name_is_left_alone() -> None:
    f = fields("宁波市第一医院", 0.99)
    snap_organizer(f, vocab())
    assert f.organizer == "宁波市第一医院" and f.read_as == {} and f.confidence["organizer"] == 0.99


def test_two_known_names_as_close_leave_the_read_as_it_is() -> None:
    f = fields("温州医科大学附属第三医院", 0.9)  # one edit from both 第一 and 第二
    snap_organizer(f, vocab())
    assert f.organizer == "温州医科大学附属第三医院" and f.read_as == {}


def test_a_read_too_far_from_every_name_is_left_as_read() -> None:
    f = fields("工省", 0.6)
    snap_organizer(f, vocab())
    assert f.organizer == "工省"


def test_a_confident_complete_read_of_an_unlisted_organizer_is_kept() -> None:
    seal = Seal(kind="organizer", bbox=(0, 0, 10, 10), text="温州市第三人民医院学分证书专用章")
    f = fields("温州市第三人民医院", 0.99, stamps=[seal])
    snap_organizer(f, vocab())
    assert f.organizer == "温州市第三人民医院"
    # the same read at low confidence is a garbled listed name
    g = fields("温州市第三人民医院", 0.7)
    snap_organizer(g, vocab())
    assert g.organizer == "温州市人民医院"


def test_an_alternative_reading_fills_an_unread_organizer() -> None:
    f = fields(None, alternatives={"organizer": [("五渡市第一医院", 0.84), ("渡市第一医院", 0.92)]})
    snap_organizer(f, vocab())
    assert f.organizer == "宁波市第一医院"
    assert f.read_as == {"organizer": None}
    assert 0 < f.confidence["organizer"] < 0.92


def test_alternatives_naming_nothing_known_leave_the_organizer_unread() -> None:
    f = fields(None, alternatives={"organizer": [("单仁", 0.87)]})
    snap_organizer(f, vocab())
    assert f.organizer is None and f.read_as == {}


def test_the_organizer_seal_text_names_the_organizer_among_stray_marks() -> None:
    assert snap_within("一中华医学会一 + #", vocab()).value == "中华医学会"  # type: ignore[union-attr]
    assert snap_within("温州市人民医院世务邢华", vocab()).value == "温州市人民医院"  # type: ignore[union-attr]
    assert snap_within("学分证书专用章 ★", vocab()) is None
    # the ring text settles a read one edit from two names
    seal = Seal(kind="organizer", bbox=(0, 0, 10, 10), text="温州医科大学附属第二医院学分证书专用章")
    f = fields("温州医科大学附属第三医院", 0.9, stamps=[seal])
    snap_organizer(f, vocab())
    assert f.organizer == "温州医科大学附属第二医院"


def test_a_cme_office_seal_text_is_no_source_for_the_organizer() -> None:
    seal = Seal(kind="organizer", bbox=(0, 0, 10, 10), text="温州市继续医学教育委员会")
    f = fields(None, stamps=[seal])
    snap_organizer(f, vocab(), seal_is_cme_office=names_cme_office)
    assert f.organizer is None
    assert names_cme_office("温州市继续医学教育委员会") and not names_cme_office("温州市卫生健康委员会")


def test_the_static_list_is_names_only() -> None:
    names = static_organizers()
    assert "中华医学会" in names
    assert all(n and "#" not in n and " " not in n for n in names)


def test_the_store_lists_its_organizers_once_and_refreshes_on_import(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'records.db'}"
    store = RecordStore(db)
    assert store.organizers() == []
    from pipeline.records import load_export

    store.import_export(load_export(write_export(tmp_path / "v1")))
    assert store.organizers() == sorted({"中华医学会", "浙江省医学会", "温州医科大学附属第一医院"})
    # an import by another process (another store on the same database) is seen too
    rows = credits_rows()
    rows[0][10] = "中国医师协会"
    RecordStore(db).import_export(load_export(write_export(tmp_path / "v2", credits=rows)))
    assert store.organizers() == sorted({"中国医师协会", "浙江省医学会", "温州医科大学附属第一医院"})


def test_audit_bundle_sets_read_organizers_against_the_records(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'records.db'}"
    import_records(write_export(tmp_path / "v1"), db)
    row = credits_rows()[1]  # R0002, 浙江省医学会
    cert = CertificateFields(name="张三", project_code=row[4], project_title=row[5], category="I类省级",
                             credits=4.5, date="2021-09-03", mode="面授", organizer="满江省医学会",
                             confidence={"organizer": 0.82})
    reading = BundleReading(applicant_key="x/张三", documents=[DocumentReading(
        path="x/张三/1.pdf", sha256="0" * 64,
        pages=[PageReading(page=1, kind="certificate", source="ocr", certificate=cert)])])
    found = audit_bundle(reading, store=RecordStore(db), policy=load_policy("wenzhou-2023"), audit_year=2022)
    page = found.documents[0].pages[0]
    assert found.id_number == ID_A
    assert page.certificate.organizer == "浙江省医学会"  # type: ignore[union-attr]
    assert page.certificate.read_as == {"organizer": "满江省医学会"}  # type: ignore[union-attr]


def test_a_ring_text_close_to_two_names_names_neither() -> None:
    """Seed 353: the ring text 温燃料大学附属第医院 is as close to 温州医科大学附属第一医院 as to
    第二医院; a part of it (料大学附属第医院) must not make it 复旦大学附属中山医院."""
    names = [*KNOWN, "复旦大学附属中山医院"]
    assert snap_within("温燃料大学附属第医院", vocab(names)) is None
    assert snap_within("，，吴波市第一医院", vocab(names)).value == "宁波市第一医院"  # type: ignore[union-attr]


def test_a_confident_read_of_the_first_hospital_never_becomes_the_listed_second() -> None:
    """第一 and 第二 name two institutions: one edit apart, never a slip (vocabulary.yaml distinguishing)."""
    f = fields("温州医科大学附属第一医院", 0.99)
    snap_organizer(f, vocab(["温州医科大学附属第二医院", "浙江省人民医院"]))
    assert f.organizer == "温州医科大学附属第一医院" and f.read_as == {}
    seal = vocab(["温州医科大学附属第二医院", "浙江省人民医院"])
    assert snap_within("温州医科大学附属第一医院继续教育专用章", seal) is None
    # a look-alike elsewhere in the name is still a slip
    g = fields("温州医科大学附属第二医阮", 0.8)
    snap_organizer(g, vocab(["温州医科大学附属第二医院", "浙江省人民医院"]))
    assert g.organizer == "温州医科大学附属第二医院"


def test_a_health_bodys_seal_is_settled_again_once_the_organizer_is_verified(tmp_path: Path) -> None:
    """The reading alone missed the organizer (a value over its label), so the health commission's seal
    could not be told from the organizer's; verified against the record, the page prints 中华医学会, and
    温州市卫生健康委员会's seal on it is the 落地章: no STAMP_AUTHORITY_UNREAD."""
    db = f"sqlite:///{tmp_path / 'records.db'}"
    import_records(write_export(tmp_path / "v1"), db)
    row = credits_rows()[0]  # R0001, 中华医学会, I类国家级
    seals = [Seal(kind="organizer", bbox=(300, 600, 420, 720), text="中华医学会 学分证书专用章"),
             Seal(kind="unknown", bbox=(100, 600, 220, 720), text="温州市卫生健康委员会 ★ 温州市卫生健康委员会")]
    page_text = f"张三\n学员\n{row[5]}\n培训内容\n{row[4]}\n项目登记号\n中华医学会\n发起单位\n2021-05-12\n培训周期"
    cert = CertificateFields(name="张三", project_code=row[4], project_title=row[5], category="I类国家级",
                             credits=6.0, date="2021-05-12", mode="面授", organizer=None, stamps=seals,
                             page_text=page_text)
    reading = BundleReading(applicant_key="x/张三", documents=[DocumentReading(
        path="x/张三/1.pdf", sha256="0" * 64,
        pages=[PageReading(page=1, kind="certificate", source="ocr", certificate=cert)])])
    found = audit_bundle(reading, store=RecordStore(db), policy=load_policy("wenzhou-2023"), audit_year=2022)
    page = found.documents[0].pages[0]
    assert page.certificate.organizer == "中华医学会"  # type: ignore[union-attr]
    assert [s.kind for s in page.certificate.stamps] == ["organizer", "cme_office"]  # type: ignore[union-attr]
    assert not [f for f in found.flags if f.code.startswith("STAMP") or f.code == "CME_STAMP_MISSING"]
