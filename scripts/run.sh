#!/usr/bin/env bash
# Sets up (first time) and launches the app. Arguments go to main.py.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python main.py "$@"
