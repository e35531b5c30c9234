"""JSON whose strings run to megabytes, decoded without holding the interpreter for long.

msgspec decodes a document in one call, during which no other thread (the window's) runs: a 100 MB source text
written inline in a timeline held the window for a quarter of a second, and longer for text full of escapes. Here
each string longer than :data:`LONG_STRING` is cut out of the document, which is decoded with a short stand-in in
its place; the string is decoded a piece at a time (a checkpoint between pieces) and put back where its stand-in is.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import msgspec
import numpy as np
import numpy.typing as npt

from model.long_text import join_sparing
from model.work import checkpoint

LONG_STRING = 1 << 20
"""Bytes of a JSON string above which it is decoded apart (about 2 ms of work)."""
STRING_PIECE = 1 << 20
"""Bytes of a long string decoded at once."""
_SCAN = 1 << 23
"""Bytes searched for quotes at once."""
_BACKSLASH, _QUOTE = 0x5C, 0x22
_STAND_IN = "\\u0000long string {nonce} {k}"
"""What a long string is replaced with: a string no file holds (a NUL character, then a number drawn afresh)."""
AT_BYTE = re.compile(r"\(byte (\d+)\)$")
"""Where msgspec says a syntax error is, at the end of its message."""


def decode_sparing(decoder: msgspec.json.Decoder[Any], data: bytes, first: int = 0, stop: int | None = None, *,
                   hole: tuple[int, int, bytes] | None = None, around: tuple[bytes, bytes] = (b"", b""),
                   longest: int | None = None) -> Any:
    """``decoder.decode(around[0] + data[first:stop] + around[1])``, with every string longer than
    :data:`LONG_STRING` decoded apart, a piece at a time, and ``hole`` (first, stop, replacement) of ``data`` read as
    its replacement (an array decoded apart). Only the rest is copied. With ``longest``, a long string is decoded only
    until it has more characters than that (a reader that keeps no more: a 100-million-character string of accents
    and emoji takes 0.2 s to make, in one step that holds the interpreter).

    Raises what ``decoder.decode`` would: a syntax error's byte offset is that in ``data``. Strings in frozen
    structs are put back too (the decoded value is new: nothing else holds it yet).
    """
    stop = len(data) if stop is None else stop
    cuts: list[tuple[int, int, bytes]] = [hole] if hole is not None else []
    kept = [(first, hole[0]), (hole[1], stop)] if hole is not None else [(first, stop)]
    nonce = secrets.token_hex(8)
    names: list[str] = []
    spans: list[tuple[int, int]] = []
    for a, b in kept:
        for k, span in enumerate(long_strings(data, a, b) if b - a > LONG_STRING else [], start=len(spans)):
            cuts.append((*span, _STAND_IN.format(nonce=nonce, k=k).encode()))
            names.append(f"\x00long string {nonce} {k}")
            spans.append(span)
    if not cuts and (first, stop, around) == (0, len(data), (b"", b"")):
        return decoder.decode(data)
    cuts.sort()
    view = memoryview(data)
    parts: list[bytes | memoryview] = [around[0]]
    segments: list[tuple[int, int]] = []  # (where a run of ``data`` starts in the skeleton, and in ``data``)
    at, made = first, len(around[0])
    for a, b, replacement in cuts:
        segments.append((made, at))
        parts += (view[at:a], replacement)
        made += a - at + len(replacement)
        at = b
    segments.append((made, at))
    parts += (view[at:stop], around[1])
    skeleton = b"".join(parts)
    del parts, view
    try:
        value = decoder.decode(skeleton)
    except msgspec.ValidationError as exc:  # (a kind of DecodeError)
        if spans and nonce in str(exc):  # msgspec named the stand-in: let it name the real value
            return decoder.decode(_whole(data, first, stop, hole, around))
        raise
    except msgspec.DecodeError as exc:
        raise msgspec.DecodeError(_in_data(str(exc), segments)) from None
    del skeleton
    if not spans:
        return value
    texts = {name: decode_string(data, a, b, longest) for name, (a, b) in zip(names, spans, strict=True)}
    return _put_back(value, texts)


def _whole(data: bytes, first: int, stop: int, hole: tuple[int, int, bytes] | None, around: tuple[bytes, bytes]) -> bytes:
    """What :func:`decode_sparing` reads, as one buffer."""
    view = memoryview(data)
    middle = [view[first:hole[0]], hole[2], view[hole[1]:stop]] if hole is not None else [view[first:stop]]
    return b"".join([around[0], *middle, around[1]])


def long_strings(data: bytes, first: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """Where the JSON strings longer than :data:`LONG_STRING` lie in ``data[first:stop]`` (a whole number of JSON
    values): (first, stop) of each one's content, between its quotes. Empty when that part is not valid JSON as far
    as its quotes tell (decoding will say why)."""
    stop = len(data) if stop is None else stop
    quotes = _unescaped_quotes(np.frombuffer(data, dtype=np.uint8, count=stop - first, offset=first)) + first
    if quotes.size % 2:
        return []
    opens, closes = quotes[0::2] + 1, quotes[1::2]
    long = np.flatnonzero(closes - opens > LONG_STRING)
    return [(int(opens[k]), int(closes[k])) for k in long.tolist()]


def _unescaped_quotes(raw: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """Positions of the quote bytes not escaped by a backslash: in valid JSON, where strings open and close."""
    found = []
    for start in range(0, raw.size, _SCAN):
        checkpoint()
        found.append(np.flatnonzero(raw[start:start + _SCAN] == _QUOTE) + start)
    quotes = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    # A quote is escaped when an odd number of backslashes comes before it: count them back, for all at once.
    escaped = np.zeros(quotes.size, dtype=bool)
    running = np.flatnonzero(quotes > 0)
    back = 1
    while running.size:
        at = quotes[running] - back
        running = running[(at >= 0) & (raw[np.maximum(at, 0)] == _BACKSLASH)]
        escaped[running] ^= True
        back += 1
        if back % 1000 == 0:
            checkpoint()
    return quotes[~escaped].astype(np.int64)


class CutString(str):
    """The start of a JSON string decoded only in part, longer than the reader wanted (see :func:`decode_sparing`'s
    ``longest``); :attr:`whole` is how many bytes all of it takes in the file."""

    whole: int


def decode_string(data: bytes, first: int, stop: int, longest: int | None = None) -> str:
    """The JSON string content ``data[first:stop]`` decoded, :data:`STRING_PIECE` bytes at a time; with ``longest``,
    only until more than that many characters are decoded (a :class:`CutString`, when the string goes on)."""
    parts: list[str] = []
    length = 0
    for a, b in _pieces(data, first, stop):
        parts.append(msgspec.json.decode(b'"' + data[a:b] + b'"'))
        length += len(parts[-1])
        if longest is not None and length > longest and b < stop:
            cut = CutString("".join(parts))
            cut.whole = stop - first
            return cut
    return join_sparing(parts)


def _pieces(data: bytes, first: int, stop: int) -> Iterator[tuple[int, int]]:
    """Cuts of a string's content that split no escape, no surrogate pair of escapes and no UTF-8 character."""
    at = first
    while at < stop:
        checkpoint()
        cut = min(at + STRING_PIECE, stop)
        while cut < stop:
            safe = _safe_cut(data, at, cut)
            if safe > at:
                cut = safe
                break
            cut = min(cut + STRING_PIECE, stop)  # no character ends in the piece (only with tiny pieces): a longer one
        yield at, cut
        at = cut


