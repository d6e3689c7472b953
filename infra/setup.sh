#!/usr/bin/env bash
# Set up arkki on a fresh Debian/Ubuntu machine: system packages and a venv in .venv.
# Idempotent: re-running installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-osd
  libvoikko1 voikko-fi wswedish fonts-dejavu-core python3-venv python3-pip
  postgresql  # server binaries for tests/test_catalog_postgres.py (initdb, pg_ctl)
  openssl  # the SIP tests verify signature.sig with `openssl smime -verify`
  chromium  # tests/test_web_browser.py: headless Chromium driven by Playwright
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "arkki setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "arkki setup: Python 3.11 or newer is needed (found $("$PYTHON" --version))" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
# axe-core for the accessibility checks of tests/test_web_browser.py (ignored by git)
if [ ! -f .cache/npm/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null || {  # Debian's npm, unless a Node.js with its own npm is there
    [ "$(id -u)" -eq 0 ] && SUDO="" || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null; }
  npm install --prefix .cache/npm --no-audit --no-fund --silent axe-core@4
fi
echo "arkki setup: ready (.venv/bin/arkki)"
