"""The yardstick's arithmetic, on small hand-made truth/findings whose figures are worked out here."""

from __future__ import annotations

import copy
import json

import pytest

from pipeline.errors import TruthError
from pipeline.eval_metrics import PRF, greedy_box_matches, iou, multiset_prf, ratio, values_equal
from pipeline.eval_render import render_markdown
from pipeline.evaluate import evaluate_run, main_eval

DOC = "医院A/张三/1.pdf"


def _cert(code: str, credits: float, stamps: list[dict]) -> dict:
    return {"name": "张三", "project_code": code, "project_title": "心血管新进展", "category": "I类国家级",
            "credits": credits, "date": "2021-05-12", "mode": "面授", "organizer": "温州医学会",
            "certificate_no": "No.001", "stamps": stamps}


def make_truth() -> dict:
    """One applicant, one PDF of four pages: form (grey), list (colour), two certificates (colour, bw)."""
    scan = lambda c: {"color": c, "dpi": 200, "rotation": 0, "skew": 0.0}  # noqa: E731
    rows = [{"seq": 1, "date": "2021-05-12", "project_code": "2021-04-05-001(国)", "project_title": "心血管新进展",
             "category": "I类国家级", "credits": 6.0, "mode": "面授"},
            {"seq": 2, "date": "2021-06-01", "project_code": "2021-04-05-002(国)", "project_title": "高血压",
             "category": "I类国家级", "credits": 4.0, "mode": "远程"}]
    return {
        "schema": "cme-audit/truth@1",
        "generator": {"seed": 1},
        "applicants": [{
            "applicant_key": "医院A/张三", "id_number": "330302198001011234", "name": "张三", "unit": "医院A",
            "documents": [{"path": DOC, "invalid": False, "pages": [
                {"page": 1, "kind": "registration_form", "scan": scan("grey")},
                {"page": 2, "kind": "annual_list", "scan": scan("color"),
                 "annual_list": {"years": [2021], "name": "张三", "rows": rows}},
                {"page": 3, "kind": "certificate", "scan": scan("color"),
                 "certificate": _cert("2021-04-05-001(国)", 6.0, [
                     {"kind": "organizer", "bbox": [100, 100, 200, 200]},
                     {"kind": "cme_office", "bbox": [300, 300, 400, 400]}]),
                 "record_id": "R1"},
                {"page": 4, "kind": "certificate", "scan": scan("bw"),
                 "certificate": _cert("2021-04-05-002(国)", 4.0, [
                     {"kind": "organizer", "bbox": [50, 50, 150, 150]}]),
                 "record_id": "R2"},
            ]}],
            "flags": [{"code": "ORDER_MISMATCH", "path": DOC, "page": 4, "record_id": "R2"},
                      {"code": "RECORD_NO_CERT", "record_id": "R9"},
                      {"code": "LIST_MISSING", "year": 2020}],
            "designed_rule_failures": [],
            "verdict": "needs_review",
        }],
    }


def findings_from(truth: dict) -> dict:
    """What a perfect run would write: the truth, reshaped into findings.json."""
    apps = []
    for a in truth["applicants"]:
        docs = []
        for d in a["documents"]:
            pages = []
            for p in d["pages"]:
                page = {"page": p["page"], "kind": p["kind"]}
                for k in ("certificate", "annual_list"):
                    if k in p:
                        page[k] = copy.deepcopy(p[k])
                if p["kind"] == "certificate":
                    page["matched_record_id"] = p.get("record_id")
                    page["match_score"] = 1.0
                pages.append(page)
            docs.append({"path": d["path"], "pages": pages})
        flags = [dict(f, severity="error", message="") for f in a["flags"]]
        apps.append({"applicant_key": a["applicant_key"], "id_number": a["id_number"], "name": a["name"],
                     "documents": docs, "flags": flags, "rules": [], "verdict": a["verdict"]})
    return {"schema": "cme-audit/findings@1", "policy": "wenzhou-2023", "applicants": apps}


def _page(findings: dict, n: int) -> dict:
    return next(p for p in findings["applicants"][0]["documents"][0]["pages"] if p["page"] == n)


