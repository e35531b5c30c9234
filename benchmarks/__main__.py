"""Run the benchmarks of issue "A million events, smooth": `python -m benchmarks [--sizes 1000,100000] [--quick]`.

For each size, a seeded synthetic timeline (cached in /tmp) is measured in a fresh process (benchmarks.measure), so
each row's peak memory is that size's alone. Then start-up to first paint is compared with a bare PySide6 +
pyqtgraph window. The table goes to stdout and to benchmarks/results.md; cells that miss a target are marked.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.report import write_report

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().with_name("results.md")
DEFAULT_SIZES = "1000,10000,100000,1000000"
MISS = " ✗"


@dataclass(frozen=True)
class Targets:
    """What "smooth" means up to a number of events."""

    load_s: float
    p95_ms: float
    click_ms: float
    export_s: float
    peak_mb: float = math.inf


TARGETS = {100_000: Targets(1.0, 16.0, 5.0, 0.5), 1_000_000: Targets(6.0, 33.0, 10.0, 2.0, 1500.0)}
STARTUP_RATIO = 1.2


NO_TARGETS = Targets(math.inf, math.inf, math.inf, math.inf)


def targets_for(n: int) -> Targets:
    """The targets of the smallest tier at or above ``n`` (a smaller timeline must do at least as well)."""
    tiers = [size for size in sorted(TARGETS) if n <= size]
    return TARGETS[tiers[0]] if tiers else NO_TARGETS


def timeline_file(n: int, seed: int, cache: Path) -> Path:
    """The cached synthetic timeline of ``n`` events, generated if missing (the name changes with the generator)."""
    version = hashlib.sha1(Path(generate.__file__).read_bytes()).hexdigest()[:8]
    path = cache / f"events-{n}-seed{seed}-{version}.json"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        generate.write(n, path, seed)
        _note(f"generated {path} in {time.perf_counter() - began:.1f} s")
    return path


def child_env() -> dict[str, str]:
    """Offscreen Qt, settings kept away from the user's, the repository importable."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TIMELINE_VIEWER_SETTINGS_ORG="timeline-viewer-benchmarks")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_size(path: Path, quick: bool) -> dict[str, Any]:
    """benchmarks.measure on ``path`` in a fresh process; its JSON, or {"error": ...}."""
    command = [sys.executable, "-m", "benchmarks.measure", str(path), *(["--quick"] if quick else [])]
    done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=3 * 3600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-2000:]}"}
    result: dict[str, Any] = json.loads(lines[-1])
    if done.stderr.strip():
        result["stderr"] = done.stderr.strip()[-2000:]
    return result


def time_to_first_paint(module: str) -> tuple[float, str]:
    """Seconds from just before starting ``python -m module`` to the first paint it reports, and its mode line."""
    began = time.time()
    done = subprocess.run([sys.executable, "-m", module], cwd=ROOT, env=child_env(), capture_output=True, text=True,
                          timeout=300, check=False)
    stamps = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("first-paint ")]
    if not stamps:
        raise RuntimeError(f"{module} reported no paint (exit {done.returncode}): {done.stderr.strip()[-1000:]}")
    mode = next((line[5:] for line in done.stdout.splitlines() if line.startswith("mode ")), "")
    return float(stamps[0]) - began, mode


def export_formats(quick: bool) -> str:
    """The export-formats section (benchmarks.export_formats, 100,000 events) from a fresh process."""
    command = [sys.executable, "-m", "benchmarks.export_formats", "--no-write", "--repeats", "1" if quick else "3"]
    done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        return f"## Export formats\n\nfailed (exit {done.returncode}): {done.stderr.strip()[-500:]}\n"
    return done.stdout.strip() + "\n"


