"""Helpers shared by the flow tests (imported by module name: tests/ has no packages)."""

from __future__ import annotations


def comparable(findings: dict) -> dict:
    """findings.json without what differs between two runs of the same inputs (generated_at)."""
    return {k: v for k, v in findings.items() if k != "generated_at"}


def first_document(findings: dict, *, kind: str = "certificate") -> tuple[str, int]:
    """(path, page) of the first page of ``kind`` in the findings."""
    return next((d["path"], p["page"]) for a in findings["applicants"] for d in a["documents"]
                for p in d["pages"] if p["kind"] == kind)
