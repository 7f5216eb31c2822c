#!/usr/bin/env bash
# Set up (system packages incl. PostgreSQL for the store tests), then run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PREFECT_SERVER_ANALYTICS_ENABLED=false PREFECT_LOGGING_LEVEL=WARNING
# every suite, the slow ones too (pyproject's addopts leave them out of a plain `pytest`)
exec .venv/bin/python -m pytest -q -m "slow or not slow" "$@"
