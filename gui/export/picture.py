"""One exported picture laid out once and painted on any device: header, the timeline canvas, credit line.

The canvas is a hidden :class:`TimelineView`, the same plot and layout as the window, rendered into the
device's painter: a QImage for PNG, a QSvgGenerator or QPdfWriter for vector output, a printer. All sizes
here are logical pixels; the painter is scaled so that the picture fills the device.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QPen

from gui.canvas.legend import Mark, draw_mark
from gui.canvas.timeline_item import label_font
from gui.canvas.timeline_view import TimelineView
from gui.style import DARK, LIGHT, apply_to_view
from model.filtering import filter_facts, shown_lanes
from model.layout.palette import lane_color
from model.provenance.claims import Known
from model.provenance.credits import cited_in_range, credit_line
from model.provenance.marks import EventMark
from model.session import Session
from model.timeline import Timeline

MARGIN = 16.0
MIN_CANVAS = 120.0
LANE_ROWS = 2
"""The lane legend takes at most this many rows; the lane axis names every lane anyway."""
"""The canvas keeps at least this height, however much the header and credits need."""
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

MARKS = {"echo": Mark.ECHO, "uncertain": Mark.VAGUE, "span": Mark.SPAN, "cluster": Mark.CLUSTER,
         "conflict": Mark.CONFLICT, "corroborated": Mark.CORROBORATED}
"""The symbols the export's legend can explain, drawn and worded as the window's key does."""
MARK_TEXTS = {kind: mark.value for kind, mark in MARKS.items()}


@dataclass(frozen=True)
class PictureOptions:
    """What to draw: extent, selection and the parts that stand around the canvas."""

    view_range: tuple[float, float] | None = None
    """Seconds; None fits the whole timeline."""
    selected: int = -1
    title: str | None = None
    """None: the timeline's title."""
    subtitle: str | None = None
    """None: the timeline's description; "" for none."""
    dates: bool = True
    credits: bool = True
    text_px: float = 12.0
    """Body text (event labels) in pixels at the picture's display width."""
    dark: bool = False
    """Light by default, whatever the window's theme; dark when asked."""


def logical_dpi() -> float:
    """The dots per inch fonts are measured at (the canvas measures its labels with this)."""
    screen = QGuiApplication.primaryScreen()
    return float(screen.logicalDotsPerInchY()) if screen is not None else 96.0


def label_px() -> float:
    """The canvas's label font size in logical pixels."""
    font = label_font()
    return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * logical_dpi() / 72


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    return font


