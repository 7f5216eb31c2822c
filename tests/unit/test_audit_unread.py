"""A page taken for a certificate of which nothing could be read (pipeline/audit.py): the tool does not know
it is a certificate, so it claims nothing about its seals, and it may be a missing year's list."""

from __future__ import annotations

from pathlib import Path

from test_records_helpers import credits_rows, write_export

from pipeline.audit import audit_bundle
from pipeline.models import BundleReading, CertificateFields, DocumentReading, PageReading
from pipeline.records import RecordStore, import_records
from pipeline.rules import load_policy


def _audit(tmp_path: Path, second: CertificateFields):
    db = f"sqlite:///{tmp_path / 'records.db'}"
    import_records(write_export(tmp_path / "v1"), db)
    row = credits_rows()[1]  # R0002, 浙江省医学会, I类省级
    read = CertificateFields(name="张三", project_code=row[4], project_title=row[5], category="I类省级",
                             credits=4.5, date="2021-09-03", mode="面授", organizer="浙江省医学会",
                             confidence={"organizer": 0.95})
    reading = BundleReading(applicant_key="x/张三", documents=[DocumentReading(
        path="x/张三/1.pdf", sha256="0" * 64,
        pages=[PageReading(page=1, kind="certificate", source="ocr", certificate=read),
               PageReading(page=2, kind="certificate", source="ocr", certificate=second)])])
    return audit_bundle(reading, store=RecordStore(db), policy=load_policy("wenzhou-2023"), audit_year=2022)


def test_no_seal_claim_on_a_page_of_which_nothing_was_read(tmp_path: Path) -> None:
    found = _audit(tmp_path, CertificateFields(page_text="口 口"))
    on_page2 = {f.code for f in found.flags if f.page == 2}
    assert "CERT_UNREAD" in on_page2
    assert not on_page2 & {"STAMP_MISSING", "STAMP_UNSURE"}, on_page2
    # the readable certificate without any seal is still said to have none
    assert "STAMP_MISSING" in {f.code for f in found.flags if f.page == 1}
    # and no year's list is claimed missing while page 2 could be it
    assert not [f for f in found.flags if f.code == "LIST_MISSING"]


def test_a_read_certificate_without_seals_is_still_flagged(tmp_path: Path) -> None:
    row = credits_rows()[0]
    found = _audit(tmp_path, CertificateFields(name="张三", project_code=row[4], project_title=row[5],
                                               category="I类国家级", credits=6.0, date="2021-05-12"))
    assert "STAMP_MISSING" in {f.code for f in found.flags if f.page == 2}
    assert [f.code for f in found.flags if f.code == "LIST_MISSING"]
