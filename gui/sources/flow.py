"""Building a timeline from sources: File > Add Source, and New Event / Add Quote from a passage selected in a source.

Every change goes through the document's commands (model/editing.py), so it can be undone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.widgets import display_text, shorten
from model.errors import TimelineError
from model.formats.native import SourceReader
from model.formats.reader import read_source_file
from model.history import History
from model.provenance.quotes import MAX_QUOTE_CHARS
from model.timeline import Event, QuoteRef, Timeline

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from gui.panels.source_document import SourceDocument
    from gui.sources.add_dialog import AddSourceDialog, SourceDetails
    from gui.sources.event_dialog import NewEventDialog
    from model.history import Command


class SourcesFlow(QObject):
    """Adds sources, and events and quotes taken from them, to the open timeline through its undo history."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._history: History | None = None
        self.views: list[SourceDocument] = []
        self.session.events.selected.connect(self._on_selected)

    # --- the document ---------------------------------------------------------------------------
    def history(self) -> History:
        """The open document's undo history: the session's (see model/editing.py), else one kept here on the open timeline."""
        shared: History | None = getattr(self.session, "history", None)
        if shared is not None:
            return shared
        if self._history is None or self._history.timeline is not self.session.timeline:
            self._history = History(self.session.timeline, self._reader())
        return self._history

    def _reader(self) -> SourceReader | None:
        path = self.session.timeline.path
        if not path or not Path(path).is_file():
            return None
        base = Path(path).resolve().parent
        return lambda file: read_source_file(base, file)

    def _folder(self) -> Path | None:
        path = self.session.timeline.path
        return Path(path).resolve().parent if path and Path(path).is_file() else None

    def apply(self, command: Command, parent: QWidget | None = None) -> Timeline | None:
        """Make the change and show the new timeline; a refused change is explained and nothing changes."""
        try:
            timeline = self.history().apply(command)
        except TimelineError as exc:
            self._refuse(parent, command.text, exc.problems[0].message if exc.problems else str(exc))
            return None
        if self.session.timeline is not timeline:  # a history that does not feed the session itself
            self.session.open(timeline, keep_selection=True, keep_range=True)
        return timeline

    def _refuse(self, parent: QWidget | None, what: str, why: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, f"Cannot {what.lower()}", display_text(why), QMessageBox.StandardButton.Ok,
                          parent or self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- File > Add Source ----------------------------------------------------------------------
    def add_source_dialog(self) -> AddSourceDialog:
        """Open File > Add Source; the source is added when the dialog is accepted."""
        from gui.sources.add_dialog import AddSourceDialog  # the dialogs and the ingesting load on first use

        dialog = AddSourceDialog([s.id for s in self.session.timeline.doc.sources], self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_source(dialog.result_details))
        dialog.open()
        return dialog

    def add_source(self, details: SourceDetails) -> str | None:
        """Add the confirmed source (its text stored as ``sources/ID.txt`` on save) and open it to select passages."""
        from model.editing import AddSource, new_id
        from model.provenance.ingest import make_source

        doc = self.session.timeline.doc
        folder = self._folder()
        taken = [s.id for s in doc.sources]
        if folder is not None and (folder / "sources").is_dir():
            taken += [p.stem for p in (folder / "sources").iterdir()]  # never point at a file already there
        source_id = new_id(taken, details.title or details.ingested.name, "source")
        source = make_source(details.ingested, source_id, folder, title=details.title, publisher=details.publisher,
                             published=details.published, url=details.url, based_on=details.based_on, notes=details.notes)
        if self.apply(AddSource(source, details.ingested.text)) is None:
            return None
        self.window.status.show(f"Added the source “{shorten(source.title, 120)}”: select words in it to make events", 10000)
        self.window.sources.open_source(source_id)
        return source_id

    # --- passages in a source view --------------------------------------------------------------
    def attach(self, view: SourceDocument) -> None:
        """Give a source view its New Event from Selection and Add Quote to Selected Event buttons."""
        view.newEventRequested.connect(lambda start, end: self.new_event_from_selection(view, start, end))
        view.addQuoteRequested.connect(lambda start, end: self.add_quote_to_selected(view, start, end))
        view.destroyed.connect(lambda _obj=None: self.views.remove(view) if view in self.views else None)
        self.views.append(view)
        view.enable_passage_actions(True)
        self._update_views()

    def _on_selected(self, _event: int) -> None:
        self._update_views()

    def attached(self, view: SourceDocument | None) -> SourceDocument | None:
        """``view`` (a source document just opened, or None) with its passage actions."""
        if view is not None:
            self.attach(view)
        return view

    def _update_views(self) -> None:
        selected = self.session.selected
        title = self.session.timeline.events[selected].title if self.session.selected_event_id() is not None else None
        for view in list(self.views):
            view.set_quote_target(title)

    def _passage(self, view: SourceDocument, start: int, end: int) -> tuple[str, str] | None:
        """(source id, the exact words) of a selection, widened to whole words; None (and why, shown) when unusable."""
        from model.provenance.ingest import passage_span

        source_id = view.source.id
        text = self.session.timeline.source_texts.get(source_id)
        if text is None or source_id not in self.session.timeline.source_by_id:
            view.say("This source is no longer in the open timeline.", error=True)
            return None
        start, end = passage_span(text, start, end)
        if start >= end:
            view.say("Select the words to quote first.", error=True)
            return None
        if end - start > MAX_QUOTE_CHARS:
            view.say(f"Select at most {MAX_QUOTE_CHARS:,} characters: a quote is a sentence or a paragraph.", error=True)
            return None
        return source_id, text[start:end]

    def new_event_from_selection(self, view: SourceDocument, start: int, end: int) -> NewEventDialog | None:
        """Ask for the new event's title, date (proposed) and lanes; the selection becomes its verified quote."""
        from gui.sources.event_dialog import NewEventDialog
        from model.provenance.ingest import passage_title, propose_date

        found = self._passage(view, start, end)
        if found is None:
            return None
        source_id, passage = found
        source = self.session.timeline.source_by_id[source_id]
        dialog = NewEventDialog(passage, passage_title(passage), propose_date(passage, source.published),
                                list(self.session.timeline.doc.lanes), view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._add_event(view, dialog, source_id, passage))
        dialog.open()
        return dialog

    def _add_event(self, view: SourceDocument, dialog: NewEventDialog, source_id: str, passage: str) -> None:
        from model.editing import AddEvent, new_id

        title = dialog.title_field.text().strip()
        event = Event(id=new_id(self.session.timeline.doc.events, title, "event"), title=title,
                      start=dialog.date_field.text().strip(), lanes=dialog.chosen_lanes(), quotes=[QuoteRef(source_id, passage)])
        timeline = self.apply(AddEvent(event), view)
        if timeline is not None:
            index = timeline.event_by_id[event.id]
            self.session.select(index)
            self._report(view, timeline, index, f"Added the event “{shorten(title, 80)}”")

    def add_quote_to_selected(self, view: SourceDocument, start: int, end: int) -> bool:
        """Add the selected words as a quote of the event selected in the timeline."""
        event_id = self.session.selected_event_id()
        if event_id is None:
            view.say("Select an event in the timeline first.", error=True)
            return False
        found = self._passage(view, start, end)
        if found is None:
            return False
        from model.editing import AddQuote

        timeline = self.apply(AddQuote(event_id, QuoteRef(*found)), view)
        if timeline is None:
            return False
        index = timeline.event_by_id[event_id]
        self.session.select(index)
        self._report(view, timeline, index, f"Added the quote to “{shorten(timeline.events[index].title, 80)}”")
        return True

    def _report(self, view: SourceDocument, timeline: Timeline, event: int, done: str) -> None:
        """Say whether the new quote (the event's last) verified, and mark it in the view."""
        quote = len(timeline.events[event].quotes) - 1
        check = timeline.quote_checks.get((event, quote))
        if check is not None and check.verified:
            view.say(f"{done}; its quote is verified in the source.")
            view.mark_passage(check.start, check.end, event)
        else:
            view.say(f"{done}, but its quote is {check.status.value if check else 'not checked'}.", error=True)
