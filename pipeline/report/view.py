"""Turn Findings into plain data for the reviewer outputs (HTML pages, xlsx): labels, masking, order.

Everything a template shows is prepared here, in Chinese: flag names and severities,
a flag's text rendered from its structured fields (``flag_text`` in
``pipeline/config/report.yaml``; the matcher's messages are bilingual and the report is
not), rule names, results, clauses, values and thresholds, and the evidence of every flag
(``flag.evidence`` as the audit wrote it, docs/evidence.md: images by their path under
OUT, comparisons, candidates, stack order). Findings without evidence render the same
page without it. The last step of every view is ``pipeline.privacy.scrub``: ID numbers
are masked in every string unless ``show_id``.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.models import CERT_FIELDS, ApplicantFindings, Findings, Flag, RuleResult
from pipeline.privacy import mask_id, scrub, shown_id
from pipeline.settings import load_yaml

__all__ = ["mask_id", "report_view", "applicant_view", "applicant_views", "sorted_applicants", "unit_of",
           "page_name", "flag_text"]

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "report.yaml"
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=4)
def load_report_config(path: Path = CONFIG_PATH) -> dict[str, Any]:
    return load_yaml(path)


def unit_of(applicant: ApplicantFindings) -> str:
    """The person's unit from the records, else the folder the bundle sits in."""
    if applicant.unit:
        return applicant.unit
    key = applicant.applicant_key
    return key.rsplit("/", 1)[0] if "/" in key else ""


def sorted_applicants(findings: Findings, *, cfg: dict | None = None) -> list[ApplicantFindings]:
    """Report order: fail, needs_review, pass; then unit and folder. Numbers in the report follow it."""
    order = {v: i for i, v in enumerate((cfg or load_report_config())["verdict_order"])}
    return sorted(findings.applicants,
                  key=lambda a: (order.get(a.verdict, len(order)), unit_of(a), a.applicant_key))


def page_name(number: int, cfg: dict | None = None) -> str:
    """The applicant page's path relative to OUT: ``report/0007.html``."""
    return f"{(cfg or load_report_config())['pages_dir']}/{number:04d}.html"


# ------------------------------------------------------------------------ flags


_OPTIONAL_FIELDS = frozenset({"record_note", "found_stamps"})  # may be empty in a complete sentence


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), repl) for pattern, repl in load_report_config()["phrases"]]


def zh(text: str) -> str:
    """``text`` with the reading layers' English reasons in Chinese (``phrases`` in report.yaml)."""
    for pattern, repl in _phrases():
        text = pattern.sub(repl, text)
    return text


def _code_labels(text: str, cfg: dict) -> str:
    """``R000010: FIELD_MISMATCH`` -> ``R000010: 证书与记录信息不一致`` (a rule's doubt reasons)."""
    return re.sub(r"\b[A-Z][A-Z_]{3,}\b", lambda m: cfg["flags"].get(m.group(0), m.group(0)), text)


def chinese_part(message: str) -> str:
    """The Chinese half of a bilingual ``中文 / English`` message; "" when it has no Chinese."""
    head = message.split(" / ", 1)[0].strip()
    return head if _CJK.search(head) else ""


def flag_text(flag: Flag, cfg: dict) -> str:
    """The flag in Chinese, from its code and structured fields (``flag_text`` in report.yaml)."""
    template = cfg["flag_text"].get(flag.code)
    if template is None:
        return chinese_part(flag.message) or cfg["flags"].get(flag.code, flag.code)
    where = f"{flag.path} 第{flag.page}页" if flag.path and flag.page else (flag.path or "")
    stamps = [cfg["stamp_kinds"].get(k, k) for k in (flag.found or "").split(",") if k]
    fields = {
        "where": where, "path": flag.path or "", "page": flag.page or "", "record_id": flag.record_id or "",
        "year": flag.year or "", "expected": flag.expected or "", "found": flag.found or "",
        "field_label": cfg["fields"].get(flag.field, flag.field) if flag.field else "",
        "found_stamps": "、".join(stamps) or "无",
        "record_note": f"（按装订位置对应学分记录 {flag.record_id}）" if flag.record_id else "",
    }
    used = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    if any(not fields.get(name) for name in used if name not in _OPTIONAL_FIELDS):
        # the flag lacks a field its sentence needs: its own Chinese words say it better
        return chinese_part(flag.message) or cfg["flags"].get(flag.code, flag.code)
    return string.Formatter().vformat(template, (), _Blank(fields))


