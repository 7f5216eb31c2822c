"""The yardstick: score a run's findings.json against the generator's truth.json.

Pure: no OCR, no files except in ``main_eval``. Pages are aligned by
(document path, page number), applicants by ``applicant_key``. Whatever the truth
holds and the findings lack counts as wrong; nothing is silently dropped.
Figures whose denominator is zero are ``None`` ("n/a").

Decisions worth knowing (see also pipeline/config/evaluate.yaml):

- A certificate field is *correct* when the page was classified ``certificate`` and
  the value equals the truth after normalisation (NFKC width folding, whitespace
  removed; credits numerically). Otherwise it is exactly one of: *misclassified*
  (page missing or not read as a certificate), *null* (field unread), or
  *wrong_value*. A truth null read as null is correct.
- Annual-list rows are aligned by order within a page; a row is exact when every
  field in ``list_row_fields`` is equal. The printed ``seq`` is not scored. Because one
  dropped row shifts every later one, ``accuracy_any_position`` also counts truth rows
  read exactly anywhere on their page (multiset match).
- Seals: per page, greedy one-to-one matching at IoU >= ``seal_iou_min``. Seals
  predicted on pages that are not certificates in the truth (or not in the truth at
  all) are false positives. Pages absent from the truth have no scan colour, so they
  count in "overall" only. Kinds any / cme_office (the 落地章) / organizer, each also per
  seal shape (``color/round``: the truth's shape; a found seal takes the shape of the true
  seal it lies on). A seal of kind ``unknown`` counts only for "any".
- Record matching is scored over truth certificate pages: TP = equal non-null,
  FP = predicted non-null and different, FN = truth non-null and predicted
  different (a wrong id is both an FP and an FN). Matches claimed on other pages are
  counted separately (``matches_on_non_certificate_pages``).
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import Problem, ProblemsError, TruthError
from pipeline.eval_metrics import (
    PRF,
    greedy_box_matches,
    load_eval_config,
    multiset_prf,
    norm_text,
    ratio,
    to_number,
    values_equal,
)

log = logging.getLogger(__name__)

TRUTH_SCHEMA = "cme-audit/truth@1"
FINDINGS_SCHEMA = "cme-audit/findings@1"
MISSING = "missing"  # the prediction for a truth page/applicant that the findings lack


class FindingsFileError(ProblemsError):
    kind = "findings file"


PageKey = tuple[str, int]


@dataclass
class _TruthPage:
    applicant_key: str
    page: dict
    colour: str


@dataclass
class EvalReport:
    """All figures of one evaluation; ``to_json`` is what eval.json holds."""

    counts: dict[str, int]
    page_kind: dict[str, Any]
    certificate_fields: dict[str, dict[str, Any]]
    # the same over the reading alone: fields the verification against the records set
    # (certificate ``verified``) taken back to the characters read (``read_as``)
    certificate_fields_unaided: dict[str, dict[str, Any]]
    list_rows: dict[str, Any]
    seals: dict[str, dict[str, PRF]]
    record_match: PRF
    matches_on_non_certificate_pages: int
    flags: dict[str, PRF]
    applicants: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # what to look at, item by item
    # the page figures again per design split (development / heldout) and per design family
    # (truth scan.family; the split from samples/config/families.yaml, ``families_file``)
    by_family: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def flags_micro(self) -> PRF:
        total = PRF()
        for prf in self.flags.values():
            total = total + prf
        return total

    def headline(self) -> dict[str, float | None]:
        """A handful of figures for one-line summaries (benchmarks, report header)."""
        fields = self.certificate_fields
        total_correct = sum(f["correct"] for f in fields.values())
        total_n = sum(f["n"] for f in fields.values())
        return {
            "page_kind_accuracy": self.page_kind["overall"]["accuracy"],
            "certificate_field_accuracy": ratio(total_correct, total_n),
            "list_row_accuracy": self.list_rows["accuracy"],
            "seal_any_recall": self.seals["any"]["overall"].recall,
            "seal_any_precision": self.seals["any"]["overall"].precision,
            "seal_cme_office_recall": self.seals["cme_office"]["overall"].recall,
            "seal_cme_office_precision": self.seals["cme_office"]["overall"].precision,
            "record_match_f1": self.record_match.f1,
            "flags_micro_f1": self.flags_micro.f1,
            "applicant_resolution_accuracy": self.applicants["resolution"]["accuracy"],
            "verdict_agreement": self.applicants["verdict"]["accuracy"],
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "cme-audit/eval@1",
            "settings": self.settings,
            "counts": self.counts,
            "headline": self.headline(),
            "page_kind": self.page_kind,
            "certificate_fields": self.certificate_fields,
            "certificate_fields_unaided": self.certificate_fields_unaided,
            "list_rows": self.list_rows,
            "seals": {kind: {group: prf.to_json() for group, prf in groups.items()}
                      for kind, groups in self.seals.items()},
            "record_match": self.record_match.to_json()
            | {"matches_on_non_certificate_pages": self.matches_on_non_certificate_pages},
            "flags": {code: prf.to_json() for code, prf in self.flags.items()}
            | {"_micro": self.flags_micro.to_json()},
            "applicants": self.applicants,
            "by_family": self.by_family,
            "errors": self.errors,
        }


# ----------------------------------------------------------------- alignment


def _nfc(s: Any) -> Any:
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


def _page_no(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _truth_pages(truth: dict) -> dict[PageKey, _TruthPage]:
    pages: dict[PageKey, _TruthPage] = {}
    for app in truth.get("applicants") or []:
        for doc in app.get("documents") or []:
            for page in doc.get("pages") or []:
                colour = ((page.get("scan") or {}).get("color")) or "unknown"
                key = (_nfc(doc["path"]), _page_no(page.get("page")))
                pages[key] = _TruthPage(app["applicant_key"], page, colour)
    return pages


def _predicted_pages(findings: dict) -> dict[PageKey, dict]:
    pages: dict[PageKey, dict] = {}
    for app in findings.get("applicants") or []:
        for doc in app.get("documents") or []:
            for page in doc.get("pages") or []:
                pages[(_nfc(doc.get("path")), _page_no(page.get("page")))] = page
    return pages


def _stamps(page: dict | None) -> list[dict]:
    if not page:
        return []
    cert = page.get("certificate") or {}
    return list(cert.get("stamps") or []) + list(page.get("stamps") or [])


# ------------------------------------------------------------------ sections


def _score_page_kinds(truth_pages: dict[PageKey, _TruthPage], pred_pages: dict[PageKey, dict],
                      cfg: dict) -> dict[str, Any]:
    confusion: dict[str, Counter] = defaultdict(Counter)
    by_colour: dict[str, Counter] = defaultdict(Counter)
    by_design: dict[str, Counter] = defaultdict(Counter)
    correct = 0
    for key, tp in truth_pages.items():
        pred = pred_pages.get(key)
        pred_kind = pred.get("kind") if pred else MISSING
        confusion[tp.page["kind"]][pred_kind] += 1
        ok = pred_kind == tp.page["kind"]
        correct += ok
        by_colour[tp.colour]["n"] += 1
        by_colour[tp.colour]["correct"] += ok
        design = (tp.page.get("scan") or {}).get("design") or "unknown"
        by_design[design]["n"] += 1
        by_design[design]["correct"] += ok
    n = len(truth_pages)
    return {
        "overall": {"n": n, "correct": correct, "accuracy": ratio(correct, n)},
        "by_colour": {c: {"n": v["n"], "correct": v["correct"], "accuracy": ratio(v["correct"], v["n"])}
                      for c, v in sorted(by_colour.items())},
        "by_design": {d: {"n": v["n"], "correct": v["correct"], "accuracy": ratio(v["correct"], v["n"])}
                      for d, v in sorted(by_design.items())},
        "confusion": {t: dict(sorted(row.items())) for t, row in sorted(confusion.items())},
        "kinds": cfg["page_kinds"],
    }


def _score_certificate_fields(truth_pages: dict[PageKey, _TruthPage], pred_pages: dict[PageKey, dict],
                              cfg: dict) -> dict[str, dict[str, Any]]:
    fields: list[str] = cfg["certificate_fields"]
    numeric = set(cfg["numeric_fields"])
    tally = {f: Counter() for f in fields}
    for key, tp in truth_pages.items():
        if tp.page["kind"] != "certificate":
            continue
        true_cert = tp.page.get("certificate") or {}
        pred = pred_pages.get(key)
        is_cert = pred is not None and pred.get("kind") == "certificate"
        pred_cert = (pred.get("certificate") or {}) if is_cert else None
        for f in fields:
            t = tally[f]
            t["n"] += 1
            if pred_cert is None:
                t["misclassified"] += 1
                continue
            tv, pv = true_cert.get(f), pred_cert.get(f)
            if values_equal(tv, pv, numeric=f in numeric, tolerance=cfg["credits_tolerance"]):
                t["correct"] += 1
            elif pv is None or norm_text(pv) is None:
                t["null"] += 1
            else:
                t["wrong_value"] += 1
    return {
        f: {"n": t["n"], "correct": t["correct"], "accuracy": ratio(t["correct"], t["n"]),
            "null": t["null"], "null_rate": ratio(t["null"], t["n"]),
            "wrong_value": t["wrong_value"], "wrong_rate": ratio(t["wrong_value"], t["n"]),
            "misclassified": t["misclassified"]}
        for f, t in tally.items()
    }


def _unaided(pred_pages: dict[PageKey, dict]) -> dict[PageKey, dict]:
    """The predicted pages with every verified certificate field and list-row field back to what was read."""
    def read(item: dict) -> dict:
        if not item.get("verified"):
            return item
        read_as = item.get("read_as") or {}
        return {**item, **{f: read_as.get(f) for f in item["verified"]}}

    out: dict[PageKey, dict] = {}
    for key, page in pred_pages.items():
        if page.get("kind") == "certificate" and page.get("certificate"):
            page = {**page, "certificate": read(page["certificate"])}
        elif page.get("kind") == "annual_list" and page.get("annual_list"):
            lst = page["annual_list"]
            page = {**page, "annual_list": {**lst, "rows": [read(r) for r in lst.get("rows") or []]}}
        out[key] = page
    return out


def _row_key(row: dict, fields: list[str], numeric: set[str], tolerance: float) -> tuple:
    """A row's normalised values, hashable, for order-free matching (numbers bucketed by tolerance)."""
    key: list[Any] = []
    for f in fields:
        num = to_number(row.get(f)) if f in numeric else None
        key.append(round(num / tolerance) if num is not None else norm_text(row.get(f)))
    return tuple(key)