def wrap(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into lines of at most ``width``; the last line ends with "…" if text is left over."""
    words = text.split()
    lines: list[str] = []
    line = ""
    for k, word in enumerate(words):
        candidate = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(candidate) <= width or not line:
            line = candidate
            continue
        if len(lines) == max_lines - 1:
            rest = " ".join([line, *words[k:]])
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            return lines
        lines.append(line)
        line = word
    if line:
        lines.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
    return lines


class Picture:
    """A timeline picture of ``size`` logical pixels: built once, painted on any painter."""

    def __init__(self, shown: Session | Timeline, options: PictureOptions, size: tuple[float, float],
                 marks: dict[int, EventMark] | None = None) -> None:
        self.session = shown.snapshot() if isinstance(shown, Session) else Session(shown)
        """What to draw: the window's session as it is now (filter, search, "as known on"), or a whole timeline."""
        self.timeline = self.session.timeline
        self.options = options
        self.colors = DARK if options.dark else LIGHT
        self.width, self.height = size
        self.title_font, self.sub_font, self.legend_font, self.credit_font = _font(22, True), _font(14), _font(13), _font(12)
        self.view = view = self._make_view(marks)
        self.range = view.x_range()
        self.marks_drawn = marks_drawn(view)
        self._lay_out_text()
        canvas_h = max(self.height - self.header_h - self.footer_h, MIN_CANVAS)
        self.canvas = QRectF(0, self.header_h, self.width, canvas_h)
        if round(canvas_h) != view.height():
            view.resize(round(self.width), round(canvas_h))
            view.show_range(*self.range)
        view.item.ensure_layout()
        self.marks_drawn = marks_drawn(view)
        self._lay_out_legend()

    def _make_view(self, marks: dict[int, EventMark] | None) -> TimelineView:
        """The window's own canvas, hidden, showing the options' extent and selection (height fixed later)."""
        options = self.options
        view = TimelineView(self.session)
        view.setMinimumSize(0, 0)  # a short picture must still get its time axis
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        view.resize(round(self.width), max(round(self.height * 0.6), 1))
        view.show()  # never mapped: "shown" so that resizing lays it out at once, without painting it
        if options.dark:
            apply_to_view(view, DARK)
        view.item.set_label_dates(options.dates)
        if marks is not None:
            view.item.set_marks(marks)
        elif self.session.analysis is None:
            view.item.set_marks(marks_of(self.timeline))
        view.session.select(options.selected)  # first: selecting scrolls the view to the event
        view.item.set_matches(self.session.matches)
        if options.view_range is None:
            view.fit_all()
        else:
            view.show_range(*options.view_range)
        view.item.ensure_layout()
        return view

    def close(self) -> None:
        """Free the hidden view."""
        self.view.hide()
        self.view.deleteLater()

    # --- layout ----------------------------------------------------------------------------
    def _known(self) -> Known | None:
        """The quotes known "as known on" the filter's date (None: every quote counts)."""
        as_of = self.session.filter.as_of
        return None if as_of is None else filter_facts(self.timeline).known(as_of)

    def _lay_out_text(self) -> None:
        inner = self.width - 2 * MARGIN
        options, timeline = self.options, self.timeline
        title = options.title if options.title is not None else timeline.title
        subtitle = options.subtitle if options.subtitle is not None else timeline.doc.description
        self.title_lines = wrap(title[:2000], QFontMetricsF(self.title_font), inner, 1)
        self.sub_lines = wrap(subtitle[:4000], QFontMetricsF(self.sub_font), inner, 2)
        self.credit = ""
        self.credit_lines: list[str] = []
        if options.credits:
            self.credit = credit_line(cited_in_range(timeline, *self.range, self.session.shown, self._known()))
            self.credit_lines = wrap(self.credit, QFontMetricsF(self.credit_font), inner, 3)
        self.legend_items = self._legend_items(self.marks_drawn)
        self.legend_rows = self._flow(self.legend_items)
        self._measure()

    def _lay_out_legend(self) -> None:
        """Lanes, then the marks the canvas drew at its final size (the header keeps the rows it was given)."""
        self.legend_items = self._legend_items(self.marks_drawn)
        rows = self._flow(self.legend_items)
        if len(rows) > len(self.legend_rows):  # do not grow the header after the canvas was sized: drop the overflow
            rows = rows[: len(self.legend_rows)]
        self.legend_rows = rows

    def _measure(self) -> None:
        title_h = QFontMetricsF(self.title_font).height() * 1.2
        sub_h = QFontMetricsF(self.sub_font).height() * 1.3
        self.row_h = QFontMetricsF(self.legend_font).height() + 8
        self.header_h = MARGIN * 0.75 + title_h * len(self.title_lines) + sub_h * len(self.sub_lines) + 4 + \
            self.row_h * len(self.legend_rows) + 6
        self.credit_h = QFontMetricsF(self.credit_font).height() * 1.25
        self.footer_h = (self.credit_h * len(self.credit_lines) + MARGIN * 0.75) if self.credit_lines else MARGIN * 0.5

    def _legend_items(self, marks: list[str]) -> list[tuple[str, str, QColor]]:
        """(kind, text, colour): lane swatches (at most LANE_ROWS rows of them), then each mark's symbol, with words."""
        every = self.timeline.lanes
        order = shown_lanes(len(every), [lane.id for lane in every], self.session.filter)  # the filter's, as drawn
        lanes = [("lane", every[k].name[:80], _lane_color(every[k].color, k)) for k in order]
        shown = len(lanes)
        while shown and len(self._flow(self._lanes_and_more(lanes, shown))) > LANE_ROWS:
            shown -= 1
        return self._lanes_and_more(lanes, shown) + [(mark, MARK_TEXTS[mark], self.colors.canvas_muted) for mark in marks]

    def _lanes_and_more(self, lanes: list[tuple[str, str, QColor]], shown: int) -> list[tuple[str, str, QColor]]:
        if shown >= len(lanes):
            return lanes
        return [*lanes[:shown], ("more", f"+{len(lanes) - shown} more lanes, named at the left", self.colors.canvas_muted)]

    def _flow(self, items: list[tuple[str, str, QColor]]) -> list[list[tuple[float, str, str, QColor]]]:
        """Items placed left to right in rows (x, kind, text, colour); marks start a new row when lanes fill one."""
        metrics = QFontMetricsF(self.legend_font)
        limit = self.width - MARGIN
        rows: list[list[tuple[float, str, str, QColor]]] = [[]]
        x = MARGIN
        for kind, text, color in items:
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, limit - MARGIN - 40)
            w = _text_offset(kind) + metrics.horizontalAdvance(shown) + 18
            if rows[-1] and x + w > limit:
                rows.append([])
                x = MARGIN
            rows[-1].append((x, kind, shown, color))
            x += w
        return [row for row in rows if row]

    # --- painting --------------------------------------------------------------------------
    def paint(self, painter: QPainter) -> None:
        """Draw the whole picture in logical pixels (the caller scales the painter to its device)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(QRectF(0, 0, self.width, self.height), self.colors.canvas_background)
        painter.save()
        self._paint_header(painter)
        painter.restore()
        painter.save()
        painter.setBrush(self.colors.canvas_background)  # what the view paints outside its scene
        source = self.view.viewport().rect()
        self.view.render(painter, QRectF(self.canvas.left(), self.canvas.top(), source.width(), source.height()), source)
        painter.restore()
        self._paint_credits(painter)

    def _paint_header(self, painter: QPainter) -> None:
        y = MARGIN * 0.75
        inner = self.width - 2 * MARGIN
        painter.setPen(self.colors.canvas_text)
        painter.setFont(self.title_font)
        title_h = QFontMetricsF(self.title_font).height() * 1.2
        for line in self.title_lines:
            painter.drawText(QRectF(MARGIN, y, inner, title_h), LEFT, line)
            y += title_h
        painter.setPen(self.colors.canvas_muted)
        painter.setFont(self.sub_font)
        sub_h = QFontMetricsF(self.sub_font).height() * 1.3
        for line in self.sub_lines:
            painter.drawText(QRectF(MARGIN, y, inner, sub_h), LEFT, line)
            y += sub_h
        y += 4
        painter.setFont(self.legend_font)
        for row in self.legend_rows:
            for x, kind, text, color in row:
                self._paint_symbol(painter, kind, color, QPointF(x + SWATCH_CENTRE, y + self.row_h / 2))
                painter.setPen(self.colors.canvas_text)
                painter.drawText(QRectF(x + _text_offset(kind), y, self.width, self.row_h), LEFT, text)
            y += self.row_h

    def _paint_symbol(self, painter: QPainter, kind: str, color: QColor, at: QPointF) -> None:
        """The legend's swatch: a lane's colour, or a mark drawn as the window's key draws it."""
        if kind == "lane":
            painter.save()
            painter.setPen(QPen(self.colors.marker_edge, 1.5))
            painter.setBrush(color)
            painter.drawEllipse(at, 6, 6)
            painter.restore()
        elif kind in MARKS:
            draw_mark(painter, MARKS[kind], at, palette=self.colors)

    def _paint_credits(self, painter: QPainter) -> None:
        if not self.credit_lines:
            return
        painter.setPen(self.colors.canvas_muted)
        painter.setFont(self.credit_font)
        y = self.canvas.bottom() + MARGIN * 0.4
        for line in self.credit_lines:
            painter.drawText(QRectF(MARGIN, y, self.width - 2 * MARGIN, self.credit_h), LEFT, line)
            y += self.credit_h

    # --- what was drawn --------------------------------------------------------------------
    def drawn(self) -> list[dict[str, Any]]:
        """The canvas's drawing in picture pixels: kind, text, rect (x, y, w, h), event id and lane id."""
        dx, dy = self.canvas.left(), self.canvas.top()
        out: list[dict[str, Any]] = []
        for record in canvas_drawn(self.view):
            x, y, w, h = record["rect"]
            out.append({**record, "rect": (x + dx, y + dy, w, h)})
        return out


