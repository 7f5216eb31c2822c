"""What each flag rests on: its stable id, a hash of its facts, and its evidence as data.

Called by the audit for every bundle (``annotate_flags``), where the records, the
certificates and the matches are at hand; the images are cut later from the page
previews (``pipeline/evidence/images.py``), which fills in ``Evidence.path``.

``flag_id`` is a hash of what identifies the flag (applicant, code, record, path, page,
field, year), never of its message: the same discrepancy keeps its id across reruns
and nightly reconciliations, so a reviewer's decision can be attached to it.

``evidence_hash`` is a hash of the facts the flag rests on: the values compared, the
record's fields, the certificate's fields as read, the seals found (kind and box), the
stack and list order, the closest records and their scores, the document's content
hash. A decision stays attached while it is unchanged (``pipeline/records/decisions.py``);
when a record, a rescan or a re-reading changes those facts the flag is re-opened.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.evidence.preview import evidence_config
from pipeline.models import CERT_FIELDS, CertificateFields, CertRef, CreditRecord, DocumentReading, Evidence, Flag

_HASH_CHARS = 16
_RECORD_FIELDS = ("record_id", "year", "project_code", "project_title", "category", "credits", "date", "mode",
                  "organizer", "certificate_no")
_STAMP_CODES = frozenset({"STAMP_MISSING", "CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD", "STAMP_PROVINCE_MISMATCH",
                          "STAMP_UNSURE"})
_PAGE_EVIDENCE_CODES = frozenset({"FIELD_MISMATCH", "CERT_UNMATCHED", "DUPLICATE_CERT", "PAGE_UNREADABLE",
                                  "CERT_UNREAD", "LIST_MIXED_YEARS", "ORDER_MISMATCH"})


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_CHARS]


def flag_identity(applicant_key: str, flag: Flag | dict) -> list[Any]:
    """The fields that identify a flag (docs/evidence.md), in order."""
    get = flag.get if isinstance(flag, dict) else lambda k: getattr(flag, k)
    return [applicant_key, get("code"), get("record_id"), get("path"), get("page"), get("field"), get("year")]


def make_flag_id(applicant_key: str, flag: Flag | dict, *, occurrence: int = 0) -> str:
    """``flag_id``: stable across runs; ``occurrence`` tells apart flags with the same identity."""
    ident = flag_identity(applicant_key, flag)
    return _digest(ident + [occurrence] if occurrence else ident)


def record_facts(record: CreditRecord) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    return {k: data.get(k) for k in _RECORD_FIELDS}


def cert_facts(fields: CertificateFields) -> dict[str, Any]:
    return {k: getattr(fields, k) for k in CERT_FIELDS}


def seal_facts(fields: CertificateFields) -> list[dict[str, Any]]:
    return [{"kind": s.kind, "bbox": [round(v) for v in s.bbox]} for s in fields.stamps]


def highlight(cert_value: object, record_value: object) -> dict[str, Any]:
    """Character-level comparison of a certificate value with the record's: segments and HTML.

    ``segments``: ``[op, certificate part, record part]`` with op ``equal``/``replace``/
    ``delete``/``insert`` (difflib opcodes); ``html``: two ``<span>`` lines with the
    differing characters in ``<mark>``.
    """
    a, b = "" if cert_value is None else str(cert_value), "" if record_value is None else str(record_value)
    segments: list[list[str]] = []
    left, right = [], []
    for op, i0, i1, j0, j1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        pa, pb = a[i0:i1], b[j0:j1]
        segments.append([op, pa, pb])
        if op == "equal":
            left.append(html.escape(pa))
            right.append(html.escape(pb))
        else:
            if pa:
                left.append(f"<mark>{html.escape(pa)}</mark>")
            if pb:
                right.append(f"<mark>{html.escape(pb)}</mark>")
    return {"segments": segments,
            "html": (f'<span class="cert">{"".join(left) or "（未识别）"}</span>'
                     f'<span class="record">{"".join(right) or "（空）"}</span>')}


class _Bundle:
    """Lookups over one bundle for the evidence of its flags."""

    def __init__(self, *, certs: Sequence[CertRef], lists: Sequence[Any], records: Sequence[CreditRecord],
                 matches: dict, documents: Sequence[DocumentReading]):
        self.certs = {(c.path, c.page): c for c in certs}
        self.cert_list = sorted(certs, key=lambda c: c.stack_index)
        self.lists = sorted(lists, key=lambda lp: lp.stack_index)
        self.records = {r.record_id: r for r in records}
        self.record_list = list(records)
        self.matches = matches
        self.docs = {d.path: d for d in documents}

    def matched_id(self, path: str, page: int) -> str | None:
        m = self.matches.get((path, page))
        return getattr(m, "record_id", m) if m is not None else None

    def page_note(self, path: str, page: int) -> str | None:
        doc = self.docs.get(path)
        for p in doc.pages if doc else ():
            if p.page == page:
                return p.note
        return None

    def sha(self, path: str | None) -> str | None:
        doc = self.docs.get(path) if path else None
        return doc.sha256 if doc else None


def _page_item(path: str, page: int, caption: str) -> Evidence:
    return Evidence(kind="page", caption=caption, data={"path": path, "page": page})


def _candidates(cert: CertRef, records: Sequence[CreditRecord], n: int) -> list[dict[str, Any]]:
    """The ``n`` closest records by the matcher's own scorer (``pipeline/match.py``)."""
    from pipeline.match import _cert_view, _record_view, default_config, score_pair

    cfg = default_config()
    cv = _cert_view(cert, cfg)
    scored = []
    for r in records:
        m = score_pair(cv, _record_view(r, cfg), cfg)
        scored.append({"record_id": r.record_id, "score": round(m.score, 3), "confidence": round(m.confidence, 3),
                       "field_scores": {k: round(v, 3) for k, v in sorted(m.field_scores.items())},
                       **{k: v for k, v in record_facts(r).items() if k != "record_id"}})
    scored.sort(key=lambda c: (-c["score"], -c["confidence"], c["record_id"]))
    return scored[:n]


