"""Benchmarks of issue "Nothing freezes, leaks or crashes": memory over reopens, peak memory, hostile-file freezes.

`python -m benchmarks.reliability [--only reopen,superseded,peak,freeze] [--write]` runs each scenario in a fresh
process (so each peak is its own) with Qt offscreen, prints a table and, with --write, puts it in
benchmarks/results.md under "## Reliability". Scenarios:

* reopen: RSS after opening the same 500,000-event file 5 times in the window, against after the first.
* superseded: 8 opens of that file 0.3 s apart; the most loader threads alive at once, peak RSS, which one won.
* dialogs: widget count and RSS over 200 rounds of an error box, the conflicts list and a source document.
* peak: peak RSS (VmHWM) of the window after opening 1,000,000 events, and the longest gap of a 100 ms
  heartbeat timer in the window meanwhile.
* stall: the longest the loading thread keeps a 2 ms ticker in another thread waiting (the interpreter held by C
  code: decoding, whole-list checks, the collector) while 1,000,000 events load and are indexed, without a window.
* save: File > Save (``model.saving.save_document``) of 100,000 and 1,000,000 events and of the 150 MB files of
  accents and emoji, in a thread; the longest a 2 ms ticker in another thread waits, and how long the save takes.
* edit: moving an event of 100,000 and of 1,000,000 in the window, then undo, redo, delete and undo again; the
  longest gap of a 5 ms heartbeat timer through each, and how long each took until shown.
* freeze: each hostile file of the issue, opened in the window with a 100 ms heartbeat timer; the longest gap
  between beats and the time until the timeline is open and its sources compared. A run still going after
  ``--cap`` seconds is stopped and reported as "> cap".
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.__main__ import ROOT, child_env, timeline_file

RESULTS = Path(__file__).resolve().with_name("results.md")
CACHE = Path("/tmp/timeline-bench")
SECTION = "## Reliability"


# --- hostile files -------------------------------------------------------------------------------------------
def _doc(sources: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "timeline-viewer/1", "title": "Hostile", "lanes": [{"id": "l", "name": "Lane"}],
            "sources": sources, "events": events}


def _event(quotes: list[dict[str, str]], claims: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": "e", "title": "Event", "start": "2024-05-01", "lanes": ["l"], "quotes": quotes, "claims": claims or []}


def repeated_figures(repeats: int) -> dict[str, Any]:
    """Two sources, each quoted ``repeats`` times saying "$5 billion" in one event (the quadratic comparison)."""
    sources = [{"id": s, "title": s.upper(), "publisher": s.upper(), "text": "They raised $5 billion."} for s in ("a", "b")]
    quotes = [{"source": s, "text": "$5 billion"} for s in ("a", "b") for _ in range(repeats)]
    return _doc(sources, [_event(quotes)])


def periodic_quote(chars: int, quote_chars: int = 4_001) -> dict[str, Any]:
    """A source "1.1.1..." of ``chars`` characters and a quote "1.1...1" that occurs everywhere, never as whole words."""
    source = "1." * (chars // 2) + "1"
    quote = "1." * (quote_chars // 2) + "1"
    return _doc([{"id": "a", "title": "A", "text": source}], [_event([{"source": "a", "text": quote}])])


def huge_claim(chars: int) -> dict[str, Any]:
    """A claim whose value is ``chars`` characters of figures."""
    value = "$5 billion and 7% of 300 GPUs " * (chars // 30)
    sources = [{"id": "a", "title": "A", "text": "They raised $5 billion."}]
    return _doc(sources, [_event([{"source": "a", "text": "They raised $5 billion."}],
                                 [{"name": "raised", "value": value, "quotes": [0]}])])


def huge_source(chars: int) -> dict[str, Any]:
    """An inline source text of ``chars`` characters, and one quote from its end."""
    text = "The company said   it would\nraise money. " * (chars // 41) + "The end of the story."
    return _doc([{"id": "a", "title": "A", "text": text}], [_event([{"source": "a", "text": "The end of the story."}])])


def huge_summary(chars: int) -> dict[str, Any]:
    """An event whose summary is ``chars`` characters long, with a control character and a bidi override in it."""
    summary = "Money was raised \u0007 from \u202e investors. " * (chars // 45)
    event = _event([{"source": "a", "text": "They raised $5 billion."}])
    event["summary"] = summary
    return _doc([{"id": "a", "title": "A", "text": "They raised $5 billion."}], [event])


HOSTILE: dict[str, Callable[[], dict[str, Any]]] = {
    "figures-2000": lambda: repeated_figures(2000),
    "figures-1000": lambda: repeated_figures(1000),
    "verify-1.2MB": lambda: periodic_quote(1_200_000),
    "claim-20MB": lambda: huge_claim(20_000_000),
    "source-100MB": lambda: huge_source(100_000_000),
    "summary-100MB": lambda: huge_summary(100_000_000),
}


def emoji_text(chars: int) -> str:
    """``chars`` characters of accents, CJK and emoji: a string of four bytes a character in memory."""
    unit = "Déjà vu — 雨 😀 ünïcode "
    return (unit * (chars // len(unit) + 1))[:chars]


def emoji_json(field: str, chars: int) -> str:
    """The app's own format, UTF-8 (no escapes), with a summary or a source text of ``chars`` such characters."""
    doc = huge_summary(0)
    doc["events"][0]["summary"] = emoji_text(chars) if field == "summary" else "A summary."
    if field == "source":
        doc["sources"][0]["text"] = emoji_text(chars) + " They raised $5 billion."
    return json.dumps(doc, ensure_ascii=False)