def _score_list_rows(truth_pages: dict[PageKey, _TruthPage], pred_pages: dict[PageKey, dict],
                     cfg: dict) -> dict[str, Any]:
    row_fields: list[str] = cfg["list_row_fields"]
    numeric = set(cfg["numeric_fields"])

    def row_key(row: dict) -> tuple:
        return _row_key(row, row_fields, numeric, cfg["credits_tolerance"])

    n_rows = correct = extra = pages = years_ok = anywhere = 0
    for key, tp in truth_pages.items():
        if tp.page["kind"] != "annual_list":
            continue
        pages += 1
        true_list = tp.page.get("annual_list") or {}
        true_rows = true_list.get("rows") or []
        pred = pred_pages.get(key)
        pred_list = (pred.get("annual_list") or {}) if pred and pred.get("kind") == "annual_list" else {}
        pred_rows = pred_list.get("rows") or []
        n_rows += len(true_rows)
        extra += max(0, len(pred_rows) - len(true_rows))
        if pred and pred.get("kind") == "annual_list" and \
                sorted(pred_list.get("years") or []) == sorted(true_list.get("years") or []):
            years_ok += 1
        anywhere += multiset_prf(map(row_key, true_rows), map(row_key, pred_rows)).tp
        for t_row, p_row in zip(true_rows, pred_rows):
            correct += all(values_equal(t_row.get(f), p_row.get(f), numeric=f in numeric,
                                        tolerance=cfg["credits_tolerance"]) for f in row_fields)
    return {"pages": pages, "rows": n_rows, "correct": correct, "accuracy": ratio(correct, n_rows),
            "correct_any_position": anywhere, "accuracy_any_position": ratio(anywhere, n_rows),
            "extra_rows": extra, "years_correct": years_ok, "years_accuracy": ratio(years_ok, pages),
            "fields": row_fields}


