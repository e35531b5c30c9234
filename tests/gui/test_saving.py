"""Never lose work, as a user meets it: Save / Save As / New, the prompts, and recovery after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gui.main_window import MainWindow
from model.editing import RenameLane
from model.formats.native import load_timeline
from model.recovery import SUFFIX

ROOT = Path(__file__).resolve().parents[2]


def activate(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def rename_first_lane(window: MainWindow, name: str) -> None:
    assert window.editing.apply(RenameLane(window.session.timeline.lanes[0].id, name))


def press(window: MainWindow, qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    activate(window, qtbot)
    qtbot.keyClick(window.view, key, modifiers)


def prompt(window: MainWindow, qtbot, name: str) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: (box := window.findChild(QMessageBox, name)) is not None and box.isVisible(), timeout=10000)
    box = window.findChild(QMessageBox, name)
    assert box is not None
    return box


def click(box: QMessageBox, button: QMessageBox.StandardButton, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


@pytest.fixture
def saved(window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """The default timeline saved with Ctrl+S (which asks where, as it has no file yet)."""
    target = tmp_path / "story.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    rename_first_lane(window, "First save")
    press(window, qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=10000)
    return target


def test_save_writes_the_timeline_and_its_sources(window: MainWindow, saved: Path) -> None:
    assert window.editing.history.path == str(saved)
    reopened = load_timeline(saved)
    assert reopened.lanes[0].name == "First save"
    assert sorted(p.name for p in (saved.parent / "sources").iterdir()) == sorted(
        Path(s.file).name for s in reopened.doc.sources if s.file)
    assert reopened.quote_checks and all(check.verified for check in reopened.quote_checks.values())
    assert "Saved" in window.statusBar().currentMessage()


def test_second_save_keeps_a_bak_and_clears_the_star(window: MainWindow, saved: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = saved.read_bytes()
    rename_first_lane(window, "Second save")
    assert window.isWindowModified()
    press(window, qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=10000)
    assert Path(str(saved) + ".bak").read_bytes() == first
    assert load_timeline(saved).lanes[0].name == "Second save"
    assert not [p for p in saved.parent.iterdir() if p.name.endswith(".tmp")]


def test_save_refuses_a_file_changed_on_disk_until_asked(window: MainWindow, saved: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    theirs = saved.read_text(encoding="utf-8").replace("First save", "Changed elsewhere")
    saved.write_text(theirs, encoding="utf-8")
    rename_first_lane(window, "Mine")
    press(window, qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    box = prompt(window, qtbot, "overwritePrompt")
    assert "changed on disk" in box.text()
    assert saved.read_text(encoding="utf-8") == theirs and window.isWindowModified()
    click(box, QMessageBox.StandardButton.Save, qtbot)  # "Overwrite"
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=10000)
    assert load_timeline(saved).lanes[0].name == "Mine"
    assert Path(str(saved) + ".bak").read_text(encoding="utf-8") == theirs


def test_unwritable_target_says_so_and_stays_unsaved(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("/proc/nope/story.json", ""))
    rename_first_lane(window, "Unsaved")
    window.editing.saving.save()
    box = prompt(window, qtbot, "saveError")
    assert "Cannot write /proc/nope/story.json" in box.text() and "unchanged" in box.text()
    assert window.isWindowModified()


def test_closing_with_unsaved_changes_asks(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    rename_first_lane(window, "Unsaved")
    window.close()
    box = prompt(window, qtbot, "unsavedPrompt")
    assert "Save the changes" in box.text()
    click(box, QMessageBox.StandardButton.Cancel, qtbot)
    assert window.isVisible()
    window.close()
    click(prompt(window, qtbot, "unsavedPrompt"), QMessageBox.StandardButton.Discard, qtbot)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def test_new_asks_then_starts_empty(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    rename_first_lane(window, "Unsaved")
    press(window, qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    click(prompt(window, qtbot, "unsavedPrompt"), QMessageBox.StandardButton.Discard, qtbot)
    assert window.session.timeline.events == [] and window.session.timeline.title == "Untitled timeline"
    assert not window.isWindowModified() and not window.editing.history.can_undo
    assert window.editing.history.path is None


CRASHING_APP = """
from PySide6.QtWidgets import QApplication
from gui.main_window import MainWindow
from model.editing import RenameLane
app = QApplication(["crash-test"])
app.setOrganizationName("timeline-viewer-tests")
window = MainWindow()
window.show()
window.editing.apply(RenameLane(window.session.timeline.lanes[0].id, "Renamed before the crash"))
print("edited", flush=True)
app.exec()
"""


def test_recovery_after_kill_9(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.environ["TIMELINE_VIEWER_RECOVERY_DIR"])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TIMELINE_VIEWER_RECOVERY_SECONDS": "0.2",
           "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([sys.executable, "-c", CRASHING_APP], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: any(folder.glob(f"*{SUFFIX}")) or app.poll() is not None, timeout=60000)
        alive = app.poll() is None
        os.kill(app.pid, signal.SIGKILL)
    finally:
        if app.poll() is None:
            app.kill()
        out, err = app.communicate(timeout=30)
    assert alive, err.decode(errors="replace")
    assert app.returncode == -signal.SIGKILL and out == b"edited\n"
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    box = prompt(window, qtbot, "recoveryPrompt")
    assert "closed without saving" in box.text()
    click(box, QMessageBox.StandardButton.Yes, qtbot)  # "Restore"
    assert window.session.timeline.lanes[0].name == "Renamed before the crash"
    assert window.isWindowModified()
    assert not (folder / f"{app.pid}{SUFFIX}").exists()
    window.editing.saving.discard_recovery()


def test_new_timeline_built_from_a_source_saved_and_reopened(window: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.edit.event_dialog import EventEditor
    from model.editing import AddSource, source_file
    from model.timeline import Source
    from resources import resource

    text = resource("sources/wired-italy-coreweave-openai-2025-03-12.txt").read_text(encoding="utf-8")  # as in ../shared/sources
    passage = "signed a five -year contract and 11.9 billion dollars"
    window.editing.saving.new()
    assert window.editing.apply(AddSource(Source("wired", "Wired Italy", published="2025-03-12", file=source_file("wired")), text))
    editor = window.editing.new_event()
    assert isinstance(editor, EventEditor)
    qtbot.keyClicks(editor.title_edit, "OpenAI signs with CoreWeave")
    editor.start.edit.setText("2025-03-10")
    editor.quotes.add_row(["wired", passage])
    editor.accept()
    assert not editor.isVisible(), editor.message.text()
    target = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.editing.saving.save()
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=10000)
    reopened = load_timeline(target)
    check = reopened.quote_checks[(0, 0)]
    assert check.verified and (check.start, check.end) == (text.find(passage), text.find(passage) + len(passage))
    assert (tmp_path / "sources" / "wired.txt").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(("blocker", "named"), [
    ("story.json.bak", "story.json.bak"),  # a folder where the backup goes
    ("sources", "sources"),  # a file where the source texts' folder goes
])
def test_a_save_error_names_the_file_that_could_not_be_written(window: MainWindow, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch, blocker: str, named: str) -> None:
    target = tmp_path / "story.json"
    target.write_text("{}", encoding="utf-8")
    (tmp_path / blocker).mkdir() if blocker.endswith(".bak") else (tmp_path / blocker).write_text("", encoding="utf-8")
    monkeypatch.setattr(window.editing.history, "source_files", lambda: {"sources/wired.txt": "words"})
    rename_first_lane(window, "Unsaved")
    window.editing.saving.save_as(str(target))
    box = prompt(window, qtbot, "saveError")
    assert f"Cannot write {tmp_path / named}:" in box.text(), box.text()
    assert "File exists" not in box.text() and target.read_text(encoding="utf-8") == "{}"
    assert window.isWindowModified()


def test_an_unwritable_recovery_folder_is_said_in_words(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    window.editing.saving.recovery_file = blocked / "1.recovery.json"
    rename_first_lane(window, "Unsaved")
    window.editing.saving.write_recovery()
    qtbot.waitUntil(lambda: "recovery file" in window.statusBar().currentMessage(), timeout=10000)
    said = window.statusBar().currentMessage()
    assert "Not a directory" in said and "File exists" not in said and "[Errno" not in said and str(blocked) in said, said
    assert window.isWindowModified()
