#!/usr/bin/env bash
# Sets up (first time) and runs the checks: ruff, mypy, then the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest "$@"
