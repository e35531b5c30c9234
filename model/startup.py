"""The Qt-free modules the window needs at start-up, imported by ``main.py`` before anything imports PySide6.

PySide6 installs an import hook (its check for feature switches) that reads the source of every module
imported after it, about 0.2 ms a module; the model, numpy and msgspec loaded first skip it (about 50 ms at
start-up). Importing this module has no other effect.
"""

from __future__ import annotations

import msgspec  # noqa: F401
import numpy  # noqa: F401

import model.default  # noqa: F401
import model.editing  # noqa: F401
import model.filter_spec  # noqa: F401
import model.formats.registry  # noqa: F401
import model.layout.lanes  # noqa: F401
import model.saving  # noqa: F401
import model.search  # noqa: F401
import model.session  # noqa: F401
import model.time.ticks  # noqa: F401
