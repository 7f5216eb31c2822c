"""Write findings.json, the contract's machine-readable result (CONTRACT.md section 4)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.atomic import atomic_write
from pipeline.models import Findings

log = logging.getLogger(__name__)

FINDINGS_FILE = "findings.json"


def write_findings(findings: Findings, out: Path) -> Path:
    """Write ``out/findings.json`` (UTF-8, Chinese kept as is, indented); return its path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FINDINGS_FILE
    # temp file, fsync, rename (pipeline/atomic.py): a killed run never leaves a half-written findings.json
    atomic_write(path, json.dumps(findings.to_json_dict(), ensure_ascii=False, indent=2))
    log.info("wrote %s (%d applicants)", path, len(findings.applicants))
    return path
