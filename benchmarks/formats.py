"""Opening 100,000 events in each imported format: `python -m benchmarks.formats [--n 100000] [--write]`.

One generator per format turns the seeded synthetic timeline of `benchmarks.generate` (six lanes, 10% spans)
into the shape that tool writes; each file is then opened (`open_timeline` plus the index the views draw from)
in a fresh process, so that each row's peak memory is its own. Target: <= 2 s per format. With --write the table
replaces the "Other formats" section of benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import msgspec

from benchmarks import generate
from benchmarks.report import write_report

TARGET_S = 2.0
RESULTS = Path(__file__).resolve().with_name("results.md")
SECTION = "## Other formats"

Doc = generate._Doc  # noqa: SLF001 - the generator's document type


def timelinejs_json(doc: Doc) -> str:
    """TimelineJS 3 JSON: slides with date objects, groups, a title slide."""

    def date(iso: str) -> dict[str, str]:
        year, month, day = iso.split("-")
        return {"year": year, "month": month, "day": day}

    lanes = {lane.id: lane.name for lane in doc.lanes}
    events = [{"start_date": date(e.start), **({"end_date": date(e.end)} if e.end else {}),
               "text": {"headline": e.title, "text": ""}, "group": lanes[e.lanes[0]], "unique_id": e.id} for e in doc.events]
    return json.dumps({"title": {"text": {"headline": doc.title, "text": doc.description}}, "events": events})


def timelinejs_csv(doc: Doc) -> str:
    """A TimelineJS spreadsheet saved as CSV."""
    lanes = {lane.id: lane.name for lane in doc.lanes}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
                     "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
                     "Background"])
    writer.writerow([""] * 9 + [doc.title, doc.description] + [""] * 4 + ["title", "", ""])
    for e in doc.events:
        end = e.end.split("-") if e.end else ["", "", ""]
        writer.writerow([*e.start.split("-"), "", *end, "", "", e.title, "", "", "", "", "", "", lanes[e.lanes[0]], ""])
    return out.getvalue()


def timeline_xml(doc: Doc) -> str:
    """The Timeline app's .timeline XML, a category per lane."""
    lanes = {lane.id: lane.name for lane in doc.lanes}
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<timeline>\n  <version>2.4.0</version>\n',
             "  <timetype>gregoriantime</timetype>\n  <categories>\n"]
    parts += [f"    <category>\n      <name>{escape(lane.name)}</name>\n      <color>100,149,237</color>\n    </category>\n"
              for lane in doc.lanes]
    parts.append("  </categories>\n  <events>\n")
    for e in doc.events:
        parts.append(f"    <event>\n      <start>{e.start} 00:00:00</start>\n      <end>{e.end or e.start} 00:00:00</end>\n"
                     f"      <text>{escape(e.title)}</text>\n      <fuzzy>False</fuzzy>\n      <locked>False</locked>\n"
                     f"      <ends_today>False</ends_today>\n      <category>{escape(lanes[e.lanes[0]])}</category>\n"
                     "    </event>\n")
    parts.append("  </events>\n</timeline>\n")
    return "".join(parts)


def vis_json(doc: Doc) -> str:
    """vis-timeline items and groups."""
    groups = [{"id": lane.id, "content": lane.name} for lane in doc.lanes]
    items = [{"id": e.id, "content": e.title, "start": e.start, **({"end": e.end} if e.end else {}), "group": e.lanes[0]}
             for e in doc.events]
    return json.dumps({"groups": groups, "items": items})


def aeon_csv(doc: Doc) -> str:
    """Aeon Timeline's CSV export, lanes as Arcs."""
    lanes = {lane.id: lane.name for lane in doc.lanes}
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(["EventID", "Title", "Summary", "Start Date", "Duration", "End Date", "Arc", "Participant", "Tags"])
    for e in doc.events:
        writer.writerow([e.id, e.title, "", e.start, "", e.end or "", lanes[e.lanes[0]], "", ""])
    return out.getvalue()