def emoji_csv(chars: int) -> str:
    """A TimelineJS CSV whose second row's Text cell is ``chars`` such characters on one line."""
    return f'Year,Month,Day,Headline,Text\n2024,5,1,Start,"{emoji_text(chars)}"\n2024,6,1,Next,fine\n'


HOSTILE_TEXT: dict[str, tuple[str, Callable[[], str]]] = {
    "emoji-summary-100M": (".json", lambda: emoji_json("summary", 100_000_000)),
    "emoji-source-100M": (".json", lambda: emoji_json("source", 100_000_000)),
    "emoji-csv-100M": (".csv", lambda: emoji_csv(100_000_000)),
}
"""Hostile files written as text: a hundred million characters of accents and emoji in one field (150 MB)."""


def hostile_file(name: str, folder: Path = CACHE) -> Path:
    """The hostile file ``name`` (of :data:`HOSTILE` or :data:`HOSTILE_TEXT`), written once into ``folder``."""
    suffix, make = HOSTILE_TEXT.get(name, (".json", lambda: json.dumps(HOSTILE[name]())))
    made = HOSTILE_TEXT[name][1] if name in HOSTILE_TEXT else HOSTILE[name]
    version = hashlib.sha1(inspect.getsource(made).encode() + Path(__file__).read_bytes()).hexdigest()[:8]
    path = folder / f"hostile-{name}-{version}{suffix}"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
    return path


# --- in the child process --------------------------------------------------------------------------------------
def rss_mb() -> float:
    """Resident memory now."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    """Peak resident memory of this process (its own: ``ru_maxrss`` keeps the parent's peak across fork and exec,
    and the parent that wrote a 150 MB hostile file had 1.2 GB)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Session:
    """A main window in an offscreen app, with a heartbeat timer and helpers that wait for loads to land."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from gui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.window = MainWindow()
        self.window.resize(1400, 860)
        self.window.show()
        self.applied = 0
        self.window.session.events.timeline.connect(self._on_changed)
        self.last_beat = time.perf_counter()
        self.longest_gap = 0.0
        self.timer = QTimer()
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._beat)
        self.spin(0.3)

    def _on_changed(self, _timeline: object = None) -> None:
        self.applied += 1

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest_gap = max(self.longest_gap, now - self.last_beat)
        self.last_beat = now

    def spin(self, seconds: float) -> None:
        """Run the event loop for ``seconds``."""
        self.wait_until(lambda: False, seconds)

    def wait_until(self, done: Callable[[], bool], timeout: float) -> bool:
        """Run the event loop until ``done()`` or ``timeout`` seconds."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            self.app.processEvents()
            if done():
                return True
            time.sleep(0.005)
        return False

    def analysed(self) -> bool:
        """Whether the open timeline's sources have been compared."""
        session = self.window.session  # the window keeps no analysis of its own any more
        return session.analysis is not None or not session.timeline.doc.sources

    def open_and_wait(self, path: str, timeout: float = 600) -> float:
        """Open ``path`` and wait until it is applied and analysed; seconds taken."""
        began = time.perf_counter()
        target = self.applied + 1
        self.window.open_path(path)
        self.wait_until(lambda: self.applied >= target and self.analysed(), timeout)
        return time.perf_counter() - began


