"""The panel's claims section: each compared figure, who says it, and the verdict in words."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from gui import style
from gui.widgets import plain_label, shorten
from model.provenance.claims import EventAnalysis, QuotedFigure, Verdict, source_name
from model.timeline import Timeline

VERDICT_COLORS = {
    Verdict.AGREE: "verified",
    Verdict.AGREE_ROUGHLY: "verified",
    Verdict.CONFLICT: "unverified",
    Verdict.WORDING: "caution",
    Verdict.DATE_MISMATCH: "unverified",
}
"""The theme colour (gui/style.py) each verdict is written in."""


def shown_figures(analysis: EventAnalysis) -> list[QuotedFigure]:
    """Figures worth a row: explicit claims and every figure that was compared."""
    compared = {id(f) for c in analysis.comparisons for f in c.figures}
    return [f for f in analysis.figures if f.claim or id(f) in compared]


def verdict_of(analysis: EventAnalysis, figure: QuotedFigure) -> Verdict | None:
    """The worst verdict a figure takes part in (None: nothing to compare it with)."""
    verdicts = [c.verdict for c in analysis.comparisons_of(figure)]
    for verdict in (Verdict.CONFLICT, Verdict.DATE_MISMATCH, Verdict.WORDING, Verdict.AGREE_ROUGHLY, Verdict.AGREE):
        if verdict in verdicts:
            return verdict
    return None


class ClaimsSection(QWidget):
    """A table of the event's claims with the verdicts explained under it."""

    figureActivated = Signal(int)
    """Row index into :attr:`figures`: show the figure in its source."""

    def __init__(self, timeline: Timeline, analysis: EventAnalysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimsSection")
        self.analysis = analysis
        self.figures = shown_figures(analysis)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(plain_label("What the sources say", "claimsHeader", point_size=11, bold=True))
        self.table = QTableWidget(len(self.figures), 3)
        self.table.setObjectName("claimsTable")
        self.table.setAccessibleName("Claims and verdicts")
        self.table.setHorizontalHeaderLabels(["Figure", "Source", "Verdict"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, figure in enumerate(self.figures):
            self._fill_row(timeline, row, figure)
        self._fit_rows()
        self.table.cellDoubleClicked.connect(self._on_double_clicked)  # a method: a lambda would keep the section alive
        layout.addWidget(self.table)
        for comparison in analysis.comparisons:
            label = plain_label(shorten(f"{comparison.verdict.value.capitalize()}: {comparison.explanation}", 2000), "claimVerdict")
            label.setStyleSheet(f"color: {style.current().css(VERDICT_COLORS[comparison.verdict])};")
            layout.addWidget(label)
        if analysis.corroborated:
            layout.addWidget(plain_label("Corroborated: two or more independent sources support this event.", "corroborated"))

    def _on_double_clicked(self, row: int, _column: int) -> None:
        self.figureActivated.emit(row)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Wrapped cells change height with the width."""
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + 2 * self.table.frameWidth())

    def _fill_row(self, timeline: Timeline, row: int, figure: QuotedFigure) -> None:
        name = figure.claim + ": " if figure.claim else ""
        source = timeline.source_by_id.get(figure.source)
        verdict = verdict_of(self.analysis, figure)
        items = [
            QTableWidgetItem(shorten(f"{name}“{figure.figure.text}”", 400)),
            QTableWidgetItem(shorten(source_name(source) if source else figure.source, 200)),
            QTableWidgetItem(verdict.value if verdict else "only this source"),
        ]
        items[0].setToolTip("Double-click to see it in its source")
        if verdict is not None:
            items[2].setForeground(QColor(getattr(style.current(), VERDICT_COLORS[verdict])))
        for col, item in enumerate(items):
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, col, item)
