"""Export as PNG: through the menu, through the command line, and to paths that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog

from gui.export_dialog import ExportDialog
from gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def lane_colors_in(image: QImage, top: int, bottom: int) -> set[str]:
    """Lane colours found (exactly) in a horizontal band of the picture."""
    found: set[str] = set()
    for y in range(top, bottom, 2):
        for x in range(0, image.width(), 2):
            found.add(QColor(image.pixel(x, y)).name())
    return found


def check_png(path: Path, size: tuple[int, int], window_lanes: list[str]) -> None:
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == size
    colors = {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colors) > 20, "the picture is blank"
    scale = max(1.0, min(size[0] / 1920, size[1] / 1080))
    legend = lane_colors_in(image, int(40 * scale), int(60 * scale))
    assert set(window_lanes) <= legend, "the lane legend is missing"


def test_export_through_the_menu(window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.png"

    def accept(dialog: ExportDialog) -> int:
        dialog.path.setText(str(target))
        dialog.preset.setCurrentIndex(3)  # 1600 x 900
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", accept)
    window.actions_by_name["actionExportPng"].trigger()
    assert window.actions_by_name["actionExportPng"].shortcut().toString() == "Ctrl+E"
    check_png(target, (1600, 900), [lane.color for lane in window.state.timeline.lanes])
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]


def test_export_of_the_current_view(window: MainWindow, tmp_path: Path) -> None:
    window.view.show_range(1.7408e9, 1.7432e9)
    assert window.export(str(tmp_path / "view.png"), (1280, 720), whole=False)
    assert QImage(str(tmp_path / "view.png")).width() == 1280


def test_unwritable_path_gets_a_message_and_the_app_goes_on(window: MainWindow, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    before = window.state.timeline
    targets = [str(tmp_path / "missing" / "dir" / "x.png"), str(tmp_path), "/proc/timeline.png"]
    if os.geteuid() != 0:  # root may write anywhere else
        targets.append(str(locked / "x.png"))
    for target in targets:
        assert not window.export(target, (800, 600))
        assert target in window.last_error
        assert window.state.timeline is before
    assert list(locked.iterdir()) == []
    assert not (tmp_path / "missing").exists()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


def test_cli_export_writes_the_picture_headless(tmp_path: Path) -> None:
    out = tmp_path / "cli.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "main.py", "--export", str(out), "--size", "1600x900"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    from model.default import load_default

    check_png(out, (1600, 900), [lane.color for lane in load_default().lanes])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--export", "/nonexistent-dir/x.png"], "cannot write /nonexistent-dir/x.png"),
        (["--export", "x.png", "--size", "big"], "is not WIDTHxHEIGHT"),
        (["--export", "x.png", "--size", "100000x10"], "out of range"),
        (["no-such-file.json", "--export", "x.png"], "no-such-file.json"),
    ],
)
def test_cli_errors_exit_non_zero_with_one_line(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not (ROOT / "x.png").exists()


def test_app_launches_and_stays_up(tmp_path: Path) -> None:
    """Smoke test: `python main.py` starts the real app (offscreen) without dying."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TIMELINE_VIEWER_SETTINGS_ORG="timeline-viewer-tests")
    proc = subprocess.Popen([sys.executable, "main.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=4)
    finally:
        proc.kill()
        _, err = proc.communicate()
    assert "Traceback" not in err
