"""The timeline as PNG, SVG or PDF: one picture (gui/export/picture.py) painted on the format's device, written atomically."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPaintDevice, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from gui.canvas.timeline_canvas import reachable_range
from gui.export.picture import Picture, PictureOptions, label_px, logical_dpi
from model.formats.writing import write_atomically as write_file
from model.provenance.marks import EventMark
from model.session import Session
from model.time.timepoint import DateError, Precision, TimePoint, year_label
from model.timeline import Timeline

Shown = Session | Timeline
"""What an export draws: a session as the window shows it (filter, search, "as known on"), or a whole timeline."""

MAX_SIDE = 16384
PNG_DISPLAY_WIDTH = 1920
"""A PNG wider than this is taken to be shown at this width on a high-density screen (4K at 2x)."""
PAGES = {"A3": QPageSize.PageSizeId.A3, "A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
APP_NAME = "Timeline Viewer"


class ExportError(Exception):
    """An export that could not be written; nothing was left behind."""


class Format(Enum):
    """What the file name's extension asks for."""

    PNG = "png"
    SVG = "svg"
    PDF = "pdf"


@dataclass(frozen=True)
class ExportSpec:
    """Where the picture goes: its size, the width it is read at, and the page for PDF."""

    size: tuple[int, int] = (1920, 1080)
    """Pixels of a PNG; user units of an SVG; the page of a PDF at the logical DPI (unless ``page`` is set)."""
    display_width: int = 0
    """The width the picture is shown at, in CSS pixels; 0: the picture's width (at most 1920 for PNG)."""
    page: str = ""
    """"A3", "A4" or "Letter" (landscape) for a PDF on paper; "" for a page the size of the picture."""
    picture: PictureOptions = field(default_factory=PictureOptions)


def format_of(path: str) -> Format:
    """The format the file name's extension names, or an error naming the extensions that work."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    for fmt in Format:
        if ext == fmt.value:
            return fmt
    reason = f"'.{ext}' is not a format the app writes" if ext else "the name has no extension"
    raise ExportError(f"cannot export to {path}: {reason} (use .png, .svg or .pdf)")


def parse_size(text: str) -> tuple[int, int]:
    """"1920x1080" to (1920, 1080), with a clear error for anything else."""
    match = re.fullmatch(r"\s*([0-9]{1,6})\s*[xX]\s*([0-9]{1,6})\s*", text)
    if match is None:
        raise ExportError(f"size {text!r} is not WIDTHxHEIGHT, e.g. 1920x1080")
    size = int(match.group(1)), int(match.group(2))
    if not (320 <= size[0] <= MAX_SIDE and 240 <= size[1] <= MAX_SIDE):
        raise ExportError(f"size {text!r} is out of range (320x240 to {MAX_SIDE}x{MAX_SIDE})")
    return size


def paper_size(text: str, path: str) -> str:
    """"A4", "A3" or "Letter" when ``text`` names a paper size (only a PDF has paper); "" for a size in pixels."""
    page = next((name for name in PAGES if name.lower() == text.strip().lower()), "")
    if page and format_of(path) is not Format.PDF:
        raise ExportError(f"size {text!r} is a paper size: only a .pdf has one (use WIDTHxHEIGHT for {path})")
    return page


def parse_range(text: str) -> tuple[float, float]:
    """"2025-01..2025-04" to seconds from the start of the first date to the end of the second."""
    parts = text.split("..")
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise ExportError(f"range {text!r} is not START..END, e.g. 2025-01..2025-04")
    try:
        start, end = TimePoint.parse(parts[0].strip()), TimePoint.parse(parts[1].strip())
    except DateError as exc:
        raise ExportError(f"range {text!r}: {exc}") from None
    lo, hi = start.seconds, end.end_seconds()
    if hi <= lo:
        raise ExportError(f"range {text!r} ends before it starts")
    return lo, hi


def check_range(text: str, view_range: tuple[float, float], timeline: Timeline) -> None:
    """ExportError when ``view_range`` (from ``text``) lies wholly beyond where a view of ``timeline`` can go."""
    x_min, x_max = reachable_range(timeline)
    if view_range[1] >= x_min and view_range[0] <= x_max:
        return
    first, last = (year_label(TimePoint.from_seconds(s, Precision.YEAR).year) for s in timeline.time_bounds())
    raise ExportError(f"range {text!r} is too far from this timeline ({first} to {last}) to show")


def _timeline(shown: Shown) -> Timeline:
    return shown.timeline if isinstance(shown, Session) else shown


# --- laying the picture out on a device ---------------------------------------------------------
def logical_size(spec: ExportSpec, device: QSizeF, fmt: Format) -> tuple[float, float]:
    """The picture's size in logical pixels: its display width divided by the text scale, at the device's aspect."""
    display = spec.display_width or (min(device.width(), PNG_DISPLAY_WIDTH) if fmt is Format.PNG else device.width())
    text_scale = max(spec.picture.text_px, 1.0) / label_px()
    width = max(display / text_scale, 200.0)
    return width, width * device.height() / device.width()


def paint_on(painter: QPainter, timeline: Shown, spec: ExportSpec, device: QSizeF, fmt: Format,
             marks: dict[int, EventMark] | None = None, target: QSizeF | None = None) -> Picture:
    """Lay the picture out for a device of ``device`` pixels and paint it with ``painter`` into ``target`` (the device)."""
    width, height = logical_size(spec, device, fmt)
    picture = Picture(timeline, spec.picture, (width, height), marks)
    target = target or device
    painter.save()
    painter.scale(target.width() / width, target.height() / height)
    picture.paint(painter)
    painter.restore()
    return picture


def _paint(device: QPaintDevice, timeline: Shown, spec: ExportSpec, fmt: Format, marks: dict[int, EventMark] | None,
           size: QSizeF) -> list[dict[str, Any]]:
    """Paint the picture on ``device`` and say what the canvas drew, in the device's pixels."""
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("the picture could not be started")
    try:
        picture = paint_on(painter, timeline, spec, size, fmt, marks)
    finally:
        painter.end()
    scale = size.width() / picture.width
    drawn = [{**d, "rect": tuple(v * scale for v in d["rect"])} for d in picture.drawn()]
    picture.close()
    return drawn


