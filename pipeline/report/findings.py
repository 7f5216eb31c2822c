"""Write findings.json, the contract's machine-readable result (CONTRACT.md section 4)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.models import Findings

log = logging.getLogger(__name__)

FINDINGS_FILE = "findings.json"


def write_findings(findings: Findings, out: Path) -> Path:
    """Write ``out/findings.json`` (UTF-8, Chinese kept as is, indented); return its path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FINDINGS_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(findings.to_json_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)  # never leave a half-written findings.json behind
    log.info("wrote %s (%d applicants)", path, len(findings.applicants))
    return path
