#!/usr/bin/env bash
# Set up cme-audit on a fresh Debian/Ubuntu machine: system packages (Tesseract with
# Chinese, CJK fonts, poppler; PostgreSQL for the test suite), a virtual environment
# in .venv and the package with its pinned dependencies. Idempotent: a second run
# only checks. Usage: bash scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng tesseract-ocr-osd fonts-noto-cjk fonts-wqy-zenhei
      fonts-arphic-ukai fonts-arphic-uming poppler-utils
      # more CJK faces for the sample generator's design families (samples/fonts.py)
      fonts-wqy-microhei fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-lxgw-wenkai fonts-noto-cjk-extra
      fonts-droid-fallback)
# chromium: tests/browser drive the Debian binary through playwright (no browser download)
[ "$want_test" = 1 ] && pkgs+=(postgresql chromium)
# ghostscript: ocrmypdf, a peer in the benchmark smoke test (tests/unit/test_peers_bench.py)
[ "$want_test" = 1 ] && pkgs+=(ghostscript)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || { echo "setup: tesseract has no chi_sim data" >&2; exit 1; }
tesseract --list-langs 2>/dev/null | grep -qx osd || { echo "setup: tesseract has no osd data (orientation of quarter-turned pages)" >&2; exit 1; }

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' \
  || { echo "setup: Python 3.11+ is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv

# reinstall only when pyproject.toml changed since the last successful install
stamp=.venv/.cme-audit-installed
want="$(sha256sum pyproject.toml | cut -c1-16)-$want_test"
if [ ! -f "$stamp" ] || ! grep -qx "$want" "$stamp" 2>/dev/null; then
  echo "setup: installing Python dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  extra=""; [ "$want_test" = 1 ] && extra="[test]"
  .venv/bin/python -m pip install -q -e ".${extra}" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import pipeline, fitz, cv2, rapidocr_onnxruntime, prefect" \
    || { echo "setup: the Python install failed" >&2; exit 1; }
  echo "$want" > "$stamp"
fi
echo "setup: ok ($(.venv/bin/python --version), $(tesseract --version 2>&1 | head -1))"