def render_image(timeline: Shown, spec: ExportSpec, marks: dict[int, EventMark] | None = None) -> QImage:
    """The picture as an image of ``spec.size`` pixels."""
    return render_drawn(timeline, spec, marks)[0]


def render_drawn(timeline: Shown, spec: ExportSpec, marks: dict[int, EventMark] | None = None) -> tuple[QImage, list[dict[str, Any]]]:
    """The picture as an image, with what its canvas drew (kind, text, rect in image pixels, event, lane)."""
    width, height = spec.size
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    dots = round(logical_dpi() / 0.0254)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    image.fill(QColor("white"))
    drawn = _paint(image, timeline, spec, Format.PNG, marks, QSizeF(width, height))
    return image, drawn


def device_size(spec: ExportSpec) -> QSizeF:
    """The target's size in pixels at the logical DPI: the paper page's when one is set, else the picture's."""
    if not spec.page:
        return QSizeF(*spec.size)
    points = QPageSize(PAGES[spec.page]).size(QPageSize.Unit.Point)
    scale = logical_dpi() / 72
    return QSizeF(max(points.width(), points.height()) * scale, min(points.width(), points.height()) * scale)


def render_preview(timeline: Shown, spec: ExportSpec, fmt: Format, room: QSize, marks: dict[int, EventMark] | None = None) -> QImage:
    """The picture laid out exactly as it will be written, drawn small enough to fit ``room``."""
    device = device_size(spec)
    fit = device.scaled(QSizeF(room), Qt.AspectRatioMode.KeepAspectRatio)
    image = QImage(max(round(fit.width()), 1), max(round(fit.height()), 1), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_on(painter, timeline, spec, device, fmt, marks, QSizeF(image.width(), image.height())).close()
    finally:
        painter.end()
    return image


def render_timeline(timeline: Shown, size: tuple[int, int], view_range: tuple[float, float] | None = None,
                    selected: int = -1) -> QImage:
    """A PNG-ready image of the whole timeline or of ``view_range`` (seconds), with the default options."""
    return render_image(timeline, ExportSpec(size, picture=PictureOptions(view_range=view_range, selected=selected)))


def _write_svg(out: QIODevice, timeline: Shown, spec: ExportSpec, marks: dict[int, EventMark] | None) -> None:
    width, height = spec.size
    generator = QSvgGenerator()
    generator.setOutputDevice(out)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setResolution(round(logical_dpi()))
    generator.setTitle(spec.picture.title or _timeline(timeline).title[:2000])
    generator.setDescription(f"Made with {APP_NAME}")
    _paint(generator, timeline, spec, Format.SVG, marks, QSizeF(width, height))


def pdf_writer(out: QIODevice, timeline: Shown, spec: ExportSpec) -> QPdfWriter:
    """A PDF writer on ``out``: a landscape paper page, or a page the picture's size; no margins."""
    writer = QPdfWriter(out)
    dpi = round(logical_dpi())
    writer.setResolution(dpi)
    writer.setTitle(spec.picture.title or _timeline(timeline).title[:2000])
    writer.setCreator(APP_NAME)
    if spec.page:
        page = QPageSize(PAGES[spec.page])
        orientation = QPageLayout.Orientation.Landscape
    else:
        width, height = spec.size
        page = QPageSize(QSizeF(width * 72 / dpi, height * 72 / dpi), QPageSize.Unit.Point, "Picture", QPageSize.SizeMatchPolicy.ExactMatch)
        orientation = QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0)))
    return writer


