"""The app's names and version, for the window title, About, the settings and the command line."""

from __future__ import annotations

APP_NAME = "Timeline Viewer"
ORG_NAME = "timeline-viewer"
DIST_NAME = "timeline-viewer"


def version() -> str:
    """The app's version, from the installed package's metadata (else from pyproject.toml).

    Reading the metadata loads ``importlib.metadata`` and the ``email`` package (about 8 ms): start-up leaves it
    until after the first paint (``--version`` reads it when asked).
    """
    from importlib import metadata

    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        try:
            with open(Path(__file__).resolve().parents[1] / "pyproject.toml", "rb") as f:
                return str(tomllib.load(f)["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"