def test_perfect_run_scores_one_everywhere():
    truth = make_truth()
    rep = evaluate_run(truth, findings_from(truth))
    assert rep.page_kind["overall"] == {"n": 4, "correct": 4, "accuracy": 1.0}
    assert all(v["accuracy"] == 1.0 and v["n"] == 2 for v in rep.certificate_fields.values())
    assert rep.list_rows["accuracy"] == 1.0 and rep.list_rows["rows"] == 2
    assert rep.seals["any"]["overall"] == PRF(tp=3, fp=0, fn=0)
    assert rep.seals["cme_office"]["overall"] == PRF(tp=1, fp=0, fn=0)
    assert rep.record_match == PRF(tp=2, fp=0, fn=0)
    assert rep.flags_micro == PRF(tp=3, fp=0, fn=0)
    assert rep.applicants["resolution"]["accuracy"] == 1.0
    assert rep.applicants["verdict"]["accuracy"] == 1.0
    assert all(v in (1.0, None) for v in rep.headline().values())
    assert rep.counts["pages"] == 4 and rep.counts["certificate_pages"] == 2
    assert rep.counts["pages_missing"] == 0


def test_one_wrong_field_and_width_normalisation():
    truth = make_truth()
    f = findings_from(truth)
    _page(f, 3)["certificate"]["credits"] = 5.0  # wrong value
    # full-width digits/brackets and stray spaces are the same code after normalisation
    _page(f, 4)["certificate"]["project_code"] = "２０２１-04-05-002 （国）"
    _page(f, 4)["certificate"]["credits"] = "4"  # numeric compare
    rep = evaluate_run(truth, f)
    cred = rep.certificate_fields["credits"]
    assert (cred["correct"], cred["wrong_value"], cred["null"]) == (1, 1, 0)
    assert cred["accuracy"] == 0.5 and cred["wrong_rate"] == 0.5 and cred["null_rate"] == 0.0
    assert rep.certificate_fields["project_code"]["accuracy"] == 1.0
    assert rep.certificate_fields["name"]["accuracy"] == 1.0


def test_null_field_is_counted_apart_from_wrong_value():
    truth = make_truth()
    f = findings_from(truth)
    _page(f, 3)["certificate"]["organizer"] = None
    rep = evaluate_run(truth, f)
    org = rep.certificate_fields["organizer"]
    assert (org["accuracy"], org["null_rate"], org["wrong_rate"]) == (0.5, 0.5, 0.0)


def test_missed_cme_seal():
    truth = make_truth()
    f = findings_from(truth)
    cert = _page(f, 3)["certificate"]
    cert["stamps"] = [s for s in cert["stamps"] if s["kind"] != "cme_office"]
    rep = evaluate_run(truth, f)
    assert rep.seals["any"]["overall"] == PRF(tp=2, fp=0, fn=1)
    assert rep.seals["any"]["overall"].recall == pytest.approx(2 / 3)
    assert rep.seals["any"]["color"] == PRF(tp=1, fp=0, fn=1)
    assert rep.seals["any"]["grey_bw"] == PRF(tp=1, fp=0, fn=0)
    cme = rep.seals["cme_office"]["overall"]
    assert cme.recall == 0.0 and cme.precision is None  # nothing predicted: n/a, not 0 or 1


def test_seal_iou_threshold_and_fp_on_non_certificate_page():
    truth = make_truth()
    f = findings_from(truth)
    # organizer seal on page 4 shifted: [50,50,150,150] vs [100,50,200,150] -> IoU 50*100/(2*10000-5000)=1/3
    _page(f, 4)["certificate"]["stamps"][0]["bbox"] = [100, 50, 200, 150]
    # shifted further: IoU 25/175 < 0.3 -> a miss plus a false positive
    _page(f, 3)["certificate"]["stamps"][0]["bbox"] = [175, 100, 275, 200]
    _page(f, 1)["stamps"] = [{"kind": "unknown", "bbox": [0, 0, 10, 10]}]  # on a form page
    rep = evaluate_run(truth, f)
    assert rep.seals["any"]["overall"] == PRF(tp=2, fp=2, fn=1)
    assert rep.seals["any"]["grey_bw"] == PRF(tp=1, fp=1, fn=0)
    assert rep.seals["any"]["color"] == PRF(tp=1, fp=1, fn=1)


