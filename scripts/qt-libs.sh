#!/usr/bin/env bash
# Checks that Qt can start on the platform the app will use here, and installs the missing system
# libraries when run as root; otherwise prints the exact apt-get line and exits non-zero.
# Usage: bash scripts/qt-libs.sh PYTHON
set -euo pipefail
PY=${1:-.venv/bin/python}

# The platform Qt will pick: QT_QPA_PLATFORM if set, else Wayland in a Wayland session, else X11 when
# DISPLAY is set, else offscreen (what the app's headless export and the tests use).
platform=${QT_QPA_PLATFORM:-}
platform=${platform%%:*}
if [ -z "$platform" ]; then
  if [ -n "${WAYLAND_DISPLAY:-}" ] && { [ "${XDG_SESSION_TYPE:-}" = wayland ] || [ -z "${DISPLAY:-}" ]; }; then
    platform=wayland
  elif [ -n "${DISPLAY:-}" ]; then
    platform=xcb
  else
    platform=offscreen
  fi
fi

qt=$("$PY" -c "import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), 'Qt'))")
plugin="$qt/plugins/platforms/libq$platform.so"
if [ ! -f "$plugin" ]; then
  echo "Qt has no '$platform' platform plugin (looked for $plugin)" >&2
  exit 1
fi
pyside=$(dirname "$qt")
targets=("$plugin" "$pyside"/QtWidgets*.so "$pyside"/QtGui*.so "$pyside"/QtCore*.so)
[ "$platform" = wayland ] && targets+=("$qt"/plugins/wayland-shell-integration/*.so)

# Debian package of each shared library Qt may need (the rest follow the libNAME.so.N -> libNAMEN rule).
package_for() {
  case "$1" in
    libglib-2.0.so.*|libgthread-2.0.so.*|libgobject-2.0.so.*) echo libglib2.0-0 ;;
    libEGL.so.*) echo libegl1 ;;
    libGL.so.*|libGLX.so.*) echo libgl1 ;;
    libOpenGL.so.*) echo libopengl0 ;;
    libX11.so.*) echo libx11-6 ;;
    libX11-xcb.so.*) echo libx11-xcb1 ;;
    libSM.so.*) echo libsm6 ;;
    libICE.so.*) echo libice6 ;;
    libxkbcommon-x11.so.*) echo libxkbcommon-x11-0 ;;
    *)
      local name=${1%%.so*} version=${1##*.so.}
      version=${version%%.*}
      case "$name" in *[0-9]) echo "${name,,}-$version" ;; *) echo "${name,,}$version" ;; esac
      ;;
  esac
}

missing=()
while read -r lib; do
  [ -n "$lib" ] && missing+=("$(package_for "$lib")")
done < <(for t in "${targets[@]}"; do [ -e "$t" ] && ldd "$t" 2>/dev/null; done | awk '/not found/ {print $1}' | sort -u)
# Qt finds fonts through fontconfig; with no font at all every label is empty.
if ! compgen -G "/usr/share/fonts/*/*" >/dev/null && ! compgen -G "/usr/share/fonts/*/*/*" >/dev/null; then
  missing+=(fonts-dejavu-core)
fi

if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" = 0 ]; then
    echo "Installing what Qt's '$platform' platform needs: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Qt cannot start on the '$platform' platform: system libraries are missing. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# Everything links; now start Qt for real on that platform (a display that cannot be reached says so here).
if ! out=$(QT_QPA_PLATFORM=$platform timeout 60 "$PY" -c "from PySide6.QtWidgets import QApplication; QApplication([])" 2>&1); then
  echo "Qt cannot start on the '$platform' platform:" >&2
  echo "$out" | grep -v '^$' | tail -n 5 >&2
  exit 1
fi
