#!/usr/bin/env bash
# Creates .venv (if missing) and installs the app with its test tools.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    # Debian's python3 ships venv separately.
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; fi
    rm -rf .venv && "$PY" -m venv .venv
  fi
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi

# Byte-compile the app (pip does this for installed packages; an editable checkout would compile at every start).
.venv/bin/python -m compileall -q -x '/(\.venv|\.git|tests)/' model gui resources main.py >/dev/null || true

# Qt needs a few system libraries that a minimal Debian may lack; which ones depends on the platform the app
# will really use (xcb on an X display, wayland on a Wayland one, offscreen without a display).
bash scripts/qt-libs.sh .venv/bin/python