def test_one_false_positive_flag():
    truth = make_truth()
    f = findings_from(truth)
    f["applicants"][0]["flags"].append({"code": "CERT_UNMATCHED", "path": DOC, "page": 3})
    # same code, same key fields -> still a TP even with extra fields
    f["applicants"][0]["flags"][0]["message"] = "out of place"
    rep = evaluate_run(truth, f)
    assert rep.flags["CERT_UNMATCHED"] == PRF(tp=0, fp=1, fn=0)
    assert rep.flags["CERT_UNMATCHED"].precision == 0.0 and rep.flags["CERT_UNMATCHED"].recall is None
    assert rep.flags["ORDER_MISMATCH"] == PRF(tp=1, fp=0, fn=0)
    assert rep.flags_micro.precision == 0.75 and rep.flags_micro.recall == 1.0


def test_flag_keys_per_code():
    truth = make_truth()
    f = findings_from(truth)
    flags = f["applicants"][0]["flags"]
    flags[0]["page"] = 3  # ORDER_MISMATCH on the wrong page: a miss and a false alarm
    flags[1]["page"] = 99  # RECORD_NO_CERT keyed by record only: page does not matter
    flags[2]["year"] = 2019  # LIST_MISSING for the wrong year
    rep = evaluate_run(truth, f)
    assert rep.flags["ORDER_MISMATCH"] == PRF(tp=0, fp=1, fn=1)
    assert rep.flags["RECORD_NO_CERT"] == PRF(tp=1, fp=0, fn=0)
    assert rep.flags["LIST_MISSING"] == PRF(tp=0, fp=1, fn=1)


def test_duplicate_flags_are_a_multiset():
    truth = make_truth()
    f = findings_from(truth)
    f["applicants"][0]["flags"].append(dict(f["applicants"][0]["flags"][1]))  # RECORD_NO_CERT R9 twice
    rep = evaluate_run(truth, f)
    assert rep.flags["RECORD_NO_CERT"] == PRF(tp=1, fp=1, fn=0)


def test_field_mismatch_split_per_field_counts_once_per_page():
    truth = make_truth()
    truth["applicants"][0]["flags"].append({"code": "FIELD_MISMATCH", "path": DOC, "page": 3, "field": "credits"})
    f = findings_from(truth)
    f["applicants"][0]["flags"].append({"code": "FIELD_MISMATCH", "path": DOC, "page": 3, "field": "date"})
    rep = evaluate_run(truth, f)
    assert rep.flags["FIELD_MISMATCH"] == PRF(tp=1, fp=0, fn=0)
    f["applicants"][0]["flags"].append({"code": "FIELD_MISMATCH", "path": DOC, "page": 4, "field": "date"})
    assert evaluate_run(truth, f).flags["FIELD_MISMATCH"] == PRF(tp=1, fp=1, fn=0)


def test_missing_page_counts_as_wrong_everywhere():
    truth = make_truth()
    f = findings_from(truth)
    pages = f["applicants"][0]["documents"][0]["pages"]
    pages[:] = [p for p in pages if p["page"] != 4]
    rep = evaluate_run(truth, f)
    assert rep.counts["pages_missing"] == 1
    assert rep.page_kind["overall"]["accuracy"] == 0.75
    assert rep.page_kind["confusion"]["certificate"] == {"certificate": 1, "missing": 1}
    assert rep.page_kind["by_colour"]["bw"]["accuracy"] == 0.0
    assert rep.page_kind["by_colour"]["color"]["accuracy"] == 1.0
    assert rep.page_kind["by_design"]["unknown"] == {"n": 4, "correct": 3, "accuracy": 0.75}
    name = rep.certificate_fields["name"]
    assert name["accuracy"] == 0.5 and name["misclassified"] == 1
    assert rep.record_match == PRF(tp=1, fp=0, fn=1)
    assert rep.seals["any"]["grey_bw"] == PRF(tp=0, fp=0, fn=1)


