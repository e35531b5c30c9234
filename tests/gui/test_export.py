"""Export as PNG, SVG and PDF, and print: read back as a reader's tools read them, through the menu and the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from gui.canvas.timeline_item import TimelineItem
from gui.export.dialog import PRESETS, ExportDialog
from gui.export.files import ExportError, ExportSpec, Format, export, export_bytes, parse_range, render_drawn, write_atomically
from gui.export.picture import MARK_TEXTS, Picture, PictureOptions, label_px
from gui.main_window import MainWindow
from model.default import load_default
from model.timeline import Timeline
from tests.gui.export_reading import KEY_EVENTS, color_share, pdf_images, pdf_text, svg_images, svg_texts

ROOT = Path(__file__).resolve().parents[2]
PUBLISHERS = ("Unnamed blog", "Wired Italy", "Project fact check")


@pytest.fixture(scope="module")
def story() -> Timeline:
    return load_default()


def one_to_one(**options: object) -> ExportSpec:
    """A 1920x1080 picture whose logical pixels are its pixels (text at the canvas's own size)."""
    return ExportSpec((1920, 1080), picture=PictureOptions(text_px=label_px(), **options))  # type: ignore[arg-type]


def canvas_of(story: Timeline, spec: ExportSpec) -> tuple[float, float]:
    """Top and bottom of the canvas in a one-to-one picture."""
    picture = Picture(story, spec.picture, (1920, 1080))
    try:
        return picture.canvas.top(), picture.canvas.bottom()
    finally:
        picture.close()


# --- PNG ------------------------------------------------------------------------------------------
def markers_painted(image: QImage, drawn: list[dict[str, object]], story: Timeline) -> tuple[int, int]:
    """(markers whose lane colour fills a good part of their reported rect, markers reported)."""
    colors = {lane.id: lane.color for lane in story.lanes}
    markers = [d for d in drawn if d["kind"] == "marker" and d["lane"] in colors]
    painted = sum(color_share(image, d["rect"], colors[str(d["lane"])]) >= 0.25 for d in markers)  # type: ignore[arg-type]
    return painted, len(markers)


def canvas_drawn_right(image: QImage, drawn: list[dict[str, object]], story: Timeline) -> bool:
    """The canvas reports its markers and their lane colours are in the picture where it says."""
    painted, reported = markers_painted(image, drawn, story)
    return reported >= 8 and painted == reported


def test_png_canvas_shows_every_marker_where_the_drawing_says(story: Timeline) -> None:
    image, drawn = render_drawn(story, ExportSpec((1920, 1080)))
    assert canvas_drawn_right(image, drawn, story)
    top, _ = canvas_of(story, one_to_one())
    assert all(d["rect"][1] > top * 0.8 for d in drawn if d["kind"] == "marker")  # type: ignore[index]


def test_png_check_fails_on_a_canvas_that_paints_nothing(story: Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    def paint_nothing(self: TimelineItem, painter: object, *args: object) -> None:
        self.painted = self.prepared  # claims to have painted the frame, draws no pixel

    monkeypatch.setattr(TimelineItem, "paint", paint_nothing)
    image, drawn = render_drawn(story, ExportSpec((1920, 1080)))
    assert markers_painted(image, drawn, story)[1] >= 8
    assert not canvas_drawn_right(image, drawn, story)
    monkeypatch.setattr(TimelineItem, "paint", lambda self, painter, *args: None)
    assert not canvas_drawn_right(*render_drawn(story, ExportSpec((1920, 1080))), story)


def test_png_at_2x_for_an_article_column(story: Timeline) -> None:
    article = PRESETS[0]
    spec = ExportSpec(article.size, article.display_width, picture=PictureOptions(text_px=article.text_px))
    image, drawn = render_drawn(story, spec)
    assert (image.width(), image.height()) == (2400, 1500)
    painted, reported = markers_painted(image, drawn, story)
    assert reported and painted == reported
    labels = [d for d in drawn if d["kind"] == "label"]
    assert labels
    # shown 1200 px wide, a label's row is at least the canvas's own row scaled to 13 px text
    assert min(d["rect"][3] for d in labels) / 2 >= 13  # type: ignore[index]


# --- SVG ------------------------------------------------------------------------------------------
def test_svg_has_the_key_events_as_text_in_date_order_inside_the_canvas(story: Timeline) -> None:
    spec = one_to_one()
    data = export_bytes(story, Format.SVG, spec)
    assert svg_images(data) == 0
    texts = svg_texts(data)
    top, bottom = canvas_of(story, spec)
    xs = []
    for title in KEY_EVENTS:
        found = [t for t in texts if t.text.startswith(title)]
        assert found, f"{title!r} is not a <text> element"
        assert top < found[0].y < bottom and 0 < found[0].x < 1920
        xs.append(found[0].x)
    assert xs == sorted(xs)
    assert any(t.text == story.title for t in texts)
    assert any(t.text.startswith("Sources:") and t.y > bottom for t in texts)


def test_svg_labels_are_at_least_12_px_at_the_display_width(story: Timeline) -> None:
    spec = ExportSpec((1200, 750), picture=PictureOptions(text_px=12))
    texts = svg_texts(export_bytes(story, Format.SVG, spec))
    labels = [t for t in texts if any(t.text.startswith(e.title[:20]) for e in story.events)]
    assert len(labels) >= 4
    assert min(t.size for t in labels) >= 11.9


def test_svg_at_100k_events_draws_clusters_not_nodes(big: Timeline) -> None:
    data = export_bytes(big, Format.SVG, ExportSpec((1920, 1080)))
    assert svg_images(data) == 0
    assert len(data) < 30_000_000
    assert data.count(b"<path") + data.count(b"<rect") + data.count(b"<ellipse") < 100_000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    from benchmarks.generate import write
    from model.formats.native import load_timeline

    return load_timeline(write(100_000, tmp_path_factory.mktemp("big") / "big.json"))


# --- PDF ------------------------------------------------------------------------------------------
def test_pdf_text_has_title_key_events_and_the_credited_publishers(story: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "story.pdf"
    assert export(story, str(path), one_to_one()) is Format.PDF
    text, pages = pdf_text(path)
    assert len(pages) == 1 and pages[0] == pytest.approx((1440, 810), abs=1)  # 1920x1080 px at 96 dpi
    for words in (story.title, *KEY_EVENTS, *PUBLISHERS, "Made with Timeline Viewer"):
        assert words in text
    assert pdf_images(path) == 0


def test_poster_is_an_a3_landscape_page(story: Timeline, tmp_path: Path) -> None:
    poster = PRESETS[2]
    path = tmp_path / "poster.pdf"
    export(story, str(path), ExportSpec(poster.size, poster.display_width, poster.page, PictureOptions(text_px=poster.text_px)))
    text, pages = pdf_text(path)
    assert pages[0] == pytest.approx((1190.55, 841.89), abs=1)
    assert story.title in text


def test_credit_line_names_only_sources_of_the_events_shown(story: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "early.pdf"
    early = parse_range("2023-01..2023-02")
    export(story, str(path), one_to_one(view_range=early))
    text, _ = pdf_text(path)
    cited = {q.source for i in range(len(story.events)) if story.starts[i].seconds < early[1] for q in story.events[i].quotes}
    for source in story.doc.sources:
        assert (source.publisher[:20] in text) == (source.id in cited)
    export(story, str(path), one_to_one(credits=False))
    assert not any(p in pdf_text(path)[0] for p in PUBLISHERS)


# --- writing safely ---------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(story: Timeline, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"old.{suffix}"
    path.write_bytes(b"the old file")

    def broken(out: object) -> None:
        out.write(b"half a picture")  # type: ignore[attr-defined]
        raise ExportError("the drawing failed")

    with pytest.raises(ExportError, match="the drawing failed"):
        write_atomically(str(path), broken)
    assert path.read_bytes() == b"the old file"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("target", ["folder", "pipe", "/dev/null", ""])
def test_folders_pipes_devices_and_empty_names_are_refused(story: Timeline, tmp_path: Path, target: str) -> None:
    if target == "folder":
        target = str(tmp_path)
    elif target == "pipe":
        target = str(tmp_path / "pipe.svg")
        os.mkfifo(target)
    with pytest.raises(ExportError, match="folder|not a regular file|no file name"):
        export(story, target, ExportSpec((800, 600)))


def test_a_full_disk_says_so_and_keeps_the_old_file(story: Timeline, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        old = disk / "story.svg"
        old.write_bytes(b"old")
        with pytest.raises(ExportError, match="the disk is full"):
            export(story, str(old), ExportSpec((1920, 1080)))
        assert old.read_bytes() == b"old"
        assert [p.name for p in disk.iterdir()] == ["story.svg"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# --- the window: dialog with preview, print -----------------------------------------------------------
def test_export_through_the_menu(window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.svg"

    def accept(dialog: ExportDialog) -> int:
        dialog.path.setText(str(target))
        dialog.width_box.setValue(1600)
        dialog.height_box.setValue(900)
        dialog.subtitle_edit.setText("A subtitle typed in the dialog")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    window.actions_by_name["actionExportPng"].trigger()
    assert window.actions_by_name["actionExportPng"].shortcut().toString() == "Ctrl+E"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Exported"), timeout=10_000)
    data = target.read_bytes()
    texts = [t.text for t in svg_texts(data)]
    assert b'viewBox="0 0 1600 900"' in data and "A subtitle typed in the dialog" in texts
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"]


def test_a_large_png_is_written_in_a_worker_and_can_be_cancelled(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import time

    controller = window.exporter()
    target = tmp_path / "big.png"
    began = time.perf_counter()
    assert controller.export(str(target), ExportSpec((7680, 4320)), wait=False)
    assert time.perf_counter() - began < 1.0  # drawn on the GUI thread, encoded in the worker (about 1.3 s at 8K)
    assert controller.cancel_button.isVisibleTo(window)
    qtbot.mouseClick(controller.cancel_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Export cancelled"
    assert not controller.cancel_button.isVisibleTo(window)
    assert controller.export(str(target), ExportSpec((3840, 2160)), wait=False)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Exported"), timeout=20_000)
    assert QImage(str(target)).width() == 3840
    assert [p.name for p in tmp_path.iterdir()] == ["big.png"]


def test_unwritable_path_gets_a_message_and_the_app_goes_on(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = window.session.timeline
    for target in [str(tmp_path / "missing" / "dir" / "x.png"), str(tmp_path), "/proc/timeline.svg", str(tmp_path / "x.doc")]:
        window.status.last_error = ""
        window.exporter().export(target, ExportSpec((800, 600)), wait=False)
        qtbot.waitUntil(lambda target=target: target in window.status.last_error, timeout=10_000)
        assert window.session.timeline is before
    assert not (tmp_path / "missing").exists()
    assert list(tmp_path.iterdir()) == []


def test_dialog_preview_follows_the_options(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = window.exporter()
    dialog = ExportDialog(str(tmp_path / "x.png"), "T", "S", controller._preview, window)
    controller.dialog = dialog
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.preview_label.pixmap().isNull(), timeout=3000)
    wide = dialog.preview_label.pixmap().size()
    assert wide.width() / wide.height() == pytest.approx(1920 / 1080, rel=0.02)
    dialog.preset.setCurrentIndex(2)  # poster: A3 PDF
    assert dialog.path.text().endswith("x.pdf")
    qtbot.waitUntil(lambda: dialog.preview_label.pixmap().size() != wide, timeout=3000)
    page = dialog.preview_label.pixmap().size()
    assert page.width() / page.height() == pytest.approx(420 / 297, rel=0.02)
    dialog.path.setText(str(tmp_path / "x.gif"))
    assert "'.gif' is not a format" in dialog.message.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_preview_is_drawn_within_200_ms_at_100k_events(big: Timeline, qtbot) -> None:  # type: ignore[no-untyped-def]
    import time

    from gui.export.files import render_preview

    render_preview(big, ExportSpec(), Format.PNG, QSize(560, 380))  # first use builds the index
    start = time.perf_counter()
    image = render_preview(big, ExportSpec(), Format.PNG, QSize(560, 380))
    assert time.perf_counter() - start < 1.0  # a watchdog; benchmarks/ measures the 200 ms target
    assert len({image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}) > 10


def test_current_view_exports_the_visible_range_and_selection(window: MainWindow, tmp_path: Path) -> None:
    timeline = window.session.timeline
    contract = timeline.event_by_id[next(e.id for e in timeline.events if e.title == KEY_EVENTS[2])]
    window.session.select(contract)
    window.view.show_range(*parse_range("2025-03..2025-03"))
    assert window.export(str(tmp_path / "view.svg"), (1600, 900), whole=False)
    texts = [t.text for t in svg_texts((tmp_path / "view.svg").read_bytes())]
    assert any(t.startswith(KEY_EVENTS[2]) for t in texts)
    assert not any(t.startswith(KEY_EVENTS[0]) for t in texts)  # January 2023 is outside March 2025
    window.view.show_range(*parse_range("2022-12..2023-02"))  # the selection is now out of sight, and stays so
    assert window.export(str(tmp_path / "early.svg"), (1600, 900), whole=False)
    texts = [t.text for t in svg_texts((tmp_path / "early.svg").read_bytes())]
    assert any(t.startswith(KEY_EVENTS[0]) for t in texts) and not any(t.startswith(KEY_EVENTS[2]) for t in texts)


def test_print_preview_opens_and_prints_vector_text(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    window.actions_by_name["actionPrint"].trigger()
    preview = window.exporter().preview
    assert preview is not None and window.exporter().printer is not None  # the dialog does not own its printer
    try:
        qtbot.waitUntil(preview.isVisible, timeout=3000)
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        window.exporter()._on_paint_requested(printer)  # what the preview and the print button call
    finally:
        preview.reject()
    assert window.exporter().preview is None
    text, pages = pdf_text(tmp_path / "printed.pdf")
    assert window.session.timeline.title in text and pages[0][0] > pages[0][1]
    assert any(title in text for title in KEY_EVENTS)


# --- the command line ---------------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


def test_cli_writes_each_format_headless(tmp_path: Path, story: Timeline) -> None:
    png, svg, pdf = tmp_path / "a.png", tmp_path / "a.svg", tmp_path / "a.pdf"
    assert run_cli("--export", str(png), "--size", "1600x900").returncode == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1600, 900)
    assert len({QColor(image.pixel(x, y)).name() for x in range(0, 1600, 7) for y in range(300, 800, 7)}) > 10
    result = run_cli("--export", str(svg), "--range", "2025-01..2025-04", "--subtitle", "Q1 2025", "--no-credits")
    assert result.returncode == 0, result.stderr
    texts = [t.text for t in svg_texts(svg.read_bytes())]
    assert "Q1 2025" in texts and not any(t.startswith("Sources:") for t in texts)
    assert not any(t.startswith(KEY_EVENTS[0]) for t in texts) and any(t.startswith(KEY_EVENTS[3]) for t in texts)
    assert run_cli("--export", str(pdf), "--no-dates", "--size", "a4").returncode == 0
    text, pages = pdf_text(pdf)
    assert all(p in text for p in PUBLISHERS)
    assert KEY_EVENTS[2] in text and "10 Mar 2025" not in text  # --no-dates
    assert pages == [pytest.approx((841.89, 595.28), abs=1)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--export", "x.gif"], "'.gif' is not a format the app writes"),
        (["--export", "x"], "the name has no extension"),
        (["--export", "x.png", "--size", "big"], "is not WIDTHxHEIGHT"),
        (["--export", "x.png", "--size", "100000x10"], "out of range"),
        (["--export", "x.png", "--size", "A4"], "only a .pdf has one"),
        (["--export", "x.svg", "--range", "2025-01"], "is not START..END"),
        (["--export", "x.svg", "--range", "2025-04..2025-01"], "ends before it starts"),
        (["--export", "x.pdf", "--range", "2025-13..2026"], "month 13"),
        (["--export", "x.pdf", "--range", "soon..later"], "soon..later"),
        (["--export", "x.png", "--range", "1900..1950"], "'1900..1950' is too far from this timeline (2023 to 2025)"),
        (["--export", "/nonexistent-dir/x.png"], "cannot write /nonexistent-dir/x.png"),
        (["no-such-file.json", "--export", "x.png"], "no-such-file.json"),
    ],
)
def test_cli_refuses_bad_arguments_with_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not any((ROOT / name).exists() for name in ("x", "x.gif", "x.png", "x.svg", "x.pdf"))


def test_app_launches_and_stays_up(tmp_path: Path) -> None:
    """Smoke test: `python main.py` starts the real app (offscreen) without dying."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TIMELINE_VIEWER_SETTINGS_ORG="timeline-viewer-tests")
    proc = subprocess.Popen([sys.executable, "main.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=4)
    finally:
        proc.kill()
        _, err = proc.communicate()
    assert "Traceback" not in err


def test_labels_carry_their_dates_unless_asked_not_to(story: Timeline) -> None:
    dated = [t.text for t in svg_texts(export_bytes(story, Format.SVG, one_to_one()))]
    assert any(t.startswith(KEY_EVENTS[2]) and "10 Mar 2025" in t for t in dated)
    plain = [t.text for t in svg_texts(export_bytes(story, Format.SVG, one_to_one(dates=False)))]
    assert any(t.startswith(KEY_EVENTS[2]) for t in plain) and not any("10 Mar 2025" in t for t in plain)


def test_many_lanes_keep_the_legend_to_two_rows_and_the_canvas_its_room(tmp_path: Path) -> None:
    import json

    from model.formats.native import load_timeline

    lanes = [{"id": f"l{k}", "name": f"Department of lane number {k}"} for k in range(30)]
    events = [{"id": f"e{i}", "title": f"Event {i}", "start": f"2024-{1 + i % 12:02d}-10", "lanes": [f"l{i % 30}"]} for i in range(60)]
    path = tmp_path / "lanes.json"
    path.write_text(json.dumps({"format": "timeline-viewer/1", "title": "Thirty lanes", "lanes": lanes, "events": events}))
    picture = Picture(load_timeline(path), PictureOptions(), (1600, 900))
    try:
        lane_rows = [row for row in picture.legend_rows if any(kind in ("lane", "more") for _, kind, _, _ in row)]
        assert len(lane_rows) <= 2
        assert any(text.startswith("+") and "more lanes" in text for row in lane_rows for _, _, text, _ in row)
        assert picture.canvas.height() > 0.7 * 900
    finally:
        picture.close()


def test_marks_legend_explains_every_symbol_drawn_and_nothing_else(story: Timeline, tmp_path: Path) -> None:
    import json

    from model.formats.native import load_timeline

    def legend_texts(timeline: Timeline) -> set[str]:
        picture = Picture(timeline, PictureOptions(), (1600, 900))
        try:
            return {text for row in picture.legend_rows for _, kind, text, _ in row if kind != "lane"}
        finally:
            picture.close()

    shown = legend_texts(story)
    assert {MARK_TEXTS["echo"], MARK_TEXTS["conflict"], MARK_TEXTS["corroborated"], MARK_TEXTS["span"]} <= shown
    assert MARK_TEXTS["uncertain"] not in shown  # the story's only vague dates belong to a span
    path = tmp_path / "vague.json"
    events = [{"id": "a", "title": "Sometime in May", "start": "2024-05", "lanes": ["l"]},
              {"id": "b", "title": "A day", "start": "2024-08-02", "lanes": ["l"]}]
    path.write_text(json.dumps({"format": "timeline-viewer/1", "title": "Vague", "lanes": [{"id": "l", "name": "L"}], "events": events}))
    assert legend_texts(load_timeline(path)) == {MARK_TEXTS["uncertain"]}


def test_dialog_fits_a_small_screen_and_keeps_its_full_preview_on_a_large_one(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.export.dialog import PREVIEW

    controller = window.exporter()
    dialog = ExportDialog(str(tmp_path / "x.png"), "T", "S", controller._preview, window)
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().width() <= 700  # a 1024-pixel screen, or 1480 at 2x (740 wide)
    room = window.screen().availableGeometry().size()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    if room.width() >= 1300 and room.height() >= 700:
        assert dialog.preview_label.width() >= PREVIEW.width() - 20


def test_the_command_line_prints_bidi_controls_in_a_file_name_as_escapes(tmp_path, capsys, qapp) -> None:  # type: ignore[no-untyped-def]
    from gui.app import main

    missing = tmp_path / "evil\u202egnp.json"  # would print reversed: "evil" then "json.png"
    assert main(["--export", str(tmp_path / "out.png"), str(missing)]) == 2
    err = capsys.readouterr().err
    assert "\u202e" not in err and "\\u202e" in err
    target = tmp_path / "a\u2066b.png"
    assert main(["--export", str(target)]) == 0
    out = capsys.readouterr().out
    assert "\u2066" not in out and "a\\u2066b.png" in out