def _segments(data: dict) -> list[dict[str, Any]]:
    """Character diff segments of a comparison (``highlight`` in pipeline/evidence/facts.py)."""
    out = []
    for seg in data.get("segments") or []:
        if isinstance(seg, (list, tuple)) and len(seg) == 3:
            out.append({"op": seg[0], "cert": seg[1], "record": seg[2]})
    return out


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "、".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_scalar(v)}" for k, v in value.items())
    return str(value)


def evidence_view(item: Any, cfg: dict) -> dict[str, Any]:
    """One evidence item (a model or its JSON dict) as the template shows it."""
    raw = item.model_dump(mode="json") if hasattr(item, "model_dump") else dict(item)
    data = raw.get("data") or {}
    kind = raw.get("kind", "")
    labels = cfg["fields"]
    view: dict[str, Any] = {
        "kind": kind, "kind_label": cfg["evidence_kinds"].get(kind, kind),
        "caption": zh(raw.get("caption") or ""), "path": raw.get("path"),
        "rows": [], "segments": _segments(data), "candidates": [], "stack": [], "list": [], "pages": [],
        "reason": zh(str(data.get("reason") or "")),
    }
    for row in data.get("rows") or []:
        view["rows"].append({"label": row.get("label") or labels.get(row.get("field"), row.get("field")),
                             "certificate": _scalar(row.get("certificate")), "record": _scalar(row.get("record")),
                             "differs": bool(row.get("differs"))})
    for c in data.get("candidates") or []:
        view["candidates"].append({"record_id": c.get("record_id", ""), "score": c.get("score"),
                                   "text": _scalar({labels.get(k, k): v for k, v in c.items()
                                                    if k in ("project_code", "project_title", "date", "credits",
                                                             "category")})})
    for s in data.get("stack") or []:
        view["stack"].append({"stack": s.get("stack"), "where": f"{s.get('path', '')} 第{s.get('page', '')}页",
                              "text": _scalar([s.get("date"), s.get("project_code"), s.get("project_title")]),
                              "record_id": s.get("record_id") or "", "moved": bool(s.get("moved"))})
    for r in data.get("list") or []:
        view["list"].append({"seq": r.get("seq"), "text": _scalar([r.get("date"), r.get("project_code"),
                                                                    r.get("project_title")])})
    for p in data.get("pages") or []:
        if isinstance(p, dict):
            years = p.get("years") or []
            view["pages"].append(f"{p.get('path', '')} 第{p.get('page', '')}页（"
                                 f"{'、'.join(str(y) for y in years) or '年度未识别'}，{p.get('rows', 0)} 行）")
    if not view["pages"] and kind == "list" and "pages" in data:
        view["pages"].append("材料中未找到任何学分清单页")
    return view


def flag_row(flag: Flag, applicant: ApplicantFindings, cfg: dict) -> dict[str, Any]:
    text = zh(flag_text(flag, cfg))
    note = zh(chinese_part(flag.message))
    label = cfg["flags"].get(flag.code, flag.code)
    return {
        "applicant_key": applicant.applicant_key,
        "name": applicant.name or "",
        "code": flag.code,
        "label": label,
        "severity": flag.severity,
        "severity_label": cfg["severities"].get(flag.severity, flag.severity),
        "path": flag.path or "",
        "page": flag.page,
        "record_id": flag.record_id or "",
        "year": flag.year,
        "field": cfg["fields"].get(flag.field, flag.field) if flag.field else "",
        "expected": flag.expected or "",
        "found": flag.found or "",
        "text": text,
        # the message's own Chinese words, where they say more than the sentence and the label
        "note": note if note and note not in text and note not in label and len(note) > len(label) + 4 else "",
        "message": flag.message,
        "flag_id": getattr(flag, "flag_id", None) or "",
        "evidence": [evidence_view(e, cfg) for e in (getattr(flag, "evidence", None) or [])],
    }


# ------------------------------------------------------------------------ rules


def rule_row(rule: RuleResult, applicant: ApplicantFindings, cfg: dict | None = None) -> dict[str, Any]:
    # a doubtful rule passes only with the benefit of the doubt: neither passed nor failed
    status = "doubtful" if rule.doubtful else ("passed" if rule.passed else "failed")
    cfg = cfg or load_report_config()
    names = cfg["rule_names"]
    return {
        "applicant_key": applicant.applicant_key,
        "name": applicant.name or "",
        "rule": rule.rule,
        "rule_label": names.get(rule.rule, rule.rule),
        "status": status,
        "status_label": {"passed": "通过", "failed": "未通过", "doubtful": "存疑"}[status],
        "value": rule.value,
        "threshold": rule.threshold,
        "clause": rule.clause or "",
        "message": rule.message,
        "doubt_reasons": _code_labels("; ".join(rule.doubt_reasons), cfg),
    }


