"""Export at 100,000 events: SVG and PDF time and size, a 1080p PNG, and one update of the export dialog's preview.

`python -m benchmarks.export_formats [--events N] [--repeats K]` prints the rows and writes them into
benchmarks/results.md under "## Export formats" (replacing that section, leaving the rest as it is).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks import generate  # noqa: E402
from benchmarks.report import write_report
from gui.export.dialog import ExportDialog  # noqa: E402
from gui.export.files import ExportSpec, export, render_preview  # noqa: E402
from gui.export.picture import marks_of  # noqa: E402
from model.formats.native import load_timeline  # noqa: E402
from model.timeline import Timeline  # noqa: E402

RESULTS = Path(__file__).with_name("results.md")
HEADING = "## Export formats"
TARGETS = {"svg_s": 3.0, "svg_mb": 30.0, "pdf_s": 2.0, "png_1080p_s": 0.5, "preview_ms": 200.0}


def median_time(run: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``run`` in seconds."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return float(np.median(times))


def measure(timeline: Timeline, repeats: int) -> dict[str, float]:
    """Seconds and sizes of each format, and of a preview update in the dialog."""
    marks_of(timeline)  # the analysis is done once per timeline, before any export, as in the window
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="timeline-export-") as folder:
        for key, name in (("svg_s", "t.svg"), ("pdf_s", "t.pdf"), ("png_1080p_s", "t.png")):
            path = os.path.join(folder, name)
            out[key] = median_time(lambda path=path: export(timeline, path, ExportSpec((1920, 1080))), repeats)
        out["svg_mb"] = os.path.getsize(os.path.join(folder, "t.svg")) / 1e6
        out["pdf_mb"] = os.path.getsize(os.path.join(folder, "t.pdf")) / 1e6
    dialog = ExportDialog("t.png", timeline.title, timeline.doc.description,
                          lambda spec, fmt, whole, room: render_preview(timeline, spec, fmt, room))
    dialog.update_preview()  # warm-up
    out["preview_ms"] = 1000 * median_time(dialog.update_preview, max(repeats, 5))
    dialog.deleteLater()
    return out


def section(n: int, found: dict[str, float]) -> str:
    """The Markdown section for results.md."""
    def cell(key: str, fmt: str) -> str:
        return format(found[key], fmt) + (" ✗" if found[key] > TARGETS[key] else "")

    return "\n".join([
        HEADING,
        "",
        f"`python -m benchmarks.export_formats` on {time.strftime('%Y-%m-%d %H:%M')}: {n:,} generated events, 1920x1080, "
        "Qt offscreen, median of repeated runs; each export lays out its own canvas (no widget) and writes the file.",
        "",
        "| N | SVG s | SVG MB | PDF s | PDF MB | PNG 1080p s | preview update ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        "| " + " | ".join([f"{n:,}", cell("svg_s", ".2f"), cell("svg_mb", ".2f"), cell("pdf_s", ".2f"),
                           format(found["pdf_mb"], ".2f"), cell("png_1080p_s", ".2f"), cell("preview_ms", ".0f")]) + " |",
        "",
        "Targets at 100,000 events: SVG <= 3 s and <= 30 MB, PDF <= 2 s, PNG 1080p <= 0.5 s, preview update <= 200 ms. "
        "Dense places are drawn as clusters and coverage strips, as on screen, never as one node per event.",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_formats", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md alone")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="timeline-export-data-") as folder:
        timeline = load_timeline(generate.write(args.events, Path(folder) / "t.json"))
        timeline.index  # noqa: B018 - built before timing, as an open file has it
        found = measure(timeline, args.repeats)
    del app
    text = section(args.events, found)
    print(text)
    if not args.no_write:
        write_report(RESULTS, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
