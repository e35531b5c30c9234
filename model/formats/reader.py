"""Reading files for every importer: regular files only, size limits, text decoding and JSON parsing whose errors
name the line and column, and the collector paused while a load makes millions of small objects."""

from __future__ import annotations

import codecs
import errno
import gc
import json
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO

from model.errors import Problem, TimelineError
from model.long_text import decode_utf8, decode_utf16

MAX_FILE_BYTES = 512 * 1024 * 1024
"""Files larger than this are refused before they are read."""

MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""Source documents larger than this are refused before they are read."""

MAX_NESTING = 64
"""JSON nested deeper than this is refused before it is parsed (no format needs more than a few levels)."""

BINARY_CHECK_BYTES = 65_536
"""A file with a NUL byte among its first bytes is binary; it is refused before the rest is read."""

MAX_FIELD_CHARS = 1 << 20
"""Characters of one text field of an imported file (a headline, a description, a cell) that are read; the rest is
left out with a warning. Markup is made plain text, and a title one line, by calls that each go over the whole field
and hold the interpreter (and the window with it) throughout: over a 100 MB field, seconds. A mebibyte of text, a
long book, takes milliseconds."""

LONG_FIELD = f"text fields longer than {MAX_FIELD_CHARS:,} characters were cut to that length"
"""The kind of warning :func:`cut_field` gives."""

_MARKUP_TAIL = 256
"""Characters before a cut searched for a tag or a reference that the cut would split."""
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NOT_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c]")
"""A byte ``bytes.strip`` keeps."""
_NOT_BLANK_UTF16 = re.compile(rb"[^ \t\n\r\x0b\x0c\x00]")


class _CollectorPause:
    """Counts nested and concurrent pauses, so the collector's state is restored once, by the last to end."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.was_enabled = True

    def enter(self) -> None:
        with self.lock:
            if self.depth == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.depth += 1

    def leave(self) -> None:
        with self.lock:
            self.depth -= 1
            if not self.depth and self.was_enabled:
                gc.freeze()
                gc.unfreeze()
                gc.enable()


