"""Command line and application start-up."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.errors import Problem
    from model.session import Session
    from model.timeline import Timeline

from gui.identity import APP_NAME, ORG_NAME, version


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="main.py", description="A timeline viewer that ties every event to its sources.")
    parser.add_argument("file", nargs="?", help="timeline to open (own JSON, TimelineJS JSON or CSV, vis-timeline JSON, "
                        "a Timeline .timeline file, a spreadsheet of dated rows); default: the built-in one")
    parser.add_argument("--export", metavar="OUT.{png,svg,pdf}",
                        help="write the timeline as a PNG, SVG or PDF (by the extension) without opening a window, then exit")
    parser.add_argument("--size", default="1920x1080", metavar="WxH",
                        help="picture size in pixels (default 1920x1080), or A3, A4, Letter for a PDF")
    parser.add_argument("--range", metavar="START..END", help="show only this time range, e.g. 2025-01..2025-04 (default: everything)")
    parser.add_argument("--no-dates", action="store_true", help="labels without their dates")
    parser.add_argument("--subtitle", metavar="TEXT", help="the line under the title (default: the timeline's description)")
    parser.add_argument("--credits", action=argparse.BooleanOptionalAction, default=True,
                        help="the credit line naming the sources cited by the events shown (default: on)")
    parser.add_argument("--dark", action="store_true", help="a dark picture (exports are light otherwise)")
    parser.add_argument("--search", metavar="TEXT", default="",
                        help="dim the events that do not mention TEXT (case and accents ignored), as the window's search does")
    parser.add_argument("--as-of", metavar="DATE", help="as known on DATE: only quotes from sources published by then "
                        "count; events with none are left out, and the sources are compared again (e.g. 2025-03-15)")
    parser.add_argument("--lanes", metavar="ID,ID", help="show only these lanes (ids from the file), in this order")
    parser.add_argument("--suggest", metavar="SOURCE.txt",
                        help="print the dated sentences of a text as candidate events, one JSON object per line, then exit")
    parser.add_argument("--published", metavar="YYYY-MM-DD",
                        help="with --suggest: the text's publication date, for \"last year\", \"in January\", \"on Monday\"")
    parser.add_argument("--version", action=_PrintVersion)
    return parser.parse_args(argv)


class _PrintVersion(argparse.Action):
    """``--version``: print the app's name and version and exit (the version is read only then: see identity.py)."""

    def __init__(self, option_strings: list[str], dest: str, **_kwargs: object) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"{APP_NAME} {version()}")
        parser.exit()


def load(path: str | None) -> Timeline:
    """The timeline at ``path``, or the default one."""
    from model.default import load_path_or_default

    return load_path_or_default(path)


