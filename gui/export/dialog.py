"""The export options, with a live preview: file and format, where the picture goes, what it shows and says."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.export.files import MAX_SIDE, ExportError, ExportSpec, Format, format_of
from gui.export.picture import PictureOptions

PREVIEW = QSize(560, 380)
"""The preview's size when the screen has room for it."""
PREVIEW_MIN = QSize(240, 160)
"""The smallest it gets, so that the dialog fits a small screen (1024 px, or 1480 px at 2x)."""
PREVIEW_DELAY_MS = 120
"""The preview waits this long after the last change, so typing does not draw on every key."""


@dataclass(frozen=True)
class Preset:
    """A place pictures go: pixels, the width they are read at, body text size, and paper for PDF."""

    name: str
    size: tuple[int, int]
    display_width: int
    text_px: int
    page: str = ""


PRESETS = (
    Preset("Article column: 1200 px wide, at 2x (2400 x 1500)", (2400, 1500), 1200, 13),
    Preset("Slide: 1920 x 1080", (1920, 1080), 1920, 14),
    Preset("Poster: A3 landscape (PDF)", (1587, 1123), 1587, 18, page="A3"),
    Preset("Page: A4 landscape (PDF)", (1123, 794), 1123, 12, page="A4"),
    Preset("Page: US Letter landscape (PDF)", (1056, 816), 1056, 12, page="Letter"),
    Preset("4K screen: 3840 x 2160, at 2x", (3840, 2160), 1920, 12),
    Preset("Custom", (0, 0), 0, 0),
)
CUSTOM = len(PRESETS) - 1
FILTERS = "PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)"


