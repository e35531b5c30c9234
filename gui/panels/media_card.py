"""The side panel's media card: an event's picture (a local image as a thumbnail), caption, credit and link."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImageReader, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

from gui import style
from gui.widgets import plain_label, press_on_return, safe_link, shorten, tooltip_text
from model.formats.media import local_image
from model.provenance.plain_text import one_line
from model.timeline import Media

THUMBNAIL = QSize(280, 180)
MAX_PIXELS = 24_000_000
"""Pictures larger than this are named, not shown: decoding one would take longer than a click may."""


def media_card(media: Media, timeline_path: str | None) -> QFrame:
    """A card showing ``media``: thumbnail or address, caption, credit, and a button for its web link."""
    card = QFrame()
    card.setObjectName("mediaCard")
    p = style.current()  # the theme's card colours (gui/style.py)
    card.setStyleSheet(f"#mediaCard {{ background: {p.css('card')}; border: 1px solid {p.css('card_edge')}; border-radius: 6px; }}")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(10, 8, 10, 8)
    layout.addWidget(plain_label("Media", "mediaHeader", bold=True))
    thumbnail = _thumbnail(media, timeline_path)
    if thumbnail is not None:
        layout.addWidget(thumbnail)
    elif media.url.lstrip().startswith("<"):  # an embed code (a tweet, an iframe): its words, never its markup
        layout.addWidget(plain_label(f"Embedded content: {shorten(one_line(media.url), 300)}", "mediaUrl", muted=True))
    else:
        layout.addWidget(plain_label(shorten(media.url, 300), "mediaUrl", muted=True))
    if media.caption:
        layout.addWidget(plain_label(shorten(media.caption), "mediaCaption"))
    if media.credit:
        layout.addWidget(plain_label(f"Credit: {shorten(media.credit, 400)}", "mediaCredit", muted=True))
    if media.alt and thumbnail is None:
        layout.addWidget(plain_label(f"Alt text: {shorten(media.alt, 400)}", "mediaAlt", muted=True))
    target = next((url for url in (media.link, media.url) if url and safe_link(url)), None)
    if target is not None:
        layout.addWidget(_open_button(target))
    return card


def _thumbnail(media: Media, timeline_path: str | None) -> QLabel | None:
    """The local image scaled to fit :data:`THUMBNAIL`, or None (web images are never fetched)."""
    path = local_image(timeline_path, media.url)
    if path is None:
        return None
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_PIXELS:
        return None  # decoding a huge picture would hold up the window
    if size.width() > THUMBNAIL.width() or size.height() > THUMBNAIL.height():
        reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    label = QLabel()
    label.setObjectName("mediaThumbnail")
    label.setPixmap(QPixmap.fromImage(image))
    label.setAlignment(Qt.AlignmentFlag.AlignLeft)
    description = media.alt or media.caption or path.name
    label.setAccessibleName(shorten(description, 300))
    label.setToolTip(tooltip_text(shorten(description, 1000)))
    return label


def _open_button(url: str) -> QPushButton:
    host = QUrl(url.strip()).host(QUrl.ComponentFormattingOption.FullyEncoded)
    button = QPushButton(f"Open media: {host or url}")
    button.setObjectName("mediaLink")
    button.setToolTip(tooltip_text(url))
    button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(url.strip())))
    press_on_return(button)  # keyboard users press it with Return too
    return button
