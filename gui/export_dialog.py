"""The export options: where, how large, the whole timeline or the current view."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

PRESETS = (("Full HD, 1920 x 1080", 1920, 1080), ("4K, 3840 x 2160", 3840, 2160), ("8K, 7680 x 4320", 7680, 4320),
           ("Slide, 1600 x 900", 1600, 900), ("Custom", 0, 0))


class ExportDialog(QDialog):
    """Asks for the PNG's path, size and extent."""

    def __init__(self, default_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export as PNG")
        self.path = QLineEdit(default_path)
        self.path.setObjectName("exportPath")
        self.path.setAccessibleName("File to write")
        browse = QPushButton("Browse...")
        browse.setAccessibleName("Choose the file to write")
        browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.preset = QComboBox()
        self.preset.addItems([p[0] for p in PRESETS])
        self.preset.setAccessibleName("Size")
        self.width_box = self._spin(1920)
        self.height_box = self._spin(1080)
        self.width_box.setAccessibleName("Width in pixels")
        self.height_box.setAccessibleName("Height in pixels")
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.whole = QRadioButton("The whole timeline")
        self.whole.setChecked(True)
        self.current = QRadioButton("The current view")
        form = QFormLayout()
        form.addRow("File:", row)
        form.addRow("Size:", self.preset)
        form.addRow("Width (px):", self.width_box)
        form.addRow("Height (px):", self.height_box)
        form.addRow("Show:", self.whole)
        form.addRow("", self.current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _spin(self, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(320, 16384)
        box.setValue(value)
        box.valueChanged.connect(lambda _: self.preset.setCurrentIndex(len(PRESETS) - 1) if not self._presetting else None)
        return box

    _presetting = False

    def _on_preset(self, index: int) -> None:
        _, width, height = PRESETS[index]
        if width:
            self._presetting = True
            self.width_box.setValue(width)
            self.height_box.setValue(height)
            self._presetting = False

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export as PNG", self.path.text(), "PNG images (*.png)")
        if path:
            self.path.setText(path if path.lower().endswith(".png") else path + ".png")

    def options(self) -> tuple[str, tuple[int, int], bool]:
        """(path, (width, height), whole timeline?)."""
        return self.path.text().strip(), (self.width_box.value(), self.height_box.value()), self.whole.isChecked()
