#!/usr/bin/env bash
# Set up and run every check: ruff, mypy, the import layers, and the whole pytest suite
# (slow OCR tests included). For the quick tests alone: .venv/bin/pytest -m "not slow"
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/pytest -q "$@"
