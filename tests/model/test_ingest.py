"""Adding a source: text, Markdown, web pages and PDFs read into a text with metadata; bad input refused clearly."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from model.editing import AddEvent, AddQuote, AddSource, History
from model.formats.native import build_timeline, load_timeline
from model.provenance import ingest
from model.provenance.credits import page_of, quote_page
from model.provenance.ingest import IngestError, SourceKind, ingest_file, ingest_text
from model.provenance.quotes import QuoteStatus, text_sha256
from model.timeline import Event, QuoteRef, Source, TimelineDoc

SHARED = Path(__file__).resolve().parents[3] / "shared" / "sources"

ARTICLE = """<!DOCTYPE html><html><head><title>CoreWeave signs deal | Example News</title>
<meta name="author" content="Jane Reporter"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-03-10T18:00:00Z">
<link rel="canonical" href="https://news.example.com/coreweave-openai">
<meta property="og:title" content="CoreWeave signs $11.9 billion deal with OpenAI"></head>
<body><nav><a href="/">Home</a> <a href="/tech">Tech</a> <a href="/login">Sign in</a></nav>
<article><h1>CoreWeave signs $11.9 billion deal with OpenAI</h1>
<p>CoreWeave has signed a five-year contract worth $11.9 billion with OpenAI, the companies said on Monday,
ahead of the cloud provider's planned stock market listing.</p>
<p>As part of the agreement, OpenAI will receive $350 million worth of CoreWeave stock through a private
placement, according to people familiar with the matter who asked not to be named.</p>
<p>The deal makes OpenAI one of CoreWeave's most important customers, alongside Microsoft.</p>
</article><footer>Copyright 2025 Example News. Subscribe to our newsletter.</footer></body></html>
"""


def minimal_pdf(encrypt: bool = False) -> bytes:
    """A one-page PDF with no text, optionally protected by a password that is not empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    if encrypt:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt 4 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]"
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# --- text and Markdown ------------------------------------------------------------------------


def test_a_text_file_is_read_as_python_reads_it_with_its_sha256(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line\r\nSecond \xe2\x80\x9cquoted\xe2\x80\x9d line\r\n")
    got = ingest_file(path)
    assert got.text == path.read_text(encoding="utf-8-sig")
    assert got.kind is SourceKind.TEXT and got.name == "note.txt"
    assert got.sha256 == text_sha256(got.text) and len(got.sha256) == 64


def test_a_day_in_the_file_name_is_taken_as_the_published_date() -> None:
    assert ingest_file(SHARED / "wired-italy-coreweave-openai-2025-03-12.txt").published == "2025-03-12"
    assert ingest_file(SHARED / "openai-invests-12-billion-in-coreweave.txt").published == ""


def test_markdown_gives_its_first_heading_as_the_title(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("Intro line\n\n# The CoreWeave deal #\n\nBody text.\n", encoding="utf-8")
    got = ingest_file(path)
    assert got.kind is SourceKind.MARKDOWN and got.title == "The CoreWeave deal"


def test_text_that_is_not_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("ok\nsecond line\nCaf\u00e9 cr\u00e8me\n".encode("latin-1"))
    with pytest.raises(IngestError, match=r"latin1\.txt, line 3: byte 0xe9 is not UTF-8 text"):
        ingest_file(path)


@pytest.mark.parametrize(("data", "reason"), [(b"", "the file is empty"), (b"  \n\t", "the file is empty"),
                                              (b"abc\x00def" * 10, "binary")])
def test_empty_and_binary_files_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=reason):
        ingest_file(path)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("word " * 300, encoding="utf-8")
    with pytest.raises(IngestError, match=r"big\.txt: the file is 1,500 bytes; a source may be at most 1,000 bytes"):
        ingest_file(path)


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="gone.txt: No such file"):
        ingest_file(tmp_path / "gone.txt")
    with pytest.raises(IngestError, match="not a regular file|directory"):
        ingest_file(tmp_path)


def test_pasted_text_gets_uniform_newlines_and_empty_paste_is_refused() -> None:
    got = ingest_text("  \r\nLine one\r\nLine two\r\n\n")
    assert got.text == "Line one\nLine two" and got.kind is SourceKind.PASTED
    with pytest.raises(IngestError, match="the pasted text is empty"):
        ingest_text(" \n\t ")


# --- web pages --------------------------------------------------------------------------------