def _write_pdf(out: QIODevice, timeline: Shown, spec: ExportSpec, marks: dict[int, EventMark] | None) -> None:
    writer = pdf_writer(out, timeline, spec)
    _paint(writer, timeline, spec, Format.PDF, marks, QSizeF(writer.width(), writer.height()))


def _write_png(out: QIODevice, timeline: Shown, spec: ExportSpec, marks: dict[int, EventMark] | None) -> None:
    if not render_image(timeline, spec, marks).save(out, "PNG"):  # type: ignore[call-overload]
        raise ExportError("the PNG could not be encoded")


WRITERS: dict[Format, Callable[[QIODevice, Shown, ExportSpec, dict[int, EventMark] | None], None]] = {
    Format.PNG: _write_png, Format.SVG: _write_svg, Format.PDF: _write_pdf}


def export(timeline: Shown, path: str, spec: ExportSpec | None = None, marks: dict[int, EventMark] | None = None) -> Format:
    """Write the picture to ``path`` in the format its extension names; the file appears whole or not at all."""
    check_target(path)
    fmt = format_of(path)
    spec = spec or ExportSpec()
    write_atomically(path, lambda out: WRITERS[fmt](out, timeline, spec, marks))
    return fmt


def draw(timeline: Shown, path: str, spec: ExportSpec | None = None,
         marks: dict[int, EventMark] | None = None) -> tuple[Format, Callable[[], bytes]]:
    """Check the target and draw the picture now (on the GUI thread); the returned function encodes it (any thread).

    Drawing takes about 0.1 s; encoding a large PNG takes seconds, and can run in a worker.
    """
    check_target(path)
    fmt = format_of(path)
    spec = spec or ExportSpec()
    if fmt is Format.PNG:
        image = render_image(timeline, spec, marks)
        return fmt, lambda: encode_png(image)
    data = export_bytes(timeline, fmt, spec, marks)
    return fmt, lambda: data


def encode_png(image: QImage) -> bytes:
    """The image as PNG bytes."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise ExportError("the PNG could not be encoded")
    return bytes(buffer.data().data())


def write_bytes(path: str, data: bytes) -> None:
    """Put ``data`` at ``path`` through a temporary file and a rename; an error names the path and the reason."""
    check_target(path)
    try:
        write_file(Path(path), data)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_reason(exc)}") from None


def export_bytes(timeline: Shown, fmt: Format, spec: ExportSpec | None = None, marks: dict[int, EventMark] | None = None) -> bytes:
    """The file's bytes, in memory (for tests and previews)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    WRITERS[fmt](buffer, timeline, spec or ExportSpec(), marks)
    return bytes(buffer.data().data())


def check_target(path: str) -> None:
    """Refuse an empty name, and anything that exists but is not a regular file (a folder, a pipe, a device)."""
    if not path.strip():
        raise ExportError("no file name was given")
    if os.path.isdir(path) or path.endswith(("/", os.sep)):
        raise ExportError(f"cannot write {path}: it is a folder")
    if os.path.exists(path) and not os.path.isfile(path):
        raise ExportError(f"cannot write {path}: it is not a regular file")


def write_atomically(path: str, write: Callable[[QIODevice], None]) -> None:
    """Run ``write`` into memory, then put the bytes in place through a temporary file and a rename.

    Qt's QSaveFile can report success after a write that ran out of space; Python's writes raise instead.
    """
    check_target(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        write(buffer)
    except ExportError as exc:
        raise ExportError(f"cannot write {path}: {exc}") from None
    write_bytes(path, bytes(buffer.data().data()))


def _reason(exc: OSError) -> str:
    """Why a write failed, in words; a full disk says so."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (the existing file, if any, was left as it was)"
    return exc.strerror or str(exc)


def with_picture(spec: ExportSpec, **changes: object) -> ExportSpec:
    """``spec`` with some picture options changed."""
    return replace(spec, picture=replace(spec.picture, **changes))  # type: ignore[arg-type]


def save_png(image: QImage, path: str) -> None:
    """Write ``image`` to ``path`` atomically."""

    def write(out: QIODevice) -> None:
        if not image.save(out, "PNG"):  # type: ignore[call-overload]
            raise ExportError("the PNG could not be encoded")

    write_atomically(path, write)


def export_png(timeline: Shown, path: str, size: tuple[int, int] = (1920, 1080),
               view_range: tuple[float, float] | None = None) -> None:
    """Render and save a PNG in one step."""
    save_png(render_timeline(timeline, size, view_range), path)