def spreadsheet_csv(doc: Doc) -> str:
    """A spreadsheet of dated rows: date,end_date,title,description,group."""
    lanes = {lane.id: lane.name for lane in doc.lanes}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "end_date", "title", "description", "group"])
    for e in doc.events:
        writer.writerow([e.start, e.end or "", e.title, "", lanes[e.lanes[0]]])
    return out.getvalue()


def own_json(doc: Doc) -> str:
    """The app's own format, as a reference for how loaded the machine was (its load is 0.37 s on a quiet one)."""
    return msgspec.json.encode(doc).decode("utf-8")


GENERATORS: dict[str, tuple[str, Callable[[Doc], str]]] = {
    "own format (reference)": (".json", own_json),
    "TimelineJS JSON": (".json", timelinejs_json),
    "TimelineJS CSV": (".csv", timelinejs_csv),
    "Timeline app XML": (".timeline", timeline_xml),
    "vis-timeline JSON": (".json", vis_json),
    "Aeon Timeline CSV": (".csv", aeon_csv),
    "spreadsheet CSV": (".csv", spreadsheet_csv),
}

_CHILD = """
import json, resource, sys, time
from model.formats.registry import open_timeline
began, cpu = time.perf_counter(), time.process_time()
timeline = open_timeline(sys.argv[1])
timeline.index
seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
print(json.dumps({"events": len(timeline.events), "s": seconds, "cpu": cpu,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: Path) -> dict[str, float]:
    """Open ``path`` in a fresh process: events, wall and CPU seconds (after the app's modules are imported) and peak MB."""
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=root, capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def run(n: int, folder: Path) -> list[str]:
    """The table rows, one per format."""
    doc = generate.make_doc(n)
    rows = []
    for name, (suffix, make) in GENERATORS.items():
        path = folder / f"bench-{n}-{re.sub(r'[^a-z]+', '-', name.lower())}{suffix}"
        path.write_text(make(doc), encoding="utf-8")
        found = measure(path)
        miss = "" if found["cpu"] <= TARGET_S else " \u2717"
        rows.append(f"| {name} | {int(found['events']):,} | {path.stat().st_size / 2**20:.1f} | {found['s']:.2f} | "
                    f"{found['cpu']:.2f}{miss} | {found['mb']:.0f} |")
        print(rows[-1], flush=True)
    return rows


def section(n: int, rows: list[str]) -> str:
    """The results.md section."""
    return "\n".join([
        SECTION, "",
        f"`python -m benchmarks.formats --n {n}` ({platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}): the synthetic timeline written as each tool writes it, opened in a fresh "
        "process (`open_timeline` and the index; the app's modules are imported first, as at start-up). Target: <= 2 s "
        "per format.", "",
        f"Load average when measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs{_pressure()}. CPU s is the "
        "process's own time, what a quiet machine takes; wall-clock s grows when other work shares the CPUs (the own "
        "format's row, 0.37 s in the quiet run above, is the reference). \u2717 marks a CPU time over the target.", "",
        "| format | events | file MiB | open s | CPU s | peak MB |", "|---|---:|---:|---:|---:|---:|", *rows, ""])


def _pressure() -> str:
    """", tasks waiting for a CPU 90% of the time" from Linux's pressure stall information, when there is any."""
    try:
        line = Path("/proc/pressure/cpu").read_text(encoding="ascii").splitlines()[0]
    except (OSError, IndexError):
        return ""
    share = float(line.split("avg60=")[1].split()[0])
    return f", tasks waiting for a CPU {share:.0f}% of the time over the last minute"


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.formats", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--folder", default="/tmp")
    parser.add_argument("--write", action="store_true", help="replace the section in benchmarks/results.md")
    args = parser.parse_args(argv)
    rows = run(args.n, Path(args.folder))
    if args.write:
        write_report(RESULTS, section(args.n, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
