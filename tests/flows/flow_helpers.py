"""Helpers shared by the flow tests (imported by module name: tests/ has no packages)."""

from __future__ import annotations


def comparable(findings: dict) -> dict:
    """findings.json without what differs between two runs of the same inputs (generated_at)."""
    import copy

    return {k: copy.deepcopy(v) for k, v in findings.items() if k != "generated_at"}


def without_seal_geometry(findings: dict) -> dict:
    """Comparable findings with each seal reduced to its kind (sorted).

    Used where a test reads pages again (rather than from the reference run's
    cache): seal geometry is the seal detector's business, tested there, and
    the orchestration under test must not change anything else: page kinds,
    fields, seal kinds, matches, flags, rules, verdicts.
    """
    out = comparable(findings)
    for a in out.get("applicants", []):
        for d in a.get("documents", []):
            for p in d.get("pages", []):
                cert = p.get("certificate")
                if cert and cert.get("stamps") is not None:
                    cert["stamps"] = sorted(s["kind"] for s in cert["stamps"])
    return out


def first_document(findings: dict, *, kind: str = "certificate") -> tuple[str, int]:
    """(path, page) of the first page of ``kind`` in the findings."""
    return next((d["path"], p["page"]) for a in findings["applicants"] for d in a["documents"]
                for p in d["pages"] if p["kind"] == kind)
