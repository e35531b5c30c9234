"""Theme colours: every text colour reads on its background (WCAG AA, 4.5:1) in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from gui.style import DARK, LIGHT, Palette, colour_names

TEXT_ON = (
    # (text colour, background colours it is drawn on; an alpha background is laid over the next one)
    ("text", ("window", "card", "notes", "base", "button", "quote_highlight")),
    ("muted", ("window", "card", "base")),
    ("verified", ("card", "window", "base")),
    ("unverified", ("card", "window", "base")),
    ("caution", ("window", "base")),
    ("not_checked", ("card",)),
    ("link", ("window", "base")),
    ("highlighted_text", ("highlight",)),
    ("canvas_text", ("canvas_background", "canvas_stripe", "selected_fill")),
    ("canvas_muted", ("canvas_background", "canvas_stripe", "era_fill+canvas_background", "era_fill+canvas_stripe")),
)


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over(top: QColor, bottom: QColor) -> QColor:
    a = top.alphaF()
    return QColor.fromRgbF(*(t * a + b * (1 - a) for t, b in zip(top.getRgbF()[:3], bottom.getRgbF()[:3], strict=True)))


def background(p: Palette, name: str) -> QColor:
    layers = [getattr(p, n) for n in name.split("+")]
    colour = layers[-1]
    for layer in reversed(layers[:-1]):
        colour = over(layer, colour)
    return colour


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_colour_has_aa_contrast(palette: Palette) -> None:
    low = []
    for text, backgrounds in TEXT_ON:
        for name in backgrounds:
            ratio = contrast(getattr(palette, text), background(palette, name))
            if ratio < 4.5:
                low.append(f"{text} on {name}: {ratio:.2f}")
    assert not low, low


def test_contrast_arithmetic() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert over(QColor(0, 0, 0, 0), QColor("white")).name() == "#ffffff"


def test_both_themes_name_every_colour_and_differ() -> None:
    for name in colour_names():
        assert getattr(LIGHT, name).isValid() and getattr(DARK, name).isValid()
    assert luminance(DARK.canvas_background) < 0.05 < 0.9 < luminance(LIGHT.canvas_background)
    assert luminance(DARK.window) < 0.05 < 0.85 < luminance(LIGHT.window)
