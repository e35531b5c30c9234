"""model/ must stay free of Qt (as napari keeps components/)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import model

ROOT = Path(__file__).resolve().parents[2]


def test_model_never_imports_qt() -> None:
    names = [m.name for m in pkgutil.walk_packages(model.__path__, "model.")]
    assert len(names) >= 25
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'gui', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
