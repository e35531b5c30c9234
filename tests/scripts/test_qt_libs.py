"""scripts/qt-libs.sh: checks the platform the app will really use, and says exactly what to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "qt-libs.sh"


def run(tmp_path: Path, env: dict[str, str], missing: list[str]) -> subprocess.CompletedProcess[str]:
    """The script with a fake ldd reporting ``missing`` libraries, as a non-root user."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    lines = "".join(f"\\t{lib} => not found\\n" for lib in missing)
    (bin_dir / "ldd").write_text(f"#!/bin/sh\nprintf '{lines}'\n")
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    for tool in ("ldd", "id"):
        (bin_dir / tool).chmod(0o755)
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")}
    base["PATH"] = f"{bin_dir}:{base['PATH']}"
    return subprocess.run(["bash", str(SCRIPT), sys.executable], env={**base, **env}, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize(("env", "platform"), [
    ({"DISPLAY": ":5"}, "xcb"),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":5"}, "wayland"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "wayland"),
    ({}, "offscreen"),
    ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":5"}, "offscreen"),
])
def test_missing_libraries_are_named_with_the_apt_line(tmp_path: Path, env: dict[str, str], platform: str) -> None:
    done = run(tmp_path, env, ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libglib-2.0.so.0", "libxcb-icccm.so.4"])
    assert done.returncode == 1
    assert f"'{platform}' platform" in done.stderr
    assert "  sudo apt-get install -y libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0\n" in done.stderr


def test_nothing_missing_offscreen_passes(tmp_path: Path) -> None:
    done = run(tmp_path, {}, [])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
