"""Find at scale: index build time, index memory against the timeline's, and a keystroke to the next painted frame.

`python -m benchmarks.find [--sizes 100000,1000000]` measures each size in a fresh process (`--child FILE`) and
writes the rows into benchmarks/results.md under "## Find" (replacing that section, leaving the rest as it is).
The keystroke is a QTest key click in the window's search field (`searchField`), with the view of a 1600x900
window on the same session; the time runs until the timeline has painted the new matches (large timelines are
searched in a worker, so the time includes handing the query over and the result back).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.report import write_report

ROOT = Path(__file__).resolve().parents[1]

RESULTS = Path(__file__).with_name("results.md")
HEADING = "## Find"
TYPED = ("contoso signs", "gpu order 4", "hardware", "zurich", "northwind buys chip plant")
"""What is typed, one character at a time, each after clearing the field (which is a keystroke too)."""
KEYSTROKE_P95_MS = 100.0
INDEX_SHARE = 0.25


def rss_mb() -> float:
    """Resident memory of this process now, in MB (10**6 bytes), after a collection and giving freed heap back."""
    gc.collect()
    from gui.worker import return_free_memory

    return_free_memory()
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def child(path: str) -> dict[str, Any]:
    """All rows for one timeline file."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from model.formats.native import load_timeline
    from model.search import build_index

    app = QApplication.instance() or QApplication([sys.argv[0]])
    before = rss_mb()
    timeline = load_timeline(path)
    timeline.index  # noqa: B018 - an open timeline has its index
    loaded = rss_mb()
    began = time.perf_counter()
    index = build_index(timeline)
    build_s = time.perf_counter() - began
    indexed = rss_mb()
    out: dict[str, Any] = {"events": len(timeline.events), "timeline_mb": loaded - before, "index_mb": index.nbytes / 1e6,
                           "index_rss_mb": indexed - loaded, "build_s": build_s}
    out["search_ms"] = model_searches(index)
    out["keystroke"] = keystrokes(app, timeline, index)
    return out


def model_searches(index: Any) -> dict[str, float]:
    """Milliseconds of each growing prefix of the typed texts, searched afresh and narrowed from the one before."""
    fresh, narrowed = [], []
    for text in TYPED:
        previous = None
        for k in range(1, len(text) + 1):
            began = time.perf_counter()
            index.search(text[:k])
            fresh.append(time.perf_counter() - began)
            began = time.perf_counter()
            previous = index.search(text[:k], previous)
            narrowed.append(time.perf_counter() - began)
    return {"fresh_p50": _ms(fresh, 50), "fresh_p95": _ms(fresh, 95), "narrowed_p50": _ms(narrowed, 50),
            "narrowed_p95": _ms(narrowed, 95)}


