"""Light and dark colours for the whole app, and the theme that picks one (System follows the desktop)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from model.session import ThemeName

if TYPE_CHECKING:
    from gui.canvas.timeline_view import TimelineView
    from model.session import Session

THEMES = ("system", "light", "dark")


@dataclass(frozen=True, eq=False)
class Palette:
    """Named colours of one theme: the window and panels, then the timeline canvas."""

    name: str
    window: QColor
    text: QColor
    muted: QColor
    base: QColor
    button: QColor
    highlight: QColor
    highlighted_text: QColor
    link: QColor
    focus: QColor
    card: QColor
    card_edge: QColor
    notes: QColor
    notes_edge: QColor
    verified: QColor
    unverified: QColor
    not_checked: QColor
    caution: QColor
    quote_highlight: QColor
    canvas_background: QColor
    canvas_stripe: QColor
    canvas_text: QColor
    canvas_muted: QColor
    selected_fill: QColor
    conflict: QColor
    corroborated: QColor
    sample: QColor
    """The neutral colour of the key's sample markers."""
    on_marker: QColor
    """Text and edges drawn on a filled marker or cluster badge (counts, checks)."""
    marker_edge: QColor
    era_fill: QColor
    era_edge: QColor

    def css(self, name: str) -> str:
        """A colour as CSS for style sheets (with its alpha)."""
        c: QColor = getattr(self, name)
        return f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"


def _palette(name: str, **colours: str | tuple[int, int, int, int]) -> Palette:
    made = {k: QColor(*v) if isinstance(v, tuple) else QColor(v) for k, v in colours.items()}
    return Palette(name=name, **made)


LIGHT = _palette(
    "light", window="#f3f4f6", text="#1f2933", muted="#52606d", base="#ffffff", button="#e9ecf0",
    highlight="#1a5fb4", highlighted_text="#ffffff", link="#0b57d0", focus="#1a73e8",
    card="#ffffff", card_edge="#9aa5b1", notes="#fff8e6", notes_edge="#e2c77f",
    verified="#2a7030", unverified="#b3261e", not_checked="#52606d", caution="#8a5300", quote_highlight="#ffe08a",
    canvas_background="#ffffff", canvas_stripe="#f3f5f8", canvas_text="#1f2933", canvas_muted="#5c6877",
    selected_fill="#fff1b8", conflict="#d64545", corroborated="#2f9e44", marker_edge="#ffffff", sample="#607d8b", on_marker="#ffffff",
    era_fill=(120, 140, 170, 28), era_edge=(120, 140, 170, 90),
)
DARK = _palette(
    "dark", window="#202329", text="#e4e7eb", muted="#a9b3be", base="#16181c", button="#2f343c",
    highlight="#3d6fb6", highlighted_text="#ffffff", link="#8ab4f8", focus="#8ab4f8",
    card="#2a2e35", card_edge="#6b7785", notes="#383220", notes_edge="#7a6530",
    verified="#7bd389", unverified="#ff8a80", not_checked="#a9b3be", caution="#ffb74d", quote_highlight="#6b5a12",
    canvas_background="#1b1e23", canvas_stripe="#23272e", canvas_text="#e4e7eb", canvas_muted="#a3adb8",
    selected_fill="#4d4216", conflict="#ff6b6b", corroborated="#51cf66", marker_edge="#1b1e23", sample="#8fa3ad", on_marker="#ffffff",
    era_fill=(150, 170, 210, 30), era_edge=(150, 170, 210, 110),
)
PALETTES = {"light": LIGHT, "dark": DARK}

_current = LIGHT


def current() -> Palette:
    """The palette in use now (light until a theme is applied)."""
    return _current


def qpalette(p: Palette) -> QPalette:
    """A QPalette for every widget, from ``p``."""
    out = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, p.window), (role.WindowText, p.text), (role.Base, p.base), (role.AlternateBase, p.card),
                      (role.Text, p.text), (role.Button, p.button), (role.ButtonText, p.text), (role.BrightText, p.unverified),
                      (role.Highlight, p.highlight), (role.HighlightedText, p.highlighted_text), (role.Link, p.link),
                      (role.LinkVisited, p.link), (role.ToolTipBase, p.card), (role.ToolTipText, p.text),
                      (role.PlaceholderText, p.muted), (role.Light, p.card), (role.Midlight, p.button), (role.Mid, p.card_edge),
                      (role.Dark, p.card_edge), (role.Shadow, p.canvas_background)):
        out.setColor(r, colour)
    disabled = QColor(p.muted)
    disabled.setAlpha(160)
    for r in (role.WindowText, role.Text, role.ButtonText):
        out.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return out


def system_palette() -> Palette:
    """The palette matching the desktop's colour scheme."""
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def apply_to_view(view: TimelineView, p: Palette) -> None:
    """Canvas, axes and focus ring of a timeline view in ``p``'s colours."""
    view.setBackground(p.canvas_background)
    for axis in (view.time_axis, view.lane_axis):
        axis.setTextPen(p.canvas_text)
    view.time_axis.setPen(p.canvas_muted)
    view.item.set_palette(p)


class Theme(QObject):
    """The chosen theme ("system", "light" or "dark"); System follows QStyleHints.colorScheme."""

    changed = Signal(object)
    """The new Palette."""

    def __init__(self, session: Session | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.mode = "system"
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)

    def palette(self) -> Palette:
        """The palette the current mode means now."""
        return system_palette() if self.mode == "system" else PALETTES[self.mode]

    def set_mode(self, mode: str) -> None:
        """Use ``mode`` (unknown values mean "system") and repaint everything in it."""
        self.mode = mode if mode in THEMES else "system"
        self.apply()

    def apply(self) -> None:
        """Make the current palette the app's."""
        global _current
        _current = self.palette()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(qpalette(_current))
        if self.session is not None:
            self.session.theme = ThemeName(_current.name)
        self.changed.emit(_current)

    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            self.apply()


def colour_names() -> list[str]:
    """Every colour field of a palette (for tests)."""
    return [f.name for f in fields(Palette) if f.name != "name"]
