"""The undo stack: random edits, then undo all gives the document back unchanged, and redo all the edited one."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from model.default import load_default
from model.editing import (
    AddEvent,
    AddLane,
    AddQuote,
    AddSource,
    Batch,
    DeleteEvent,
    DeleteLane,
    EditEvent,
    History,
    MoveLane,
    RecolourLane,
    RenameLane,
    moved,
    new_id,
    slug,
    source_file,
)
from model.errors import TimelineError
from model.formats.native import build_timeline
from model.timeline import Event, Lane, QuoteRef, Source, TimelineDoc

DATES = ["2025", "2025-03", "2025-03-10", "1848", "-13800000000", "2024-12-31", "0044-03-15"]
WORDS = st.text(alphabet="abc déf XYZ-12", min_size=1, max_size=12).filter(str.strip)


def encoded(doc: TimelineDoc) -> bytes:
    return msgspec.json.encode(doc)


class EditingMachine(RuleBasedStateMachine):
    """Random commands, undos and redos on the default timeline, checked against the states they passed through."""

    def __init__(self) -> None:
        super().__init__()
        self.history = History(load_default())
        self.original = encoded(self.history.doc)
        self.states = [self.original]  # the state after each command not undone
        self.redone: list[bytes] = []

    def _apply(self, command: object) -> None:
        self.history.apply(command)  # type: ignore[arg-type]
        self.states.append(encoded(self.history.doc))
        self.redone.clear()

    @rule(title=WORDS, date=st.sampled_from(DATES), data=st.data())
    def add_event(self, title: str, date: str, data: st.DataObject) -> None:
        lanes = [data.draw(st.sampled_from(self.history.doc.lanes)).id]
        self._apply(AddEvent(Event(id=new_id(self.history.doc.events, title), title=title, start=date, lanes=lanes)))

    @precondition(lambda self: self.history.doc.events)
    @rule(data=st.data(), title=WORDS, date=st.sampled_from(DATES), importance=st.integers(-1, 3))
    def edit_event(self, data: st.DataObject, title: str, date: str, importance: int) -> None:
        event = data.draw(st.sampled_from(self.history.doc.events))
        changed = msgspec.structs.replace(event, title=title, start=date, end=None, importance=importance)
        self._apply(EditEvent(event.id, changed))

    @precondition(lambda self: self.history.doc.events)
    @rule(data=st.data())
    def delete_event(self, data: st.DataObject) -> None:
        self._apply(DeleteEvent(data.draw(st.sampled_from(self.history.doc.events)).id))

    @precondition(lambda self: self.history.doc.events)
    @rule(data=st.data(), length=st.integers(3, 40))
    def add_quote(self, data: st.DataObject, length: int) -> None:
        event = data.draw(st.sampled_from(self.history.doc.events))
        source = data.draw(st.sampled_from(list(self.history.timeline.source_texts)))
        text = self.history.timeline.source_texts[source]
        start = data.draw(st.integers(0, max(0, len(text) - length)))
        self._apply(AddQuote(event.id, QuoteRef(source, text[start:start + length])))

    @rule(title=WORDS, body=st.text(min_size=1, max_size=80))
    def add_source(self, title: str, body: str) -> None:
        ident = new_id(self.history.doc.sources, title)
        self._apply(AddSource(Source(ident, title, file=source_file(ident)), body))

    @rule(name=WORDS)
    def add_lane(self, name: str) -> None:
        self._apply(AddLane(Lane(new_id(self.history.doc.lanes, name), name)))

    @rule(data=st.data(), name=WORDS)
    def rename_lane(self, data: st.DataObject, name: str) -> None:
        self._apply(RenameLane(data.draw(st.sampled_from(self.history.doc.lanes)).id, name))

    @rule(data=st.data(), colour=st.sampled_from(["#112233", "#abcdef", ""]))
    def recolour_lane(self, data: st.DataObject, colour: str) -> None:
        self._apply(RecolourLane(data.draw(st.sampled_from(self.history.doc.lanes)).id, colour))

    @rule(data=st.data(), index=st.integers(0, 12))
    def move_lane(self, data: st.DataObject, index: int) -> None:
        self._apply(MoveLane(data.draw(st.sampled_from(self.history.doc.lanes)).id, index))

    @precondition(lambda self: len(self.states) > 1)
    @rule()
    def undo(self) -> None:
        self.redone.append(self.states.pop())
        self.history.undo()

    @precondition(lambda self: self.redone)
    @rule()
    def redo(self) -> None:
        self.states.append(self.redone.pop())
        self.history.redo()

    @invariant()
    def timeline_is_what_a_full_build_gives(self) -> None:
        built = self.history.timeline
        full = build_timeline(built.doc, "full", self.history.source_files().__getitem__)
        assert list(built.starts) == list(full.starts) and list(built.ends) == list(full.ends)
        assert built.quote_checks == full.quote_checks
        assert built.source_texts == full.source_texts

    @invariant()
    def document_is_the_last_state(self) -> None:
        assert encoded(self.history.doc) == self.states[-1]
        assert self.history.unsaved == (len(self.states) > 1)
        assert self.history.can_undo == (len(self.states) > 1)
        assert self.history.can_redo == bool(self.redone)

    def teardown(self) -> None:
        edited = encoded(self.history.doc)
        while self.history.can_undo:
            self.history.undo()
        assert encoded(self.history.doc) == self.original
        assert not self.history.unsaved
        while self.history.can_redo:
            self.history.redo()
        assert encoded(self.history.doc) == (self.redone[0] if self.redone else edited)


EditingMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                            suppress_health_check=[HealthCheck.too_slow])
test_random_edits_undo_and_redo = EditingMachine.TestCase


@pytest.fixture
def history() -> History:
    return History(load_default())


def test_menu_texts_name_the_command(history: History) -> None:
    assert (history.undo_text, history.redo_text) == ("Undo", "Redo")
    history.apply(RenameLane(history.doc.lanes[0].id, "Renamed"))
    assert history.undo_text == "Undo Rename Lane"
    history.undo()
    assert (history.undo_text, history.redo_text) == ("Undo", "Redo Rename Lane")


def test_a_bad_date_changes_nothing_and_says_where(history: History) -> None:
    event = history.doc.events[0]
    before = encoded(history.doc)
    with pytest.raises(TimelineError, match=r"events\[0\]\.start: '2025-13-01' is not a date"):
        history.apply(EditEvent(event.id, msgspec.structs.replace(event, start="2025-13-01")))
    assert encoded(history.doc) == before
    assert not history.can_undo and not history.unsaved


def test_unknown_ids_are_refused_by_name(history: History) -> None:
    with pytest.raises(TimelineError, match="cannot delete event: no event with id 'nope'"):
        history.apply(DeleteEvent("nope"))
    with pytest.raises(TimelineError, match="already exists"):
        history.apply(AddLane(Lane(history.doc.lanes[0].id, "again")))


def test_saved_point_is_known_across_undo_and_redo(history: History) -> None:
    lane = history.doc.lanes[0].id
    history.apply(RenameLane(lane, "One"))
    history.mark_saved("/tmp/x.json")
    assert not history.unsaved and history.path == "/tmp/x.json"
    history.apply(RenameLane(lane, "Two"))
    assert history.unsaved
    history.undo()
    assert not history.unsaved
    history.undo()
    assert history.unsaved
    history.apply(RenameLane(lane, "Three"))  # the saved state can no longer be reached
    assert history.unsaved and history.path == "/tmp/x.json"


def test_added_source_text_is_verified_and_kept_for_its_file(history: History) -> None:
    ident = new_id(history.doc.sources, "A note")
    history.apply(AddSource(Source(ident, "A note", file=source_file(ident)), "The contract was signed on Monday."))
    event = history.doc.events[0]
    timeline = history.apply(AddQuote(event.id, QuoteRef(ident, "contract was signed")))
    check = timeline.quote_checks[(0, len(event.quotes))]
    assert check.verified and (check.start, check.end) == (4, 23)
    assert history.source_files()["sources/a-note.txt"] == "The contract was signed on Monday."


def test_batch_is_one_step(history: History) -> None:
    lanes = history.doc.lanes
    history.apply(Batch((RenameLane(lanes[0].id, "A"), RecolourLane(lanes[1].id, "#123456")), "Restyle Lanes"))
    assert history.undo_text == "Undo Restyle Lanes"
    history.undo()
    assert not history.can_undo and history.doc.lanes[0].name == lanes[0].name


def test_lane_with_events_is_not_deleted(history: History) -> None:
    with pytest.raises(TimelineError, match="still has"):
        history.apply(DeleteLane(history.doc.events[0].lanes[0]))


def test_ids_are_readable_and_free() -> None:
    assert slug("Contrat signé, 10 mars!") == "contrat-signe-10-mars"
    assert new_id(["contract", "contract-2"], "Contract") == "contract-3"
    assert slug("???") == "item"


def test_moving_snaps_to_the_date_precision() -> None:
    day = Event(id="a", title="A", start="2025-03-10", end="2025-03-12")
    assert (moved(day, 2.4 * 86_400).start, moved(day, 2.4 * 86_400).end) == ("2025-03-12", "2025-03-14")
    assert moved(day, 0.6 * 86_400).start == "2025-03-11"
    assert moved(day, -0.4 * 86_400).start == "2025-03-10"
    month = Event(id="b", title="B", start="2025-03")
    assert moved(month, 20 * 86_400).start == "2025-04" and moved(month, 10 * 86_400).start == "2025-03"
    assert moved(Event(id="c", title="C", start="-13800000000"), 1e9 * 365.2425 * 86_400).start == "-12800000000"


def test_problems_of_a_changed_event_name_its_place(history: History) -> None:
    event = history.doc.events[5]
    with pytest.raises(TimelineError, match=r"events\[5\]\.end: '2020' is before the start"):
        history.apply(EditEvent(event.id, msgspec.structs.replace(event, end="2020")))
    with pytest.raises(TimelineError, match=r"events\[5\]\.lanes\[0\]: unknown lane 'nowhere'"):
        history.apply(EditEvent(event.id, msgspec.structs.replace(event, lanes=["nowhere"])))
    with pytest.raises(TimelineError, match=r"events\[5\]\.id: duplicate id"):
        history.apply(Careless(msgspec.structs.replace(event, title="again")))


@dataclass(frozen=True)
class Careless:
    """A command that does not check ids, as a plug-in might be written: the history still refuses its result."""

    event: Event
    text: str = "Add Twin"

    def apply(self, doc: TimelineDoc) -> TimelineDoc:
        return msgspec.structs.replace(doc, events=[*doc.events[:5], self.event, *doc.events[5:]])


def test_typed_text_loses_controls_and_bidi_overrides_as_loaded_text_does(history: History) -> None:
    hostile = "five years \u202egnp.exe\x07 <b>x</b>"
    event = history.doc.events[0]
    history.apply(EditEvent(event.id, msgspec.structs.replace(event, title=hostile, summary=hostile, notes=[hostile])))
    history.apply(AddEvent(Event(id="new", title=hostile, start="2025-03-10")))
    history.apply(RenameLane(history.doc.lanes[0].id, hostile))
    history.apply(AddLane(Lane("other", hostile)))
    ident = new_id(history.doc.sources, "note")
    history.apply(AddSource(Source(ident, hostile, publisher=hostile, file=source_file(ident)), "Some words."))
    clean = "five years gnp.exe <b>x</b>"  # HTML stays as the plain text it is; the views never render it
    changed, added = history.doc.events[0], history.doc.events[-1]
    assert (changed.title, changed.summary, changed.notes, added.title) == (clean, clean, [clean], clean)
    assert history.doc.lanes[0].name == clean and history.doc.lanes[-1].name == clean
    assert (history.doc.sources[-1].title, history.doc.sources[-1].publisher) == (clean, clean)


# --- how a change is built: the history's building hook ---------------------------------------------------------

def test_every_change_is_built_through_the_building_hook_except_a_kept_one(history: History) -> None:
    built: list[str] = []

    def building(work, _what):  # type: ignore[no-untyped-def]
        built.append("built")
        return work()

    history.building = building
    lane = history.doc.lanes[0]
    history.apply(RenameLane(lane.id, "Renamed"))
    assert built == ["built"]
    history.undo()  # the timeline before the change is kept built: no work
    history.redo()
    assert built == ["built"]
    assert history.doc.lanes[0].name == "Renamed"


def test_a_cancelled_change_changes_nothing(history: History) -> None:
    from model.errors import TimelineError
    from model.work import Cancelled

    def cancelled(_work, _what):  # type: ignore[no-untyped-def]
        raise Cancelled

    before = history.timeline
    history.building = cancelled
    with pytest.raises(TimelineError, match="rename lane was cancelled; nothing changed"):
        history.apply(RenameLane(history.doc.lanes[0].id, "Renamed"))
    assert history.timeline is before
    assert not history.can_undo and not history.unsaved


def test_a_change_asked_for_while_another_is_built_is_refused(history: History) -> None:
    from model.errors import TimelineError

    refused: list[str] = []
    lane = history.doc.lanes[0]

    def building(work, _what):  # type: ignore[no-untyped-def]
        try:
            history.apply(RenameLane(lane.id, "Second"))
        except TimelineError as exc:
            refused.append(str(exc.problems[0]))
        return work()

    history.building = building
    history.apply(RenameLane(lane.id, "First"))
    assert refused and "the last change is still being made" in refused[0]
    assert history.doc.lanes[0].name == "First"
    history.undo()
    assert not history.can_undo  # the refused change left no step behind
    assert history.doc.lanes[0].name == lane.name


def test_a_change_built_while_another_timeline_opens_is_dropped(history: History) -> None:
    from model.errors import TimelineError

    other = load_default()

    def building(work, _what):  # type: ignore[no-untyped-def]
        history.reset(other)  # a file opened while the change was being built
        return work()

    history.building = building
    with pytest.raises(TimelineError, match="another timeline was opened meanwhile"):
        history.apply(RenameLane(history.doc.lanes[0].id, "Renamed"))
    assert history.timeline is other and not history.can_undo
