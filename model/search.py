"""Find: a search index over everything an event says, case- and accent-insensitive.

Each event's words (title, summary, notes, quote texts, claim values) are folded (case folded, NFKD, combining
marks dropped) and kept as one UTF-8 blob in time order, one line per event, with an array of where each line
begins. A query is folded the same way and found with numpy over the blob in blocks (the candidate positions of
its first two bytes, narrowed byte by byte), so a million events take tens of milliseconds; a query that extends the
previous one only narrows the previous positions. Hit positions map to events by binary search on the offsets.
Lane names and source titles and publishers are few: they are searched as they are, and a hit there matches every
event in the lane, or citing the source. Snippets (the original words around a match, with its span) are worked
out on demand, for the results on screen only.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from model.session import Session
from model.timeline import Event, IntArray, Timeline
from model.work import checkpoint

FIELD_SEP = "\x1f"
"""Between the fields of one event in the blob (a query never contains it, so no match spans two fields)."""
EVENT_SEP = "\n"
"""After each event's line in the blob."""
SEPARATOR_BYTES = frozenset({ord(FIELD_SEP), ord(EVENT_SEP)})
_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", FIELD_SEP: " "})
BUILD_CHUNK = 65_536
"""Events folded between two checkpoints while building."""
BLOCK = 1 << 20
"""Bytes of the blob compared at a time: a scratch buffer that stays in cache, and a checkpoint after each."""
CONTEXT_NAMES = {"lane": "Lane: ", "source": "Source: "}
"""To say before a snippet that comes from the event's lane or a source it cites rather than its own words."""
SNIPPET_BEFORE = 40
SNIPPET_AFTER = 80


def fold(text: str) -> str:
    """``text`` as the index compares it: case folded, compatibility-decomposed, without combining marks or
    invisible format characters (bidi marks, zero-width spaces, soft hyphens: a pasted query often carries them)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")


def fold_query(query: str) -> str:
    """The query as searched: folded, with line breaks and tabs as spaces; "" when there is nothing to find."""
    folded = fold(query).translate(_SPACES)
    return folded if folded.strip() else ""


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character the index of the one it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = fold(c)
        out.append(f)
        origin.extend([i] * len(f))
    return "".join(out), origin


FOLD_PIECE = 1 << 18
"""Characters folded at once: a long field (a summary of a hundred megabytes) is folded a piece at a time, with a
checkpoint between, since each pass over it holds the interpreter. Cutting a base letter from its combining mark
changes nothing: folding drops the mark."""
SEARCHED_CHARS = 1 << 20
"""Characters of each field that search looks at (a mebibyte, some 150 pages): the words of a longer field past
that are not found. A field of a hundred million characters of accents and emoji took 17 s to index, and held the
window for a second at a time while its pieces were put together and encoded."""


def _fold_line(text: str) -> str:
    if len(text) > SEARCHED_CHARS:
        text = text[:SEARCHED_CHARS]
    if len(text) > FOLD_PIECE:
        parts = []
        for at in range(0, len(text), FOLD_PIECE):
            checkpoint()
            parts.append(_fold_line(text[at:at + FOLD_PIECE]))
        return "".join(parts)
    folded = fold(text)
    return folded if folded.isprintable() else folded.translate(_SPACES)


def _fold_name(name: str) -> str:
    """A lane's or a source's name folded for search, as far as search reads a field (a 20-million-character lane
    name held the interpreter 0.45 s in one normalization)."""
    return fold(name[:SEARCHED_CHARS])


def event_fields(event: Event) -> Iterator[tuple[str, str]]:
    """(what, text) of every searched field of ``event``, in the order snippets prefer them."""
    yield "title", event.title
    if event.summary:
        yield "summary", event.summary
    for note in event.notes:
        yield "note", note
    for quote in event.quotes:
        yield "quote", quote.text
    for claim in event.claims:
        yield "claim", claim.value


def _event_line(event: Event) -> str:
    """The event's words as one folded line of the blob, its fields apart."""
    if not (event.summary or event.notes or event.quotes or event.claims):
        return _fold_line(event.title)
    return FIELD_SEP.join(_fold_line(text) for _, text in event_fields(event))


@dataclass(frozen=True)
class Snippet:
    """A few words around a match, as plain text, with the match at ``text[start:end]``."""

    text: str
    start: int
    end: int
    field: str
    """Where the match is: title, summary, note, quote, claim, lane, source."""


@dataclass(frozen=True)
class SearchResult:
    """The events a query found, in time order."""

    query: str
    """The folded query ("" for none)."""
    events: IntArray
    """Indices into ``timeline.events`` of the matching events, in time order."""
    positions: IntArray | None
    """Where the query starts in the index's blob (for narrowing when the query grows); None when not kept."""

    def __len__(self) -> int:
        return int(self.events.size)


