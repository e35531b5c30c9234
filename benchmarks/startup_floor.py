"""The start-up floor: a bare PySide6 + pyqtgraph window with an empty plot, to its first paint."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.first_paint import exit_after_first_paint  # noqa: E402


def main() -> int:
    """Show an empty PlotWidget; the process ends after its first paint."""
    app = QApplication([sys.argv[0]])
    exit_after_first_paint(app, pg.PlotWidget)
    plot = pg.PlotWidget()
    plot.resize(1600, 900)
    plot.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
