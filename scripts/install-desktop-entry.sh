#!/usr/bin/env bash
# Adds Timeline Viewer to the desktop's launcher (and "Open with" for .json and .csv timelines):
# writes a .desktop file and the icon under ~/.local/share. `--uninstall` removes them.
# The entry runs this checkout through scripts/run.sh, which sets it up on first use.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
ENTRY="$DATA/applications/timeline-viewer.desktop"
ICON="$DATA/icons/hicolor/scalable/apps/timeline-viewer.svg"

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" 2>/dev/null || true
}

case "${1:-}" in
  --uninstall)
    rm -f "$ENTRY" "$ICON"
    refresh
    echo "Removed $ENTRY and $ICON"
    exit 0
    ;;
  "") ;;
  *) echo "usage: bash scripts/install-desktop-entry.sh [--uninstall]" >&2; exit 2 ;;
esac

mkdir -p "$(dirname "$ENTRY")" "$(dirname "$ICON")"
cp "$ROOT/resources/icon.svg" "$ICON"
quoted=${ROOT//\\/\\\\\\\\}
quoted=${quoted//\"/\\\\\"}
cat > "$ENTRY.tmp" <<DESKTOP
[Desktop Entry]
Type=Application
Version=1.5
Name=Timeline Viewer
GenericName=Timeline viewer
Comment=Zoomable timelines whose every event is tied to its source quotes
Exec=bash "$quoted/scripts/run.sh" %f
Icon=timeline-viewer
Terminal=false
Categories=Office;Viewer;Education;
MimeType=application/json;text/csv;
Keywords=timeline;sources;quotes;history;
StartupWMClass=Timeline Viewer
DESKTOP
mv "$ENTRY.tmp" "$ENTRY"
command -v desktop-file-validate >/dev/null && desktop-file-validate "$ENTRY"
refresh
echo "Installed $ENTRY and $ICON"
