"""Reviewer artifacts of a run in the Prefect UI: a table of verdicts and flag counts,
and a markdown summary pointing at the report (and, nightly, at the diff).

Artifacts are human-facing: ID numbers are masked (``pipeline/privacy.py``) unless ``show_id``;
``cme-audit check`` keys applicants by ID number, so the key is masked too."""

from __future__ import annotations

from collections import Counter

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.config import flows_config
from pipeline.privacy import scrub


def verdict_rows(findings: dict, *, show_id: bool = False) -> list[dict]:
    """One row per applicant: who, verdict, error/warning counts, flag counts by code (IDs masked)."""
    rows = []
    for a in findings.get("applicants", []):
        codes = Counter(f["code"] for f in a.get("flags", []))
        severities = Counter(f.get("severity", "error") for f in a.get("flags", []))
        rows.append({
            "applicant": a["applicant_key"], "name": a.get("name") or "", "verdict": a["verdict"],
            "errors": severities["error"], "warnings": severities["warning"],
            "flags": ", ".join(f"{code}×{n}" for code, n in sorted(codes.items())),
        })
    return scrub(rows, show_id=show_id)


def summary_markdown(title: str, findings: dict, summary: dict, *, show_id: bool = False) -> str:
    verdicts = Counter(a["verdict"] for a in findings.get("applicants", []))
    codes = Counter(f["code"] for a in findings.get("applicants", []) for f in a.get("flags", []))
    lines = [f"# {title}", "",
             f"- policy: `{findings.get('policy')}`",
             (f"- bundles: {len(findings.get('applicants', []))} — pass {verdicts['pass']}, "
              f"fail {verdicts['fail']}, needs_review {verdicts['needs_review']}"),
             f"- pages: {summary.get('pages_read', 0)} read, {summary.get('pages_cached', 0)} from the reading cache",
             f"- findings: `{summary.get('findings_path')}`",
             f"- report: `{summary.get('report_path')}`"]
    if summary.get("diff_path"):
        lines.append(f"- diff: `{summary['diff_path']}` — {summary.get('verdict_changes', 0)} verdict changes, "
                     f"{len(summary.get('newly_passing', []))} newly passing, "
                     f"{summary.get('flags_appeared', 0)} flags appeared, {summary.get('flags_resolved', 0)} resolved")
    if codes:
        lines += ["", "| flag | count |", "|---|---|"] + [f"| {c} | {n} |" for c, n in sorted(codes.items())]
    return scrub("\n".join(lines), show_id=show_id)


def publish(title: str, findings: dict, summary: dict, *, show_id: bool = False) -> None:
    keys = flows_config()["artifacts"]
    create_table_artifact(table=verdict_rows(findings, show_id=show_id), key=keys["table_key"],
                          description=f"{title}: verdicts and flag counts per applicant")
    create_markdown_artifact(markdown=summary_markdown(title, findings, summary, show_id=show_id),
                             key=keys["summary_key"],
                             description=f"{title}: summary and report path")
