#!/usr/bin/env bash
# Sets up (first time) and launches the app. Arguments go to main.py; relative paths are the caller's.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/setup.sh"
exec "$ROOT/.venv/bin/python" "$ROOT/main.py" "$@"