NO_EVENTS: IntArray = np.zeros(0, dtype=np.int64)


class SearchIndex:
    """Everything an event says, folded once, to find any text in any number of events quickly."""

    def __init__(self, timeline: Timeline, blob: bytes, offsets: IntArray, source_ranks: dict[str, IntArray],
                 common_bytes: dict[int, npt.NDArray[np.uint8]] | None = None) -> None:
        self.timeline = timeline
        self.blob = blob
        self.offsets = offsets
        """Where each event's line begins in :attr:`blob`, by time rank, and the blob's length last."""
        self._bytes = np.frombuffer(blob, dtype=np.uint8)
        self._lanes = [_fold_name(lane.name) for lane in timeline.lanes]
        self._sources = [(source.id, _fold_name(source.title), _fold_name(source.publisher)) for source in timeline.doc.sources]
        self._source_ranks = source_ranks
        self._common_bytes = common_bytes or {}
        """For each byte many events hold: which events (in time order, bits packed), for a first keystroke."""
        index = timeline.index
        by_lane = np.argsort(index.lane, kind="stable")
        self._lane_rows = index.event_rank[index.event[by_lane]].astype(np.int32)
        """Time ranks of each row's event, the rows grouped by lane (lane ``k``'s from ``_lane_bounds[k]``)."""
        self._lane_bounds = np.searchsorted(index.lane[by_lane], np.arange(len(timeline.lanes) + 1))

    @property
    def nbytes(self) -> int:
        """Memory the index holds (the blob, the offsets, the per-lane and per-source lists)."""
        per_source = sum(ranks.nbytes for ranks in self._source_ranks.values())
        per_byte = sum(bits.nbytes for bits in self._common_bytes.values())
        return sys.getsizeof(self.blob) + self.offsets.nbytes + per_source + self._lane_rows.nbytes + per_byte

    # --- searching ---------------------------------------------------------------------------
    def search(self, query: str, previous: SearchResult | None = None) -> SearchResult:
        """The events whose words contain ``query`` (folded), in time order; narrows ``previous`` when it can."""
        folded = fold_query(query)
        if not folded:
            return SearchResult("", NO_EVENTS, NO_EVENTS)
        key = folded.encode("utf-8")
        positions: IntArray | None
        if previous is not None and previous.positions is not None and previous.query and folded.startswith(previous.query):
            narrowed = self._narrow(previous.positions, key, len(previous.query.encode("utf-8")))
            positions, ranks = narrowed, self._ranks(narrowed, self.offsets)
        elif len(key) == 1 and key[0] in self._common_bytes:
            held = np.unpackbits(self._common_bytes[key[0]], count=self.offsets.size - 1).view(np.bool_)
            positions, ranks = None, np.flatnonzero(held)
        else:
            positions, ranks = self._find_all(key)
        others = self._lane_and_source_ranks(folded)
        if others:
            found = np.zeros(self.offsets.size - 1, dtype=np.bool_)
            found[ranks] = True
            for more in others:
                found[more] = True
            ranks = np.flatnonzero(found)
        return SearchResult(folded, self.timeline.index.event_order[ranks], positions)

    def _find_all(self, key: bytes) -> tuple[IntArray | None, IntArray]:
        """Every position of ``key`` in the blob (None for a single byte), and the time ranks of the events holding them.

        The blob is compared a block at a time with the key's first two bytes, so a common letter makes few
        candidates; a single byte (a first keystroke, which most events hold) is only looked for line by line.
        """
        data, offsets = self._bytes, self.offsets
        last = data.size - len(key)  # the last position a match can start at
        size = min(BLOCK, max(last + 1, 0))
        hits, second = np.empty(size, dtype=np.bool_), np.empty(size, dtype=np.bool_)
        positions: list[IntArray] = []
        ranks: list[IntArray] = []
        for begin in range(0, last + 1, BLOCK):
            end = min(begin + BLOCK, last + 1)
            np.equal(data[begin:end], key[0], out=hits[: end - begin])
            first = int(np.searchsorted(offsets, begin, side="right")) - 1
            if len(key) == 1:
                starts = np.maximum(offsets[first:int(np.searchsorted(offsets, end, side="left"))], begin) - begin
                held = np.logical_or.reduceat(hits[: end - begin], starts)
                ranks.append(np.flatnonzero(held) + first)
            else:
                block = hits[: end - begin]
                block &= np.equal(data[begin + 1:end + 1], key[1], out=second[: end - begin])
                found = self._narrow(np.flatnonzero(block) + begin, key, 2)
                past = int(np.searchsorted(offsets, end, side="right"))
                positions.append(found)
                ranks.append(self._ranks(found, offsets[first:past]) + first)  # a small haystack stays in cache
            checkpoint("Searching", end, last + 1)
        if not ranks:
            return (NO_EVENTS if len(key) > 1 else None), NO_EVENTS
        every = _once(np.concatenate(ranks).astype(np.int64))  # an event can straddle two blocks
        return (np.concatenate(positions) if len(key) > 1 else None), every

    def _narrow(self, positions: IntArray, key: bytes, known: int) -> IntArray:
        """The ``positions`` where ``key`` starts, given that its first ``known`` bytes are already there."""
        data = self._bytes
        positions = positions[positions <= data.size - len(key)]
        for i in range(known, len(key)):
            positions = positions[data[positions + i] == key[i]]
        return positions

    @staticmethod
    def _ranks(positions: IntArray, offsets: IntArray) -> IntArray:
        """Indices into ``offsets`` of the lines holding ``positions`` (sorted), each once."""
        return _once((np.searchsorted(offsets, positions, side="right") - 1).astype(np.int64))

    def _lane_and_source_ranks(self, folded: str) -> list[npt.NDArray[np.integer]]:
        """Time ranks of the events in a lane, or citing a source, whose name contains ``folded`` (may repeat)."""
        found: list[npt.NDArray[np.integer]] = [self._lane_ranks(k) for k, name in enumerate(self._lanes) if folded in name]
        found += [self._source_ranks[sid] for sid, title, publisher in self._sources
                  if (folded in title or folded in publisher) and sid in self._source_ranks]
        return found

    def _lane_ranks(self, lane: int) -> npt.NDArray[np.int32]:
        """Time ranks of the events in lane ``lane``."""
        return self._lane_rows[self._lane_bounds[lane]:self._lane_bounds[lane + 1]]

    # --- showing a match ---------------------------------------------------------------------
    def snippet(self, event: int, query: str) -> Snippet:
        """The original words of event ``event`` around the first match of ``query``, with its span."""
        folded = fold_query(query)
        fields: Sequence[tuple[str, str]] = list(chain(event_fields(self.timeline.events[event]), self._context(event)))
        for what, text in fields:
            span = find_span(text, folded) if folded else None
            if span is not None:
                return cut(text, span, what)
        title = self.timeline.events[event].title
        return Snippet(title, 0, 0, "title")

    def _context(self, event: int) -> Iterator[tuple[str, str]]:
        yield from (("lane", name) for name in self.timeline.lane_names(event))
        sources = self.timeline.source_by_id
        for sid in dict.fromkeys(quote.source for quote in self.timeline.events[event].quotes):
            if sid in sources:
                yield "source", sources[sid].title
                yield "source", sources[sid].publisher