def page_rows(applicant: ApplicantFindings, cfg: dict) -> list[dict[str, Any]]:
    rows = []
    for doc in applicant.documents:
        for page in doc.pages:
            cert = page.certificate
            fields = []
            stamps = []
            if cert is not None:
                for f in CERT_FIELDS:
                    value = getattr(cert, f)
                    fields.append({"label": cfg["fields"].get(f, f), "value": value,
                                   "confidence": cert.confidence.get(f),
                                   "read_as": cert.read_as.get(f, "") if f in cert.read_as else None,
                                   "verified": cert.verified.get(f)})
                stamps = [cfg["stamp_kinds"].get(s.kind, s.kind) for s in cert.stamps]
            rows.append({
                "path": doc.path, "page": page.page, "kind": page.kind,
                "kind_label": cfg["page_kinds"].get(page.kind, page.kind),
                "fields": fields, "stamps": stamps,
                "matched_record_id": page.matched_record_id or "",
                "match_score": page.match_score,
            })
    return rows


# --------------------------------------------------------------------- applicants


def applicant_view(applicant: ApplicantFindings, cfg: dict) -> dict[str, Any]:
    """One applicant as plain data (IDs not yet masked: ``applicant_views`` does that)."""
    flags = [flag_row(f, applicant, cfg) for f in applicant.flags]
    rules = [rule_row(r, applicant, cfg) for r in applicant.rules]
    codes: dict[str, int] = {}
    for f in applicant.flags:
        codes[f.code] = codes.get(f.code, 0) + 1
    return {
        "applicant_key": applicant.applicant_key,
        "unit": unit_of(applicant),
        "name": applicant.name or "",
        "id_masked": mask_id(applicant.id_number),
        "id_shown": applicant.id_number or "",  # replaced by the masked form in applicant_views unless show_id
        "verdict": applicant.verdict,
        "verdict_label": cfg["verdicts"].get(applicant.verdict, applicant.verdict),
        "errors": sum(1 for f in applicant.flags if f.severity == "error"),
        "warnings": sum(1 for f in applicant.flags if f.severity == "warning"),
        "codes": codes,
        "flags": flags,
        "rules": rules,
        "why": [r for r in rules if r["status"] != "passed"],
        "pages": page_rows(applicant, cfg),
        "years": list(getattr(applicant, "window_years", None) or []),
    }


def applicant_views(findings: Findings, *, show_id: bool = False) -> list[dict[str, Any]]:
    """Every applicant's view in report order, numbered from 1, IDs masked unless ``show_id``."""
    cfg = load_report_config()
    views = []
    for number, a in enumerate(sorted_applicants(findings, cfg=cfg), start=1):
        view = applicant_view(a, cfg)
        view["number"] = number
        view["page"] = page_name(number, cfg)
        view["id_shown"] = shown_id(a.id_number, show_id=show_id)
        views.append(scrub(view, show_id=show_id))
    return views


def report_view(findings: Findings, *, eval_summary: dict | None = None, show_id: bool = False,
                applicants: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the index template needs, as plain data; IDs masked unless ``show_id``."""
    cfg = load_report_config()
    views = applicants if applicants is not None else applicant_views(findings, show_id=show_id)
    unit_keys: list[str] = []
    for row in findings.units:
        unit_keys += [k for k in row if k not in unit_keys]
    verdict_counts = {v: sum(1 for a in views if a["verdict"] == v) for v in cfg["verdict_order"]}
    code_counts: dict[str, int] = {}
    for a in views:
        for code, n in a["codes"].items():
            code_counts[code] = code_counts.get(code, 0) + n
    return {
        "cfg": cfg,
        "title": cfg["title"],
        "policy": findings.policy,
        "policy_sha256": findings.policy_sha256 or "",
        "generated_at": findings.generated_at or "",
        "tool_version": findings.tool_version or "",
        "counts": {
            "applicants": len(views),
            "documents": sum(len(a.documents) for a in findings.applicants),
            "pages": sum(len(d.pages) for a in findings.applicants for d in a.documents),
            "flags": sum(len(a.flags) for a in findings.applicants),
            **verdict_counts,
        },
        "code_counts": sorted(code_counts.items()),
        "units_list": sorted({a["unit"] for a in views if a["unit"]}),
        "applicants": views,
        "unit_columns": [(k, cfg["unit_columns"].get(k, k)) for k in unit_keys],
        "units": scrub(findings.units, show_id=show_id),
        "eval_summary": eval_summary,
    }
