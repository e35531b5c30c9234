"""Help > About: what the app is, its version and licence, and the versions of what it runs on."""

from __future__ import annotations

import platform
from importlib import metadata

import pyqtgraph
import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.identity import APP_NAME, DIST_NAME, version


def licence() -> str:
    """The licence declared in the package metadata."""
    try:
        meta = metadata.metadata(DIST_NAME)
    except metadata.PackageNotFoundError:
        return "not declared (the app is not installed as a package)"
    for field in ("License-Expression", "License"):
        values = meta.get_all(field) or []
        if values and values[0].strip():
            return str(values[0]).strip()
    return "not declared in the package metadata"


def about_text() -> str:
    """The About box's text (plain)."""
    return (f"{APP_NAME} {version()}\n\n"
            "A zoomable timeline of events, grouped by actor, that ties every event to the source quotes behind it, "
            "verifies each quote against its source document, and shows where sources agree and disagree.\n\n"
            f"Licence: {licence()}\n\n"
            f"Qt {qVersion()} · PySide6 {PySide6.__version__} · pyqtgraph {pyqtgraph.__version__} · "
            f"Python {platform.python_version()}")


def show_about(parent: QWidget) -> QMessageBox:
    """Open the About box."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, f"About {APP_NAME}", about_text(), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("aboutBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.open()
    return box