def _once(ranks: IntArray) -> IntArray:
    """``ranks`` (sorted) without repeats."""
    if ranks.size > 1:
        return ranks[np.concatenate(([True], ranks[1:] != ranks[:-1]))]
    return ranks


FIND_WINDOW = 1 << 16
"""Characters of a field folded at once to find a match in it: a summary of a hundred megabytes is searched a window
at a time (folding it whole would map each of its characters, gigabytes)."""


def find_span(text: str, folded_query: str) -> tuple[int, int] | None:
    """Where ``folded_query`` is in ``text`` (original character offsets), or None."""
    if len(text) <= FIND_WINDOW:
        return _find_span(text, folded_query)
    reach = 4 * len(folded_query) + 16  # a match's characters, with combining marks folding drops, fit in this
    for at in range(0, min(len(text), SEARCHED_CHARS), FIND_WINDOW):  # as far as search reads the field
        span = _find_span(text[at:at + FIND_WINDOW + reach], folded_query)
        if span is not None and span[0] < FIND_WINDOW:
            return at + span[0], at + span[1]
    return None


def _find_span(text: str, folded_query: str) -> tuple[int, int] | None:
    folded, origin = fold_mapped(text)
    at = folded.find(folded_query)
    if at < 0:
        return None
    return origin[at], origin[at + len(folded_query) - 1] + 1


def cut(text: str, span: tuple[int, int], what: str) -> Snippet:
    """The words of ``text`` around ``span``, on one line, shortened with an ellipsis at a cut end."""
    start, end = span
    lo = max(0, start - SNIPPET_BEFORE)
    hi = min(len(text), end + SNIPPET_AFTER)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    piece = (head + text[lo:hi] + tail).translate(_SPACES)
    offset = len(head) - lo
    return Snippet(piece, start + offset, end + offset, what)


