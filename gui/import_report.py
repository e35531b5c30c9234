"""Import warnings: an indicator in the status bar that opens a report, grouped by kind, with every location."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from gui.widgets import plain_label, plural, shorten

_MORE = re.compile(r"^(?P<places>.*?)(?: and (?P<more>[0-9][0-9,]*) more)?$")
_LEADING_COUNT = re.compile(r"^(?P<count>[0-9][0-9,]*) ")
_CONTINUES = re.compile(r"^(column|field|key|cell) ")
"""A piece of a location that continues the one before it ("row 6, column "Media"")."""


@dataclass(frozen=True)
class WarningGroup:
    """One kind of warning, how many places it applies to, and the places the importer listed."""

    kind: str
    count: int
    places: tuple[str, ...]
    unlisted: int = 0
    """Places counted but not listed by the importer."""


def group_warnings(warnings: list[str]) -> list[WarningGroup]:
    """Parse the importer's "kind: place, place and N more" lines."""
    groups = []
    for line in warnings:
        kind, sep, rest = line.partition(": ")
        if not sep:
            match = _LEADING_COUNT.match(line)
            groups.append(WarningGroup(line, int(match["count"].replace(",", "")) if match else 1, ()))
            continue
        found = _MORE.match(rest)
        assert found is not None
        places = _split_places(found["places"])
        unlisted = int(found["more"].replace(",", "")) if found["more"] else 0
        groups.append(WarningGroup(kind, len(places) + unlisted, tuple(places), unlisted))
    return groups


def _split_places(text: str) -> list[str]:
    places: list[str] = []
    for piece in text.split(", "):
        if places and _CONTINUES.match(piece):
            places[-1] += ", " + piece
        elif piece:
            places.append(piece)
    return places


class ImportReport(QDialog):
    """Every warning of the last import, grouped by kind with counts, each with its location in the file."""

    def __init__(self, path: str, warnings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import report")
        self.setAccessibleName("Import report")
        self.resize(640, 420)
        groups = group_warnings(warnings)
        layout = QVBoxLayout(self)
        total = sum(g.count for g in groups)
        intro = (f"{Path(path).name or path}: {plural(total, 'place')} read leniently or skipped, in {plural(len(groups), 'kind')} "
                 "of warning. The rest of the file was read as written.")
        layout.addWidget(plain_label(intro, "importReportIntro"))
        self.tree = QTreeWidget()
        self.tree.setObjectName("importReportTree")
        self.tree.setAccessibleName("Import warnings by kind")
        self.tree.setHeaderLabels(["Warning", "Count"])
        self.tree.setColumnWidth(0, 480)
        for group in groups:
            top = QTreeWidgetItem([shorten(group.kind, 400), f"{group.count:,}"])
            top.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            for place in group.places:
                top.addChild(QTreeWidgetItem([f"at {shorten(place, 400)}"]))
            if group.unlisted:
                top.addChild(QTreeWidgetItem([f"and {group.unlisted:,} more places of this kind"]))
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def lines(self) -> list[str]:
        """What the report shows, one line per row, children indented (for tests)."""
        out = []
        for k in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(k)
            assert top is not None
            out.append(f"{top.text(0)} ({top.text(1)})")
            children = [top.child(c) for c in range(top.childCount())]
            out += [f"  {child.text(0)}" for child in children if child is not None]
        return out


class WarningsIndicator(QToolButton):
    """"⚠ 3 import warnings" in the status bar, shown only when the open file had any; click for the report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWarnings")
        self.setAutoRaise(True)
        self.path = ""
        self.warnings: list[str] = []
        self.report: ImportReport | None = None
        self.clicked.connect(self.open_report)
        self.setVisible(False)

    def set_warnings(self, path: str, warnings: list[str]) -> None:
        """The warnings of the file just opened (none: hide, and close an old report)."""
        self.path, self.warnings = path, list(warnings)
        if self.report is not None:
            self.report.close()
            self.report = None
        count = sum(g.count for g in group_warnings(self.warnings))
        self.setText(f"⚠ {plural(count, 'import warning')}")
        self.setToolTip("Show what was skipped or read leniently when this file was imported")
        self.setAccessibleName(f"{plural(count, 'import warning')}: show the import report")
        self.setVisible(bool(self.warnings))

    def open_report(self) -> ImportReport | None:
        """Open the report of the current file's warnings (non-modal)."""
        if not self.warnings:
            return None
        if self.report is None:
            self.report = ImportReport(self.path, self.warnings, self.window())
            self.report.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.report.destroyed.connect(self._forget)
        self.report.show()
        self.report.raise_()
        return self.report

    def _forget(self) -> None:
        self.report = None
