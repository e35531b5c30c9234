"""Timeline viewer: `python main.py [FILE] [--export OUT.{png,svg,pdf} [--size WxH] [--range START..END] ...]`."""

import sys

import model.startup  # noqa: F401  (the model before Qt: see model/startup.py)
from gui.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