def test_misclassified_and_misaligned_pages():
    truth = make_truth()
    f = findings_from(truth)
    _page(f, 3)["kind"] = "other"  # misclassified: its fields all count wrong
    _page(f, 2)["page"] = 7  # a page the truth doesn't have + truth page 2 missing
    rep = evaluate_run(truth, f)
    assert rep.page_kind["overall"]["correct"] == 2
    assert rep.counts["pages_extra"] == 1 and rep.counts["pages_missing"] == 1
    assert rep.certificate_fields["date"]["misclassified"] == 1
    assert rep.list_rows["correct"] == 0 and rep.list_rows["accuracy"] == 0.0


def test_wrong_record_id_is_fp_and_fn():
    truth = make_truth()
    f = findings_from(truth)
    _page(f, 3)["matched_record_id"] = "R2"
    _page(f, 1)["matched_record_id"] = "R7"  # on a form page: counted apart
    rep = evaluate_run(truth, f)
    assert rep.record_match == PRF(tp=1, fp=1, fn=1)
    assert rep.record_match.f1 == 0.5
    assert rep.matches_on_non_certificate_pages == 1


def test_list_rows_ignore_seq_but_not_fields():
    truth = make_truth()
    f = findings_from(truth)
    rows = _page(f, 2)["annual_list"]["rows"]
    rows[0]["seq"] = 9  # not scored
    rows[1]["mode"] = "面授"  # wrong
    rows.append({"seq": 3, "date": "2021-07-01"})  # extra row
    rep = evaluate_run(truth, f)
    assert rep.list_rows["correct"] == 1 and rep.list_rows["accuracy"] == 0.5
    assert rep.list_rows["extra_rows"] == 1


def test_missing_applicant_and_unresolved():
    truth = make_truth()
    second = copy.deepcopy(truth["applicants"][0])
    second.update(applicant_key="医院A/李四", id_number=None, verdict="needs_review",
                  documents=[], flags=[{"code": "APPLICANT_UNRESOLVED"}])
    truth["applicants"].append(second)
    f = findings_from(truth)
    f["applicants"] = f["applicants"][1:]  # the first applicant is missing entirely
    f["applicants"][0]["verdict"] = "fail"
    rep = evaluate_run(truth, f)
    assert rep.counts["applicants"] == 2 and rep.counts["applicants_missing"] == 1
    # 李四: null == null counts as resolved; 张三 missing counts as wrong
    assert rep.applicants["resolution"]["accuracy"] == 0.5
    assert rep.applicants["verdict"]["accuracy"] == 0.0
    assert rep.applicants["verdict"]["confusion"]["needs_review"] == {"fail": 1, "missing": 1}
    assert rep.flags["APPLICANT_UNRESOLVED"] == PRF(tp=1, fp=0, fn=0)
    assert rep.page_kind["overall"]["accuracy"] == 0.0


def test_empty_inputs_give_na_not_a_crash():
    empty_truth = {"schema": "cme-audit/truth@1", "applicants": []}
    rep = evaluate_run(empty_truth, {"schema": "cme-audit/findings@1", "applicants": []})
    assert rep.page_kind["overall"]["accuracy"] is None
    assert rep.record_match.precision is None and rep.record_match.f1 is None
    assert all(v is None for v in rep.headline().values())
    text = render_markdown(rep)
    assert "n/a" in text and "## Seals" in text
    json.dumps(rep.to_json())  # serialisable


def test_render_table_shows_figures():
    truth = make_truth()
    f = findings_from(truth)
    _page(f, 3)["certificate"]["credits"] = 5.0
    text = render_markdown(evaluate_run(truth, f))
    assert "| credits | 2 | 0.500 |" in text
    assert "| overall | 4 | 4 | 1.000 |" in text