def _score_seals(truth_pages: dict[PageKey, _TruthPage], pred_pages: dict[PageKey, dict],
                 cfg: dict) -> dict[str, dict[str, PRF]]:
    """Seal P/R per kind (any, cme_office = the 落地章, organizer; ``unknown`` is neither) and scan
    group, and per seal shape within each (``color/round``, ``overall/rect``, ...): a true seal counts
    in its truth ``shape``, a found one in the shape of the true seal it lies on, else its own."""
    from pipeline.eval_metrics import iou

    groups_of = {c: g for g, colours in cfg["colour_groups"].items() for c in colours}
    out: dict[str, dict[str, PRF]] = {
        kind: {"overall": PRF(), **{g: PRF() for g in cfg["colour_groups"]}}
        for kind in ("any", "cme_office", "organizer")}

    def add(kind: str, group: str, truth_boxes: list, pred_boxes: list) -> None:
        tp = greedy_box_matches(truth_boxes, pred_boxes, iou_min=cfg["seal_iou_min"])
        prf = PRF(tp=tp, fp=len(pred_boxes) - tp, fn=len(truth_boxes) - tp)
        out[kind][group] = out[kind].get(group, PRF()) + prf

    def shape_of(pred: dict, true_stamps: list[dict]) -> str:
        on = [t for t in true_stamps if iou(pred["bbox"], t["bbox"]) >= cfg["seal_iou_min"]]
        return (on[0] if on else pred).get("shape") or "unknown"

    for key in truth_pages.keys() | pred_pages.keys():
        tp = truth_pages.get(key)
        true_stamps = _stamps(tp.page) if tp and tp.page["kind"] == "certificate" else []
        pred_stamps = _stamps(pred_pages.get(key))
        colour = tp.colour if tp else None
        group = groups_of.get(colour or "")
        pred_shapes = [shape_of(s, true_stamps) for s in pred_stamps]
        shapes = {t.get("shape") or "unknown" for t in true_stamps} | set(pred_shapes)
        for kind in out:
            def true_of(shape: str | None) -> list:
                return [t["bbox"] for t in true_stamps if (kind == "any" or t.get("kind") == kind)
                        and shape in (None, t.get("shape") or "unknown")]

            def pred_of(shape: str | None) -> list:
                return [p["bbox"] for p, ps in zip(pred_stamps, pred_shapes)
                        if (kind == "any" or p.get("kind") == kind) and shape in (None, ps)]

            for name in ("overall", group) if group else ("overall",):
                add(kind, name, true_of(None), pred_of(None))
                for shape in sorted(shapes):
                    add(kind, f"{name}/{shape}", true_of(shape), pred_of(shape))
    return out


