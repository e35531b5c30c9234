"""Candidate events in a source: its dated sentences, each with its date, the actors it names and whether it is vague.

A candidate's quote is its sentence exactly as the text has it (offsets index the text as Python reads it), so
adding it as a quote verifies. Sentences end at ".", "!" or "?" before a capital, a digit or a quote mark, and at
line breaks; never inside "Inc.", "Mr.", "U.S." or "$11.9".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from model.editing import AddEvent, AddQuote, Command, new_id
from model.time.recognise import DateMention, find_dates
from model.time.timepoint import DateError, TimePoint
from model.timeline import Event, Lane, QuoteRef, TimelineDoc
from model.work import checkpoint

MAX_SENTENCE = 1_200
"""Longest quote offered (characters): a "sentence" beyond this is a table or a list run together, cut at a space."""

_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "mt",
    "ft", "inc", "ltd", "co", "corp", "bros", "plc", "llc", "dept", "univ", "est", "approx", "vs", "etc", "al", "fig",
    "no", "nos", "vol", "pp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u", "a.m",
    "p.m", "n.y", "d.c", "s.a",
))
_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n")
_WORD_BEFORE = re.compile(r"(?:^|[\s(\"“‘])([A-Za-z][A-Za-z.]*)\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text and where it starts."""

    start: int
    text: str

    @property
    def end(self) -> int:
        """Offset just after the sentence."""
        return self.start + len(self.text)


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, trimmed, with their offsets; headings and list items are sentences of their own."""
    found: list[Sentence] = []
    start = 0
    for i, match in enumerate(_BREAK.finditer(text)):
        if i % 4096 == 0:
            checkpoint("Reading sentences", match.start(), len(text))
        if match.group() != "\n" and _is_abbreviation(text, match.start()):
            continue
        _add(found, text, start, match.end())
        start = match.end()
    _add(found, text, start, len(text))
    return found


def _is_abbreviation(text: str, at: int) -> bool:
    """Whether the full stop at ``at`` ends an abbreviation or an initial ("Inc.", "U.S.", "J. Smith")."""
    if text[at] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(0, at - 12), at + 1)
    if word is None:
        return False
    name = word.group(1)
    return name.lower().rstrip(".") in _ABBREVIATIONS or (len(name) == 1 and name.isupper()) or \
        bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", name))


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    """The stretch ``text[start:end]`` as sentences: trimmed, and cut at spaces when longer than :data:`MAX_SENTENCE`."""
    while start < end:
        piece = text[start:end]
        stripped = piece.lstrip()
        start += len(piece) - len(stripped)
        stretch = stripped.rstrip()
        if not stretch:
            return
        if len(stretch) <= MAX_SENTENCE:
            found.append(Sentence(start, stretch))
            return
        cut = stretch.rfind(" ", 0, MAX_SENTENCE)
        cut = cut if cut > 0 else MAX_SENTENCE
        found.append(Sentence(start, stretch[:cut].rstrip()))
        start += cut


@dataclass(frozen=True, slots=True)
class Actor:
    """A lane and the words that name it in text (its name, its id, the parts of "SoftBank / Oracle")."""

    lane_id: str
    pattern: re.Pattern[str]


def actors_of(lanes: Iterable[Lane]) -> list[Actor]:
    """How each lane is recognised in text: whole words, any case, possessives included."""
    actors = []
    for lane in lanes:
        names = {lane.name.strip(), lane.id.strip()}
        names |= {part.strip() for part in re.split(r"\s*(?:/|&|,|\+|\band\b)\s*", lane.name)}
        names = {name for name in names if len(name) >= 2}
        if names:
            words = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
            actors.append(Actor(lane.id, re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I)))
    return actors


@dataclass(frozen=True, slots=True)
class Candidate:
    """A dated sentence offered as an event: the quote, its date, the actors it names."""

    quote: str
    quote_start: int
    mention: DateMention
    actors: tuple[str, ...] = ()

    @property
    def point(self) -> TimePoint | None:
        """The date, at its precision; None when vague."""
        return self.mention.point

    @property
    def vague(self) -> bool:
        """Whether the sentence only says "recently", "soon" or the like."""
        return self.mention.vague

    def as_json(self) -> dict[str, Any]:
        """The record ``main.py --suggest`` prints."""
        return {"date": self.point.iso() if self.point else None, "date_text": self.mention.text,
                "date_start": self.mention.start, "quote": self.quote, "quote_start": self.quote_start,
                "vague": self.vague, "actors": list(self.actors)}


def suggest(text: str, published: TimePoint | None = None, lanes: Iterable[Lane] = ()) -> list[Candidate]:
    """The candidate events of ``text``: one per date in each dated sentence (a vague word only where no date is)."""
    mentions = find_dates(text, published)
    actors = actors_of(lanes)
    candidates: list[Candidate] = []
    i = 0
    for n, sentence in enumerate(sentences(text)):
        if n % 256 == 0:
            checkpoint("Finding dated sentences", sentence.start, len(text))
        while i < len(mentions) and mentions[i].start < sentence.start:
            i += 1
        inside = []
        while i < len(mentions) and mentions[i].end <= sentence.end:
            inside.append(mentions[i])
            i += 1
        dated = [m for m in inside if not m.vague]
        chosen = _distinct(dated) if dated else inside[:1]
        if chosen:
            named = tuple(a.lane_id for a in actors if a.pattern.search(sentence.text))
            candidates += [Candidate(sentence.text, sentence.start, mention, named) for mention in chosen]
    return candidates


def _distinct(mentions: list[DateMention]) -> list[DateMention]:
    """One mention per date named in a sentence (the first)."""
    seen: set[str] = set()
    kept = []
    for mention in mentions:
        key = mention.point.iso() if mention.point else ""
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def published_point(published: str | None) -> TimePoint | None:
    """A source's ``published`` field as a point, or None when missing or unreadable."""
    if not published:
        return None
    try:
        return TimePoint.parse(published)
    except DateError:
        return None


