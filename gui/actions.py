"""The app's menu actions, declared as data; the main window turns them into QActions."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    """One menu entry: where it goes, what it says, which window method it calls."""

    menu: str
    name: str
    text: str
    slot: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""
    separator_before: bool = False


MENUS = ("&File", "&View", "&Go", "&Help")

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("&File", "actionOpen", "&Open...", "open_dialog", (Key.Open,), "Open a timeline (own JSON, TimelineJS JSON or CSV)"),
    ActionSpec("&File", "actionSaveAs", "Save &As...", "save_as_dialog", (Key.SaveAs, "Ctrl+Shift+S"),
               "Save the open timeline in the app's own format"),
    ActionSpec("&File", "actionExportPng", "&Export...", "export_dialog", ("Ctrl+E",),
               "Write the timeline as a picture: PNG, SVG or PDF", separator_before=True),
    ActionSpec("&File", "actionPrint", "&Print...", "print_preview", ("Ctrl+P",), "Print the current view, with a preview"),
    ActionSpec("&File", "actionQuit", "&Quit", "close", (Key.Quit, "Ctrl+Q"), separator_before=True),
    ActionSpec("&View", "actionZoomIn", "Zoom &In", "zoom_in", (Key.ZoomIn, "Ctrl+="), "Zoom in on the time axis"),
    ActionSpec("&View", "actionZoomOut", "Zoom &Out", "zoom_out", (Key.ZoomOut,), "Zoom out on the time axis"),
    ActionSpec("&View", "actionFitAll", "&Fit All", "fit_all", ("Ctrl+0", "Home"), "Show the whole timeline"),
    ActionSpec("&View", "actionShowConflicts", "Show &Conflicts...", "show_conflicts", ("Ctrl+K",),
               "List the events whose sources disagree", separator_before=True),
    ActionSpec("&Go", "actionPrevious", "&Previous Event", "select_previous", ("Alt+Left",), "Select the event before"),
    ActionSpec("&Go", "actionNext", "&Next Event", "select_next", ("Alt+Right",), "Select the event after"),
    ActionSpec("&Go", "actionClearSelection", "&Clear Selection", "clear_selection", ("Ctrl+Shift+A",)),
    ActionSpec("&Help", "actionKeys", "&Keyboard Shortcuts", "show_keys", (Key.HelpContents,)),
    ActionSpec("&Help", "actionAbout", "&About Timeline Viewer", "show_about"),
)