def _score_record_match(truth_pages: dict[PageKey, _TruthPage],
                        pred_pages: dict[PageKey, dict]) -> tuple[PRF, int]:
    tp = fp = fn = elsewhere = 0
    for key, t in truth_pages.items():
        pred_id = (pred_pages.get(key) or {}).get("matched_record_id")
        if t.page["kind"] != "certificate":
            elsewhere += pred_id is not None
            continue
        true_id = t.page.get("record_id")
        if pred_id is not None and pred_id == true_id:
            tp += 1
            continue
        fp += pred_id is not None
        fn += true_id is not None
    elsewhere += sum(1 for key, p in pred_pages.items()
                     if key not in truth_pages and p.get("matched_record_id") is not None)
    return PRF(tp=tp, fp=fp, fn=fn), elsewhere


def _flag_key(applicant_key: str, flag: dict, cfg: dict) -> tuple:
    code = flag.get("code")
    keys = cfg["flag_keys"].get(code, cfg["flag_keys_default"])
    parts: list[Any] = []
    for k in keys:
        v = flag.get(k)
        parts.append(_page_no(v) if k in ("page", "year") else _nfc(v))
    return (_nfc(applicant_key), code, *parts)


def _score_flags(truth: dict, findings: dict, cfg: dict) -> dict[str, PRF]:
    true_keys = [_flag_key(a["applicant_key"], f, cfg)
                 for a in truth.get("applicants") or [] for f in a.get("flags") or []]
    pred_keys = [_flag_key(a.get("applicant_key", ""), f, cfg)
                 for a in findings.get("applicants") or [] for f in a.get("flags") or []]
    # a tool may report one problem as several flags (FIELD_MISMATCH: one per differing
    # field); the truth holds one per key, so such codes count each key once
    once = set(cfg.get("one_per_key", []))
    pred_keys = [k for k in pred_keys if k[1] not in once] + sorted({k for k in pred_keys if k[1] in once})
    codes = list(cfg["flag_keys"]) + sorted({k[1] for k in true_keys + pred_keys} - set(cfg["flag_keys"]))
    return {code: multiset_prf([k for k in true_keys if k[1] == code],
                               [k for k in pred_keys if k[1] == code]) for code in codes}