def test_main_eval_writes_json_beside_findings(tmp_path):
    truth = make_truth()
    (tmp_path / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    run = tmp_path / "run"
    run.mkdir()
    (run / "findings.json").write_text(json.dumps(findings_from(truth), ensure_ascii=False), encoding="utf-8")
    rep = main_eval(tmp_path / "truth.json", run / "findings.json", None)
    data = json.loads((run / "eval.json").read_text(encoding="utf-8"))
    assert data["headline"]["page_kind_accuracy"] == 1.0
    assert data["counts"] == rep.counts
    assert data["flags"]["_micro"]["tp"] == 3


def test_main_eval_rejects_bad_truth(tmp_path):
    bad = tmp_path / "truth.json"
    bad.write_text(json.dumps({"schema": "other", "applicants": [{"documents": []}]}), encoding="utf-8")
    with pytest.raises(TruthError) as err:
        main_eval(bad, tmp_path / "findings.json", None)
    msg = str(err.value)
    assert "schema" in msg and "applicants[0]" in msg and str(bad) in msg  # every problem, located
    with pytest.raises(TruthError, match="not found"):
        main_eval(tmp_path / "nope.json", tmp_path / "findings.json", None)


def test_primitives():
    assert iou([0, 0, 10, 10], [0, 0, 10, 10]) == 1.0
    assert iou([0, 0, 10, 10], [20, 20, 30, 30]) == 0.0
    assert iou([0, 0, 10, 10], [5, 0, 15, 10]) == pytest.approx(50 / 150)
    # greedy one-to-one: two predictions on one truth seal -> one match
    assert greedy_box_matches([[0, 0, 10, 10]], [[0, 0, 10, 10], [1, 1, 10, 10]], iou_min=0.3) == 1
    assert ratio(1, 0) is None
    assert multiset_prf(["a", "a", "b"], ["a", "c"]) == PRF(tp=1, fp=1, fn=2)
    assert values_equal("６．０", 6, numeric=True, tolerance=1e-3)
    assert not values_equal(None, "x", numeric=False, tolerance=1e-3)
    assert values_equal(None, None, numeric=True, tolerance=1e-3)


def test_dropped_list_row_shifts_order_but_not_any_position():
    truth = make_truth()
    f = findings_from(truth)
    rows = _page(f, 2)["annual_list"]["rows"]
    rows.insert(0, {"date": "2021-01-01", "project_code": "X", "credits": 1})  # a spurious first row
    rows[2]["credits"] = "４.0"  # full-width, still equal
    rep = evaluate_run(truth, f)
    # by order both truth rows meet the wrong predicted row; anywhere on the page both are found
    assert rep.list_rows["accuracy"] == 0.0
    assert rep.list_rows["accuracy_any_position"] == 1.0
    assert rep.list_rows["extra_rows"] == 1


def test_errors_list_each_false_and_missed_flag_and_match():
    truth = make_truth()
    f = findings_from(truth)
    flags = f["applicants"][0]["flags"]
    flags[0]["page"] = 3  # ORDER_MISMATCH on the wrong page: one false, one missed
    flags[0]["message"] = "moved"
    flags.append({"code": "FIELD_MISMATCH", "path": DOC, "page": 3, "field": "date", "message": "a"})
    flags.append({"code": "FIELD_MISMATCH", "path": DOC, "page": 3, "field": "credits", "message": "b"})
    _page(f, 4)["matched_record_id"] = None
    errors = evaluate_run(truth, f).to_json()["errors"]
    false = {(e["key"][1], e["count"]) for e in errors["flags"] if e["error"] == "false"}
    missed = {(e["key"][1], e["count"]) for e in errors["flags"] if e["error"] == "missed"}
    assert false == {("ORDER_MISMATCH", 1), ("FIELD_MISMATCH", 1)}  # two fields of one page: one false flag
    assert missed == {("ORDER_MISMATCH", 1)}
    fm = next(e for e in errors["flags"] if e["key"][1] == "FIELD_MISMATCH")
    assert fm["messages"] == ["a", "b"]
    assert [(e["page"], e["truth"], e["found"]) for e in errors["record_match"]] == [(4, "R2", None)]


def test_perfect_run_has_no_errors():
    truth = make_truth()
    errors = evaluate_run(truth, findings_from(truth)).to_json()["errors"]
    assert errors == {"flags": [], "record_match": []}
