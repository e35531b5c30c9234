"""Every action of the app, declared once: title, keys, menu and callback.

The main window's menus and shortcuts, the timeline's keys, the source viewer's keys and
Help > Keyboard Shortcuts are all generated from these records, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from gui.canvas.timeline_view import TimelineView
    from gui.documents import Documents
    from gui.edit.controller import Editing
    from gui.export.controller import ExportController
    from gui.filters.panel import FilterParts
    from gui.focus import Panes
    from gui.panels.source_document import SourceDocument
    from gui.search.results import Find
    from gui.sources.flow import SourcesFlow
    from gui.status import Status
    from gui.style import Theme
    from model.session import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Action(Generic[T]):
    """One command: what it says, what it calls, and the keys that call it.

    ``keys`` work anywhere in the window they belong to; ``timeline_keys`` only while the timeline
    has the keyboard focus (plain keys such as Left or + that text fields need for themselves).
    """

    id: str
    title: str
    callback: Callable[[T], object]
    keys: tuple[str, ...] = ()
    timeline_keys: tuple[str, ...] = ()
    menu: str = ""
    """Menu path such as "&View" or "&View/&Theme"; empty: no menu entry."""
    tip: str = ""
    separator_before: bool = False
    group: str = ""
    """Actions sharing a group are checkable and exclusive (View > Theme)."""

    @property
    def menu_title(self) -> str:
        """The title, with the timeline key shown in the menu's shortcut column when it has no window key."""
        if not self.keys and self.timeline_keys:
            return f"{self.title}\t{self.timeline_keys[0]}"
        return self.title


class Window(Protocol):
    """What the window's actions act on: the session and the window's controllers (the main window is one)."""

    session: Session
    view: TimelineView
    documents: Documents
    status: Status
    theme: Theme
    panes: Panes
    editing: Editing
    finder: Find
    sources_flow: SourcesFlow
    filters: FilterParts

    def exporter(self) -> ExportController: ...
    def show_conflicts(self) -> None: ...
    def show_keys(self) -> QMessageBox: ...
    def show_about(self) -> QMessageBox: ...
    def close(self) -> bool: ...


def _copy(window: Window) -> None:
    from gui.clipboard import copy_selected  # loaded on first use, not at start-up

    copy_selected(window.session, window.status)


def _suggest(window: Window) -> object:
    from gui.sources.suggest_dialog import suggest_events  # the date recogniser loads on first use

    return suggest_events(window)


MENUS = ("&File", "&Edit", "&View", "&Go", "&Tools", "&Help")