def keystrokes(app: Any, timeline: Any, index: Any) -> dict[str, Any]:
    """Key clicks in the search field, each timed until the timeline painted its result."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from gui.canvas.timeline_item import TimelineItem
    from gui.canvas.timeline_view import TimelineView
    from gui.search.controller import FindBar, FindController
    from model.search import fold_query
    from model.session import Session

    paints = [0]
    paint = TimelineItem.paint

    def counted(item: TimelineItem, *args: Any) -> None:
        paints[0] += 1
        paint(item, *args)

    TimelineItem.paint = counted  # type: ignore[method-assign]
    session = Session(timeline)
    view = TimelineView(session)
    view.resize(1600, 800)
    controller = FindController(session)
    controller.index = index  # built above, as the window builds it after the first paint
    bar = FindBar(controller)
    bar.resize(500, 40)
    view.show()
    bar.show()
    _wait(app, lambda: paints[0] > 0)
    times: list[float] = []
    typed: list[str] = []
    for text in TYPED:
        for k in range(len(text) + 1):  # k == 0: Ctrl+A and Backspace clear the field
            painted = paints[0]
            began = time.perf_counter()
            if k == 0:
                QTest.keyClick(bar.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                QTest.keyClick(bar.field, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(bar.field, text[k - 1])
            target = fold_query(text[:k])
            _wait(app, lambda target=target: _found(controller, target))
            if paints[0] == painted:  # a canvas that does not repaint on new matches: paint its next frame now
                view.viewport().repaint()
            _wait(app, lambda painted=painted: paints[0] > painted)
            times.append(time.perf_counter() - began)
            typed.append(text[:k] or "(cleared)")
    ms = np.array(times) * 1e3
    slowest = np.argsort(ms)[::-1][:6]
    return {"keystrokes": len(times), "p50_ms": float(np.median(ms)), "p95_ms": float(np.percentile(ms, 95)),
            "max_ms": float(ms.max()), "slowest": [(typed[i], round(float(ms[i]))) for i in slowest.tolist()]}


def _found(controller: Any, target: str) -> bool:
    result = controller.result
    return (result is None and not target) or (result is not None and result.query == target)


def _wait(app: Any, done: Any, timeout: float = 60.0) -> None:
    """Run the event loop until ``done()``, idle between events as the app's own loop is (not spinning, which
    would keep the worker from the GIL)."""
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout
    app.processEvents()
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the search never finished and painted")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def _ms(seconds: list[float], q: float) -> float:
    return float(np.percentile(np.array(seconds) * 1e3, q))


def run_child(path: Path) -> dict[str, Any]:
    """:func:`child` in a fresh process, so its memory is that size's alone."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TIMELINE_VIEWER_SETTINGS_ORG="timeline-viewer-benchmarks")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-m", "benchmarks.find", "--child", str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=3600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-1500:]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def section(rows: dict[int, dict[str, Any]]) -> str:
    """The Markdown section for results.md."""
    out = [HEADING, "",
           f"`python -m benchmarks.find` on {time.strftime('%Y-%m-%d %H:%M')} (fresh process per size, Qt offscreen; "
           f"typed: {', '.join(repr(t) for t in TYPED)}, each after clearing the field; load average "
           f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs when done).", "",
           "| N | keystroke to painted frame p50 / p95 / max ms | search p50 / p95 ms (afresh; narrowed) | index build s "
           "| index MB | timeline MB | index / timeline |",
           "|---:|---:|---:|---:|---:|---:|---:|"]
    for n, r in rows.items():
        if "error" in r:
            out.append(f"| {n:,} | error: {r['error'].splitlines()[-1][:160]} ||||||")
            continue
        k, s = r["keystroke"], r["search_ms"]
        share = r["index_mb"] / r["timeline_mb"] if r["timeline_mb"] > 0 else float("nan")
        miss_k = " ✗" if k["p95_ms"] > KEYSTROKE_P95_MS else ""
        miss_m = " ✗" if share > INDEX_SHARE else ""
        out.append(f"| {n:,} | {k['p50_ms']:.0f} / {k['p95_ms']:.0f}{miss_k} / {k['max_ms']:.0f} | "
                   f"{s['fresh_p50']:.0f} / {s['fresh_p95']:.0f}; {s['narrowed_p50']:.0f} / {s['narrowed_p95']:.0f} | "
                   f"{r['build_s']:.2f} | {r['index_mb']:.0f} | {r['timeline_mb']:.0f} | {share:.0%}{miss_m} |")
    out += ["",
            f"Targets at 1,000,000 events: keystroke to the next painted frame <= {KEYSTROKE_P95_MS:.0f} ms p95; index "
            f"memory <= {INDEX_SHARE:.0%} of the timeline's. Index MB is what the index holds (its folded UTF-8 text, "
            "the line offsets, the per-lane, per-source and per-byte lists); timeline MB is the resident memory the loaded "
            "timeline and its numeric index added. The index is built once, in a worker, after the first paint.", ""]
    slow = [f"{n:,}: " + ", ".join(f"{text!r} {ms} ms" for text, ms in r["keystroke"]["slowest"])
            for n, r in rows.items() if "error" not in r]
    if slow:
        out += ["Slowest keystrokes (the text after the key): " + "; ".join(slow) + ". A first letter is read from "
                "per-byte lists of events; a longer query compares two bytes per block of the folded text, and one that "
                "extends the previous query narrows its hits. Most of a keystroke's time is the repaint of the dimmed "
                "canvas.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.find", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/timeline-bench"))
    parser.add_argument("--no-write", action="store_true", help="print only; leave results.md alone")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    from benchmarks.__main__ import timeline_file

    rows = {}
    for n in [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]:
        print(f"measuring {n:,} events ...", file=sys.stderr, flush=True)
        rows[n] = run_child(timeline_file(n, args.seed, args.cache))
    text = section(rows)
    print(text)
    if not args.no_write:
        write_report(RESULTS, text)
    return 1 if any("error" in r for r in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