def test_a_web_page_gives_its_article_and_metadata_not_its_menus(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE, encoding="utf-8")
    got = ingest_file(path)
    assert got.kind is SourceKind.HTML
    assert "CoreWeave has signed a five-year contract worth $11.9 billion with OpenAI" in " ".join(got.text.split())
    assert "private placement" in " ".join(got.text.split())
    assert "Sign in" not in got.text and "newsletter" not in got.text
    assert got.title == "CoreWeave signs $11.9 billion deal with OpenAI"
    assert got.author == "Jane Reporter" and got.publisher == "Example News"
    assert got.published == "2025-03-10" and got.url == "https://news.example.com/coreweave-openai"


def test_a_page_with_no_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "menu.htm"
    path.write_text("<html><body><nav><a href='/'>Home</a> <a href='/b'>About</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match=r"menu\.htm: no article text was found in the page"):
        ingest_file(path)


# --- PDF --------------------------------------------------------------------------------------


def test_ligatures_and_broken_words_are_undone_in_pdf_text() -> None:
    raw = ("The \ufb01rst \ufb02oor of\ufb01ce. It was hyphen-\r\nated, a soft hy\ufffe\r\nphen, a five-year deal, "
           "a five-\r\nyear deal, Franco-\r\nItalian.")
    assert ingest.clean_pdf_text(raw) == ("The first floor office. It was hyphenated, a soft hyphen, a five-year deal, "
                                         "a five-year deal, Franco-Italian.")


def test_a_line_break_pdfium_reports_as_a_space_is_told_by_the_character_boxes() -> None:
    raw = "It was hyphen- ated and well- known."
    on_lower_line = lambda hyphen, after: raw[hyphen - 1] == "n" and raw[after] == "a"  # noqa: E731
    assert ingest.clean_pdf_text(raw, on_lower_line) == "It was hyphenated and well- known."


def test_pages_are_joined_with_where_each_begins() -> None:
    text, starts = ingest.join_pages(["Page one.\n", "Page two.", "Three"])
    assert text == "Page one.\n\nPage two.\n\nThree"
    assert [text[s:s + 5] for s in starts] == ["Page ", "Page ", "Three"]
    source = Source(id="p", title="P", pages=starts)
    assert [page_of(source, text.index(w)) for w in ("one", "two", "Three")] == [1, 2, 3]
    assert page_of(Source(id="t", title="T"), 5) is None


@pytest.mark.parametrize(("data", "reason"), [
    (minimal_pdf(encrypt=True), "the PDF is encrypted"),
    (b"%PDF-1.4\nthis is not really a PDF", "the file is not a readable PDF"),
    (minimal_pdf(), "the PDF has no text to quote"),
])
def test_encrypted_broken_and_textless_pdfs_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=rf"report\.pdf: {reason}"):
        ingest_file(path)


def test_a_pdf_with_too_many_pages_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_PDF_PAGES", 0)
    path = tmp_path / "long.pdf"
    path.write_bytes(minimal_pdf())
    with pytest.raises(IngestError, match=r"long\.pdf: the PDF has 1 pages; a source may have at most 0"):
        ingest_file(path)


# --- passages, dates and the stored text ------------------------------------------------------


def test_a_selection_widens_to_whole_words_and_drops_blank_space() -> None:
    text = "OpenAI signed a contract worth $11.9 billion.\n"
    start, end = ingest.passage_span(text, text.index("gned"), text.index("orth") + 2)
    assert text[start:end] == "signed a contract worth"
    start, end = ingest.passage_span(text, 0, len(text))
    assert text[start:end] == text.strip()


@pytest.mark.parametrize(("passage", "published", "date"), [
    ("On 10 March 2025, CoreWeave signed", None, "2025-03-10"),
    ("CoreWeave said on March 10, 2025 that", "2025-03-12", "2025-03-10"),
    ("filed 2025-03-03 with the SEC", None, "2025-03-03"),
    ("the companies said on Monday", "2025-03-12", "2025-03-10"),  # the Monday before a Wednesday's article
    ("the companies said recently", "2025-03-12", "2025-03-12"),  # vague: the source's own date
    ("no such day as 31 February 2025", None, "2025-02"),  # an impossible day: the month it names
    ("no date here at all", None, ""),
])
def test_the_proposed_date_is_the_passages_first_date_else_the_sources(passage: str, published: str | None, date: str) -> None:
    assert ingest.propose_date(passage, published) == date


def test_a_source_made_from_a_text_names_its_file_sha256_and_pages(tmp_path: Path) -> None:
    got = ingest.IngestedText("Page one.\n\nPage two.", SourceKind.PDF, pages=[0, 11])
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "report.txt").write_text("someone else's", encoding="utf-8")
    source = ingest.make_source(got, "report", tmp_path, title=" Annual report ", based_on=["ft", " "])
    assert source.file == "sources/report-2.txt" and source.sha256 == got.sha256 and source.pages == [0, 11]
    assert source.title == "Annual report" and source.based_on == ["ft"] and source.published is None


