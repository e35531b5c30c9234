"""Plain text from HTML fragments, control characters removed, ids made from text."""

from __future__ import annotations

import pytest

from model.provenance.plain_text import html_to_text, one_line, plain_text, slugify, strip_controls, unique


@pytest.mark.parametrize(("html", "text"), [
    ("<p>One</p><p>Two<br>three</p>", "One\n\nTwo\nthree"),
    ("<ul><li>a</li><li>b</li></ul>after", "\u2022 a\n\u2022 b\n\nafter"),
    ("x &lt;b&gt; &amp; caf&eacute; &#x1F600;", "x <b> & caf\u00e9 \U0001F600"),
    ("<script>alert(1)</script><style>p {}</style>kept", "kept"),
    ("  lots   of\n\n\n\nspace  ", "lots of\n\nspace"),
    ("if a < b then", "if a < b then"),
    ("<b>unclosed", "unclosed"),
    ("bell\x07 escape\x1b[0m nul\x00 c1\x9b", "bell escape[0m nul c1"),
    ("<p>a\r\nb</p>", "a b"),
    ("plain\r\ntext\rlines", "plain\ntext\nlines"),
])
def test_plain_text(html: str, text: str) -> None:
    assert plain_text(html) == text


def test_links_are_collected() -> None:
    assert html_to_text('<a href="https://a.example">A</a> and <a>B</a>') == ("A and B", ("https://a.example",))


def test_one_line_and_strip_controls() -> None:
    assert one_line("<h1>Big</h1>\n<p>news</p>") == "Big news"
    assert strip_controls("a\tb\nc\x0bd\x7f") == "a\tb\ncd"


@pytest.mark.parametrize(("text", "slug"), [
    ("Big Bang!", "big-bang"),
    ("\u00c6r\u00f8sk\u00f8bing \u2014 \u201cStra\u00dfe\u201d", "aeroskobing-strasse"),
    ("Cr\u00e8me br\u00fbl\u00e9e", "creme-brulee"),
    ("\u5317\u4eac", ""),
    ("x" * 100, "x" * 60),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_unique() -> None:
    used = {"a", "a-2"}
    assert [unique("a", used), unique("b", used), unique("a", used)] == ["a-3", "b", "a-4"]


@pytest.mark.parametrize("text", ["<![0", "a <![if x b", "<!x"])
def test_a_broken_declaration_is_read_as_text_not_a_crash(text: str) -> None:
    from model.provenance.plain_text import html_to_text

    assert html_to_text(text)[0] == " ".join(text.split())
