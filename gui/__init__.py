"""The Qt views of the timeline viewer."""

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


def _alive(owner: object) -> bool:
    """A view Qt has deleted stops listening to the session (its Python wrapper may outlive it)."""
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


_skip_feature_scan()
set_liveness_check(_alive)
