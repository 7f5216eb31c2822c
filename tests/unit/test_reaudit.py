"""benchmarks.reaudit: the readings a findings.json carries come back as BundleReadings."""

from __future__ import annotations

from benchmarks.reaudit import readings_from_findings


def test_pages_documents_and_file_errors_round_trip() -> None:
    findings = {"applicants": [{
        "applicant_key": "医院A/张三",
        "documents": [
            {"path": "医院A/张三/1.pdf", "sha256": "ab", "pages": [
                {"page": 1, "kind": "certificate", "kind_confidence": 0.8, "rotation": 180,
                 "certificate": {"name": "张三", "project_code": "2021-04-05-123(国)", "credits": 6.0,
                                 "stamps": [{"kind": "cme_office", "bbox": [1, 2, 3, 4]}],
                                 "confidence": {"name": 0.9}},
                 "matched_record_id": "R1", "match_score": 0.97},
                {"page": 2, "kind": "annual_list", "certificate": None,
                 "annual_list": {"years": [2021], "rows": [{"seq": 1, "credits": 6.0}]}},
            ]},
            {"path": "医院A/张三/2.pdf", "pages": [], "error": "the file is empty (0 bytes)"},
        ]}]}
    (bundle,) = readings_from_findings(findings)
    assert bundle.applicant_key == "医院A/张三"
    doc, bad = bundle.documents
    cert, lst = doc.pages
    assert (cert.kind, cert.rotation, cert.confidence) == ("certificate", 180, 0.8)
    assert cert.certificate.project_code == "2021-04-05-123(国)" and cert.certificate.stamps[0].kind == "cme_office"
    assert lst.annual_list.years == [2021] and lst.annual_list.rows[0].credits == 6.0 and lst.certificate is None
    assert bad.error == "the file is empty (0 bytes)" and bad.pages == []