def run_export(args: argparse.Namespace) -> int:
    """Headless export: 0 on success, 2 with a one-line reason on error."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gui.export.files import ExportError, ExportSpec, check_range, check_target, export, format_of, paper_size, parse_range, parse_size
    from gui.export.picture import PictureOptions
    from model.errors import TimelineError

    try:
        if not args.export.strip():
            raise ExportError("--export needs a file name")
        check_target(args.export)
        format_of(args.export)
        page = paper_size(args.size, args.export)
        size = parse_size(args.size) if not page else (1920, 1080)
        view_range = parse_range(args.range) if args.range is not None else None
        timeline = load(args.file)
        timeline, as_known = filtered_for_export(timeline, args.as_of, args.lanes)
        if view_range is not None:
            check_range(args.range, view_range, timeline)
    except (ExportError, TimelineError) as exc:
        print(f"error: {terminal_text(exc.first_line() if isinstance(exc, TimelineError) else str(exc))}", file=sys.stderr)
        return 2
    report_warnings(timeline.warnings)
    if as_known and args.subtitle is None:
        args.subtitle = " · ".join(part for part in (as_known, timeline.doc.description) if part)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    del app
    picture = PictureOptions(view_range=view_range, subtitle=args.subtitle, dates=not args.no_dates, credits=args.credits,
                             dark=args.dark)
    shown = searched(timeline, args.search) if args.search.strip() else timeline
    try:
        export(shown, args.export, ExportSpec(size, page=page, picture=picture))
    except ExportError as exc:
        print(f"error: {terminal_text(str(exc))}", file=sys.stderr)
        return 2
    print(f"wrote {terminal_text(args.export)} ({page + ' landscape' if page else f'{size[0]}x{size[1]}'})")
    return 0


def searched(timeline: Timeline, text: str) -> Session:
    """A session of ``timeline`` with ``--search`` applied (the others are dimmed); says how many match, on stdout."""
    from model.errors import quoted
    from model.search import search_session
    from model.session import Session

    session = Session(timeline)
    found = len(search_session(session, text))
    print(f"search {quoted(text.strip())}: {found:,} of {len(timeline.events):,} events match")
    return session


def filtered_for_export(timeline, as_of: str | None, lanes: str | None):  # type: ignore[no-untyped-def]
    """``timeline`` as ``--as-of`` and ``--lanes`` show it, and "As known on <date>" (or ""); ExportError on bad values."""
    from gui.export.files import ExportError
    from model.errors import quoted
    from model.filtering import Filter, as_of_moment, filter_facts, filtered_timeline, masks
    from model.time.date_text import parse_typed_date
    from model.time.timepoint import DateError

    chosen, said = Filter(), ""
    if as_of is not None:
        try:
            chosen = Filter(as_of=as_of_moment(as_of))
        except DateError as exc:
            raise ExportError(f"--as-of: {exc}") from None
        said = f"As known on {parse_typed_date(as_of).label()}"
    if lanes is not None:
        wanted = [lane.strip() for lane in lanes.split(",") if lane.strip()]
        known = [lane.id for lane in timeline.lanes]
        unknown = [lane for lane in wanted if lane not in known]
        if unknown or not wanted:
            raise ExportError(f"--lanes: no lane {', '.join(map(quoted, unknown[:5])) or 'given'} (the lanes are: {', '.join(known)})")
        chosen = Filter(hidden_lanes=frozenset(known) - set(wanted), lane_order=tuple(wanted), as_of=chosen.as_of)
    if not chosen.active:
        return timeline, said
    return filtered_timeline(timeline, chosen, masks(filter_facts(timeline), chosen, None).shown), said


WARNINGS_SHOWN = 5
"""Kinds of import warning ``--export`` prints; the rest are counted."""


def terminal_text(text: str) -> str:
    """``text`` as a terminal may print it: bidi and other control characters (from a file name or a file's
    text) written as escapes, so that nothing reorders or hides what follows them."""
    return "".join(c if c.isprintable() or c == "\n" else c.encode("unicode_escape").decode("ascii") for c in text)


def report_warnings(warnings: list[Problem]) -> None:
    """The import warnings' count and their first kinds, on stderr (an export with warnings still succeeds)."""
    from model.errors import group_problems

    if not warnings:
        return
    groups = group_problems(warnings)
    noun = "warning" if len(warnings) == 1 else "warnings"
    print(f"{len(warnings):,} import {noun}:", file=sys.stderr)
    for group in groups[:WARNINGS_SHOWN]:
        print(f"  {terminal_text(group.line())}", file=sys.stderr)
    if len(groups) > WARNINGS_SHOWN:
        print(f"  ... and {len(groups) - WARNINGS_SHOWN:,} more kinds", file=sys.stderr)


def _has_display() -> bool:
    """Whether a window can be shown: a platform was chosen, or (on Linux) an X11 or Wayland display is set."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    """Start the app, or export headless when ``--export`` is given."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.suggest is not None:
        from gui.sources.suggest_cli import run_suggest

        return run_suggest(args.suggest, args.published, args.file)
    if args.export is not None:
        return run_export(args)
    if not _has_display():
        print("error: no display to open a window on (set DISPLAY, or use --export OUT.png to draw without one)",
              file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    QApplication.setDesktopFileName("timeline-viewer")  # matches scripts/install-desktop-entry.sh (Wayland app id, launcher grouping)
    app.setOrganizationName(os.environ.get("TIMELINE_VIEWER_SETTINGS_ORG", ORG_NAME))
    window = MainWindow()
    window.show()
    if args.file:
        window.open_path(args.file)
    return app.exec()
