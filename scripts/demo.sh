#!/usr/bin/env bash
# Set up, then run the main job (`cme-audit run`) on every committed sample set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREFECT_SERVER_ANALYTICS_ENABLED=false CME_AUDIT_HOME="${CME_AUDIT_HOME:-$PWD/.cme-audit}"
for set in samples/data/*/; do
  name=$(basename "$set")
  policy=$(.venv/bin/python -c "import json,sys; print(json.load(open(sys.argv[1]))['generator']['policy'])" "$set/truth.json")
  echo "== $name ($policy)"
  .venv/bin/cme-audit run "$set/submissions" --records "$set/records" --policy "$policy" --out "out/demo/$name"
  .venv/bin/python ../shared/tools/check_findings.py "out/demo/$name/findings.json" "$set/submissions" 2>/dev/null | tail -1 || true
done
echo
echo "Reviewer reports:"
ls -1 out/demo/*/report.html
