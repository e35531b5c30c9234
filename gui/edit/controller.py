"""Editing in the window: Undo/Redo with their texts, the event editor, lanes, Delete, Shift+drag, the dirty title.

Every change goes through the session's :class:`model.history.History`; the edited timeline is shown through
``session.open`` keeping the selection and the view. A timeline opened from a file starts a new history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from gui.edit.building import BuildInWorker
from gui.edit.drag import EventDrag
from gui.edit.saving import Saving
from model.errors import TimelineError
from model.formats.native import SourceReader
from model.formats.reader import read_source_file
from model.session import NO_SELECTION, Session
from model.time.timepoint import SECONDS_PER_YEAR, Precision, TimePoint
from model.timeline import Timeline

if TYPE_CHECKING:
    from gui.edit.event_dialog import EventEditor
    from gui.edit.lanes_dialog import LanesDialog
    from gui.main_window import MainWindow
    from model.history import Command

MODIFIED = "[*]"
"""Qt's placeholder in a window title: shown as "*" while the window is modified."""


def reader_for(path: str | None) -> SourceReader | None:
    """Reads source files beside ``path`` (None for a timeline that is not a file)."""
    if path is None:
        return None
    base = Path(path).resolve().parent
    return lambda file: read_source_file(base, file)


def in_view(session: Session) -> str:
    """The date in the middle of the view, as a new event's start: a day when the view spans a few years at most, else a year."""
    shown = session.visible_range
    if shown is None:
        return session.timeline.events[0].start if session.timeline.events else str(datetime.now(UTC).year)
    lo, hi = shown
    precision = Precision.DAY if hi - lo < 3 * SECONDS_PER_YEAR else Precision.YEAR
    return TimePoint.from_seconds((lo + hi) / 2, precision).iso()


class Editing(QObject):
    """The window's editing flows, on the session's history."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.history = window.session.history
        self.building = BuildInWorker(window, lambda: len(self.history.timeline.events))
        self.history.building = self.building  # a change to a large timeline is built off the window's thread
        self.saving: Saving = Saving(window, self.history)
        self.drag = EventDrag(window.view, self)
        self.editor: EventEditor | None = None
        self.lanes_dialog: LanesDialog | None = None
        self.history.events.changed.connect(self._on_edited)
        self.history.events.saved.connect(self._on_saved_state)
        self.session.events.timeline.connect(self._on_timeline)
        window.windowTitleChanged.connect(self._on_title)
        self._on_title(window.windowTitle())
        self.saving.opened(self.history.path)
        self._update_actions()

    # --- the document -----------------------------------------------------------------------
    def apply(self, command: Command) -> bool:
        """Make a change; a change that cannot be made is explained in the status bar and nothing changes."""
        problem = self.attempt(command)
        if problem:
            self.window.statusBar().showMessage(problem, 10000)
        return not problem

    def attempt(self, command: Command) -> str:
        """Make a change: "" when done, else why it cannot be made (nothing changed)."""
        try:
            self.history.apply(command)
        except TimelineError as exc:
            return "; ".join(map(str, exc.problems[:3])) or str(exc)
        return ""

    def undo(self) -> None:
        """Edit > Undo."""
        self._step(self.history.undo)

    def redo(self) -> None:
        """Edit > Redo."""
        self._step(self.history.redo)

    def _step(self, step: Callable[[], Timeline]) -> None:
        try:
            step()
        except TimelineError as exc:  # cancelled, or another timeline opened meanwhile: nothing changed
            self.window.statusBar().showMessage("; ".join(map(str, exc.problems[:3])) or str(exc), 10000)

    def _on_edited(self, timeline: Timeline) -> None:
        with self.session.events.timeline.blocked(self._on_timeline):
            self.session.open(timeline, keep_selection=True, keep_range=True)  # an edit does not move the view
        self._update_actions()

    def _on_timeline(self, timeline: Timeline) -> None:
        """Another timeline is open (a file, File > New, a restore): a new history begins."""
        if timeline is self.history.timeline:
            return
        self.history.reset(timeline, reader_for(timeline.path))
        self.saving.opened(timeline.path, timeline.read_from)
        self._update_actions()

    # --- events -----------------------------------------------------------------------------
    def edit_event(self, event: int | None = None) -> EventEditor | None:
        """Edit > Edit Event: the selected (or given) event in the editor."""
        chosen = self.session.selected if event is None else event
        if chosen == NO_SELECTION:
            self.window.statusBar().showMessage("Select an event to edit it", 5000)
            return None
        return self._open_editor(chosen)

    def new_event(self) -> EventEditor:
        """Edit > New Event."""
        return self._open_editor(None)

    def _open_editor(self, event: int | None) -> EventEditor:
        from gui.edit.event_dialog import EventEditor  # the dialogs load on first use, not at start-up

        if self.editor is not None:
            self.editor.close()
        timeline, selected = self.session.timeline, self.session.selected
        start = timeline.events[selected].start if selected != NO_SELECTION else in_view(self.session)
        editor = self.editor = EventEditor(timeline, event, self.attempt, self.window, default_start=start)
        editor.destroyed.connect(lambda _obj=None: self._forget_editor(editor))  # deleted on close: not to be closed again
        editor.open()
        return editor

    def _forget_editor(self, editor: EventEditor) -> None:
        if self.editor is editor:
            self.editor = None

    def delete_event(self) -> None:
        """Edit > Delete Event (Delete on the timeline)."""
        chosen = self.session.selected
        if chosen == NO_SELECTION:
            self.window.statusBar().showMessage("Select an event to delete it", 5000)
            return
        from model.editing import DeleteEvent  # the commands load with the first edit, not at start-up

        event = self.session.timeline.events[chosen]
        if self.apply(DeleteEvent(event.id)):
            self.window.statusBar().showMessage(f"Deleted \u201c{event.title}\u201d (Undo: {self._key('actionUndo')})", 8000)

    def move_event(self, event: int, seconds: float) -> bool:
        """Move an event ``seconds`` later (snapped to its date's precision): what Shift+drag does."""
        from model.editing import EditEvent, moved

        old = self.session.timeline.events[event]
        new = moved(old, seconds)
        if (new.start, new.end) == (old.start, old.end):
            return False
        return self.apply(EditEvent(old.id, new, text="Move Event"))

    # --- lanes ------------------------------------------------------------------------------
    def edit_lanes(self) -> LanesDialog:
        """Edit > Lanes: add, rename, recolour, reorder."""
        from gui.edit.lanes_dialog import LanesDialog

        if self.lanes_dialog is None:
            self.lanes_dialog = LanesDialog(self.history, self.apply, self.window)
        self.lanes_dialog.show()
        self.lanes_dialog.raise_()
        return self.lanes_dialog

    # --- what the window shows --------------------------------------------------------------
    def _update_actions(self) -> None:
        actions = self.window.actions_by_name
        self._set(actions.get("actionUndo"), self.history.undo_text, self.history.can_undo)
        self._set(actions.get("actionRedo"), self.history.redo_text, self.history.can_redo)
        self._on_saved_state(self.history.unsaved)

    @staticmethod
    def _set(action: QAction | None, text: str, enabled: bool) -> None:
        if action is not None:
            action.setText(text.replace("&", "&&"))
            action.setEnabled(enabled)

    def _key(self, name: str) -> str:
        action = self.window.actions_by_name.get(name)
        return action.shortcut().toString() if action is not None else ""

    def _on_saved_state(self, unsaved: bool) -> None:
        self.window.setWindowModified(unsaved)

    def _on_title(self, title: str) -> None:
        if MODIFIED not in title:
            self.window.setWindowTitle(MODIFIED + title)
