"""What the app remembers between runs (QSettings): window geometry, dock layout, panel width, theme, folders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gui.main_window import MainWindow

PREFERRED_SIZE = (1480, 900)


def fit_on_screen(window: QWidget, size: tuple[int, int] | None = None) -> None:
    """Resize (to ``size`` if given) and move ``window`` so that it lies within its screen's available area, at any scale."""
    screen = window.screen()
    if screen is None:
        return
    area: QRect = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()  # title bar and borders, once shown
    if not window.isVisible():  # not known yet: leave room for a title bar
        frame = QSize(max(frame.width(), area.width() // 50), max(frame.height(), area.height() // 12))
    width, height = size or (window.width(), window.height())
    width = max(min(width, area.width() - frame.width()), 1)
    height = max(min(height, area.height() - frame.height()), 1)
    window.setMinimumSize(min(window.minimumWidth(), width), min(window.minimumHeight(), height))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    outer = window.frameGeometry()
    if area.contains(outer):
        return  # moving a window that fits would shift it by its title bar at each start
    x = min(max(outer.x(), area.left()), area.right() - outer.width() + 1)
    y = min(max(outer.y(), area.top()), area.bottom() - outer.height() + 1)
    window.move(max(x, area.left()), max(y, area.top()))


class _RefitWhenShown(QObject):
    """Fits the window on its screen again once shown, when its title bar and borders are known."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.size = window.size()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """On the first Show, refit just after it, unless the window was resized on purpose meanwhile (and stop watching)."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            if watched.size() == self.size:
                QTimer.singleShot(0, watched, lambda: fit_on_screen(watched))
            self.deleteLater()
        return False


def default_size(window: QWidget) -> tuple[int, int]:
    """The preferred size, or 90% of the screen where that is smaller."""
    screen = window.screen()
    if screen is None:
        return PREFERRED_SIZE
    area = screen.availableGeometry()
    return min(PREFERRED_SIZE[0], int(area.width() * 0.9)), min(PREFERRED_SIZE[1], int(area.height() * 0.9))


def restore_window(window: MainWindow) -> None:
    """Geometry, dock layout, panel width and theme as they were when the app was last closed."""
    settings = QSettings()
    width, height = default_size(window)
    window.resize(width, height)
    window.resizeDocks([window.panel_dock], [min(440, width // 3)], Qt.Orientation.Horizontal)
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    window.theme.set_mode(str(settings.value("theme", "system")))
    fit_on_screen(window)
    _RefitWhenShown(window)
    panel_width = _int(settings.value("window/panelWidth"))
    if panel_width:  # at most 40% of the window: a width saved at scale 1 must leave the timeline room at scale 2
        window.resizeDocks([window.panel_dock], [min(panel_width, window.width() * 2 // 5)], Qt.Orientation.Horizontal)


def save_window(window: MainWindow) -> None:
    """Remember what :func:`restore_window` restores."""
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/panelWidth", window.panel_dock.width())
    settings.setValue("theme", window.theme.mode)


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def last_folder() -> str:
    """Where Save As and Export start: the folder used last, else the user's Documents (else home)."""
    folder = QSettings().value("lastFolder")
    if isinstance(folder, str) and folder and Path(folder).is_dir():
        return folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def remember_folder(path: str) -> None:
    """The folder of a file the user just saved, exported or opened."""
    QSettings().setValue("lastFolder", str(Path(path).resolve().parent))
