"""File > Add Source: a file (text, Markdown, web page, PDF) or pasted text, read in a worker, with its metadata to check."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui import settings, style
from gui.widgets import Button, display_text, plural, shorten, shorten_runs, tooltip_text
from gui.worker import Runner
from model.provenance.ingest import IngestedText, IngestError, SourceKind, ingest_file, ingest_text
from model.time.timepoint import DateError, TimePoint

FILE_FILTER = ("Sources (*.txt *.md *.markdown *.html *.htm *.xhtml *.pdf);;Text or Markdown (*.txt *.md *.markdown);;"
               "Web page (*.html *.htm *.xhtml);;PDF (*.pdf);;All files (*)")


@dataclass(frozen=True)
class SourceDetails:
    """What the user confirmed in the dialog: the text and the record's fields."""

    ingested: IngestedText
    title: str
    publisher: str
    published: str
    url: str
    based_on: list[str]
    notes: str


class AddSourceDialog(QDialog):
    """Choose a file or paste text; the fields are filled from what the file says and can be corrected."""

    def __init__(self, known_sources: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addSourceDialog")
        self.setWindowTitle("Add Source")
        self.resize(640, 560)
        self.reader = Runner("add-source", self)
        self.ingested: IngestedText | None = None
        self._path = ""
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sourceFrom")
        self.tabs.addTab(self._file_tab(), "From a &file")
        self.tabs.addTab(self._paste_tab(), "&Pasted text")
        self.tabs.currentChanged.connect(lambda _i: self._update())
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._fields(known_sources))
        self.status = QLabel()
        self.status.setObjectName("addSourceStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("&Add Source", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addSourceButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.finished.connect(lambda _result: self.reader.cancel())
        self._update()
        self.path_field.setFocus()  # the dialog opens ready for a path to be typed or pasted

    # --- the parts ------------------------------------------------------------------------------
    def _file_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.path_field = QLineEdit()
        self.path_field.setObjectName("sourcePath")
        self.path_field.setPlaceholderText("Path of a text, Markdown, HTML or PDF file (Enter reads it)")
        self.path_field.returnPressed.connect(self._on_path_typed)
        choose = Button("&Choose File...", "chooseSourceFile")
        choose.clicked.connect(self.choose_file)
        row.addWidget(self.path_field, 1)
        row.addWidget(choose)
        column.addLayout(row)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("sourcePreview")
        self.preview.setAccessibleName("The text that will be quoted")
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("The text quotes will be checked against appears here.")
        column.addWidget(self.preview, 1)
        return tab

    def _paste_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.paste = QPlainTextEdit()
        self.paste.setObjectName("pastedText")
        self.paste.setAccessibleName("Pasted source text")
        self.paste.setPlaceholderText("Paste the article's text here (Ctrl+V)")
        self.paste.textChanged.connect(self._update)
        column.addWidget(self.paste)
        return tab

    def _fields(self, known_sources: list[str]) -> QFormLayout:
        form = QFormLayout()
        self.title_field = self._line("sourceTitleField", "The article's headline")
        self.publisher_field = self._line("sourcePublisherField", "Reuters, Wired Italy, a court...")
        self.published_field = self._line("sourcePublishedField", "YYYY-MM-DD (or YYYY-MM, YYYY)")
        self.url_field = self._line("sourceUrlField", "https://...")
        self.based_on_field = self._line("sourceBasedOnField", "Sources or publishers it rests on, separated by commas")
        if known_sources:
            self.based_on_field.setToolTip(tooltip_text("Sources in this timeline: " + ", ".join(known_sources)))
        for label, field in (("&Title:", self.title_field), ("P&ublisher:", self.publisher_field),
                             ("Publis&hed:", self.published_field), ("&URL:", self.url_field),
                             ("&Based on:", self.based_on_field)):
            form.addRow(label, field)
        return form

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setPlaceholderText(placeholder)
        field.textChanged.connect(self._update)
        return field

    # --- reading a file -------------------------------------------------------------------------
    def choose_file(self) -> None:
        """Choose File...: a file dialog, then the file is read in the background."""
        path, _ = QFileDialog.getOpenFileName(self, "Add a source", settings.last_folder(), FILE_FILTER)
        if path:
            self.read_file(path)

    def _on_path_typed(self) -> None:
        """A path typed or pasted into the field, then Enter: read that file (the dialog stays open)."""
        typed = self.path_field.text().strip()
        if typed and typed != display_text(self._path):
            self.read_file(os.path.expanduser(typed))

    def read_file(self, path: str) -> None:
        """Read ``path`` in a worker (a long PDF takes a while); the fields fill in when it is done."""
        self._path = path
        self.ingested = None
        self.tabs.setCurrentIndex(0)
        self.path_field.setText(display_text(path))
        self.preview.clear()
        self._say(f"Reading {Path(path).name}...", "muted")
        self.reader.submit(lambda: ingest_file(path), self._on_read, "Reading the source")
        self._update()

    def _on_read(self, result: object) -> None:
        if isinstance(result, IngestError):
            self._say(str(result), "unverified")
        elif isinstance(result, Exception):
            self._say(f"{Path(self._path).name}: {type(result).__name__}: {result}", "unverified")
        elif isinstance(result, IngestedText):
            self.ingested = result
            self.preview.setPlainText(shorten(result.text, 200_000))
            self._prefill(result)
            self._say(describe(result), "verified")
        self._update()

    def _prefill(self, found: IngestedText) -> None:
        """Fill the fields the user has not typed in with what the file says."""
        for field, value in ((self.title_field, found.title), (self.publisher_field, found.publisher or found.author),
                             (self.published_field, found.published), (self.url_field, found.url)):
            if value and not field.isModified():
                field.setText(display_text(value))

    # --- the result -----------------------------------------------------------------------------
    def _pasting(self) -> bool:
        return self.tabs.currentIndex() == 1

    def problem(self) -> str:
        """Why the source cannot be added yet ("" when it can)."""
        if self._pasting():
            if not self.paste.toPlainText().strip():
                return "Paste the source's text."
        elif self.ingested is None:
            return "Choose a file." if not self._path else ""
        published = self.published_field.text().strip()
        if published:
            try:
                TimePoint.parse(published)
            except DateError as exc:
                return f"Published: {exc}"
        url = self.url_field.text().strip()
        if url and not url.lower().startswith(("http://", "https://")):
            return "URL: only http:// and https:// addresses are kept."
        if not self.title_field.text().strip():
            return "Give the source a title."
        return ""

    def _update(self) -> None:
        problem = self.problem()
        have_text = self._pasting() or self.ingested is not None
        self.add_button.setEnabled(have_text and not problem)
        if not have_text:
            return
        if problem:
            self._say(problem, "unverified")
        elif self._pasting():
            self._say(f"{plural(len(self.paste.toPlainText().strip()), 'character')} of pasted text", "muted")
        else:
            self._say(describe(self.ingested), "verified")

    def _say(self, text: str, colour: str) -> None:
        self.status.setText(shorten(shorten_runs(text)))
        self.status.setStyleSheet(f"color: {style.current().css(colour)};")

    def details(self) -> SourceDetails:
        """The source as confirmed; pasted text is read here. Raises IngestError for text that cannot be a source."""
        ingested = ingest_text(self.paste.toPlainText()) if self._pasting() else self.ingested
        if ingested is None:
            raise IngestError("no file has been read")
        based_on = [part.strip() for part in self.based_on_field.text().split(",") if part.strip()]
        notes = f"By {ingested.author}." if ingested.author and ingested.author != self.publisher_field.text().strip() else ""
        return SourceDetails(ingested, self.title_field.text().strip(), self.publisher_field.text().strip(),
                             self.published_field.text().strip(), self.url_field.text().strip(), based_on, notes)

    def accept(self) -> None:
        """Add Source: refused with the reason shown if something is missing."""
        problem = self.problem()
        if problem or not (self._pasting() or self.ingested is not None):
            self._say(problem or "The file is still being read.", "unverified")
            return
        try:
            self.result_details = self.details()
        except IngestError as exc:
            self._say(str(exc), "unverified")
            return
        super().accept()


def describe(found: IngestedText | None) -> str:
    """"PDF, 3 pages, 12,345 characters" for the status line."""
    if found is None:
        return ""
    parts = [found.kind.value]
    if found.kind is SourceKind.PDF:
        parts.append(plural(len(found.pages), "page"))
    parts.append(plural(len(found.text), "character"))
    return "Read: " + ", ".join(parts) + ". Check the fields below, then Add Source."
