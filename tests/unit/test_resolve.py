"""Applicant resolution: form ID first, then names (folder, form, certificates), same names by unit / ID."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_records_helpers import make_id

from pipeline.models import Person, RegistrationForm
from pipeline.records import RecordsExport, RecordStore
from pipeline.resolve import name_candidates, resolve_applicant

ZHANG_WZ = make_id(seq="101")
ZHANG_RA = make_id(born="19850515", seq="303")
LI = make_id(born="19900101", seq="404")


@pytest.fixture
def store(tmp_path: Path) -> RecordStore:
    s = RecordStore(f"sqlite:///{tmp_path / 'r.db'}")
    s.import_export(RecordsExport(persons=[
        Person(id_number=ZHANG_WZ, name="张三", unit="温州市人民医院"),
        Person(id_number=ZHANG_RA, name="张三", unit="瑞安市人民医院"),
        Person(id_number=LI, name="李四", unit="温州医科大学附属第一医院"),
    ], credits=[], source="test"))
    return s


def test_folder_name_variants() -> None:
    assert name_candidates("张三")[0] == "张三"
    assert name_candidates("01李四_主治医师")[0] == "李四"
    assert "李四" in name_candidates("李四主治医师")


def test_form_id_wins(store: RecordStore) -> None:
    r = resolve_applicant(applicant_key="温州市人民医院/李四", form=RegistrationForm(id_number=ZHANG_RA),
                          cert_names=["李四"], store=store)
    assert r.person is not None and r.person.id_number == ZHANG_RA and "ID" in r.reason


def test_unique_name_from_folder_with_extras(store: RecordStore) -> None:
    r = resolve_applicant(applicant_key="某医院/02李四_副主任医师", form=None, cert_names=[], store=store)
    assert r.person is not None and r.person.id_number == LI


def test_certificate_majority_when_folder_is_not_a_name(store: RecordStore) -> None:
    r = resolve_applicant(applicant_key="温州医科大学附属第一医院/申报材料", form=None,
                          cert_names=["李四", "李四", "李囚"], store=store)
    assert r.person is not None and r.person.id_number == LI


def test_same_name_told_apart_by_unit(store: RecordStore) -> None:
    r = resolve_applicant(applicant_key="瑞安市人民医院/张三", form=None, cert_names=["张三"], store=store)
    assert r.person is not None and r.person.id_number == ZHANG_RA
    r = resolve_applicant(applicant_key="批次1/张三", form=RegistrationForm(name="张三", unit="温州市人民医院"),
                          cert_names=[], store=store)
    assert r.person is not None and r.person.id_number == ZHANG_WZ


def test_same_name_told_apart_by_misread_id(store: RecordStore) -> None:
    misread = ZHANG_RA[:10] + ("7" if ZHANG_RA[10] != "7" else "8") + ZHANG_RA[11:]  # one digit wrong
    r = resolve_applicant(applicant_key="批次1/张三", form=RegistrationForm(id_number=misread),
                          cert_names=[], store=store)
    assert r.person is not None and r.person.id_number == ZHANG_RA


def test_same_name_without_evidence_is_unresolved(store: RecordStore) -> None:
    r = resolve_applicant(applicant_key="批次1/张三", form=None, cert_names=["张三"], store=store)
    assert r.person is None and len(r.candidates) == 2 and "张三" in r.reason


def test_unknown_name_is_unresolved_with_reason(store: RecordStore) -> None:
    r = resolve_applicant(applicant_key="温州市人民医院/王五", form=None, cert_names=["王五"], store=store)
    assert r.person is None and "王五" in r.reason and r.candidates == []
