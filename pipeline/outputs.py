"""Write a run's outputs: findings.json (the contract), report.html and findings.xlsx for reviewers."""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.models import Findings

log = logging.getLogger(__name__)


def write_outputs(findings: Findings, out: Path, *, show_id: bool = False, readings: list | None = None,
                  cache_root: Path | None = None, records: object = None, policy: object = None,
                  db_url: str | None = None) -> tuple[Path, Path | None]:
    """findings.json keeps full ID numbers (the contract); every other file masks them unless ``show_id``.

    Evidence images (``OUT/evidence/``, docs/evidence.md) are cut from the page previews of
    ``readings`` (this run's), else from the reading cache under ``cache_root`` (default
    ``$CME_AUDIT_HOME``), before findings.json is written: it names them.
    """
    from pipeline.cache import home_dir
    from pipeline.evidence import PreviewSource, ensure_flag_ids, write_evidence

    ensure_flag_ids(findings)
    write_evidence(findings, out, PreviewSource.from_readings(readings or [], cache_root=cache_root or home_dir()))
    from pipeline.report.findings import write_findings
    from pipeline.report.reviewer import write_reviewer_outputs

    out.mkdir(parents=True, exist_ok=True)
    findings_path = write_findings(findings, out)
    # forms (OUT/forms/), summary.xlsx/.csv, report.html + report/<n>.html, findings.xlsx
    report_path = write_reviewer_outputs(findings, out, show_id=show_id, records=records, policy=policy,
                                         db_url=db_url)
    return findings_path, report_path
