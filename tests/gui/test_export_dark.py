"""Exports are light whatever the window's theme, and dark only when asked (issue "Starts on every desktop")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def mean_lightness(path: Path) -> float:
    image = QImage(str(path))
    assert not image.isNull()
    samples = [image.pixelColor(x, y).lightnessF() for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)]
    return sum(samples) / len(samples)


def export(path: Path, *flags: str) -> None:
    done = subprocess.run([sys.executable, "main.py", "--export", str(path), "--size", "800x500", *flags], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr


def test_exports_are_light_unless_dark_is_asked_for(tmp_path: Path) -> None:
    light, dark = tmp_path / "light.png", tmp_path / "dark.png"
    export(light)
    export(dark, "--dark")
    assert mean_lightness(light) > 0.85
    assert mean_lightness(dark) < 0.3
