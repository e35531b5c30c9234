#!/usr/bin/env bash
# Sets up (first time) and runs the checks: ruff, mypy, then the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
QT_QPA_PLATFORM=offscreen bash scripts/setup.sh  # the tests run offscreen, whatever display is set
.venv/bin/ruff check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest "$@"
