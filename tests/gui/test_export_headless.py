"""Headless export: the picture is drawn from a session alone, by a canvas in a scene no view shows: no widget at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gui.canvas.timeline_item import TimelineItem
from gui.canvas.timeline_view import TimelineView
from gui.export.files import ExportSpec, export, render_drawn
from model.default import load_default
from model.session import Session
from tests.gui.export_reading import KEY_EVENTS, color_share, pdf_text, svg_texts


@pytest.fixture
def widgets_at_paint(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many widgets exist each time a timeline canvas paints (a hidden view would be one more)."""
    counts: list[int] = []
    paint = TimelineItem.paint

    def counting(self: TimelineItem, painter: QPainter, *args: Any) -> None:
        counts.append(len(QApplication.allWidgets()))
        paint(self, painter, *args)

    monkeypatch.setattr(TimelineItem, "paint", counting)
    return counts


def test_the_census_sees_a_view(qtbot, widgets_at_paint: list[int]) -> None:  # type: ignore[no-untyped-def]
    """The check below can fail: a timeline painted by a view is counted with that view among the widgets."""
    before = len(QApplication.allWidgets())
    view = TimelineView(Session(load_default()))
    qtbot.addWidget(view)
    view.grab()
    assert widgets_at_paint and min(widgets_at_paint) > before


@pytest.mark.parametrize("name", ["story.png", "story.svg", "story.pdf"])
def test_export_creates_no_widget(tmp_path: Path, widgets_at_paint: list[int], name: str) -> None:
    session = Session(load_default())
    session.select(session.timeline.event_by_id["stargate"])
    before = len(QApplication.allWidgets())
    export(session, str(tmp_path / name), ExportSpec((1600, 900)))
    assert widgets_at_paint, "the canvas was never painted"
    assert set(widgets_at_paint) == {before}
    assert len(QApplication.allWidgets()) == before
    path = tmp_path / name
    if name.endswith(".png"):
        assert QImage(str(path)).size().toTuple() == (1600, 900)
    elif name.endswith(".svg"):
        texts = " ".join(t.text for t in svg_texts(path.read_bytes()))
        assert all(title in texts for title in KEY_EVENTS[:2])
    else:
        text, _pages = pdf_text(path)
        assert KEY_EVENTS[0] in " ".join(text.split())


def test_headless_canvas_draws_lane_names_beside_their_lanes_and_markers_in_their_colours() -> None:
    """Axes need pixel sizes, which pyqtgraph takes from a view: without one the lane names must still be drawn."""
    story = load_default()
    image, drawn = render_drawn(story, ExportSpec((1920, 1080)))
    bands = {d["lane"]: d["rect"] for d in drawn if d["kind"] == "lane"}
    names = {d["lane"]: d for d in drawn if d["kind"] == "lane_name"}
    assert set(names) == {lane.id for lane in story.lanes} == set(bands)
    for lane in story.lanes:
        x, y, w, h = names[lane.id]["rect"]
        top, height = bands[lane.id][1], bands[lane.id][3]
        assert names[lane.id]["text"] == lane.name
        assert top <= y + h / 2 <= top + height
        assert x + w <= bands[lane.id][0] + 1  # in the names' column, left of the lanes
        assert color_share(image, names[lane.id]["rect"], "#3e4c59", tolerance=120) > 0.02  # ink where it says
    markers = [d for d in drawn if d["kind"] == "marker"]
    colours = {lane.id: lane.color for lane in story.lanes}
    assert len(markers) >= 8
    assert all(color_share(image, d["rect"], colours[d["lane"]]) >= 0.25 for d in markers)
