"""Where an event's media is: a local image beside the timeline (shown as a thumbnail), or a web address."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})
MAX_IMAGE_BYTES = 16 * 1024 * 1024
"""Local images larger than this are not shown as thumbnails."""


MAX_PATH_CHARS = 4096
"""No file path is longer (Linux's PATH_MAX): a longer ``url`` is not looked for on disk."""


def local_image(timeline_path: str | None, url: str) -> Path | None:
    """The image file ``url`` names inside the timeline's folder, or None (web addresses are never fetched).

    Relative paths and ``file:`` URLs are accepted when they stay inside the folder, name an existing regular file
    with an image suffix, and are not too large.
    """
    if not timeline_path or len(url) > MAX_PATH_CHARS or not url.strip() or "\x00" in url:
        return None
    base = Path(timeline_path).resolve().parent
    parsed = urlparse(url.strip())
    if parsed.scheme.lower() == "file":
        candidate = Path(unquote(parsed.path))
    elif parsed.scheme and len(parsed.scheme) > 1:
        return None  # http, https, data, javascript...: never read
    else:
        candidate = base / url.strip()
    try:
        target = candidate.resolve()
        if not target.is_relative_to(base) or target.suffix.lower() not in IMAGE_SUFFIXES or not target.is_file():
            return None
        if target.stat().st_size > MAX_IMAGE_BYTES:
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    return target
