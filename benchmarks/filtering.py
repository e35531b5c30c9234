"""Filter and "as known on" at a million events: toggling a lane and moving the slider, p50 / p95.

`python -m benchmarks.filtering [--events N] [--repeats K]` prints the rows and writes them into
benchmarks/results.md under "## Filter and as known on" (replacing that section, leaving the rest as it is).

The generated timeline gets 20 dated sources and one to three quotes per event (a tenth of the events in a
second lane), so every array the filter reads is full size. Timed: building the per-event arrays once
(:func:`model.filtering.filter_facts`, done in the background when the panel is first used), one lane toggle
and one slider step (:func:`model.filtering.masks`, the work done on the GUI thread before the next frame),
and the comparison of the sources redone as known on a date (:func:`model.filtering.analyse_as_of`, in the
background).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import msgspec
import numpy as np

from benchmarks import generate
from benchmarks.report import write_report
from model.filtering import Filter, FilterFacts, analyse_as_of, filter_facts, masks
from model.formats.native import load_timeline
from model.provenance.claims import analyse_timeline
from model.timeline import QuoteRef, Source, Timeline

RESULTS = Path(__file__).with_name("results.md")
HEADING = "## Filter and as known on"
TARGET_MS = 50.0
N_SOURCES = 20


def with_quotes(timeline: Timeline, seed: int = 14) -> Timeline:
    """``timeline`` with dated sources, 1-3 quotes per event, and a second lane on a tenth of the events."""
    rng = np.random.default_rng(seed)
    n = len(timeline.events)
    sources = [Source(f"s{k}", f"Source {k}", f"Publisher {k % 7}", f"{2015 + k % 12}-{1 + k % 12:02d}-15")
               for k in range(N_SOURCES)]
    counts = rng.integers(1, 4, n).tolist()
    cited = rng.integers(0, N_SOURCES, 3 * n).tolist()
    quotes = [QuoteRef(f"s{k}", "words") for k in range(N_SOURCES)]
    lane_ids = [lane.id for lane in timeline.lanes]
    second = (rng.random(n) < 0.1).tolist()
    other = rng.integers(0, len(lane_ids), n).tolist()
    events = []
    for i, event in enumerate(timeline.events):
        lanes = [*event.lanes, lane_ids[other[i]]] if second[i] and lane_ids[other[i]] not in event.lanes else event.lanes
        events.append(msgspec.structs.replace(event, quotes=[quotes[c] for c in cited[3 * i:3 * i + counts[i]]], lanes=lanes))
    doc = msgspec.structs.replace(timeline.doc, events=events, sources=sources)
    return Timeline(doc, timeline.starts, timeline.ends)


def timings(run: Callable[[int], object], steps: int) -> list[float]:
    """Milliseconds of each of ``steps`` calls of ``run(step)``."""
    out = []
    for step in range(steps):
        began = time.perf_counter()
        run(step)
        out.append(1000 * (time.perf_counter() - began))
    return out


def frames(timeline: Timeline, facts: FilterFacts, repeats: int) -> dict[str, float]:
    """Toggle a lane and step the slider in a real window's timeline view: the filter set through the session,
    then the synchronous repaint of the next frame, p50 / p95 in ms."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gui.analysis import Analyses
    from gui.canvas.timeline_view import TimelineView
    from gui.filters.controller import FilterController
    from model.session import Session

    app = QApplication.instance() or QApplication([sys.argv[0]])
    session = Session(timeline)
    view = TimelineView(session)
    view.resize(1600, 900)
    view.show()
    controller = FilterController(session, Analyses(session))
    controller.facts = facts
    controller.runner.submit = lambda *args, **kwargs: None  # type: ignore[method-assign]  # the analysis as known then is timed apart
    app.processEvents()
    lanes = [lane.id for lane in timeline.lanes]
    moments = facts.moments()
    picks = np.linspace(0, moments.size - 1, repeats).astype(int)

    def frame(chosen: Filter) -> None:
        session.filter = chosen
        view.viewport().repaint()

    toggles = timings(lambda k: frame(Filter(hidden_lanes=frozenset({lanes[k % len(lanes)]}))), repeats)
    slides = timings(lambda k: frame(Filter(as_of=float(moments[picks[k]]))), repeats)
    ghosted = timings(lambda k: frame(Filter(as_of=float(moments[picks[k]]), ghost=True)), repeats)
    view.close()
    del app
    return {"toggle_frame_p50": float(np.percentile(toggles, 50)), "toggle_frame_p95": float(np.percentile(toggles, 95)),
            "slide_frame_p50": float(np.percentile(slides, 50)), "slide_frame_p95": float(np.percentile(slides, 95)),
            "ghost_frame_p50": float(np.percentile(ghosted, 50)), "ghost_frame_p95": float(np.percentile(ghosted, 95))}