def build_index(timeline: Timeline) -> SearchIndex:
    """Fold every event's words once, in time order (checkpoints between chunks, so a worker can cancel)."""
    events = timeline.events
    order = timeline.index.event_order
    chunks: list[bytes] = []
    lengths: list[npt.NDArray[np.int64]] = []
    for begin in range(0, order.size, BUILD_CHUNK):
        lines = [_event_line(events[i]) for i in order[begin:begin + BUILD_CHUNK].tolist()]
        lines.append("")  # the last line's separator, without copying the chunk again
        chunk = EVENT_SEP.join(lines)
        lines.pop()
        chunks.append(chunk.encode("utf-8"))
        if chunk.isascii():
            sizes = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
        else:
            sizes = np.fromiter((len(line.encode("utf-8")) for line in lines), dtype=np.int64, count=len(lines))
        lengths.append(sizes + len(EVENT_SEP))
        checkpoint("Indexing for search", begin + len(lines), order.size)
    offsets = np.zeros(order.size + 1, dtype=np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=offsets[1:])
    blob = b"".join(chunks)
    return SearchIndex(timeline, blob, offsets, _source_ranks(timeline), common_bytes(blob, offsets))


COMMON_SHARE = 0.02
"""A byte held by more events than this share gets its own list of them (a first keystroke is then instant)."""


BYTES_AT_ONCE = 4 << 20
"""Bytes of folded text whose lines are marked in one pass (the pass takes several times that in memory and time)."""


def _by_bytes(offsets: IntArray, first: int, last: int) -> Iterator[tuple[int, int]]:
    """Lines ``first`` to ``last`` in runs of at most :data:`BYTES_AT_ONCE` bytes (a longer line on its own)."""
    while first < last:
        end = int(np.searchsorted(offsets, offsets[first] + BYTES_AT_ONCE, side="right")) - 1
        end = min(max(end, first + 1), last)
        yield first, end
        first = end


def _lines_holding(data: npt.NDArray[np.uint8], offsets: IntArray, first: int, last: int) -> npt.NDArray[np.bool_]:
    """Which byte values each of lines ``first`` to ``last`` holds, shape (256, lines)."""
    lines = last - first
    if lines == 1 and offsets[last] - offsets[first] > BYTES_AT_ONCE:  # one very long line (a 20 MB claim)
        return _bytes_held(data, int(offsets[first]), int(offsets[last]))[:, None]
    line = np.repeat(np.arange(lines, dtype=np.int64), np.diff(offsets[first:last + 1]))
    held = np.zeros(256 * lines, dtype=np.bool_)
    held[data[offsets[first]:offsets[last]].astype(np.int64) * lines + line] = True
    return held.reshape(256, lines)


def _bytes_held(data: npt.NDArray[np.uint8], start: int, end: int) -> npt.NDArray[np.bool_]:
    """Which of the 256 byte values occur in ``data[start:end]``, counted a mebibyte at a time."""
    held = np.zeros(256, dtype=np.bool_)
    for at in range(start, end, 1 << 20):
        held |= np.bincount(data[at:min(at + (1 << 20), end)], minlength=256) > 0
        checkpoint()
    return held


def common_bytes(blob: bytes, offsets: IntArray) -> dict[int, npt.NDArray[np.uint8]]:
    """For each byte that many lines of ``blob`` hold, which lines hold it (bits packed, one per line)."""
    data = np.frombuffer(blob, dtype=np.uint8)
    n = offsets.size - 1
    packed: list[npt.NDArray[np.uint8]] = []
    counts = np.zeros(256, dtype=np.int64)
    for first in range(0, n, BUILD_CHUNK):  # a multiple of 8, so the packed chunks line up
        last = min(first + BUILD_CHUNK, n)
        by_byte = np.concatenate([_lines_holding(data, offsets, a, b) for a, b in _by_bytes(offsets, first, last)], axis=1)
        counts += by_byte.sum(axis=1)
        packed.append(np.packbits(by_byte, axis=1))
        checkpoint("Indexing for search", last, n)
    if not packed:
        return {}
    table = np.concatenate(packed, axis=1)
    common = [b for b in np.flatnonzero(counts > COMMON_SHARE * n).tolist() if b not in SEPARATOR_BYTES]
    return {b: table[b].copy() for b in common}


def _source_ranks(timeline: Timeline) -> dict[str, IntArray]:
    """Per source id, the time ranks of the events citing it."""
    citing: dict[str, list[int]] = {}
    for i, event in enumerate(timeline.events):
        for sid in {quote.source for quote in event.quotes} if event.quotes else ():
            citing.setdefault(sid, []).append(i)
    rank = timeline.index.event_rank
    return {sid: np.sort(rank[np.array(found, dtype=np.int64)]) for sid, found in citing.items()}


def search_session(session: Session, text: str) -> SearchResult:
    """Set ``session.search`` to ``text`` and its matches at once (the command line; the window searches in a worker)."""
    result = build_index(session.timeline).search(text)
    session.search = text
    session.matches = result.events if result.query else None
    return result