def _safe_cut(data: bytes, floor: int, cut: int) -> int:
    """``cut`` moved back (not below ``floor``, where a character starts) so that it falls between two characters
    of the decoded string: not inside a UTF-8 character, an escape, or a surrogate pair written as two escapes."""
    while cut > floor and 0x80 <= data[cut] <= 0xBF:  # a UTF-8 continuation byte: inside a character
        cut -= 1
    slash = data.rfind(b"\\", max(floor, cut - 5), cut)  # an escape reaching past ``cut`` starts at most 5 bytes back
    if slash >= 0 and _escape_at(data, floor, slash) and slash + _escape_length(data, slash) > cut:
        cut = slash
    high = cut - 6
    if (high >= floor and _escape_at(data, floor, high) and data[high + 1: high + 2] == b"u"
            and data[high + 2: high + 4].lower() in (b"d8", b"d9", b"da", b"db")):
        cut = high  # the first half of a surrogate pair stays with the second
    return cut


def _escape_at(data: bytes, floor: int, at: int) -> bool:
    """Whether an escape starts at ``at``: a backslash after an even number of backslashes (back to ``floor``)."""
    if data[at] != _BACKSLASH:
        return False
    before = at
    while before > floor and data[before - 1] == _BACKSLASH:
        before -= 1
    return (at - before) % 2 == 0


def _escape_length(data: bytes, at: int) -> int:
    return 6 if data[at + 1: at + 2] == b"u" else 2


def _in_data(message: str, segments: list[tuple[int, int]]) -> str:
    """msgspec's message about the skeleton, its byte offset moved to where that byte is in the whole document."""
    found = AT_BYTE.search(message)
    if found is None:
        return message
    offset = int(found.group(1))
    made, at = max((s for s in segments if s[0] <= offset), default=(0, 0))
    return message[: found.start()] + f"(byte {at + offset - made})"


def _put_back(root: Any, texts: dict[str, str]) -> Any:
    """``root`` with each stand-in string replaced by its text, wherever it lies (fields, items, keys)."""
    if isinstance(root, str):
        return texts.get(root, root)
    stack = [root]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            for k, item in enumerate(value):
                if isinstance(item, str):
                    if item in texts:
                        value[k] = texts[item]
                elif isinstance(item, list | dict | msgspec.Struct):
                    stack.append(item)
        elif isinstance(value, dict):
            if any(isinstance(key, str) and key in texts for key in value):
                items = [(texts.get(key, key) if isinstance(key, str) else key, item) for key, item in value.items()]
                value.clear()
                value.update(items)
            for key, item in value.items():
                if isinstance(item, str):
                    if item in texts:
                        value[key] = texts[item]
                elif isinstance(item, list | dict | msgspec.Struct):
                    stack.append(item)
        elif isinstance(value, msgspec.Struct):
            for name in value.__struct_fields__:
                item = getattr(value, name)
                if isinstance(item, str):
                    if item in texts:
                        msgspec.structs.force_setattr(value, name, texts[item])
                elif isinstance(item, list | dict | msgspec.Struct):
                    stack.append(item)
    return root