_PAUSE = _CollectorPause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a load makes millions of objects that form no cycles.

    Otherwise it walks them again and again as they are made (2 of the 3 s msgspec takes for a million events).
    When the last pause ends, what was made goes straight to the oldest generation (``gc.freeze`` at once followed by
    ``gc.unfreeze``): the first collection after a load of a million events would otherwise look at every one of its
    lists, holding the interpreter (and the window) for 0.2-0.4 s. Nothing stays frozen (a frozen replaced timeline
    caught in any reference cycle would stay alive for good); later full collections see it as usual.
    """
    _PAUSE.enter()
    try:
        yield
    finally:
        _PAUSE.leave()


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading, refusing before reading anything what is not a regular file.

    A named pipe would block forever and a device may never end: the type is checked before the file is opened,
    and again on the open file (opened without blocking, in case it was swapped in between).
    """
    check_regular(os.stat(path).st_mode, path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        check_regular(os.fstat(fd).st_mode, path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(mode: int, path: str | os.PathLike[str]) -> None:
    """Raise OSError unless ``mode`` is a regular file's."""
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, f"is {_special_kind(mode)}, not a regular file", str(path))


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, refusing what cannot be a timeline: not a regular file, too large, empty, binary."""
    name = str(path)
    try:
        info = os.stat(path)
        check_regular(info.st_mode, path)
        if info.st_size > MAX_FILE_BYTES:
            raise TimelineError(name, [Problem("", f"file is {mib(info.st_size)}; the limit is {mib(MAX_FILE_BYTES)}")])
        with open_regular(path) as handle:
            head = handle.read(BINARY_CHECK_BYTES)
            if b"\x00" in head and not head.startswith(_UTF16_BOMS):
                raise TimelineError(name, [Problem("", "file is binary, not a text timeline")])
            handle.seek(0)  # read again whole: joining the head to the rest would copy it all, the interpreter held
            data = handle.read(info.st_size + 1)  # a buffer of the file's size, not of the limit's
            if len(data) > info.st_size:  # it grew since: read on, up to just past the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except (OSError, ValueError) as exc:  # ValueError: a path with a NUL character
        raise TimelineError(name, [Problem("", os_reason(exc))]) from exc
    if len(data) > MAX_FILE_BYTES:
        raise TimelineError(name, [Problem("", f"file grew past the limit of {mib(MAX_FILE_BYTES)} while it was read")])
    if _is_blank(data):
        raise TimelineError(name, [Problem("", "file is empty")])
    return data


def _is_blank(data: bytes) -> bool:
    """Whether ``data`` holds nothing but white space (found from the start, without copying a large file)."""
    if data.startswith(_UTF16_BOMS):
        return _NOT_BLANK_UTF16.search(data, 2) is None
    return _NOT_BLANK.search(data, len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0) is None


def cut_field(text: str, where: str, warn: Callable[[str, str, str], None], markup: bool = True) -> str:
    """``text``, or its first :data:`MAX_FIELD_CHARS` characters when it is longer (fewer when that would cut a tag or
    a character reference of ``markup``), with a warning at ``where`` (``warn(kind, where, message)``)."""
    if len(text) <= MAX_FIELD_CHARS:
        return text
    whole = getattr(text, "whole", None)  # a string the JSON reader decoded only in part (long_strings.CutString)
    size = f"{whole:,} bytes in the file" if whole is not None else f"{len(text):,} characters"
    warn(LONG_FIELD, where, f"{size}; the first {MAX_FIELD_CHARS:,} characters were read")
    cut = MAX_FIELD_CHARS
    for opening, closing in (("<", ">"), ("&", ";")) if markup else ():  # no tag or reference cut in two (it would show as text)
        at = text.rfind(opening, max(0, cut - _MARKUP_TAIL), cut)
        if at >= 0 and text.find(closing, at, cut) < 0:
            cut = at
    return text[:cut]


def mib(size: int) -> str:
    """A size as messages give it: "1,024 bytes", "3.5 MiB"."""
    return f"{size / 2**20:,.4g} MiB" if size >= 2**20 else f"{size:,} bytes"


class TooMuchHere(Exception):  # noqa: N818  (an outcome: the work is moved, not failed)
    """Opening a timeline read more than :func:`reading_here` allowed: open it in a worker instead."""


_HERE_BUDGET: ContextVar[list[int] | None] = ContextVar("here_budget", default=None)


@contextmanager
def reading_here(budget: int) -> Iterator[None]:
    """Within: reading source files of more than ``budget`` bytes in all raises :class:`TooMuchHere` before the
    first byte too many is read (a small timeline opened in the window's thread may name a 100 MB source file)."""
    token = _HERE_BUDGET.set([budget])
    try:
        yield
    finally:
        _HERE_BUDGET.reset(token)


def read_source_file(base: Path, file: str) -> str:
    """A source text beside the timeline; refuses paths that leave its folder, loops of links, pipes and devices."""
    try:
        target = (base / file).resolve()
    except RuntimeError as exc:  # Python < 3.13 reports a loop of symbolic links this way
        raise OSError(errno.ELOOP, "it is a loop of symbolic links") from exc
    if Path(file).is_absolute() or not target.is_relative_to(base):
        raise ValueError(f"{file!r} is outside the timeline's folder")
    with open_regular(target) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_SOURCE_BYTES:
            raise ValueError(f"{file!r} is too large for a source document (the limit is {mib(MAX_SOURCE_BYTES)})")
        budget = _HERE_BUDGET.get()
        if budget is not None:
            budget[0] -= size
            if budget[0] < 0:
                raise TooMuchHere(file)
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise ValueError(f"{file!r} grew past the limit for a source document ({mib(MAX_SOURCE_BYTES)})")
    try:
        return _decode_utf8_sig(data)
    except UnicodeDecodeError as exc:
        raise ValueError(f"byte 0x{data[exc.start]:02x} at offset {exc.start:,} is not UTF-8 text") from exc


def os_reason(exc: OSError | ValueError) -> str:
    """Why a file could not be read, in words ("No such file or directory", "is a named pipe, not a regular file")."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ELOOP:
            return "it is a loop of symbolic links"
        return exc.strerror or str(exc)
    return "the name contains a NUL character" if "embedded null" in str(exc) else str(exc)


def _decode_utf8_sig(data: bytes) -> str:
    """UTF-8 after an optional byte order mark, decoded a piece at a time (offsets of errors are in ``data``)."""
    return decode_utf8(data, len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 text (a BOM allowed; UTF-16 with a BOM too), or an error naming the line of the first bad byte."""
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        if encoding == "utf-16":
            return decode_utf16(data)
        return _decode_utf8_sig(data)
    except UnicodeDecodeError as exc:
        if encoding == "utf-16":
            raise TimelineError(name, [Problem("", "the file starts like UTF-16 text but is not")]) from exc
        message = f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8"
        raise TimelineError(name, [Problem(line_and_column(data, exc.start), message)]) from exc


def line_and_column(data: bytes, at: int) -> str:
    """"line 3, column 14": where byte ``at`` of UTF-8 text is, its column counted in characters."""
    line_start = data.rfind(b"\n", 0, at) + 1
    column = len(data[line_start:at].decode("utf-8", errors="replace")) + 1
    line = data.count(b"\n", 0, at) + 1
    return f"line {line}, column {column}"


def parse_json(name: str, text: str) -> Any:
    """Generic JSON, with line and column of a syntax error and a guard on nesting."""
    depth = _max_depth(text)
    if depth > MAX_NESTING:
        raise TimelineError(name, [Problem("", f"JSON is nested {depth} levels deep; at most {MAX_NESTING} are allowed")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TimelineError(name, [Problem(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")]) from exc
    except ValueError as exc:
        # json raises a bare ValueError only for integers longer than Python converts.
        limit = sys.get_int_max_str_digits()
        raise TimelineError(name, [Problem("", f"invalid JSON: a number has more than {limit:,} digits")]) from exc
    except RecursionError as exc:
        raise TimelineError(name, [Problem("", "JSON is nested too deeply")]) from exc


def _max_depth(text: str) -> int:
    """Deepest bracket nesting, ignoring brackets in strings (a cheap pre-check)."""
    if text.count("[") + text.count("{") < MAX_NESTING:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


JSON_TYPE_NAMES = {str: "a string", list: "a list", int: "a whole number", dict: "an object", type(None): "null"}
"""How messages name the JSON types."""


def describe_value(value: Any) -> str:
    """A JSON value as a message shows it: "null", "a list", "\"2025\"" (long strings shortened)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (dict, list)):
        return JSON_TYPE_NAMES[type(value)]
    text = json.dumps(value)
    return text if len(text) < 40 else text[:37] + "..."
