"""Bulk background work takes turns: two such tasks never run at once, and one waiting for its turn can be cancelled."""

from __future__ import annotations

import threading
import time

from gui.worker import Runner
from model.work import Cancelled


def test_bulk_tasks_run_one_at_a_time_and_the_others_do_not_wait(qtbot) -> None:  # type: ignore[no-untyped-def]
    first, second, free = Runner("first", takes_turns=True), Runner("second", takes_turns=True), Runner("free")
    release = threading.Event()
    started: list[str] = []
    done: list[str] = []

    def work(name: str, hold: bool = False) -> str:
        started.append(name)
        if hold:
            release.wait(5)
        return name

    first.submit(lambda: work("first", hold=True), done.append)
    qtbot.waitUntil(lambda: started == ["first"], timeout=2000)
    second.submit(lambda: work("second"), done.append)
    free.submit(lambda: work("free"), done.append)
    qtbot.waitUntil(lambda: done == ["free"], timeout=2000)  # a task the user waits on does not wait its turn
    time.sleep(0.2)
    assert "second" not in started  # the other bulk task waits while the first runs
    release.set()
    qtbot.waitUntil(lambda: done == ["free", "first", "second"], timeout=10000)


def test_a_task_waiting_for_its_turn_is_cancelled_at_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    first, second = Runner("first", takes_turns=True), Runner("second", takes_turns=True)
    release = threading.Event()
    results: list[object] = []
    first.submit(lambda: release.wait(5), results.append)
    qtbot.waitUntil(lambda: first.current is not None, timeout=2000)
    task = second.submit(lambda: "ran", results.append)
    time.sleep(0.1)
    began = time.perf_counter()
    second.cancel()
    qtbot.waitUntil(lambda: second.current is None, timeout=2000)  # its thread ended without waiting for the first
    assert time.perf_counter() - began < 1.0
    assert task.cancelled and results == []
    release.set()
    qtbot.waitUntil(lambda: results == [True], timeout=3000)
    assert not isinstance(results[0], Cancelled)


def test_a_task_starts_once_the_window_thread_is_back_in_its_event_loop(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Views handed a new timeline submit their work first and lay out after: the work waits for the layout."""
    runner = Runner("later")
    started: list[str] = []
    results: list[object] = []
    runner.submit(lambda: started.append(threading.current_thread().name) or "done", results.append)
    time.sleep(0.1)  # the window's thread still busy with the same handler
    assert started == [] and runner.busy
    qtbot.waitUntil(lambda: results == ["done"], timeout=3000)
    assert started == ["later-worker"]


def test_a_task_superseded_before_it_began_never_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner("twice")
    ran: list[str] = []
    results: list[object] = []
    runner.submit(lambda: ran.append("first") or "first", results.append)
    runner.submit(lambda: ran.append("second") or "second", results.append)
    qtbot.waitUntil(lambda: results == ["second"], timeout=3000)
    assert ran == ["second"] and not runner.busy


def test_the_window_thread_gets_the_interpreter_back_quickly() -> None:
    import sys

    import gui

    assert sys.getswitchinterval() <= gui.SWITCH_INTERVAL < 0.005
