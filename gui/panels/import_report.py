"""Import warnings: an indicator in the status bar that opens a report, grouped by kind, with every location."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from gui.widgets import plain_label, plural, shorten
from model.errors import Problem, ProblemGroup, group_problems

MAX_PLACES = 1000
"""Places listed under one kind; the rest are counted (a tree row each)."""


def place_text(problem: Problem, kind: str) -> str:
    """"at events[3].start", with the problem's own words when they say more than its kind."""
    where = f"at {problem.where}" if problem.where else "in the file as a whole"
    return where if problem.message == kind else f"{where}: {problem.message}"


class ImportReport(QDialog):
    """Every warning of the last import, grouped by kind with counts, each with its location in the file."""

    def __init__(self, path: str, warnings: list[Problem] | list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import report")
        self.setAccessibleName("Import report")
        self.resize(640, 420)
        groups = group_problems(warnings)
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
            self.tree.addTopLevelItem(self._group_item(group))
        self.tree.expandAll()
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _group_item(group: ProblemGroup) -> QTreeWidgetItem:
        top = QTreeWidgetItem([shorten(group.kind, 400), f"{group.count:,}"])
        top.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
        for problem in group.problems[:MAX_PLACES]:
            if problem.where or problem.message != group.kind:  # a bare line of text has no place to name
                top.addChild(QTreeWidgetItem([shorten(place_text(problem, group.kind), 400)]))
        if group.count > MAX_PLACES:
            top.addChild(QTreeWidgetItem([f"and {group.count - MAX_PLACES:,} more places of this kind"]))
        return top

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
        self.warnings: list[Problem] | list[str] = []
        self.report: ImportReport | None = None
        self.clicked.connect(self.open_report)
        self.setVisible(False)

    def set_warnings(self, path: str, warnings: list[Problem] | list[str]) -> None:
        """The warnings of the file just opened (none: hide, and close an old report)."""
        self.path, self.warnings = path, warnings
        if self.report is not None:
            self.report.close()
            self.report = None
        count = len(self.warnings)
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