def _flag_errors(truth: dict, findings: dict, cfg: dict) -> list[dict[str, Any]]:
    """Each false or missed flag with the tool's message, so a reviewer of the yardstick sees why."""
    true_keys = Counter(_flag_key(a["applicant_key"], f, cfg)
                        for a in truth.get("applicants") or [] for f in a.get("flags") or [])
    pred: dict[tuple, list[dict]] = defaultdict(list)
    for a in findings.get("applicants") or []:
        for f in a.get("flags") or []:
            pred[_flag_key(a.get("applicant_key", ""), f, cfg)].append(f)
    once = set(cfg.get("one_per_key", []))
    out: list[dict[str, Any]] = []
    for key, flags in sorted(pred.items(), key=lambda kv: str(kv[0])):
        n_pred = 1 if key[1] in once else len(flags)
        if n_pred > true_keys.get(key, 0):
            out.append({"error": "false", "key": [str(k) for k in key], "count": n_pred - true_keys.get(key, 0),
                        "messages": [f.get("message") for f in flags]})
    for key, n in sorted(true_keys.items(), key=lambda kv: str(kv[0])):
        got = min(len(pred.get(key, [])), 1 if key[1] in once else n)
        if got < n:
            out.append({"error": "missed", "key": [str(k) for k in key], "count": n - got})
    return out


def _match_errors(truth_pages: dict[PageKey, _TruthPage], pred_pages: dict[PageKey, dict]) -> list[dict[str, Any]]:
    out = []
    for key, t in sorted(truth_pages.items()):
        if t.page["kind"] != "certificate":
            continue
        pred = pred_pages.get(key) or {}
        if pred.get("matched_record_id") != t.page.get("record_id"):
            out.append({"path": key[0], "page": key[1], "truth": t.page.get("record_id"),
                        "found": pred.get("matched_record_id"), "scan": t.colour,
                        "fields": pred.get("fields")})
    return out


def _score_applicants(truth: dict, findings: dict) -> dict[str, Any]:
    preds = {_nfc(a.get("applicant_key")): a for a in findings.get("applicants") or []}
    resolved = agree = n = 0
    confusion: dict[str, Counter] = defaultdict(Counter)
    for app in truth.get("applicants") or []:
        n += 1
        pred = preds.get(_nfc(app["applicant_key"]))
        if pred is not None and pred.get("id_number") == app.get("id_number"):
            resolved += 1
        pred_verdict = pred.get("verdict") if pred is not None else MISSING
        confusion[app.get("verdict") or "none"][pred_verdict] += 1
        agree += pred_verdict == app.get("verdict")
    return {
        "resolution": {"n": n, "correct": resolved, "accuracy": ratio(resolved, n)},
        "verdict": {"n": n, "agree": agree, "accuracy": ratio(agree, n),
                    "confusion": {t: dict(sorted(r.items())) for t, r in sorted(confusion.items())}},
    }


