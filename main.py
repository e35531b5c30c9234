"""Timeline viewer: `python main.py [FILE] [--export OUT.png [--size WxH]]`."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