def canvas_drawn(view: TimelineView) -> list[dict[str, Any]]:
    """The view's own report of its drawing, or (before the view has one) its markers and labels from the frame."""
    if hasattr(view, "drawn"):
        return list(view.drawn())
    frame = view.item.frame
    if frame is None:
        return []
    origin = view.view_box.mapToScene(QPointF(0, 0))
    ox, oy = origin.x(), origin.y()
    events, lanes = view.session.timeline.events, view.session.timeline.lanes
    out: list[dict[str, Any]] = []
    r = frame.params.marker_radius
    for x, lane, event in zip(frame.marker_x.tolist(), frame.marker_lane.tolist(), frame.marker_event.tolist(), strict=True):
        y = float(frame.line_y[lane])
        shown = view.shown_lanes[lane] if lane < len(view.shown_lanes) else -1
        out.append({"kind": "marker", "text": "", "rect": (ox + x - r, oy + y - r, 2 * r, 2 * r), "event": events[event].id,
                    "lane": lanes[shown].id if 0 <= shown < len(lanes) else None})
    for label in view.item.prepared.labels:
        rect, text = label.box, label.text
        out.append({"kind": "label", "text": text, "rect": (ox + rect.x(), oy + rect.y(), rect.width(), rect.height()),
                    "event": None, "lane": None})
    return out