def _year_of(bundle: _Bundle, cert: CertRef) -> int | None:
    rid = bundle.matched_id(cert.path, cert.page)
    if rid and rid in bundle.records:
        return bundle.records[rid].year
    return int(cert.fields.date[:4]) if cert.fields.date else None


def _order_data(bundle: _Bundle, year: int | None, moved: set[tuple[str, int]]) -> dict[str, Any]:
    stack = []
    for c in bundle.cert_list:
        if _year_of(bundle, c) != year:
            continue
        rid = bundle.matched_id(c.path, c.page)
        rec = bundle.records.get(rid or "")
        stack.append({"path": c.path, "page": c.page, "stack": c.stack_index + 1, "record_id": rid,
                      "project_code": rec.project_code if rec else c.fields.project_code,
                      "project_title": rec.project_title if rec else c.fields.project_title,
                      "date": rec.date.isoformat() if rec else c.fields.date,
                      "moved": (c.path, c.page) in moved})
    rows = []
    for lp in bundle.lists:
        if year is not None and year not in lp.annual_list.years and not lp.annual_list.continued:
            continue
        for row in lp.annual_list.rows:
            if year is not None and row.date and not row.date.startswith(str(year)):
                continue
            rows.append({"seq": row.seq, "date": row.date, "project_code": row.project_code,
                         "project_title": row.project_title, "list_path": lp.path, "list_page": lp.page})
    return {"year": year, "stack": stack, "list": rows}


def _list_pages(bundle: _Bundle) -> list[dict[str, Any]]:
    return [{"path": lp.path, "page": lp.page, "years": list(lp.annual_list.years),
             "rows": len(lp.annual_list.rows), "continued": lp.annual_list.continued} for lp in bundle.lists]


