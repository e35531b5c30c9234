"""Timeline viewer: `python main.py [FILE] [--export OUT.{png,svg,pdf} [--size WxH] [--range START..END] ...]`."""

import sys

import gui  # noqa: F401  (first: PySide6 stops reading the source of each module imported after it; see gui/__init__.py)
from gui.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
