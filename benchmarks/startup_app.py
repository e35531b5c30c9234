"""The app's start-up, to the first paint of its timeline: `python -m benchmarks.startup_app`.

Runs ``gui.app.main([])`` (what ``python main.py`` runs) when ``gui.main_window`` exists; until then, the default
timeline in a TimelineView at 1600x900. Prints ``first-paint <time.time()>`` and exits after the first paint, and
``mode <how>`` before it.
"""

from __future__ import annotations

import importlib.util
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TIMELINE_VIEWER_SETTINGS_ORG", "timeline-viewer-benchmarks")

from PySide6.QtWidgets import QApplication  # noqa: E402

import main as _entry  # noqa: E402, F401  (what `python main.py` imports, in its order: the model before Qt)
from benchmarks.first_paint import exit_after_first_paint  # noqa: E402


def main() -> int:
    """Start the app as main.py does (or the timeline view alone) and exit after the timeline's first paint."""
    app = QApplication([sys.argv[0]])
    if importlib.util.find_spec("gui.main_window") is not None:
        print("mode main-window", flush=True)
        from gui.app import main as app_main
        from gui.canvas.timeline_view import TimelineView

        exit_after_first_paint(app, TimelineView)
        return app_main([])
    print("mode timeline-view (gui/main_window.py does not exist yet)", flush=True)
    from gui.canvas.timeline_view import TimelineView
    from model.default import load_default
    from model.session import Session

    exit_after_first_paint(app, TimelineView)
    view = TimelineView(Session(load_default()))
    view.resize(1600, 900)
    view.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