def _evidence_for(flag: Flag, bundle: _Bundle, *, required: set[str], n_candidates: int,
                  moved: set[tuple[str, int]]) -> tuple[list[Evidence], dict[str, Any]]:
    """(evidence items, extra facts for the hash) of one flag."""
    cfg = evidence_config()
    labels = cfg["field_labels"]
    code, path, page = flag.code, flag.path, flag.page
    cert = bundle.certs.get((path, page)) if path and page else None
    record = bundle.records.get(flag.record_id or "")
    items: list[Evidence] = []
    facts: dict[str, Any] = {}
    if record is not None:
        facts["record"] = record_facts(record)
    if cert is not None:
        facts["certificate"] = cert_facts(cert.fields)
    if path:
        facts["sha256"] = bundle.sha(path)

    if code in _STAMP_CODES and cert is not None:
        seals = [{"kind": s.kind, "bbox": list(s.bbox), "score": round(s.score, 3), "shape": s.shape,
                  "text": s.text} for s in cert.fields.stamps]
        facts["seals"] = seal_facts(cert.fields)
        facts["required"] = sorted(required)
        found = "、".join(cfg["seal_labels"].get(s["kind"], s["kind"]) for s in seals) or "无"
        items.append(Evidence(kind="seal", caption=f"证书页及检出的印章：{found}；应有："
                              f"{'、'.join(cfg['seal_labels'].get(k, k) for k in sorted(required)) or '任一印章'}",
                              data={"path": path, "page": page, "seals": seals, "required": sorted(required),
                                    "category": cert.fields.category}))
        for k, s in enumerate(seals):
            items.append(Evidence(kind="crop", caption=f"印章 {k + 1}：{cfg['seal_labels'].get(s['kind'], s['kind'])}",
                                  data={"path": path, "page": page, "bbox": s["bbox"], "seal": s}))
    elif code == "FIELD_MISMATCH" and cert is not None and record is not None and flag.field:
        field = flag.field
        cert_value, rec_value = getattr(cert.fields, field, None), getattr(record, field, None)
        if hasattr(rec_value, "isoformat"):
            rec_value = rec_value.isoformat()
        items.append(Evidence(kind="compare", caption=f"{labels.get(field, field)}：证书与学分记录 {record.record_id} 不一致",
                              data={"field": field, "label": labels.get(field, field), "certificate": cert_value,
                                    "record": rec_value, "record_id": record.record_id,
                                    "confidence": cert.fields.confidence.get(field),
                                    "read_as": cert.fields.read_as.get(field),
                                    "rows": [{"field": f, "label": labels.get(f, f),
                                              "certificate": getattr(cert.fields, f, None),
                                              "record": facts["record"].get(f), "differs": f == field}
                                             for f in CERT_FIELDS if f in facts["record"] or f == "name"],
                                    **highlight(cert_value, rec_value)}))
        items.append(_page_item(path, page, "证书页"))
    elif code == "ORDER_MISMATCH":
        data = _order_data(bundle, flag.year, moved)
        facts["order"] = [[s["path"], s["page"], s["record_id"]] for s in data["stack"]]
        facts["list_order"] = [[r["seq"], r["project_code"], r["date"]] for r in data["list"]]
        items.append(Evidence(kind="order", caption=f"{flag.year}年度证书装订顺序（红框为顺序不符）与清单顺序",
                              data={**data, "flag_path": path, "flag_page": page}))
        if path and page:
            items.append(_page_item(path, page, "顺序不符的证书页"))
    elif code == "CERT_UNMATCHED" and cert is not None:
        cands = _candidates(cert, bundle.record_list, n_candidates)
        facts["candidates"] = [[c["record_id"], c["score"]] for c in cands]
        items.append(_page_item(path, page, "无对应学分记录的证书页"))  # type: ignore[arg-type]
        items.append(Evidence(kind="candidates", caption="最接近的学分记录及匹配得分",
                              data={"certificate": cert_facts(cert.fields), "candidates": cands}))
    elif code in ("LIST_MISSING", "LIST_MIXED_YEARS"):
        pages = _list_pages(bundle)
        facts["list_pages"] = [[p["path"], p["page"], p["years"]] for p in pages]
        caption = (f"包内找到的学分清单页（缺少{flag.year}年度）" if code == "LIST_MISSING"
                   else f"含多个年度的清单页（{flag.found or ''}）")
        items.append(Evidence(kind="list", caption=caption,
                              data={"year": flag.year, "pages": pages, "flag_path": path, "flag_page": page}))
    elif code == "DUPLICATE_CERT" and path and page:
        first = next((c for c in bundle.cert_list if (c.path, c.page) != (path, page)
                      and flag.record_id and bundle.matched_id(c.path, c.page) == flag.record_id), None)
        items.append(_page_item(path, page, "重复的证书页"))
        if first is not None:
            facts["first"] = [first.path, first.page]
            items.append(_page_item(first.path, first.page, "首次出现的证书页"))
    elif code == "PAGE_UNREADABLE" and path and page:
        facts["note"] = bundle.page_note(path, page)
        items.append(_page_item(path, page, f"无法识别的页面：{facts['note'] or ''}"))
    elif code == "FILE_INVALID":
        facts["reason"] = flag.message
        items.append(Evidence(kind="compare", caption="文件无法读取的原因", data={"reason": flag.message}))
    elif code == "RECORD_NO_CERT" and record is not None:
        items.append(Evidence(kind="compare", caption=f"学分记录 {record.record_id} 在材料中没有证书",
                              data={"record_id": record.record_id, "record": facts["record"], "certificate": None,
                                    "rows": [{"field": f, "label": labels.get(f, f), "certificate": None,
                                              "record": v, "differs": False}
                                             for f, v in facts["record"].items() if f in labels]}))
    elif code == "APPLICANT_UNRESOLVED":
        facts["reason"] = flag.message
        names = sorted({c.fields.name for c in bundle.cert_list if c.fields.name})
        facts["names"] = names
        items.append(Evidence(kind="candidates", caption="无法确定申请人",
                              data={"reason": flag.message, "names_read": names, "candidates": []}))
    if not items and path and page and code in _PAGE_EVIDENCE_CODES | {"CERT_UNREAD"}:
        items.append(_page_item(path, page, "相关页面"))
    return items, facts


