"""Turn Findings into plain rows for the reviewer outputs (HTML, xlsx): labels, masking, order."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.models import CERT_FIELDS, ApplicantFindings, Findings, Flag, RuleResult
from pipeline.privacy import mask_id, scrub, shown_id
from pipeline.settings import load_yaml

__all__ = ["mask_id", "report_view", "applicant_view", "sorted_applicants", "unit_of"]

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "report.yaml"


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
    order = {v: i for i, v in enumerate((cfg or load_report_config())["verdict_order"])}
    return sorted(findings.applicants,
                  key=lambda a: (order.get(a.verdict, len(order)), unit_of(a), a.applicant_key))


def flag_row(flag: Flag, applicant: ApplicantFindings, cfg: dict) -> dict[str, Any]:
    return {
        "applicant_key": applicant.applicant_key,
        "name": applicant.name or "",
        "code": flag.code,
        "label": cfg["flags"].get(flag.code, flag.code),
        "severity": flag.severity,
        "severity_label": cfg["severities"].get(flag.severity, flag.severity),
        "path": flag.path or "",
        "page": flag.page,
        "record_id": flag.record_id or "",
        "year": flag.year,
        "field": cfg["fields"].get(flag.field, flag.field) if flag.field else "",
        "expected": flag.expected or "",
        "found": flag.found or "",
        "message": flag.message,
    }


def rule_row(rule: RuleResult, applicant: ApplicantFindings) -> dict[str, Any]:
    # a doubtful rule passes only with the benefit of the doubt: neither passed nor failed
    status = "doubtful" if rule.doubtful else ("passed" if rule.passed else "failed")
    return {
        "applicant_key": applicant.applicant_key,
        "name": applicant.name or "",
        "rule": rule.rule,
        "status": status,
        "status_label": {"passed": "通过", "failed": "未通过", "doubtful": "存疑"}[status],
        "value": rule.value,
        "threshold": rule.threshold,
        "clause": rule.clause or "",
        "message": rule.message,
        "doubt_reasons": "; ".join(rule.doubt_reasons),
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
                                   "read_as": cert.read_as.get(f, "") if f in cert.read_as else None})
                stamps = [cfg["stamp_kinds"].get(s.kind, s.kind) for s in cert.stamps]
            rows.append({
                "path": doc.path, "page": page.page, "kind": page.kind,
                "kind_label": cfg["page_kinds"].get(page.kind, page.kind),
                "fields": fields, "stamps": stamps,
                "matched_record_id": page.matched_record_id or "",
                "match_score": page.match_score,
            })
    return rows


def applicant_view(applicant: ApplicantFindings, cfg: dict) -> dict[str, Any]:
    flags = [flag_row(f, applicant, cfg) for f in applicant.flags]
    rules = [rule_row(r, applicant) for r in applicant.rules]
    return {
        "applicant_key": applicant.applicant_key,
        "unit": unit_of(applicant),
        "name": applicant.name or "",
        "id_masked": mask_id(applicant.id_number),
        "id_shown": applicant.id_number or "",  # replaced by the masked form in report_view unless show_id
        "verdict": applicant.verdict,
        "verdict_label": cfg["verdicts"].get(applicant.verdict, applicant.verdict),
        "errors": sum(1 for f in applicant.flags if f.severity == "error"),
        "warnings": sum(1 for f in applicant.flags if f.severity == "warning"),
        "flags": flags,
        "rules": rules,
        "why": [r for r in rules if r["status"] != "passed"],
        "pages": page_rows(applicant, cfg),
    }


def applicant_views(findings: Findings, *, show_id: bool = False) -> list[dict[str, Any]]:
    """Every applicant's view in report order, IDs masked (``pipeline/privacy.py``) unless ``show_id``."""
    cfg = load_report_config()
    views = []
    for a in sorted_applicants(findings, cfg=cfg):
        view = applicant_view(a, cfg)
        view["id_shown"] = shown_id(a.id_number, show_id=show_id)
        views.append(scrub(view, show_id=show_id))
    return views


def report_view(findings: Findings, *, eval_summary: dict | None = None, show_id: bool = False) -> dict[str, Any]:
    """Everything the HTML template needs, as plain data; IDs masked unless ``show_id``."""
    cfg = load_report_config()
    applicants = applicant_views(findings, show_id=show_id)
    unit_keys: list[str] = []
    for row in findings.units:
        unit_keys += [k for k in row if k not in unit_keys]
    verdict_counts = {v: sum(1 for a in applicants if a["verdict"] == v) for v in cfg["verdict_order"]}
    return {
        "cfg": cfg,
        "title": cfg["title"],
        "policy": findings.policy,
        "policy_sha256": findings.policy_sha256 or "",
        "generated_at": findings.generated_at or "",
        "tool_version": findings.tool_version or "",
        "counts": {
            "applicants": len(applicants),
            "documents": sum(len(a.documents) for a in findings.applicants),
            "pages": sum(len(d.pages) for a in findings.applicants for d in a.documents),
            "flags": sum(len(a.flags) for a in findings.applicants),
            **verdict_counts,
        },
        "applicants": applicants,
        "unit_columns": [(k, cfg["unit_columns"].get(k, k)) for k in unit_keys],
        "units": findings.units,
        "eval_summary": eval_summary,
    }
