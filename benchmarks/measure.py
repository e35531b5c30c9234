"""One benchmark run on one timeline file, in its own process: `python -m benchmarks.measure FILE [--quick]`.

Prints one JSON object: load, first paint, zoom and pan steps, clicks, PNG exports and peak memory. Run in a
fresh process per file so that ``ru_maxrss`` is the peak of that size alone. Qt runs offscreen at 1600x900.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QMessageLogContext, QPoint, QPointF, Qt, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import gui.canvas.timeline_item  # noqa: E402
from gui.canvas.timeline_item import TimelineItem  # noqa: E402
from gui.canvas.timeline_view import ZOOM_STEP, TimelineView  # noqa: E402
from gui.export.files import export_png  # noqa: E402
from model.formats.native import load_timeline  # noqa: E402
from model.layout.lanes import HitKind  # noqa: E402
from model.session import Session  # noqa: E402
from model.timeline import Timeline  # noqa: E402

VIEW_SIZE = (1600, 900)
EXPORT_SIZES = {"export_1080p": (1920, 1080), "export_8k": (7680, 4320)}
CLICK_WINDOWS_DAYS = (365.0, 30.0, 3.0, 0.25)
"""Widths of the views clicks are made in, widest first; a narrower one is tried when nothing is clickable."""


@dataclass
class Probe:
    """Counts and times what TimelineItem does, by wrapping its methods at class level (before any view exists)."""

    paints: int = 0
    relayouts: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: {"layout_frame": 0.0, "prepare": 0.0, "paint": 0.0})

    def install(self) -> None:
        """Wrap TimelineItem.paint, TimelineItem._prepare and the layout functions the item calls."""
        item_paint, item_prepare = TimelineItem.paint, TimelineItem._prepare
        cull, label = gui.canvas.timeline_item.cull_frame, gui.canvas.timeline_item.label_frame

        def paint(item: TimelineItem, *args: Any) -> None:
            self.paints += 1
            with self.timed("paint"):
                item_paint(item, *args)

        def prepare(item: TimelineItem, frame: Any) -> Any:
            with self.timed("prepare"):
                return item_prepare(item, frame)

        def cull_frame(*args: Any, **kwargs: Any) -> Any:
            self.relayouts += 1
            with self.timed("layout_frame"):
                return cull(*args, **kwargs)

        def label_frame(*args: Any, **kwargs: Any) -> Any:
            with self.timed("layout_frame"):
                return label(*args, **kwargs)

        wrappers: list[tuple[object, str, Callable[..., Any]]] = [
            (TimelineItem, "paint", paint), (TimelineItem, "_prepare", prepare),
            (gui.canvas.timeline_item, "cull_frame", cull_frame), (gui.canvas.timeline_item, "label_frame", label_frame),
        ]
        for owner, name, wrapper in wrappers:
            setattr(owner, name, wrapper)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Add the time of the block to ``seconds[name]``."""
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - began

    def snapshot(self) -> tuple[int, int, dict[str, float]]:
        """(paints, relayouts, seconds) now."""
        return self.paints, self.relayouts, dict(self.seconds)


@dataclass
class Steps:
    """Timings of a series of view changes, each followed by a synchronous repaint."""

    seconds: list[float] = field(default_factory=list)
    relayouts: int = 0
    unpainted: int = 0
    parts: dict[str, float] = field(default_factory=lambda: {"layout_frame": 0.0, "prepare": 0.0, "paint": 0.0})
    worst_range_days: float = 0.0

    def summary(self) -> dict[str, Any]:
        """Median, p95, max (ms) and the mean share of each part."""
        ms = np.array(self.seconds) * 1e3
        n = max(len(self.seconds), 1)
        return {
            "steps": len(self.seconds),
            "p50_ms": float(np.median(ms)) if ms.size else float("nan"),
            "p95_ms": float(np.percentile(ms, 95)) if ms.size else float("nan"),
            "max_ms": float(ms.max()) if ms.size else float("nan"),
            "mean_layout_frame_ms": self.parts["layout_frame"] * 1e3 / n,
            "mean_prepare_ms": self.parts["prepare"] * 1e3 / n,
            "mean_paint_ms": self.parts["paint"] * 1e3 / n,
            "relayouts_per_step": self.relayouts / n,
            "steps_without_paint": self.unpainted,
            "slowest_step_range_days": self.worst_range_days,
        }


