"""Re-audit a finished run from its findings.json, without reading a page again.

    python -m benchmarks.reaudit --findings RUN/findings.json --records RECORDS --policy NAME --out DIR
                                 [--truth truth.json]

The pages' readings (kinds, certificate fields, seals, annual lists, forms) are
taken from the findings; matching, order checks, seal flags and rules run
again with the current code and configuration. This is how matching and rule
changes are measured in seconds instead of an OCR run; with ``--truth`` the
new findings are scored (``cme-audit eval``) at once.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from pathlib import Path

from pipeline.audit import audit_bundle, build_findings, open_store
from pipeline.models import BundleReading, DocumentReading, PageReading

log = logging.getLogger("benchmarks.reaudit")

_PAGE_FIELDS = ("page", "kind", "rotation", "certificate", "annual_list", "registration_form", "note")


def readings_from_findings(findings: dict) -> list[BundleReading]:
    """The BundleReadings a findings.json was made from (as far as it carries them)."""
    bundles = []
    for app in findings.get("applicants") or []:
        docs = []
        for doc in app.get("documents") or []:
            pages = [PageReading.model_validate({k: p.get(k) for k in _PAGE_FIELDS if p.get(k) is not None}
                                                | {"confidence": p.get("kind_confidence") or 0.0})
                     for p in doc.get("pages") or []]
            docs.append(DocumentReading(path=doc["path"], sha256=doc.get("sha256") or "", pages=pages,
                                        error=doc.get("error")))
        bundles.append(BundleReading(applicant_key=app["applicant_key"], documents=docs))
    return bundles


def reaudit(findings_path: Path, records: Path, policy: str, out: Path) -> Path:
    from pipeline.outputs import write_outputs
    from pipeline.rules import load_policy

    findings = json.loads(Path(findings_path).read_text(encoding="utf-8"))
    pol = load_policy(policy)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(records, f"sqlite:///{Path(tmp) / 'records.sqlite'}", None)
        applicants = [audit_bundle(b, store=store, policy=pol) for b in readings_from_findings(findings)]
    path, _report = write_outputs(build_findings(applicants, pol), out)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.reaudit", description=__doc__.split("\n\n")[0])
    p.add_argument("--findings", type=Path, required=True)
    p.add_argument("--records", type=Path, required=True)
    p.add_argument("--policy", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--truth", type=Path, default=None, help="score the new findings against this truth.json")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    path = reaudit(args.findings, args.records, args.policy, args.out)
    print(f"findings: {path}")
    if args.truth:
        from pipeline.eval_render import render_markdown
        from pipeline.evaluate import main_eval

        print(render_markdown(main_eval(args.truth, path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