def marks_drawn(view: TimelineView) -> list[str]:
    """Which symbols beyond plain markers the canvas drew: echoes, conflict rings, checks, uncertain-date bands."""
    prepared = view.item.prepared
    drawn = {"echo": prepared.echoes, "uncertain": prepared.bands, "span": prepared.spans, "cluster": prepared.clusters,
             "conflict": prepared.rings, "corroborated": prepared.badges}
    return [kind for kind in MARKS if drawn[kind]]


_MARKS: dict[int, tuple[Timeline, dict[int, EventMark]]] = {}


def marks_of(timeline: Timeline) -> dict[int, EventMark]:
    """Conflict and corroboration marks, computed once per timeline."""
    from model.provenance.claims import analyse_timeline

    found = _MARKS.get(id(timeline))
    if found is None or found[0] is not timeline:
        _MARKS.clear()
        found = _MARKS[id(timeline)] = (timeline, analyse_timeline(timeline).marks())
    return found[1]


SWATCH_CENTRE = 9.0
_SWATCH_WIDTHS = {"uncertain": 27.5, "span": 27.5, "cluster": 22.0, "more": -11.0}
"""How wide the window key's drawing of a mark is (draw_mark starts it one radius left of its centre)."""


def _text_offset(kind: str) -> float:
    """Where an entry's words start, from the entry's left edge: after its swatch."""
    return SWATCH_CENTRE - 5.5 + _SWATCH_WIDTHS.get(kind, 11.0) + 8


def _lane_color(name: str, k: int) -> QColor:
    """A lane's colour as the canvas picks it: the file's, else the palette's."""
    return QColor(name) if QColor.isValidColorName(name) else QColor(lane_color(k))
