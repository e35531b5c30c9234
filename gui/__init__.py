"""The Qt views of the timeline viewer."""

import sys

import shiboken6
from PySide6.QtCore import QObject

from model.events import set_liveness_check


def _skip_feature_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it (about 0.2 ms a module, 80 ms at start-up).

    Its import hook looks in each new module's source for "PySide6" so that feature switches (snake_case,
    true_property) apply to it. The app selects no feature (a test checks that no module imports one), so there
    is nothing to apply. PySide6 is pinned (pyproject.toml); should the hook change, this does nothing.
    """
    try:
        import shibokensupport.feature as feature
    except ImportError:  # pragma: no cover - another PySide6 layout
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False


SWITCH_INTERVAL = 0.0002
"""Seconds a busy worker keeps the interpreter while the window's thread waits for it (Python's default is 0.005)."""


def _hand_over_quickly() -> None:
    """Let the window's thread have the interpreter back within 0.2 ms while a worker is busy.

    Each Qt call lets go of the interpreter; with a worker busy (indexing for search, comparing sources) the window's
    thread then waits the whole switch interval to get it back. After Undo on a million events the window was held
    100 ms (a 5 ms heartbeat's longest gap) with a 1 ms interval, 230 ms with Python's 5 ms, and 37 ms with 0.2 ms
    (``python -m benchmarks.reliability --only edit``). Workers lose little: the interpreter changes hands more often
    only while both threads want it (opening and comparing a million events: 2.49 s at 5 ms, 2.41 s at 0.2 ms).
    """
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))


def _alive(owner: object) -> bool:
    """A view Qt has deleted stops listening to the session (its Python wrapper may outlive it)."""
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


_skip_feature_scan()
_hand_over_quickly()
set_liveness_check(_alive)
