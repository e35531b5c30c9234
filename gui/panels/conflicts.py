"""View > Show Conflicts: the events whose sources disagree, one click away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gui.widgets import plain_label, shorten

if TYPE_CHECKING:
    from model.provenance.claims import TimelineAnalysis
    from model.session import Session


class ConflictsDialog(QDialog):
    """Lists conflicting events; activating one selects it on the timeline."""

    def __init__(self, session: Session, analysis: TimelineAnalysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Conflicts between sources")
        self.resize(560, 380)
        timeline = session.timeline
        layout = QVBoxLayout(self)
        count = len(analysis.conflicts)
        intro = f"{count} event{'s' if count != 1 else ''} where the sources disagree. Double-click one to select it."
        layout.addWidget(plain_label(intro if count else "The sources agree wherever they can be compared.", "conflictsIntro"))
        self.list = QListWidget()
        self.list.setObjectName("conflictsList")
        for i in analysis.conflicts:
            kinds = ", ".join(sorted(v.value for v in analysis.events[i].conflict_kinds))
            item = QListWidgetItem(shorten(f"{timeline.date_label(i)} — {timeline.events[i].title} ({kinds})", 400))
            item.setData(256, i)
            self.list.addItem(item)
        self.list.itemActivated.connect(lambda item: session.select(int(item.data(256))))
        self.list.itemDoubleClicked.connect(lambda item: session.select(int(item.data(256))))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_conflicts(session: Session, analysis: TimelineAnalysis, parent: QWidget) -> ConflictsDialog:
    """Open the conflicts list (non-modal; deleted when closed)."""
    dialog = ConflictsDialog(session, analysis, parent)
    dialog.show()
    return dialog