@dataclass(frozen=True, slots=True)
class Match:
    """An existing event a candidate belongs to, and whether the event already quotes its sentence."""

    event_id: str
    title: str
    quoted: bool


def matching_event(candidate: Candidate, events: Sequence[Event], source_id: str) -> Match | None:
    """The event of the candidate's date (at the candidate's precision) that already quotes its sentence, whatever its
    actors; else the one with the same actors (its lanes)."""
    point = candidate.point
    if point is None:
        return None
    day, actors = point.iso(), set(candidate.actors)
    same_actors: Match | None = None
    for event in events:
        if event.start[:len(day)] != day:
            continue
        if any(_overlaps(q, candidate, source_id) for q in event.quotes):
            return Match(event.id, event.title, True)
        if same_actors is None and actors and actors == set(event.lanes):
            same_actors = Match(event.id, event.title, False)
    return same_actors


def _overlaps(quote: QuoteRef, candidate: Candidate, source_id: str) -> bool:
    """Whether ``quote`` (of ``source_id``) is part of the candidate's sentence or contains it."""
    if quote.source != source_id:
        return False
    a, b = " ".join(quote.text.split()), " ".join(candidate.quote.split())
    return a in b or b in a


TITLE_LENGTH = 80
"""Longest title proposed for a new event (the sentence, cut at a word)."""


def title_of(quote: str) -> str:
    """A title proposed from a sentence: its first words, cut at a word with an ellipsis when long."""
    words = " ".join(quote.split()).rstrip(".")
    if len(words) <= TITLE_LENGTH:
        return words
    cut = words.rfind(" ", 0, TITLE_LENGTH - 1)
    return words[:cut if cut > 0 else TITLE_LENGTH - 1].rstrip(",;:") + "…"


def commands_for(chosen: Sequence[Candidate], doc: TimelineDoc, source_id: str) -> list[Command]:
    """The edits that add ``chosen`` from source ``source_id``: a quote for an event it matches, else a new event.

    Vague candidates are skipped: they have no date to place an event at.
    """
    commands: list[Command] = []
    taken: list[str] = [e.id for e in doc.events]
    for candidate in chosen:
        if candidate.point is None:
            continue
        quote = QuoteRef(source=source_id, text=candidate.quote)
        match = matching_event(candidate, doc.events, source_id)
        if match is not None:
            if not match.quoted:
                commands.append(AddQuote(match.event_id, quote))
            continue
        title = title_of(candidate.quote)
        event = Event(id=new_id(taken, title, "event"), title=title, start=candidate.point.iso(), lanes=list(candidate.actors),
                      quotes=[quote])
        taken.append(event.id)
        commands.append(AddEvent(event))
    return commands
