"""The status bar and the messages of the window: counts, hover, import warnings, background work, errors."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from gui.panels.import_report import ImportReport, WarningsIndicator
from gui.widgets import display_text, plural, shorten, shorten_runs
from gui.worker import Runner, WorkProgress
from model.provenance.quotes import UNVERIFIED
from model.session import Session
from model.timeline import Timeline

COUNT_AT_ONCE = 50_000
"""Quotes counted on the spot; more are counted in the background (two million take a few hundred ms)."""


def unverified_quotes(timeline: Timeline) -> int:
    """How many of the timeline's quotes were not found in their sources."""
    return sum(map(UNVERIFIED.__contains__, map(_STATUS, timeline.quote_checks.values())))


def counts_text(timeline: Timeline, unverified: int | None = None) -> str:
    """"12 events · 5 lanes · 3 sources", and the unverified quotes when there are any (None: not counted yet)."""
    parts = [plural(len(timeline.events), "event"), plural(len(timeline.lanes), "lane"), plural(len(timeline.doc.sources), "source")]
    if unverified:
        parts.append(plural(unverified, "unverified quote"))
    return " · ".join(parts)


_STATUS = attrgetter("status")


class Status(QObject):
    """Everything the window says in its status bar, and the one way it reports an error."""

    def __init__(self, window: QMainWindow, session: Session) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.bar = window.statusBar()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.warnings_indicator = WarningsIndicator()
        self.bar.addPermanentWidget(self.warnings_indicator)
        self.last_error = ""
        """The last error shown (for tests and the accessibility tree's benefit)."""
        self.counter = Runner("quote count", self, takes_turns=True)
        session.events.timeline.connect(self._on_timeline)
        self._on_timeline(session.timeline)

    def add_work(self, runner: Runner, name: str, cancel_name: str) -> WorkProgress:
        """A progress bar with a Cancel for ``runner``'s tasks, shown while one runs."""
        progress = WorkProgress(runner, name, runner.cancel, cancel_name)
        self.bar.addPermanentWidget(progress)
        return progress

    def finish(self) -> None:
        """The counts go last, at the far right."""
        self.bar.addPermanentWidget(self.count_label)

    def show(self, text: str, timeout_ms: int = 0) -> None:
        """A message in the status bar (an empty one clears it)."""
        if text:
            self.bar.showMessage(shorten(text, 1000), timeout_ms)  # one line: what a file says may be megabytes
        else:
            self.bar.clearMessage()

    def error(self, title: str, text: str) -> QMessageBox:
        """A warning box: the first line as its text, the rest (files, lines, fields) below and in its details."""
        text = display_text(text)
        lines = [shorten_runs(line) for line in text.splitlines()[:6]]  # the details keep every line whole
        box = QMessageBox(QMessageBox.Icon.Warning, title, lines[0] if text else title, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if "\n" in text:
            box.setDetailedText(text)
            box.setInformativeText("\n".join(lines[1:]))
        box.setObjectName("errorBox")
        self.last_error = text
        box.open()
        return box

    def import_report(self) -> ImportReport | None:
        """File > Import Report."""
        return self.warnings_indicator.open_report()

    def _on_timeline(self, timeline: Timeline) -> None:
        if len(timeline.quote_checks) <= COUNT_AT_ONCE:
            self._show_counts(timeline, unverified_quotes(timeline))
        else:  # the other counts now, the unverified quotes once counted
            self._show_counts(timeline, None)
            self.counter.submit(lambda: unverified_quotes(timeline), lambda found: self._counted(timeline, found))
        self.warnings_indicator.set_warnings(timeline.path or "", timeline.warnings)
        self.bar.clearMessage()

    def _counted(self, timeline: Timeline, found: object) -> None:
        if timeline is self.session.timeline and isinstance(found, int):
            self._show_counts(timeline, found)

    def _show_counts(self, timeline: Timeline, unverified: int | None) -> None:
        text = counts_text(timeline, unverified)
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)