def run_reopen(path: str, times: int = 5) -> dict[str, Any]:
    session = Session()
    rss = []
    for _ in range(times):
        session.open_and_wait(path)
        session.spin(1.0)
        rss.append(round(rss_mb()))
    return {"rss": rss, "peak": round(peak_mb())}


def run_superseded(path: str, opens: int = 8) -> dict[str, Any]:
    session = Session()
    most = 0
    target = session.applied + 1
    for _ in range(opens):
        session.window.open_path(path)
        end = time.perf_counter() + 0.3
        while time.perf_counter() < end:
            session.app.processEvents()
            most = max(most, threading.active_count() - 1)
            time.sleep(0.01)
    began = time.perf_counter()
    while time.perf_counter() - began < 600 and not (session.applied >= target and session.analysed()):
        session.app.processEvents()
        most = max(most, threading.active_count() - 1)
        time.sleep(0.01)
    session.spin(1.0)
    return {"threads": most, "applied": session.applied - target + 1, "rss": round(rss_mb()), "peak": round(peak_mb())}


def run_peak(path: str) -> dict[str, Any]:
    session = Session()
    session.timer.start()
    session.last_beat = time.perf_counter()
    seconds = session.open_and_wait(path)
    return {"seconds": round(seconds, 2), "rss": round(rss_mb()), "peak": round(peak_mb()), "gap": round(session.longest_gap, 2)}


def run_stall(path: str) -> dict[str, Any]:
    from model.formats.registry import open_timeline
    from model.work import Job, running

    kept: list[object] = []  # the window keeps what it opened: freeing it is not part of loading (see model.work.Releaser)

    def load() -> None:
        with running(Job()):
            timeline = open_timeline(path)
            timeline.index  # noqa: B018  (built for its cost)
            kept.append(timeline)

    longest, seconds = ticking(load)
    return {"stall_ms": round(longest * 1000), "seconds": round(seconds, 2)}


def ticking(work: Callable[[], object]) -> tuple[float, float]:
    """Run ``work`` in a thread while this one ticks every 2 ms: the longest wait between ticks (the interpreter
    held by C code in the worker), and the seconds it took."""
    done = threading.Event()

    def run() -> None:
        try:
            work()
        finally:
            done.set()

    worker = threading.Thread(target=run)
    began = last = time.perf_counter()
    longest = 0.0
    worker.start()
    while not done.is_set():
        time.sleep(0.002)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    return longest, time.perf_counter() - began


def run_save(path: str) -> dict[str, Any]:
    """Open ``path``, then save it as File > Save does, in a thread, under a 2 ms ticker."""
    from model.formats.registry import open_timeline
    from model.saving import save_document

    timeline = open_timeline(path)
    target = CACHE / "saved-by-benchmark.json"
    longest, seconds = ticking(lambda: save_document(timeline.doc, target, {}))
    size = target.stat().st_size
    target.unlink()
    target.with_name(target.name + ".bak").unlink(missing_ok=True)
    return {"stall_ms": round(longest * 1000), "seconds": round(seconds, 2), "mb": round(size / 2**20)}


def run_freeze(path: str) -> dict[str, Any]:
    session = Session()
    session.timer.start()
    session.last_beat = time.perf_counter()
    began = time.perf_counter()
    target = session.applied + 1
    session.window.open_path(path)
    session.wait_until(lambda: (session.applied >= target and session.analysed()) or bool(_error_text(session)), 600)
    seconds = time.perf_counter() - began
    session.spin(0.3)
    return {"seconds": round(seconds, 2), "gap": round(session.longest_gap, 2), "peak": round(peak_mb()),
            "opened": session.applied >= target, "message": _error_text(session)}


def _error_text(session: Session) -> str:
    text = session.window.status.last_error
    return text.splitlines()[0][:160] if text else ""


