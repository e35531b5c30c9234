"""Test set-up: Qt offscreen before anything imports it, and settings kept away from the user's."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TIMELINE_VIEWER_SETTINGS_ORG"] = "timeline-viewer-tests"