def measure(timeline: Timeline, repeats: int) -> dict[str, float]:
    """Seconds to build the arrays, ms per toggle and slider step, seconds to compare again as known then."""
    began = time.perf_counter()
    facts = filter_facts(timeline)
    build_s = time.perf_counter() - began
    lanes = [lane.id for lane in timeline.lanes]
    toggles = timings(lambda k: masks(facts, Filter(hidden_lanes=frozenset({lanes[k % len(lanes)]})), None), repeats)
    moments = facts.moments()
    picks = np.linspace(0, moments.size - 1, repeats).astype(int)
    slides = timings(lambda k: masks(facts, Filter(as_of=float(moments[picks[k]]), ghost=True), None), repeats)
    found = frames(timeline, facts, repeats)
    full = analyse_timeline(timeline)
    began = time.perf_counter()
    analyse_as_of(facts, float(moments[moments.size // 2]), full)
    return {**found, "build_s": build_s, "toggle_p50": float(np.percentile(toggles, 50)), "toggle_p95": float(np.percentile(toggles, 95)),
            "slide_p50": float(np.percentile(slides, 50)), "slide_p95": float(np.percentile(slides, 95)),
            "as_of_s": time.perf_counter() - began, "quotes": float(facts.quote_event.size)}


def section(n: int, found: dict[str, float]) -> str:
    """The results.md section."""
    def ms(key: str) -> str:
        return f"{found[key]:.1f}" + (" ✗" if found[key] > TARGET_MS else "")

    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    return "\n".join([
        HEADING,
        "",
        f"`python -m benchmarks.filtering` on {when}: {platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}; {n:,} generated events with {int(found['quotes']):,} quotes from {N_SOURCES} dated sources.",
        "",
        "| N | lane toggle to next frame p50 / p95 ms | as-known-on step to next frame p50 / p95 ms, hiding "
        "| the same, ghosting | of which the mask: toggle / step p95 ms | build arrays s (once, background) "
        "| compare again as known then s (background) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {n:,} | {found['toggle_frame_p50']:.1f} / {ms('toggle_frame_p95')} | "
        f"{found['slide_frame_p50']:.1f} / {ms('slide_frame_p95')} | {found['ghost_frame_p50']:.1f} / {ms('ghost_frame_p95')} | "
        f"{found['toggle_p95']:.1f} / {found['slide_p95']:.1f} | "
        f"{found['build_s']:.2f} | {found['as_of_s']:.2f} |",
        "",
        f"Target: a toggle or a slider step <= {TARGET_MS:.0f} ms p95 to the next frame. A step sets "
        "`session.filter` on a real `TimelineView` (1600x900, offscreen) with the filter controller attached, "
        "then repaints the viewport synchronously: the masks (`model.filtering.masks`), the canvas's sub-index of "
        "the shown events and lanes, its layout and its paint. The comparison of the sources as known then runs "
        "in the background; the generated quotes are not verified against any text, so it only walks the events "
        "here.",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.filtering", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md alone")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="timeline-filter-") as folder:
        timeline = with_quotes(load_timeline(generate.write(args.events, Path(folder) / "t.json")))
    timeline.index  # noqa: B018 - built before timing, as an open file has it
    text = section(args.events, measure(timeline, args.repeats))
    print(text)
    if not args.no_write:
        write_report(RESULTS, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
