"""Tools > Suggest Events: a source's dated sentences listed as candidate events, ticked to add to the timeline.

The sentences are found in a worker (with Cancel), so a long source never blocks the window. A candidate whose date
and actors match an existing event is offered as a quote for that event instead of a new one; a vague one
("recently") is shown but cannot be added, as it has no date. Adding is one undoable edit (model/editing.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.sources.suggest_cli import SourceError, read_source
from gui.widgets import plain_label, plural, shorten
from gui.worker import Runner, WorkProgress
from model.editing import AddSource, Batch, Command, History, new_id, source_file
from model.errors import TimelineError
from model.provenance.suggest import Candidate, Match, commands_for, matching_event, published_point, suggest
from model.session import Session
from model.time.timepoint import DateError, TimePoint
from model.timeline import Source, Timeline

MAX_ROWS = 2_000
"""Candidates listed at once; a longer source says how many more it has."""

_TICK_BOXES = """
QTreeView::indicator { width: 12px; height: 12px; border: 1px solid palette(text); border-radius: 2px; background: palette(base); }
QTreeView::indicator:checked { background: palette(highlight); border-color: palette(highlight);
                               image: url(:/qt-project.org/styles/commonstyle/images/standardbutton-apply-16.png); }
QTreeView::indicator:disabled { border-color: palette(mid); background: transparent; }
"""
"""Tick boxes drawn from the theme's text colour, so that an empty one shows on a dark background too."""

Apply = Callable[[Command], Timeline]
"""Applies an edit to the open timeline and returns the timeline it became."""


@dataclass(frozen=True)
class Found:
    """What the worker returns: the text read and its candidates."""

    text: str
    candidates: list[Candidate]


