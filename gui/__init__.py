"""The Qt views of the timeline viewer."""

import shiboken6
from PySide6.QtCore import QObject

from model.events import set_liveness_check


def _alive(owner: object) -> bool:
    """A view Qt has deleted stops listening to the session (its Python wrapper may outlive it)."""
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


set_liveness_check(_alive)