class Bench:
    """The view under test and the probe that watches it."""

    def __init__(self, app: QApplication, timeline: Timeline, probe: Probe, seed: int) -> None:
        self.app = app
        self.timeline = timeline
        self.probe = probe
        self.rng = np.random.default_rng(seed)
        self.session = Session(timeline)
        began = time.perf_counter()
        self.view = TimelineView(self.session)
        self.view.resize(*VIEW_SIZE)
        self.view.show()
        deadline = began + 120
        while probe.paints == 0 and time.perf_counter() < deadline:
            app.processEvents()
        self.first_paint_s = time.perf_counter() - began
        self.relayouts_before_first_paint = probe.relayouts
        self.settle()

    def settle(self) -> None:
        """Let queued updates (and the repaint they cause) run, outside any timing."""
        self.app.processEvents()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.app.processEvents()

    def step(self, steps: Steps, change: Callable[[], None]) -> None:
        """Time ``change`` plus the synchronous repaint of the viewport it needs."""
        paints, relayouts, parts = self.probe.snapshot()
        began = time.perf_counter()
        change()
        self.view.viewport().repaint()
        elapsed = time.perf_counter() - began
        after_paints, after_relayouts, after_parts = self.probe.snapshot()
        if steps.seconds and elapsed > max(steps.seconds):
            lo, hi = self.view.x_range()
            steps.worst_range_days = (hi - lo) / 86_400
        steps.seconds.append(elapsed)
        steps.relayouts += after_relayouts - relayouts
        steps.unpainted += after_paints == paints
        for name in steps.parts:
            steps.parts[name] += after_parts[name] - parts[name]
        self.settle()

    def random_time(self) -> float:
        """The start of a random event (so zoomed-in views are not empty)."""
        starts = self.timeline.index.start
        return float(starts[int(self.rng.integers(0, starts.size))])

    def zoom_steps(self, cycles: int, depth: int) -> Steps:
        """Cycles of ``depth`` steps in around an event, then ``depth`` out around random points: full range to hours."""
        steps = Steps()
        for _ in range(cycles):
            self.view.fit_all()
            self.settle()
            centre = self.random_time()
            for _ in range(depth):
                self.step(steps, partial(self.view.zoom, ZOOM_STEP, centre))
            for _ in range(depth):
                lo, hi = self.view.x_range()
                centre = float(self.rng.uniform(lo, hi))
                self.step(steps, partial(self.view.zoom, 1 / ZOOM_STEP, centre))
        return steps

    def pan_steps(self, depths: tuple[int, ...], per_level: int) -> Steps:
        """At each zoom depth (steps of 1.25 from the full range), pan right and left by the keyboard's fraction."""
        steps = Steps()
        for depth in depths:
            self.view.fit_all()
            self.view.zoom(ZOOM_STEP**depth, self.random_time())
            self.settle()
            for k in range(per_level):
                fraction = 0.15 if (k // 4) % 2 == 0 else -0.15
                self.step(steps, partial(self.view.pan, fraction))
        return steps

    def clicks(self, count: int) -> dict[str, Any]:
        """QTest clicks on events drawn in the view, timed until ``selectionChanged`` has fired."""
        fired: list[tuple[float, int]] = []
        self.session.events.selected.connect(lambda event: fired.append((time.perf_counter(), event)))
        to_signal: list[float] = []
        to_return: list[float] = []
        kinds: dict[str, int] = {}
        misses = 0
        for _ in range(count * 4):
            if len(to_signal) >= count:
                break
            target = self._click_target()
            if target is None:
                misses += 1
                continue
            pos, event, kind = target
            QTest.mouseMove(self.view.viewport(), pos)
            self.settle()
            fired.clear()
            began = time.perf_counter()
            QTest.mouseClick(self.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
            returned = time.perf_counter()
            hits = [t for t, e in fired if e == event]
            if not hits:
                misses += 1
            else:
                to_signal.append(hits[0] - began)
                to_return.append(returned - began)
                kinds[kind] = kinds.get(kind, 0) + 1
            self.settle()
        ms = np.array(to_signal) * 1e3
        return {
            "clicks": len(to_signal),
            "p50_ms": float(np.median(ms)) if ms.size else float("nan"),
            "p95_ms": float(np.percentile(ms, 95)) if ms.size else float("nan"),
            "p50_until_return_ms": float(np.median(to_return) * 1e3) if to_return else float("nan"),
            "targets": kinds,
            "misses": misses,
        }

    def _click_target(self) -> tuple[QPoint, int, str] | None:
        """A random clickable event in a view around a random event: a marker, else a label, else a span."""
        centre = self.random_time()
        for days in CLICK_WINDOWS_DAYS:
            half = days * 86_400 / 2
            self.view.show_range(centre - half, centre + half)
            self.view.viewport().repaint()
            self.settle()
            found = self._target_in_frame()
            if found is not None:
                return found
        return None

    def _target_in_frame(self) -> tuple[QPoint, int, str] | None:
        frame = self.view.item.frame
        if frame is None:
            return None
        r = frame.params.row_height / 2
        candidates = [
            ("marker", frame.marker_x, frame.line_y[frame.marker_lane]),
            ("label", frame.label_x + np.minimum(frame.label_w / 2, 30), frame.label_y + r),
            ("span", (np.clip(frame.span_x0, 0, frame.width) + np.clip(frame.span_x1, 0, frame.width)) / 2,
             frame.line_y[frame.span_lane]),
        ]
        for kind, xs, ys in candidates:
            inside = np.flatnonzero((xs > 20) & (xs < frame.width - 20))
            for k in self.rng.permutation(inside)[:20].tolist():
                x, y = float(xs[k]), float(ys[k])
                hit = frame.hit(x, y)
                if hit is None or hit[0] is not HitKind.EVENT or hit[1] == self.session.selected:
                    continue
                scene = self.view.view_box.mapToScene(QPointF(x, y))
                return self.view.mapFromScene(scene), hit[1], kind
        return None

    def exports(self, repeats: int) -> dict[str, float]:
        """Median seconds of export_png at each size (a fresh hidden view each time, as the app does)."""
        out: dict[str, float] = {}
        with tempfile.TemporaryDirectory(prefix="timeline-bench-") as folder:
            for name, size in EXPORT_SIZES.items():
                times = []
                for k in range(repeats if name == "export_1080p" else max(1, repeats - 1)):
                    path = os.path.join(folder, f"{name}-{k}.png")
                    began = time.perf_counter()
                    export_png(self.timeline, path, size)
                    times.append(time.perf_counter() - began)
                    self.settle()
                out[name] = float(np.median(times))
        return out


def measure(path: str, quick: bool = False, seed: int = 7) -> dict[str, Any]:
    """Every number of one benchmark row for the timeline at ``path``."""
    result: dict[str, Any] = {"file": path, "quick": quick}
    began = time.perf_counter()
    timeline = load_timeline(path)
    parsed = time.perf_counter()
    index = timeline.index
    indexed = time.perf_counter()
    result.update(n_events=len(timeline.events), n_rows=len(index), parse_validate_s=parsed - began,
                  index_s=indexed - parsed, load_s=indexed - began)
    result["rss_after_load_mb"] = _peak_mb()
    probe = Probe()
    probe.install()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    bench = Bench(app, timeline, probe, seed)
    result["first_paint_s"] = bench.first_paint_s
    result["relayouts_before_first_paint"] = bench.relayouts_before_first_paint
    phases: dict[str, Callable[[], dict[str, Any]]] = {
        "zoom": lambda: bench.zoom_steps(cycles=1 if quick else 2, depth=25 if quick else 40).summary(),
        "pan": lambda: bench.pan_steps((0, 3, 8, 15, 25) if quick else (0, 3, 8, 15, 25, 35), 10 if quick else 20).summary(),
        "click": lambda: bench.clicks(50),
        "export": lambda: bench.exports(1 if quick else 3),
    }
    for name, phase in phases.items():
        try:
            found = phase()
        except Exception as exc:  # noqa: BLE001 - one broken phase must not hide the others' numbers
            traceback.print_exc()
            result.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}".splitlines()[0]
            continue
        if name == "export":
            result.update(found)
        else:
            result[name] = found
    result["peak_mb"] = _peak_mb()
    return result


def _quiet_qtest(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Drop QTest's note that the view leaves clicks to its scene ("Mouse event ... not accepted"); print the rest."""
    if not message.startswith('Mouse event "'):
        print(message, file=sys.stderr)


def _peak_mb() -> float:
    """Peak resident memory of this process so far, in MB of 10**6 bytes (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def main(argv: list[str] | None = None) -> int:
    """Command line: FILE [--quick]; prints the result as one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure", description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--quick", action="store_true", help="fewer steps and a single export of each size")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    qInstallMessageHandler(_quiet_qtest)
    print(json.dumps(measure(args.file, args.quick, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