def run_dialogs(path: str, rounds: int = 200) -> dict[str, Any]:
    """``rounds`` times: an error box, the conflicts list and a source document, each opened and closed."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    session = Session()
    window = session.window
    window.analyses.now()
    sources = window.session.timeline.doc.sources

    def count() -> int:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return len(QApplication.allWidgets())

    widgets, rss = [count()], [round(rss_mb())]
    for k in range(rounds):
        window.open_path(path)
        window.show_conflicts()
        window.sources.open_source(sources[k % len(sources)].id)
        session.spin(0.02)
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() in ("errorBox", "conflictsDialog", "sourceView") and widget.isVisible():
                widget.close()
        session.spin(0.02)
    widgets.append(count())
    rss.append(round(rss_mb()))
    return {"widgets": widgets, "rss": rss}


def run_edit(path: str) -> dict[str, Any]:
    """Move, undo, redo and delete an event of the timeline at ``path`` in the window; the longest gap of a 5 ms
    heartbeat through each change, and the seconds each took until shown."""
    from PySide6.QtCore import QTimer

    from model.editing import DeleteEvent, EditEvent, moved

    session = Session()
    session.open_and_wait(path)
    session.spin(1.0)
    editing = session.window.editing
    event = session.window.session.timeline.events[len(session.window.session.timeline.events) // 2]
    steps: list[tuple[str, Callable[[], object]]] = [
        ("move", lambda: editing.apply(EditEvent(event.id, moved(event, 3 * 86400), text="Move Event"))),
        ("undo", editing.undo), ("redo", editing.redo), ("delete", lambda: editing.apply(DeleteEvent(event.id))),
        ("undo delete", editing.undo),
    ]
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    found: dict[str, Any] = {}
    for name, step in steps:
        session.spin(0.5)
        heartbeat.start()
        session.spin(0.05)
        began = time.perf_counter()
        beats.append(began)
        step()
        took = time.perf_counter() - began
        session.spin(0.3)
        heartbeat.stop()
        gaps = [b - a for a, b in zip(beats, beats[1:], strict=False) if b > began - 0.005]
        found[name] = {"gap_ms": round(max(gaps) * 1000), "seconds": round(took, 2)}
        beats.clear()
    found["events"] = len(session.window.session.timeline.events)
    return found


SCENARIOS: dict[str, Callable[..., dict[str, Any]]] = {
    "reopen": run_reopen, "superseded": run_superseded, "peak": run_peak, "freeze": run_freeze, "dialogs": run_dialogs,
    "stall": run_stall, "edit": run_edit, "save": run_save,
}


# --- the parent process -----------------------------------------------------------------------------------------
def child(scenario: str, path: Path, cap: float) -> dict[str, Any]:
    """``scenario`` on ``path`` in a fresh process; its JSON, or {"killed": cap} when it ran past ``cap`` seconds."""
    command = [sys.executable, "-m", "benchmarks.reliability", "--child", scenario, str(path)]
    try:
        done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=cap, check=False)
    except subprocess.TimeoutExpired:
        return {"killed": cap}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def measure(only: set[str], cap: float) -> list[str]:
    """The markdown lines of every scenario in ``only``."""
    lines: list[str] = []
    if {"reopen", "superseded"} & only:
        path = timeline_file(500_000, 2026, CACHE)
        if "reopen" in only:
            result = child("reopen", path, 3600)
            lines.append(f"- reopen 500,000 events x5: RSS MB after each open {result.get('rss', result)}; "
                         f"5th/1st {_ratio(result)}; peak {result.get('peak', '?')} MB")
        if "superseded" in only:
            result = child("superseded", path, 3600)
            lines.append(f"- 8 opens of 500,000 events 0.3 s apart: at most {result.get('threads', '?')} worker threads "
                         f"alive, {result.get('applied', '?')} applied, RSS after {result.get('rss', '?')} MB, "
                         f"peak {result.get('peak', '?')} MB {_extra(result)}")
    if "dialogs" in only:
        bad = CACHE / "bad.json"
        bad.parent.mkdir(parents=True, exist_ok=True)
        bad.write_text("{", encoding="utf-8")
        result = child("dialogs", bad, 3600)
        lines.append(f"- 200 rounds of an error box, the conflicts list and a source document, each opened and closed: "
                     f"widgets {_span(result, 'widgets')}, RSS MB {_span(result, 'rss')} {_extra(result)}")
    if "peak" in only:
        result = child("peak", timeline_file(1_000_000, 2026, CACHE), 3600)
        lines.append(f"- 1,000,000 events opened in the window: peak {result.get('peak', '?')} MB "
                     f"(target < 900), open + compare {result.get('seconds', '?')} s, longest gap in a 100 ms heartbeat "
                     f"{result.get('gap', '?')} s {_extra(result)}")
    if "stall" in only:
        result = child("stall", timeline_file(1_000_000, 2026, CACHE), 3600)
        lines.append(f"- 1,000,000 events loaded and indexed in a thread (no window): longest wait of a 2 ms ticker "
                     f"{result.get('stall_ms', '?')} ms, load {result.get('seconds', '?')} s {_extra(result)}")
    if "save" in only:
        for n in (100_000, 1_000_000):
            result = child("save", timeline_file(n, 2026, CACHE), 3600)
            lines.append(f"- File > Save of {n:,} events in a thread (no window): longest wait of a 2 ms ticker "
                         f"{result.get('stall_ms', '?')} ms, save {result.get('seconds', '?')} s "
                         f"({result.get('mb', '?')} MB) {_extra(result)}")
        for name in HOSTILE_TEXT:
            if name.endswith("-100M") and "csv" not in name:
                result = child("save", hostile_file(name), 3600)
                lines.append(f"- File > Save of {name} in a thread: longest wait of a 2 ms ticker "
                             f"{result.get('stall_ms', '?')} ms, save {result.get('seconds', '?')} s {_extra(result)}")
    if "edit" in only:
        for n in (100_000, 1_000_000):
            result = child("edit", timeline_file(n, 2026, CACHE), 3600)
            steps = ", ".join(f"{name} {value['gap_ms']} ms ({value['seconds']} s)" for name, value in result.items()
                              if isinstance(value, dict))
            lines.append(f"- an edit on {n:,} events in the window, longest gap of a 5 ms heartbeat (and time until "
                         f"shown): {steps} {_extra(result)}")
    if "freeze" in only:
        lines.append("")
        lines.append("| hostile file | size | longest gap in 100 ms heartbeat s | until open and compared s | peak MB | outcome |")
        lines.append("|---|---:|---:|---:|---:|---|")
        for name in [*HOSTILE, *HOSTILE_TEXT]:
            path = hostile_file(name)
            result = child("freeze", path, cap)
            size = f"{path.stat().st_size / 2**20:.1f} MiB"
            if "killed" in result:
                lines.append(f"| {name} | {size} | > {cap:.0f} | > {cap:.0f} (stopped) | - | frozen |")
                continue
            outcome = "opened" if result.get("opened") else f"refused: {result.get('message', '')}"
            lines.append(f"| {name} | {size} | {result.get('gap', '?')} | {result.get('seconds', '?')} | "
                         f"{result.get('peak', '?')} | {_cell(outcome)} {_extra(result)} |")
    return lines


def _span(result: dict[str, Any], key: str) -> str:
    values = result.get(key)
    return f"{values[0]:,} -> {values[-1]:,}" if isinstance(values, list) and values else "?"


def _ratio(result: dict[str, Any]) -> str:
    rss = result.get("rss")
    return f"{rss[-1] / rss[0]:.2f}" if isinstance(rss, list) and rss else "?"


def _extra(result: dict[str, Any]) -> str:
    if "killed" in result:
        return f"(stopped after {result['killed']:.0f} s)"
    return f"(error: {result['error']})" if "error" in result else ""


def _cell(text: str) -> str:
    return text.replace("|", "/")


def write_results(lines: list[str], label: str) -> None:
    """Put ``lines`` under the reliability section of results.md, replacing an earlier block with the same label."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    block = f"### {label}\n\n" + "\n".join(lines) + "\n"
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n`python -m benchmarks.reliability --write --label ...` (see its docstring).\n"
    pattern = re.compile(rf"### {re.escape(label)}\n.*?(?=\n### |\Z)", re.DOTALL)
    text = pattern.sub(block.rstrip("\n"), text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reliability", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="reopen,superseded,dialogs,peak,stall,save,edit,freeze")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds after which a frozen hostile open is stopped")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/results.md")
    parser.add_argument("--label", default="After", help="heading of this run's block in results.md")
    parser.add_argument("--child", nargs=2, metavar=("SCENARIO", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        print(json.dumps(SCENARIOS[args.child[0]](args.child[1])), flush=True)
        os._exit(0)  # skip tearing down a window holding a million events
    lines = measure(set(args.only.split(",")), args.cap)
    print("\n".join(lines))
    if args.write:
        write_results(lines, args.label)
    return 0


if __name__ == "__main__":
    sys.exit(main())