def _counts(truth: dict, findings: dict, truth_pages: dict, pred_pages: dict) -> dict[str, int]:
    true_apps = {_nfc(a["applicant_key"]) for a in truth.get("applicants") or []}
    pred_apps = {_nfc(a.get("applicant_key")) for a in findings.get("applicants") or []}
    true_docs = {_nfc(d["path"]) for a in truth.get("applicants") or [] for d in a.get("documents") or []}
    pred_docs = {_nfc(d.get("path")) for a in findings.get("applicants") or []
                 for d in a.get("documents") or []}
    return {
        "applicants": len(true_apps),
        "applicants_missing": len(true_apps - pred_apps),
        "applicants_extra": len(pred_apps - true_apps),
        "documents": len(true_docs),
        "documents_missing": len(true_docs - pred_docs),
        "documents_extra": len(pred_docs - true_docs),
        "pages": len(truth_pages),
        "pages_missing": len(truth_pages.keys() - pred_pages.keys()),
        "pages_extra": len(pred_pages.keys() - truth_pages.keys()),
        "certificate_pages": sum(1 for p in truth_pages.values() if p.page["kind"] == "certificate"),
        "annual_list_pages": sum(1 for p in truth_pages.values() if p.page["kind"] == "annual_list"),
    }


# ------------------------------------------------------------- by design family


def _family_splits(cfg: dict) -> dict[str, str]:
    """family -> development / heldout, from the generator's split file (``families_file``)."""
    from pipeline.settings import load_yaml

    path = Path(__file__).resolve().parents[1] / str(cfg.get("families_file") or "")
    if not cfg.get("families_file") or not path.is_file():
        return {}
    data = load_yaml(path) or {}
    out: dict[str, str] = {}
    for split in ("development", "heldout"):
        for names in (data.get(split) or {}).values():
            for name in names or []:
                out[str(name)] = split
    return out


def _page_figures(truth_pages: dict[PageKey, _TruthPage], pred_pages: dict[PageKey, dict],
                  cfg: dict) -> dict[str, Any]:
    kinds = _score_page_kinds(truth_pages, pred_pages, cfg)["overall"]
    fields = _score_certificate_fields(truth_pages, pred_pages, cfg)
    rows = _score_list_rows(truth_pages, pred_pages, cfg)
    return {"pages": kinds["n"], "page_kind": kinds["accuracy"],
            "certificates": next(iter(fields.values()))["n"] if fields else 0,
            "fields": {f: v["accuracy"] for f, v in fields.items()},
            "list_rows": rows["rows"], "list_row_accuracy": rows["accuracy"]}


def _score_by_family(truth_pages: dict[PageKey, _TruthPage], pred_pages: dict[PageKey, dict],
                     cfg: dict) -> dict[str, dict[str, Any]]:
    """Page figures per design split and per family; pages without a family (forms, covers) are left
    out. Flags are per applicant: measure them per split on sets generated from one split."""
    splits = _family_splits(cfg)
    groups: dict[str, dict[PageKey, _TruthPage]] = defaultdict(dict)
    for key, tp in truth_pages.items():
        fam = (tp.page.get("scan") or {}).get("family")
        if not fam:
            continue
        groups[f"family {fam}"][key] = tp
        groups[f"split {splits.get(fam, 'unknown')}"][key] = tp
    return {name: _page_figures(pages, pred_pages, cfg) for name, pages in sorted(groups.items())}


# ---------------------------------------------------------------------- API


