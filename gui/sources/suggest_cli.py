"""``main.py --suggest SOURCE.txt [--published YYYY-MM-DD] [FILE]``: candidate events as JSON lines, no Qt at all."""

from __future__ import annotations

import io
import json
import os
import sys

from model.errors import TimelineError
from model.formats.reader import open_regular, os_reason
from model.provenance.suggest import published_point, suggest
from model.time.timepoint import DateError, TimePoint
from model.timeline import Lane, Source

MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""Larger texts are refused with a message (a text this size is not an article)."""


class SourceError(ValueError):
    """A source text that cannot be read, in one line naming the file."""


def read_source(path: str) -> str:
    """The text of ``path`` as Python reads it (UTF-8, universal newlines); :class:`SourceError` if it is not such a text."""
    try:
        # a named pipe or a device is refused before it is read: it could block forever
        with open_regular(path) as raw, io.TextIOWrapper(raw, encoding="utf-8") as handle:  # universal newlines, as open()
            size = os.fstat(raw.fileno()).st_size
            if size > MAX_SOURCE_BYTES:
                raise SourceError(f"{path}: {size:,} bytes is more than the {MAX_SOURCE_BYTES:,} a source may have")
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text (byte {exc.start:,} cannot be decoded)") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise SourceError(f"{path}: {os_reason(exc)}") from None
    if "\x00" in text:
        raise SourceError(f"{path}: a binary file, not text (it holds NUL characters)")
    if not text.strip():
        raise SourceError(f"{path}: the file is empty")
    kind = _markup_kind(text)
    if kind:  # its candidates would be markup ("<meta ...>", "<footer>Copyright 2025"), its offsets not the article's
        raise SourceError(f"{path}: {kind}, not plain text: add it with File > Add Source (which reads its text), "
                          "or save its text as a .txt file")
    return text


def _markup_kind(text: str) -> str:
    """"an HTML page" or "a PDF" when ``text`` is one read as text, else ""."""
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith("%pdf-"):
        return "a PDF"
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return "an HTML page"
    return ""


def run_suggest(source_path: str, published: str | None, timeline_path: str | None) -> int:
    """Print one JSON object per candidate: 0 on success, 2 with a one-line reason on error."""
    from model.default import load_path_or_default as load

    try:
        point = TimePoint.parse(published) if published is not None else None
        text = read_source(source_path)
        timeline = load(timeline_path)
    except (DateError, SourceError, TimelineError) as exc:
        reason = exc.first_line() if isinstance(exc, TimelineError) else str(exc)
        print(f"error: {'--published: ' if isinstance(exc, DateError) else ''}{reason}", file=sys.stderr)
        return 2
    known = _source_of(timeline.doc.sources, source_path)
    if point is None and known is not None:
        point = published_point(known.published)
    lanes: list[Lane] = list(timeline.lanes)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    for candidate in suggest(text, point, lanes):
        print(json.dumps(candidate.as_json(), ensure_ascii=False))
    return 0


def _source_of(sources: list[Source], path: str) -> Source | None:
    """The timeline's source kept in a file of the same name, whose published date then applies."""
    name = os.path.basename(path)
    return next((s for s in sources if s.file and os.path.basename(s.file) == name), None)