class SuggestDialog(QDialog):
    """Candidate events of one source (of the open timeline, or a text file), with checkboxes to add them."""

    def __init__(self, timeline: Timeline, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestDialog")
        self.setWindowTitle("Suggest Events")
        self.resize(1100, 640)
        self.timeline = timeline
        self.apply = apply
        self.file_path: str | None = None
        self.file_text = ""
        self.candidates: list[Candidate] = []
        self.runner = Runner("suggest", self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._source_row())
        self.status = plain_label("", "suggestStatus")
        progress = WorkProgress(self.runner, "suggestProgress", self.cancel, "suggestCancel", delay_ms=0)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(progress)
        layout.addLayout(status_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._list())
        self.quote = QPlainTextEdit()
        self.quote.setObjectName("suggestQuote")
        self.quote.setReadOnly(True)
        self.quote.setAccessibleName("The selected candidate's sentence")
        self.quote.setPlaceholderText("Select a candidate to read its whole sentence.")
        splitter.addWidget(self.quote)
        splitter.setSizes([460, 90])
        layout.addWidget(splitter, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add_button = self.buttons.addButton("Add Ticked", QDialogButtonBox.ButtonRole.ApplyRole)
        self.add_button.setObjectName("suggestAdd")
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_ticked)
        self.buttons.rejected.connect(self.reject)
        self.finished.connect(self.runner.cancel)
        layout.addWidget(self.buttons)
        self._fill_sources()

    # --- building --------------------------------------------------------------------------------------
    def _source_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.source_box = QComboBox()
        self.source_box.setObjectName("suggestSource")
        self.source_box.setAccessibleName("Source to read")
        self.source_box.setMinimumContentsLength(40)
        self.source_box.currentIndexChanged.connect(self._on_source_chosen)
        open_file = QPushButton("Open File...")
        open_file.setObjectName("suggestOpenFile")
        open_file.clicked.connect(self.open_file_dialog)
        self.published = QLineEdit()
        self.published.setObjectName("suggestPublished")
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.published.setAccessibleName("Published date, for dates such as last year or on Monday")
        self.published.setMaximumWidth(120)
        self.published.editingFinished.connect(self.refresh)
        source_label = QLabel("&Source:")
        source_label.setBuddy(self.source_box)
        published_label = QLabel("&Published:")
        published_label.setBuddy(self.published)
        for widget in (source_label, self.source_box, open_file, published_label, self.published):
            row.addWidget(widget, 1 if widget is self.source_box else 0)
        return row

    def _list(self) -> QTreeWidget:
        self.tree = QTreeWidget()
        self.tree.setObjectName("suggestList")
        self.tree.setAccessibleName("Candidate events")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels(["Date", "Sentence", "Actors", "Adds"])
        self.tree.setStyleSheet(_TICK_BOXES)
        for column, width in enumerate((150, 560, 150)):
            self.tree.setColumnWidth(column, width)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemChanged.connect(self._on_ticked)
        return self.tree

    def _fill_sources(self, read: bool = True) -> None:
        """The open timeline's sources that have a text, then the file opened here (if any); ``read`` the one chosen."""
        self.source_box.blockSignals(True)
        self.source_box.clear()
        for source in self.timeline.doc.sources:
            if self.timeline.source_texts.get(source.id):
                detail = f" ({source.publisher})" if source.publisher else ""
                self.source_box.addItem(shorten(f"{source.title}{detail}", 120), source.id)
        if self.file_path is not None:
            self.source_box.addItem(shorten(f"File: {os.path.basename(self.file_path)}", 120), None)
            self.source_box.setCurrentIndex(self.source_box.count() - 1)
        self.source_box.blockSignals(False)
        if read:
            self._on_source_chosen()

    # --- choosing and reading ---------------------------------------------------------------------------
    @property
    def source_id(self) -> str | None:
        """The chosen source of the timeline, or None for a file opened here."""
        value = self.source_box.currentData()
        return value if isinstance(value, str) else None

    def _on_source_chosen(self) -> None:
        source = self._source()
        self.published.setText((source.published or "") if source is not None else "")
        self.refresh()

    def _source(self) -> Source | None:
        ident = self.source_id
        return next((s for s in self.timeline.doc.sources if s.id == ident), None) if ident is not None else None

    def open_file_dialog(self) -> None:
        """Choose a text file to read (it is added as a source with the first event taken from it)."""
        path, _ = QFileDialog.getOpenFileName(self, "Suggest Events from a Text File", "", "Text (*.txt *.md);;All files (*)")
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """Read the text file at ``path`` (in the worker) and list its candidates."""
        self.file_path = path
        self.file_text = ""
        self._fill_sources()

    def refresh(self) -> None:
        """Find the chosen source's candidates again, in the worker."""
        text = self.timeline.source_texts.get(self.source_id or "", "") if self.source_id is not None else self.file_text
        path = self.file_path if self.source_id is None else None
        if self.source_id is None and path is None:
            self._show_status("This timeline has no source with a text: open a text file.")
            return
        try:
            published = TimePoint.parse(self.published.text()) if self.published.text().strip() else None
        except DateError:
            self._show_status("Published: not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
            return
        lanes = list(self.timeline.lanes)

        def work() -> Found:
            body = text if text or path is None else read_source(path)
            return Found(body, suggest(body, published, lanes))

        self.tree.clear()
        self.candidates = []
        self.add_button.setEnabled(False)
        self._show_status("Reading...")
        self.runner.submit(work, self._on_found, "Finding dated sentences")

    def cancel(self) -> None:
        """Stop reading the source; the list stays empty."""
        self.runner.cancel()
        self._show_status("Cancelled. Choose a source, or change the published date, to read again.")

    def _on_found(self, result: object) -> None:
        if isinstance(result, SourceError):
            self.file_path = None
            self._fill_sources(read=False)
            self._show_status(f"{result}. Choose a source.")
            return
        if isinstance(result, BaseException):
            self._show_status(f"Could not read the source: {result}")
            return
        assert isinstance(result, Found)
        if self.source_id is None:
            self.file_text = result.text
        self.candidates = result.candidates
        self._fill_list()

    # --- the list -----------------------------------------------------------------------------------------
    def _fill_list(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        names = {lane.id: lane.name for lane in self.timeline.lanes}
        for candidate in self.candidates[:MAX_ROWS]:
            match = matching_event(candidate, self.timeline.events, self.source_id or "")
            self.tree.addTopLevelItem(self._item(candidate, match, names))
        self.tree.blockSignals(False)
        self._update_status()

    def _item(self, candidate: Candidate, match: Match | None, names: dict[str, str]) -> QTreeWidgetItem:
        point = candidate.point
        date = point.label() if point is not None else f"vague: {candidate.mention.text}"
        actors = ", ".join(names.get(a, a) for a in candidate.actors) or "-"
        if point is None:
            adds = "nothing: no date in the sentence"
        elif match is not None and match.quoted:
            adds = f"already quoted by: {match.title}"
        elif match is not None:
            adds = f"a quote to: {match.title}"
        else:
            adds = "a new event"
        item = QTreeWidgetItem([date, shorten(" ".join(candidate.quote.split()), 300), actors, shorten(adds, 200)])
        addable = point is not None and not (match is not None and match.quoted)
        flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
        item.setFlags(flags if addable else flags & ~Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(0, Qt.CheckState.Unchecked)
        return item

    def _on_current(self, item: QTreeWidgetItem | None) -> None:
        row = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        self.quote.setPlainText(self.candidates[row].quote if 0 <= row < len(self.candidates) else "")

    def _on_ticked(self) -> None:
        self.add_button.setEnabled(bool(self.ticked()))
        self._update_status()

    def ticked(self) -> list[Candidate]:
        """The candidates whose boxes are ticked."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [self.candidates[i] for i, item in enumerate(items) if item is not None and item.checkState(0) == Qt.CheckState.Checked]

    def _update_status(self) -> None:
        vague = sum(c.vague for c in self.candidates)
        more = f" (the first {MAX_ROWS:,} listed)" if len(self.candidates) > MAX_ROWS else ""
        ticked = len(self.ticked())
        text = (f"{plural(len(self.candidates), 'candidate')}{more}: {plural(len(self.candidates) - vague, 'dated sentence')}, "
                f"{vague:,} vague" + (f"; {ticked:,} ticked" if ticked else ""))
        self._show_status(text if self.candidates else "No dated sentences in this source.")

    def _show_status(self, text: str) -> None:
        self.status.setText(shorten(text, 300))

    # --- adding -----------------------------------------------------------------------------------------
    def add_ticked(self) -> None:
        """Add the ticked candidates as one edit: new events, or quotes of the events they match."""
        chosen = self.ticked()
        if not chosen:
            return
        commands: list[Command] = []
        source_id = self.source_id
        doc = self.timeline.doc
        if source_id is None and self.file_path is not None:
            source_id = new_id(doc.sources, os.path.splitext(os.path.basename(self.file_path))[0], "source")
            published = self.published.text().strip() or None
            source = Source(id=source_id, title=os.path.basename(self.file_path), published=published if published_point(published)
                            else None, file=source_file(source_id))
            commands.append(AddSource(source, self.file_text))
        assert source_id is not None
        commands += commands_for(chosen, doc, source_id)
        try:
            self.timeline = self.apply(Batch(tuple(commands), f"Add {plural(len(chosen), 'Suggested Event')}"))
        except (TimelineError, KeyError, ValueError) as exc:
            self._show_status(f"Nothing was added: {exc}")
            return
        if self.source_id is None:
            self.file_path = None
            self._fill_sources()
            self.source_box.setCurrentIndex(self.source_box.findData(source_id))
        else:
            self._fill_list()
        self._show_status(f"Added {plural(len(chosen), 'candidate')}, as one edit.")


class Host(Protocol):
    """What the dialog needs of the window it is opened from: the session with the open timeline."""

    session: Session


def suggest_events(host: Host) -> SuggestDialog:
    """Tools > Suggest Events for the window ``host``: its timeline, edited through its session's history (one undo)."""
    session = host.session
    history = session.history

    def apply(command: Command) -> Timeline:
        history.apply(command)  # the window's editing shows the result and offers Undo
        return session.timeline

    dialog = SuggestDialog(session.timeline, apply, host if isinstance(host, QWidget) else None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # each Tools > Suggest Events made one more, never freed
    dialog.setWindowModality(Qt.WindowModality.WindowModal)  # the timeline cannot change under it; other windows can
    dialog.show()
    return dialog


def open_suggest_dialog(parent: QWidget | None, get: Callable[[], Timeline], put: Callable[[Timeline], None]) -> SuggestDialog:
    """Show the dialog for the timeline ``get()`` returns; edits go through a History and ``put`` shows their result.

    Until the window keeps its own document (model/editing.py's History with the session), the dialog keeps one
    for the timeline it was opened on.
    """
    history = History(get())

    def apply(command: Command) -> Timeline:
        timeline = history.apply(command)
        put(timeline)
        return timeline

    dialog = SuggestDialog(get(), apply, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)  # the timeline cannot change under it; other windows can
    dialog.show()
    return dialog