def startup(runs: int) -> dict[str, Any]:
    """Median start-up of the bare window and of the app, alternating, after one warm-up run of each.

    The project's modules are byte-compiled first, as pip does for installed packages (pyqtgraph's are):
    with PYTHONDONTWRITEBYTECODE set, an editable checkout would otherwise compile them at every start.
    """
    compileall.compile_dir(str(ROOT), quiet=1, rx=re.compile(r"[/\\](\.venv|\.git|tests)([/\\]|$)"))
    floor: list[float] = []
    app: list[float] = []
    mode = ""
    for k in range(runs + 1):
        f, _ = time_to_first_paint("benchmarks.startup_floor")
        a, mode = time_to_first_paint("benchmarks.startup_app")
        if k:
            floor.append(f)
            app.append(a)
    return {"floor_s": statistics.median(floor), "app_s": statistics.median(app), "runs": runs, "mode": mode,
            "floor_all": floor, "app_all": app}


def _cell(value: float, limit: float, fmt: str) -> str:
    if math.isnan(value):
        return "n/a"
    text = format(value, fmt)
    return text + MISS if value > limit else text


def table(rows: dict[int, dict[str, Any]]) -> list[str]:
    """The Markdown table, one row per size."""
    out = ["| N | load s | first paint s | zoom p50/p95 ms | pan p50/p95 ms | click ms | export 1080p s | export 8K s | peak MB |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, r in rows.items():
        if "error" in r:
            out.append(f"| {n:,} | error: {r['error'].splitlines()[-1][:120]} |||||||| ")
            continue
        t = targets_for(n)
        nan = float("nan")
        zoom = r.get("zoom", {"p50_ms": nan, "p95_ms": nan})
        pan = r.get("pan", {"p50_ms": nan, "p95_ms": nan})
        out.append("| " + " | ".join([
            f"{n:,}",
            _cell(r["load_s"], t.load_s, ".2f"),
            _cell(r["first_paint_s"], math.inf, ".2f"),
            f"{_cell(zoom['p50_ms'], math.inf, '.1f')} / {_cell(zoom['p95_ms'], t.p95_ms, '.1f')}",
            f"{_cell(pan['p50_ms'], math.inf, '.1f')} / {_cell(pan['p95_ms'], t.p95_ms, '.1f')}",
            _cell(r.get("click", {}).get("p50_ms", nan), t.click_ms, ".1f"),
            _cell(r.get("export_1080p", nan), t.export_s, ".2f"),
            _cell(r.get("export_8k", nan), math.inf, ".2f"),
            _cell(r["peak_mb"], t.peak_mb, ".0f"),
        ]) + " |")
    return out


def startup_lines(s: dict[str, Any]) -> list[str]:
    """Start-up to first paint: floor, app and their ratio."""
    ratio = s["app_s"] / s["floor_s"]
    mark = MISS if ratio > STARTUP_RATIO else ""
    return [
        f"- Start-up to first paint, median of {s['runs']} (after a warm-up run):",
        f"  - floor (bare PySide6 + pyqtgraph window, empty plot): {s['floor_s']:.3f} s",
        f"  - app (`benchmarks/startup_app.py`, {s['mode']}): {s['app_s']:.3f} s",
        f"  - ratio app/floor: {ratio:.2f}x (target <= {STARTUP_RATIO}x){mark}",
    ]


def target_lines() -> list[str]:
    """The targets, as the issue states them."""
    return [
        "Targets (✗ marks a miss; 1k and 10k are held to the 100k targets):",
        "- 100k: load <= 1 s, zoom/pan p95 <= 16 ms, click <= 5 ms, export 1080p <= 0.5 s",
        "- 1M: load <= 6 s, zoom/pan p95 <= 33 ms, click <= 10 ms, export 1080p <= 2 s, peak memory < 1.5 GB",
        "- start-up: app <= 1.2x the bare PySide6 + pyqtgraph floor",
    ]


def detail_lines(rows: dict[int, dict[str, Any]]) -> list[str]:
    """Where the time of each row goes: parse vs index, layout vs prepare vs paint per step, clicks."""
    out = ["| N | parse+validate s | index s | step: layout_frame / prepare / item paint ms (zoom; pan) | "
           "relayouts before 1st paint | click targets | click until return ms | slowest zoom step range |",
           "|---:|---:|---:|---|---:|---|---:|---:|"]
    for n, r in rows.items():
        if "error" in r or not {"zoom", "pan", "click"} <= r.keys():
            continue
        z, p, c = r["zoom"], r["pan"], r["click"]
        parts = (f"{z['mean_layout_frame_ms']:.1f} / {z['mean_prepare_ms']:.1f} / {z['mean_paint_ms']:.1f}; "
                 f"{p['mean_layout_frame_ms']:.1f} / {p['mean_prepare_ms']:.1f} / {p['mean_paint_ms']:.1f}")
        targets = ", ".join(f"{k} {v}" for k, v in c["targets"].items()) + (f", {c['misses']} misses" if c["misses"] else "")
        out.append(f"| {n:,} | {r['parse_validate_s']:.2f} | {r['index_s']:.2f} | {parts} | "
                   f"{r['relayouts_before_first_paint']} | {targets} | {c['p50_until_return_ms']:.1f} | "
                   f"{z['slowest_step_range_days']:.0f} days |")
    return out


def report(rows: dict[int, dict[str, Any]], start: dict[str, Any] | None, quick: bool) -> str:
    """The whole Markdown report."""
    import numpy
    import pyqtgraph
    import PySide6

    lines = [
        "# Benchmarks: a million events, smooth",
        "",
        f"`python -m benchmarks{' --quick' if quick else ''}` on {time.strftime('%Y-%m-%d %H:%M')}: "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PySide6 {PySide6.__version__}, pyqtgraph {pyqtgraph.__version__}, numpy {numpy.__version__}; "
        "Qt offscreen, view 1600x900.",
        "",
        *table(rows),
        "",
    ]
    if start is not None:
        lines += [*startup_lines(start), ""]
    errors = [f"- {n:,}: {phase} failed: {text}" for n, r in rows.items() for phase, text in r.get("errors", {}).items()]
    if errors:
        lines += ["Phases that failed (n/a above):", *errors, ""]
    lines += [*target_lines(), "", "## Where the time goes", "", *detail_lines(rows), "",
              "Zoom steps alternate 1.25x in around an event and out around random points (full range down to hours); "
              "pan steps move 15% at several zoom depths. Each step is the range change (which relays out) plus a "
              "synchronous `viewport().repaint()`. Clicks are QTest clicks on a marker, label or span, timed until "
              "`selectionChanged` reaches a slot connected after the view's. Load is `load_timeline` plus "
              "`timeline.index`. Peak MB is the child's `ru_maxrss`.", ""]
    return "\n".join(lines)


def _note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated event counts (default {DEFAULT_SIZES})")
    parser.add_argument("--quick", action="store_true", help="50 zoom and 50 pan steps, one export of each size, 3 start-ups")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/timeline-bench"), help="where generated timelines are kept")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up comparison")
    parser.add_argument("--no-export-formats", action="store_true", help="skip SVG, PDF, PNG and preview timings at 100k")
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown file to write (default benchmarks/results.md)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rows: dict[int, dict[str, Any]] = {}
    for n in sizes:
        path = timeline_file(n, args.seed, args.cache)
        _note(f"measuring {n:,} events ...")
        began = time.perf_counter()
        rows[n] = run_size(path, args.quick)
        _note(f"  done in {time.perf_counter() - began:.0f} s" + (f": {rows[n]['error']}" if "error" in rows[n] else ""))
    start = None
    if not args.no_startup:
        _note("measuring start-up ...")
        start = startup(3 if args.quick else 7)
    text = report(rows, start, args.quick)
    if not args.no_export_formats:
        _note("measuring export formats at 100,000 events ...")
        text += "\n" + export_formats(args.quick)
    print(text)
    write_report(args.output, text)  # its sections only: the other runners' sections stay
    (args.output.with_suffix(".json")).write_text(json.dumps({"rows": rows, "startup": start}, indent=1), encoding="utf-8")
    return 1 if any("error" in r for r in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