WINDOW_ACTIONS: tuple[Action[Window], ...] = (
    Action("actionNew", "&New", lambda w: w.editing.saving.new(), ("Ctrl+N",), menu="&File", tip="Start an empty timeline"),
    Action("actionOpen", "&Open...", lambda w: w.documents.open_dialog(), ("Ctrl+O",), menu="&File",
           tip="Open a timeline (own JSON, TimelineJS JSON or CSV)"),
    Action("actionSave", "&Save", lambda w: w.editing.saving.save(), ("Ctrl+S",), menu="&File",
           tip="Save the changes (the previous version is kept as FILE.bak)"),
    Action("actionSaveAs", "Save &As...", lambda w: w.editing.saving.save_as_dialog(), ("Ctrl+Shift+S",), menu="&File",
           tip="Save the open timeline in the app's own format"),
    Action("actionAddSource", "Add &Source...", lambda w: w.sources_flow.add_source_dialog(), menu="&File",
           tip="Add a text, Markdown, web page or PDF to quote from, or paste its text", separator_before=True),
    Action("actionExportPng", "&Export...", lambda w: w.exporter().run_dialog(), ("Ctrl+E",), menu="&File",
           tip="Write the timeline as a picture: PNG, SVG or PDF", separator_before=True),
    Action("actionPrint", "&Print...", lambda w: w.exporter().print_preview(), ("Ctrl+P",), menu="&File",
           tip="Print the current view, with a preview"),
    Action("actionImportReport", "Import Re&port...", lambda w: w.status.import_report(), menu="&File",
           tip="What was skipped or read leniently when the timeline was imported", separator_before=True),
    Action("actionQuit", "&Quit", lambda w: w.close(), ("Ctrl+Q",), menu="&File", separator_before=True),
    Action("actionUndo", "&Undo", lambda w: w.editing.undo(), ("Ctrl+Z",), menu="&Edit"),
    Action("actionRedo", "&Redo", lambda w: w.editing.redo(), ("Ctrl+Shift+Z",), menu="&Edit"),
    Action("actionNewEvent", "&New Event...", lambda w: w.editing.new_event(), ("Ctrl+Shift+N",), menu="&Edit",
           separator_before=True),
    Action("actionEditEvent", "&Edit Event...", lambda w: w.editing.edit_event(), timeline_keys=("Return",), menu="&Edit",
           tip="Change the selected event's title, dates, lanes, text, claims and quotes (or double-click it)"),
    Action("actionDeleteEvent", "&Delete Event", lambda w: w.editing.delete_event(), timeline_keys=("Delete",), menu="&Edit"),
    Action("actionLanes", "&Lanes...", lambda w: w.editing.edit_lanes(), menu="&Edit", tip="Add, rename, recolour and reorder lanes"),
    Action("actionCopy", "&Copy Event with Citations", _copy, ("Ctrl+C",), menu="&Edit",
           separator_before=True,
           tip="Copy the selected event's title, date, summary and quotes with their citations"),
    Action("actionFindEvents", "&Find...", lambda w: w.finder.focus(), ("Ctrl+F",), menu="&Edit", separator_before=True,
           tip="Find events by any word of their titles, summaries, notes, quotes, figures, lanes or sources"),
    Action("actionNextMatch", "Find &Next", lambda w: w.finder.step(1), ("F3",), menu="&Edit"),
    Action("actionPreviousMatch", "Find &Previous", lambda w: w.finder.step(-1), ("Shift+F3",), menu="&Edit"),
    Action("actionZoomIn", "Zoom &In", lambda w: w.view.zoom_in(), ("Ctrl++", "Ctrl+="), ("+", "="), menu="&View",
           tip="Zoom in on the time axis (around the selected event, if any)"),
    Action("actionZoomOut", "Zoom &Out", lambda w: w.view.zoom_out(), ("Ctrl+-",), ("-",), menu="&View",
           tip="Zoom out on the time axis"),
    Action("actionFitAll", "&Fit All", lambda w: w.view.fit_all(), ("Ctrl+0",), ("Home",), menu="&View",
           tip="Show the whole timeline"),
    Action("actionPanEarlier", "Pan &Earlier", lambda w: w.view.pan_by(-1), timeline_keys=("Shift+Left",), menu="&View"),
    Action("actionPanLater", "Pan &Later", lambda w: w.view.pan_by(1), timeline_keys=("Shift+Right",), menu="&View"),
    Action("actionShowConflicts", "Show &Conflicts...", lambda w: w.show_conflicts(), ("Ctrl+K",), menu="&View",
           tip="List the events whose sources disagree", separator_before=True),
    Action("actionFilter", "F&ilter...", lambda w: w.filters.show(), ("Ctrl+Shift+L",), menu="&View",
           tip="Show only some lanes, sources or verdicts, or the story as known on a date"),
    Action("actionThemeSystem", "&System", lambda w: w.theme.set_mode("system"), menu="&View/&Theme", group="theme",
           tip="Follow the desktop's light or dark colour scheme"),
    Action("actionThemeLight", "&Light", lambda w: w.theme.set_mode("light"), menu="&View/&Theme", group="theme"),
    Action("actionThemeDark", "&Dark", lambda w: w.theme.set_mode("dark"), menu="&View/&Theme", group="theme"),
    Action("actionNextPane", "Next &Pane", lambda w: w.panes.step(1), ("F6",), menu="&Go",
           tip="Move the keyboard focus between the timeline and the panels"),
    Action("actionPreviousPane", "Previous Pa&ne", lambda w: w.panes.step(-1), ("Shift+F6",), menu="&Go"),
    Action("actionGoToDate", "Go to &Date...", lambda w: w.finder.go_to_date(), ("Ctrl+G",), menu="&Go",
           tip="Centre the timeline on a date: 2025-03, 10 March 2025, -13800000000", separator_before=True),
    Action("actionPrevious", "&Previous Event", lambda w: w.session.select_previous(), timeline_keys=("Left",), menu="&Go",
           tip="Select the event before", separator_before=True),
    Action("actionNext", "&Next Event", lambda w: w.session.select_next(), timeline_keys=("Right",), menu="&Go",
           tip="Select the event after"),
    Action("actionClearSelection", "&Clear Selection", lambda w: w.session.clear_selection(), timeline_keys=("Escape",), menu="&Go"),
    Action("actionSuggestEvents", "&Suggest Events...", _suggest, menu="&Tools",
           tip="List a source's dated sentences as candidate events to add"),
    Action("actionKeys", "&Keyboard Shortcuts", lambda w: w.show_keys(), ("F1",), menu="&Help"),
    Action("actionAbout", "&About Timeline Viewer", lambda w: w.show_about(), menu="&Help"),
)