def annotate_flags(applicant_key: str, flags: Iterable[Flag], *, certs: Sequence[CertRef] = (),
                   lists: Sequence[Any] = (), records: Sequence[CreditRecord] = (), matches: dict | None = None,
                   documents: Sequence[DocumentReading] = (), policy: Any = None) -> None:
    """Set ``flag_id``, ``evidence_hash`` and ``evidence`` (data; no image paths yet) on every flag."""
    flags = list(flags)
    bundle = _Bundle(certs=certs, lists=lists, records=records, matches=matches or {}, documents=documents)
    moved = {(f.path, f.page) for f in flags if f.code == "ORDER_MISMATCH" and f.path and f.page}
    n_candidates = int(evidence_config()["candidates"])
    seen: dict[str, int] = {}
    for flag in flags:
        base = make_flag_id(applicant_key, flag)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        flag.flag_id = make_flag_id(applicant_key, flag, occurrence=occurrence)
        required: set[str] = set()
        cert = bundle.certs.get((flag.path, flag.page)) if flag.path and flag.page else None
        if flag.code in _STAMP_CODES and policy is not None and cert is not None:
            from pipeline.seals.check import required_for

            required = required_for(policy, cert.fields.category)
        items, facts = _evidence_for(flag, bundle, required=required, n_candidates=n_candidates, moved=moved)
        flag.evidence = items
        flag.evidence_hash = _digest({"identity": flag_identity(applicant_key, flag), "expected": flag.expected,
                                      "found": flag.found, **facts})


def ensure_flag_ids(findings: Any) -> None:
    """Flags without ids (records-only ``cme-audit check``, older findings): ids and hashes from
    what the flag itself says."""
    for applicant in findings.applicants:
        todo = [f for f in applicant.flags if not f.flag_id]
        if todo:
            annotate_flags(applicant.applicant_key, todo)


__all__ = ["annotate_flags", "ensure_flag_ids", "highlight", "make_flag_id"]