def _history_with_source(text: str) -> tuple[History, Source]:
    doc = TimelineDoc(title="Mine", events=[], lanes=[])
    history = History(build_timeline(doc, "new", lambda file: ""))
    pasted = ingest_text(text)
    source = ingest.make_source(pasted, "wired", None, title="Wired", published="2025-03-12")
    history.apply(AddSource(source, pasted.text))
    return history, source


def _save_beside(history: History, path: Path) -> None:
    """What File > Save does with sources kept beside the timeline (stand-in until the saving code is merged)."""
    for file, text in history.source_files().items():
        (path.parent / file).parent.mkdir(parents=True, exist_ok=True)
        (path.parent / file).write_bytes(text.encode("utf-8"))
    path.write_bytes(msgspec.json.encode(history.doc))


def test_a_quote_from_an_added_source_verifies_after_a_save_and_reopen(tmp_path: Path) -> None:
    history, source = _history_with_source((SHARED / "wired-italy-coreweave-openai-2025-03-12.txt").read_text(encoding="utf-8"))
    text = history.timeline.source_texts[source.id]
    passage = "would have signed a five -year contract and 11.9 billion dollars"
    start, end = ingest.passage_span(text, text.index(passage), text.index(passage) + len(passage))
    quote = QuoteRef(source.id, text[start:end])
    history.apply(AddEvent(Event(id="contract", title="Contract", start="2025-03-10", quotes=[quote])))
    saved = tmp_path / "mine.json"
    _save_beside(history, saved)
    reopened = load_timeline(saved)
    check = reopened.quote_checks[(0, 0)]
    assert check.status is QuoteStatus.VERIFIED and (check.start, check.end) == (start, end)
    assert (tmp_path / "sources" / "wired.txt").read_text(encoding="utf-8") == text


def test_a_source_edited_since_it_was_quoted_marks_its_quotes_changed(tmp_path: Path) -> None:
    history, source = _history_with_source("CoreWeave signed a five-year contract with OpenAI on 10 March 2025.")
    history.apply(AddEvent(Event(id="e", title="E", start="2025-03-10")))
    history.apply(AddQuote("e", QuoteRef(source.id, "a five-year contract")))
    saved = tmp_path / "mine.json"
    _save_beside(history, saved)
    assert load_timeline(saved).quote_checks[(0, 0)].status is QuoteStatus.VERIFIED
    (tmp_path / "sources" / "wired.txt").write_text("CoreWeave signed a five-year contract with OpenAI, sources say.",
                                                    encoding="utf-8")
    assert load_timeline(saved).quote_checks[(0, 0)].status is QuoteStatus.SOURCE_CHANGED


def test_the_citation_page_of_a_pdf_quote() -> None:
    pages = ["Contents", "CoreWeave signed a contract with OpenAI."]
    text, starts = ingest.join_pages(pages)
    history, _ = _history_with_source("placeholder text")
    pdf = ingest.make_source(ingest.IngestedText(text, SourceKind.PDF, pages=starts), "pdf", None, title="Report")
    history.apply(AddSource(pdf, text))
    history.apply(AddEvent(Event(id="e", title="E", start="2025-03-10", quotes=[QuoteRef("pdf", "signed a contract")])))
    assert quote_page(history.timeline, 0, 0) == 2


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="-\u00ad\ufffe"), max_size=200)
       .map(lambda s: s.replace("\r", "")))
def test_pdf_text_with_nothing_to_undo_is_kept_as_it_is(text: str) -> None:
    assume(not any(ch in ingest.LIGATURES for ch in map(ord, text)))
    assert ingest.clean_pdf_text(text.replace("\n", "\r\n")) == text


@given(st.text(alphabet="ab .\n-é1", max_size=60), st.integers(0, 70), st.integers(0, 70))
def test_a_passage_covers_the_selection_in_whole_words(text: str, start: int, end: int) -> None:
    a, b = ingest.passage_span(text, start, end)
    assert 0 <= a <= b <= len(text)
    if a < b:
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert a == 0 or not (text[a - 1].isalnum() and text[a].isalnum())
        assert b == len(text) or not (text[b - 1].isalnum() and text[b].isalnum())
        lo, hi = sorted((min(start, len(text)), min(end, len(text))))
        assert a <= lo + len(text[lo:hi]) - len(text[lo:hi].lstrip()) and b >= hi - (len(text[lo:hi]) - len(text[lo:hi].rstrip()))