def evaluate_run(truth: dict, findings: dict) -> EvalReport:
    """Score ``findings`` (findings.json as a dict) against ``truth`` (truth.json as a dict)."""
    cfg = load_eval_config()
    truth_pages = _truth_pages(truth)
    pred_pages = _predicted_pages(findings)
    record_match, elsewhere = _score_record_match(truth_pages, pred_pages)
    report = EvalReport(
        counts=_counts(truth, findings, truth_pages, pred_pages),
        page_kind=_score_page_kinds(truth_pages, pred_pages, cfg),
        certificate_fields=_score_certificate_fields(truth_pages, pred_pages, cfg),
        certificate_fields_unaided=_score_certificate_fields(truth_pages, _unaided(pred_pages), cfg),
        list_rows=_score_list_rows(truth_pages, pred_pages, cfg)
        | {"accuracy_unaided": _score_list_rows(truth_pages, _unaided(pred_pages), cfg)["accuracy"]},
        seals=_score_seals(truth_pages, pred_pages, cfg),
        record_match=record_match,
        matches_on_non_certificate_pages=elsewhere,
        flags=_score_flags(truth, findings, cfg),
        applicants=_score_applicants(truth, findings),
        settings={"seal_iou_min": cfg["seal_iou_min"], "list_row_fields": cfg["list_row_fields"],
                  "colour_groups": cfg["colour_groups"], "policy": findings.get("policy"),
                  "truth_generator": truth.get("generator")},
        errors={"flags": _flag_errors(truth, findings, cfg),
                "record_match": _match_errors(truth_pages, pred_pages)},
        by_family=_score_by_family(truth_pages, pred_pages, cfg),
    )
    log.info("evaluated %d pages of %d applicants", report.counts["pages"], report.counts["applicants"])
    return report


def validate_truth(truth: Any, source: str = "truth") -> None:
    """Raise TruthError listing every structural problem (schema, keys) at once."""
    problems: list[Problem] = []
    if not isinstance(truth, dict):
        raise TruthError([Problem(source, "the top level must be a JSON object")])
    if truth.get("schema") != TRUTH_SCHEMA:
        problems.append(Problem(source, f"schema is {truth.get('schema')!r}, expected {TRUTH_SCHEMA!r}"))
    apps = truth.get("applicants")
    if not isinstance(apps, list):
        problems.append(Problem(source, "'applicants' must be a list"))
        apps = []
    for i, app in enumerate(apps):
        where = f"applicants[{i}]"
        if not isinstance(app, dict) or "applicant_key" not in app:
            problems.append(Problem(source, f"{where} has no 'applicant_key'"))
            continue
        for j, doc in enumerate(app.get("documents") or []):
            if "path" not in doc:
                problems.append(Problem(source, f"{where}.documents[{j}] has no 'path'"))
            for k, page in enumerate(doc.get("pages") or []):
                if _page_no(page.get("page")) is None or "kind" not in page:
                    problems.append(Problem(source, f"{where}.documents[{j}].pages[{k}] needs 'page' and 'kind'"))
    if problems:
        raise TruthError(problems, hint="Regenerate it with `python -m samples.generate` (docs/truth.md).")


def validate_findings(findings: Any, source: str = "findings") -> None:
    problems: list[Problem] = []
    if not isinstance(findings, dict):
        raise FindingsFileError([Problem(source, "the top level must be a JSON object")])
    if findings.get("schema") != FINDINGS_SCHEMA:
        problems.append(Problem(source, f"schema is {findings.get('schema')!r}, expected {FINDINGS_SCHEMA!r}"))
    if not isinstance(findings.get("applicants"), list):
        problems.append(Problem(source, "'applicants' must be a list"))
    else:
        for i, app in enumerate(findings["applicants"]):
            if not isinstance(app, dict) or "applicant_key" not in app:
                problems.append(Problem(source, f"applicants[{i}] has no 'applicant_key'"))
    if problems:
        raise FindingsFileError(problems, hint="Pass the findings.json written by `cme-audit run`.")


def _load_json(path: Path, error: type[ProblemsError]) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error([Problem(str(path), "file not found; check the path")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        row = getattr(exc, "lineno", None)
        raise error([Problem(str(path), f"not valid UTF-8 JSON: {exc}", row=row)]) from exc


def main_eval(truth_path: Path, findings_path: Path, json_out: Path | None = None) -> EvalReport:
    """``cme-audit eval``: load both files, score, write JSON (default: eval.json beside findings)."""
    truth_path, findings_path = Path(truth_path), Path(findings_path)
    truth = _load_json(truth_path, TruthError)
    validate_truth(truth, str(truth_path))
    findings = _load_json(findings_path, FindingsFileError)
    validate_findings(findings, str(findings_path))
    report = evaluate_run(truth, findings)
    out = Path(json_out) if json_out else findings_path.parent / "eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("wrote %s", out)
    return report