class ExportDialog(QDialog):
    """Asks for the file, size, text size, extent, title, subtitle, dates and credits; previews the result."""

    def __init__(self, default_path: str, title: str, subtitle: str,
                 preview: Callable[[ExportSpec, Format, bool, QSize], QImage] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self._render_preview = preview
        self._presetting = False
        form = QFormLayout()
        form.addRow("File:", self._file_row(default_path))
        form.addRow("For:", self._preset_box())
        form.addRow("Size (px):", self._size_row())
        form.addRow("Read at (px wide):", self.display_box)
        form.addRow("Body text (px):", self.text_box)
        self.whole = QRadioButton("The whole timeline")
        self.whole.setChecked(True)
        self.current = QRadioButton("The current view, with its selection")
        form.addRow("Show:", self.whole)
        form.addRow("", self.current)
        self.title_edit = self._line("exportTitle", title)
        self.title_edit.setAccessibleName("Title")
        self.subtitle_edit = self._line("exportSubtitle", subtitle)
        self.subtitle_edit.setAccessibleName("Subtitle")
        form.addRow("Title:", self.title_edit)
        form.addRow("Subtitle:", self.subtitle_edit)
        self.dates = self._check("Dates on labels (10 Mar 2025)")
        self.credits = self._check("Credit line (the sources shown)")
        self.credits.setToolTip("A line naming the sources cited by the events shown")
        form.addRow("", self.dates)
        form.addRow("", self.credits)
        self.dark = self._check("Dark background")
        self.dark.setToolTip("Exports are light otherwise, whatever the window's theme")
        self.dark.setChecked(False)
        self.dark.setObjectName("exportDark")
        form.addRow("", self.dark)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("exportPreview")
        self.preview_label.setAccessibleName("Preview")
        self.preview_label.setMinimumSize(PREVIEW_MIN)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setStyleSheet("background: #e4e7eb;")
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.message)
        left.addStretch(1)
        left.addWidget(self.buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.preview_label, 1)
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.update_preview)
        for signal in (self.path.textChanged, self.title_edit.textChanged, self.subtitle_edit.textChanged,
                       self.width_box.valueChanged, self.height_box.valueChanged, self.display_box.valueChanged,
                       self.text_box.valueChanged, self.whole.toggled, self.dates.toggled, self.credits.toggled,
                       self.dark.toggled):
            signal.connect(self._on_changed)
        self.preset.setCurrentIndex(1)
        self._on_preset(1)
        self._on_changed()
        self._fit_screen()

    def _fit_screen(self) -> None:
        """The full preview where the screen has room, else whatever fits on it."""
        wanted = self.sizeHint().expandedTo(QSize(self.minimumSizeHint().width() + PREVIEW.width() - PREVIEW_MIN.width(),
                                                  PREVIEW.height() + 40))
        screen = (self.parentWidget() or self).screen()
        room = screen.availableGeometry().size() - QSize(40, 60) if screen is not None else wanted
        self.resize(wanted.boundedTo(room).expandedTo(self.minimumSizeHint()))

    # --- building ----------------------------------------------------------------------------
    def _file_row(self, default_path: str) -> QHBoxLayout:
        self.path = self._line("exportPath", default_path)
        self.path.setAccessibleName("File to write")
        browse = QPushButton("Browse...")
        browse.setAccessibleName("Choose the file to write")
        browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        return row

    def _preset_box(self) -> QComboBox:
        self.preset = QComboBox()
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset.setMinimumContentsLength(18)  # its list still shows the whole names; the dialog fits a small screen
        self.preset.setObjectName("exportPreset")
        self.preset.setAccessibleName("What the picture is for")
        self.preset.addItems([p.name for p in PRESETS])
        self.preset.currentIndexChanged.connect(self._on_preset)
        return self.preset

    def _size_row(self) -> QHBoxLayout:
        self.width_box = self._spin(320, MAX_SIDE, 1920, "Width in pixels")
        self.height_box = self._spin(240, MAX_SIDE, 1080, "Height in pixels")
        self.display_box = self._spin(320, MAX_SIDE, 1920, "Width the picture is read at, in pixels")
        self.display_box.setToolTip("The width the picture is shown at (an article column, a slide): text is sized for it")
        self.text_box = self._spin(12, 64, 12, "Body text size in pixels")
        self.text_box.setToolTip("Event labels at the width the picture is read at; 12 px is the least that reads well")
        row = QHBoxLayout()
        row.addWidget(self.width_box)
        row.addWidget(QLabel("x"))
        row.addWidget(self.height_box)
        return row

    def _spin(self, low: int, high: int, value: int, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setAccessibleName(name)
        box.setRange(low, high)
        box.setValue(value)
        box.valueChanged.connect(self._on_custom)
        return box

    def _line(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        edit.setCursorPosition(0)
        return edit

    def _check(self, text: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(True)
        return box

    # --- reacting ----------------------------------------------------------------------------
    def _on_custom(self) -> None:
        if not self._presetting:
            self.preset.setCurrentIndex(CUSTOM)

    def _on_preset(self, index: int) -> None:
        preset = PRESETS[index]
        if not preset.display_width:
            return
        self._presetting = True
        self.width_box.setValue(preset.size[0])
        self.height_box.setValue(preset.size[1])
        self.display_box.setValue(preset.display_width)
        self.text_box.setValue(preset.text_px)
        self._presetting = False
        if preset.page and not self.path.text().lower().endswith(".pdf"):
            self.path.setText(os.path.splitext(self.path.text())[0] + ".pdf")
        self._on_changed()

    def _on_browse(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, "Export", self.path.text(), FILTERS)
        if path:
            ext = "." + chosen.split("*.")[-1].rstrip(")") if "*." in chosen else ".png"
            self.path.setText(path if os.path.splitext(path)[1].lower() in (".png", ".svg", ".pdf") else path + ext)

    def _on_changed(self) -> None:
        """Check the options at once; draw the preview a moment after the last change."""
        problem = self.problem()
        self.message.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)
        self.preview_timer.start()

    def update_preview(self) -> None:
        """Draw the picture as it will be written, scaled into the preview."""
        if self._render_preview is None:
            return
        try:
            fmt = format_of(self.path.text().strip())
        except ExportError:
            fmt = Format.PNG
        image = self._render_preview(self.spec(), fmt, self.whole.isChecked(), self.preview_label.size())
        self.preview_label.setPixmap(QPixmap.fromImage(image))

    def done(self, result: int) -> None:
        """Closing stops a preview that is still due."""
        self.preview_timer.stop()
        super().done(result)

    # --- results -----------------------------------------------------------------------------
    def problem(self) -> str:
        """Why the options cannot be written, in one line; "" when they can."""
        path = self.path.text().strip()
        if not path:
            return "Give a file name."
        try:
            fmt = format_of(path)
        except ExportError as exc:
            return str(exc).split(": ", 1)[-1]
        if PRESETS[self.preset.currentIndex()].page and fmt is not Format.PDF:
            return "A paper size is written as a PDF: name the file .pdf."
        return ""

    def spec(self) -> ExportSpec:
        """The options as an export spec (extent and selection are the caller's)."""
        preset = PRESETS[self.preset.currentIndex()]
        picture = PictureOptions(title=self.title_edit.text(), subtitle=self.subtitle_edit.text(), dates=self.dates.isChecked(),
                                 credits=self.credits.isChecked(), text_px=self.text_box.value(), dark=self.dark.isChecked())
        return ExportSpec((self.width_box.value(), self.height_box.value()), self.display_box.value(), preset.page, picture)

    def options(self) -> tuple[str, ExportSpec, bool]:
        """(path, spec, whole timeline?)."""
        return self.path.text().strip(), self.spec(), self.whole.isChecked()