SOURCE_ACTIONS: tuple[Action[SourceDocument], ...] = (
    Action("actionFind", "Find", lambda v: v.start_find(), ("Ctrl+F",), tip="Find text in the source document"),
    Action("actionFindNext", "Find Next", lambda v: v.find_next(), ("F3",)),
    Action("actionFindPrevious", "Find Previous", lambda v: v.find_previous(), ("Shift+F3",)),
    Action("actionNewEventFromSelection", "New Event from Selection", lambda v: v.request_new_event(), ("Ctrl+Shift+E",)),
    Action("actionAddQuoteToSelected", "Add Quote to Selected Event", lambda v: v.request_add_quote(), ("Ctrl+Shift+Q",)),
)

MOUSE_HELP = (
    ("Mouse wheel", "zoom the time axis around the cursor"),
    ("Drag", "pan"),
    ("Click an event", "select it and show its sources"),
    ("Click a cluster", "zoom into it"),
    ("Double-click empty space", "fit the whole timeline"),
    ("Right-click a quote", "copy it with its citation"),
)


def key_of(action_id: str, timeline: bool = False) -> str:
    """An action's first key (its first timeline key if asked, or if it has no other), for text that names it."""
    specs: tuple[Action[Any], ...] = (*WINDOW_ACTIONS, *SOURCE_ACTIONS)
    spec = next(a for a in specs if a.id == action_id)
    keys = spec.timeline_keys if timeline and spec.timeline_keys else spec.keys or spec.timeline_keys
    return keys[0]


def _plain(title: str) -> str:
    return title.replace("&", "").removesuffix("...")


def keys_help() -> str:
    """Help > Keyboard Shortcuts, generated from the actions."""
    lines = ["Anywhere in the window:"]
    lines += [f"  {', '.join(a.keys)}: {_plain(a.title)}" for a in WINDOW_ACTIONS if a.keys]
    lines += ["", "With the timeline focused (click it, or press F6), also:"]
    lines += [f"  {', '.join(a.timeline_keys)}: {_plain(a.title)}" for a in WINDOW_ACTIONS if a.timeline_keys]
    lines += ["", "In a source document:"]
    lines += [f"  {', '.join(a.keys)}: {_plain(a.title)}" for a in SOURCE_ACTIONS if a.keys]
    lines += ["", "Tab and Shift+Tab move between the controls of a panel; Return or Space presses a focused button.",
              "", "Mouse:"]
    lines += [f"  {what}: {does}" for what, does in MOUSE_HELP]
    return "\n".join(lines)
