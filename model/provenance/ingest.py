"""Turning a file or pasted text into a source: its text (plain, Markdown, a web page's article, a PDF's pages) and metadata.

Everything here reads local bytes only: nothing is fetched. trafilatura and pypdfium2 are imported when first needed,
so starting the app does not pay for them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any

from model.formats.reader import MAX_SOURCE_BYTES, open_regular, os_reason
from model.provenance.quotes import text_sha256
from model.timeline import Source, Timeline
from model.work import checkpoint

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""A file larger than this is not read as a source (a PDF of a few thousand pages is well under it)."""
MAX_TEXT_CHARS = MAX_SOURCE_BYTES // 4
"""A source's text longer than this (16 Mi characters, about 30 books) is refused: it would not open beside the timeline."""
MAX_PDF_PAGES = 5_000
"""A PDF with more pages than this is refused before its text is read."""
MIN_ARTICLE_CHARS = 40
"""A web page whose main text is shorter than this has no article (a menu, a cookie notice)."""
SOURCES_FOLDER = "sources"
"""Where added sources' texts are stored, beside the timeline file."""

LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
})
"""Typographic ligatures as the letters they join, so "ﬁnancial" in a PDF matches "financial" in a quote."""
_SOFT_HYPHENS = "\u00ad\ufffe\x02"
"""Hyphens a PDF's text marks as put in by line breaking: pdfium reports them as U+FFFE or U+0002."""
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])([-\u00ad\ufffe\x02])(\r\n|[\r\n ])(?=[^\W\d_])")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_WORD_AFTER = re.compile(r"^[^\W\d_]+")
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<article|<!--)", re.IGNORECASE)


class IngestError(ValueError):
    """A file or text that cannot become a source, with a one-line reason naming it."""


class SourceKind(Enum):
    """What a source's text was taken from."""

    TEXT = "plain text"
    MARKDOWN = "Markdown"
    HTML = "web page"
    PDF = "PDF"
    PASTED = "pasted text"


@dataclass(frozen=True)
class IngestedText:
    """A source's text and what its file says about it (empty strings where it says nothing)."""

    text: str
    kind: SourceKind
    name: str = ""
    """The file's name, or "" for pasted text."""
    title: str = ""
    publisher: str = ""
    author: str = ""
    published: str = ""
    """An ISO date (2025-03-10) when the file gives one."""
    url: str = ""
    pages: list[int] = field(default_factory=list)
    """For a PDF: the offset in ``text`` where each page begins."""

    @property
    def sha256(self) -> str:
        """SHA-256 (hex) of the text, as recorded in the timeline."""
        return text_sha256(self.text)


# --- reading ----------------------------------------------------------------------------------


def ingest_file(path: str | os.PathLike[str]) -> IngestedText:
    """A file's text and metadata: a PDF, a web page or plain text / Markdown, told apart by content and name."""
    name = Path(path).name
    data = _read_input(path)
    suffix = Path(path).suffix.lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        return ingest_pdf(data, name)
    if suffix in (".html", ".htm", ".xhtml", ".shtml") or _HTML_START.match(data[:4096]):
        return ingest_html(data, name)
    if suffix in (".mht", ".mhtml", ".webarchive"):
        raise IngestError(f"{name}: a web archive ({suffix}) is not read; save the page as HTML instead")
    kind = SourceKind.MARKDOWN if suffix in (".md", ".markdown", ".mdown") else SourceKind.TEXT
    return IngestedText(_checked_text(decode_source_bytes(data, name), name), kind, name=name,
                        title=_markdown_title(data) if kind is SourceKind.MARKDOWN else "", published=_date_in_name(name))


def ingest_text(text: str) -> IngestedText:
    """Pasted text as a source: newlines made uniform, surrounding blank space removed."""
    text = _universal_newlines(text).strip()
    if not text:
        raise IngestError("the pasted text is empty")
    return IngestedText(_checked_text(text, "the pasted text"), SourceKind.PASTED)


def _read_input(path: str | os.PathLike[str]) -> bytes:
    name = Path(path).name
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_INPUT_BYTES:
                raise IngestError(f"{name}: the file is {_size(size)}; a source may be at most {_size(MAX_INPUT_BYTES)}")
            data = handle.read(MAX_INPUT_BYTES + 1)
    except (OSError, ValueError) as exc:
        if isinstance(exc, IngestError):
            raise
        raise IngestError(f"{name}: {os_reason(exc)}") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError(f"{name}: the file grew past {_size(MAX_INPUT_BYTES)} while it was read")
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    return data


def decode_source_bytes(data: bytes, name: str) -> str:
    """UTF-8 text (with or without a BOM; UTF-16 with a BOM), newlines made uniform; else the line of the first bad byte."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-16":
            raise IngestError(f"{name}: the file starts like UTF-16 text but is not") from exc
        line = data.count(b"\n", 0, exc.start) + 1
        raise IngestError(f"{name}, line {line}: byte 0x{data[exc.start]:02x} is not UTF-8 text; "
                          "save the file as UTF-8 and add it again") from exc
    if "\x00" in text:
        raise IngestError(f"{name}: the file is binary, not text")
    return _universal_newlines(text)


def _universal_newlines(text: str) -> str:
    """Newlines as Python reads a text file: \\r\\n and \\r become \\n (offsets then index what a script reads)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _checked_text(text: str, name: str) -> str:
    if not text.strip():
        raise IngestError(f"{name}: there is no text in it")
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(f"{name}: its text is {len(text):,} characters; a source may have at most {MAX_TEXT_CHARS:,}")
    return text


def _date_in_name(name: str) -> str:
    """A day written in a file's name ("wired-2025-03-12.txt"), the usual way saved articles are named."""
    match = re.search(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", name)
    if match is None:
        return ""
    try:
        return _valid_day(*map(int, match.groups()))
    except ValueError:
        return ""


def _markdown_title(data: bytes) -> str:
    match = re.search(rb"^#\s+(.+?)\s*#*\s*$", data[:65_536], re.MULTILINE)
    return match[1].decode("utf-8", errors="replace").strip() if match else ""


def _size(size: int) -> str:
    return f"{size / 2**20:,.4g} MiB" if size >= 2**20 else f"{size:,} bytes"


# --- web pages --------------------------------------------------------------------------------


def ingest_html(data: bytes, name: str) -> IngestedText:
    """A web page's main text (trafilatura: no menus, no footers) and its title, author, site, date and address."""
    import trafilatura  # imported here: a second to import, and only needed when a web page is added

    checkpoint("Reading the web page")
    if len(data) > MAX_SOURCE_BYTES:
        raise IngestError(f"{name}: the page is {_size(len(data))}; a web page may be at most {_size(MAX_SOURCE_BYTES)}")
    try:
        text = trafilatura.extract(data, output_format="txt", include_comments=False, include_tables=True,
                                   deduplicate=False, with_metadata=False)
        meta = trafilatura.extract_metadata(data)
    except Exception as exc:  # noqa: BLE001  (lxml and its helpers raise many kinds on broken markup)
        raise IngestError(f"{name}: the page could not be read ({type(exc).__name__}: {exc})") from exc
    text = re.sub(r"\n+", "\n\n", _universal_newlines(text or "").strip())  # a blank line between paragraphs
    if len(text) < MIN_ARTICLE_CHARS:
        raise IngestError(f"{name}: no article text was found in the page (only menus, links or nothing)")
    checkpoint()
    page = IngestedText(_checked_text(text, name), SourceKind.HTML, name=name)
    return page if meta is None else _with_page_metadata(page, meta)


def _with_page_metadata(page: IngestedText, meta: Any) -> IngestedText:
    url = _plain(meta.url)
    return dataclasses.replace(
        page, title=_plain(meta.title), author=_plain(meta.author), publisher=_plain(meta.sitename) or _plain(meta.hostname),
        published=_iso_day(_plain(meta.date)), url=url if url.lower().startswith(("http://", "https://")) else "")


def _plain(value: object) -> str:
    return " ".join(str(value).split()) if value else ""


def _iso_day(text: str) -> str:
    match = re.match(r"\d{4}-\d{2}-\d{2}$|\d{4}-\d{2}$|\d{4}$", text)
    return match[0] if match else ""


# --- PDF --------------------------------------------------------------------------------------


def ingest_pdf(data: bytes, name: str) -> IngestedText:
    """A PDF's text page by page (ligatures and line-end hyphenation undone), with where each page begins."""
    import pypdfium2 as pdfium  # imported here: only needed when a PDF is added

    checkpoint("Opening the PDF")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise IngestError(f"{name}: {_pdf_problem(str(exc))}") from exc
    try:
        count = len(document)
        if count > MAX_PDF_PAGES:
            raise IngestError(f"{name}: the PDF has {count:,} pages; a source may have at most {MAX_PDF_PAGES:,}")
        pages = [_page_text(document, i, count) for i in range(count)]
        title, author, published = _pdf_metadata(document)
    finally:
        document.close()
    text, starts = join_pages(pages)
    if not text.strip():
        raise IngestError(f"{name}: the PDF has no text to quote (a scan needs text recognition first)")
    return IngestedText(_checked_text(text, name), SourceKind.PDF, name=name, title=title, author=author,
                        published=published, pages=starts)


def _pdf_problem(message: str) -> str:
    lowered = message.lower()
    if "password" in lowered or "security" in lowered:
        return "the PDF is encrypted; save an unprotected copy and add that"
    if "format" in lowered or "file" in lowered:
        return "the file is not a readable PDF (it is damaged or not a PDF)"
    return f"the PDF could not be read ({message})"


def _page_text(document: Any, index: int, count: int) -> str:
    checkpoint("Reading the PDF's pages", index, count)
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            raw: str = textpage.get_text_range()
            boxes = _BoxLookup(textpage, len(raw))
            return clean_pdf_text(raw, boxes.next_is_lower)
        finally:
            textpage.close()
    finally:
        page.close()


class _BoxLookup:
    """Whether the character after a hyphen sits on a lower line than the hyphen (from pdfium's character boxes)."""

    def __init__(self, textpage: Any, length: int) -> None:
        self._page = textpage
        self._usable = textpage.count_chars() == length  # the boxes index the same characters as the text

    def next_is_lower(self, hyphen: int, after: int) -> bool:
        if not self._usable:
            return False
        hyphen_bottom = self._page.get_charbox(hyphen)[1]
        after_top = self._page.get_charbox(after)[3]
        return bool(after_top < hyphen_bottom)


def clean_pdf_text(raw: str, on_lower_line: Any = None) -> str:
    """A page's text as a reader would quote it: ligatures spelled out, words broken at line ends rejoined, \\n newlines.

    A soft hyphen at a break is always removed. A hard hyphen at a line break ("hyphen-\\nated") is removed when the
    next line starts with a small letter, unless the hyphenated form is used elsewhere on the page ("five-year").
    ``on_lower_line(hyphen, after)`` tells a line break that pdfium reported as a space (from the character boxes).
    """
    text = raw.translate(LIGATURES)

    def join(match: re.Match[str]) -> str:
        hyphen, gap = match[1], match[2]
        after = match.end()
        if hyphen in _SOFT_HYPHENS:
            return ""
        line_break = gap != " " or (on_lower_line is not None and on_lower_line(match.start(), after))
        if not line_break:
            return match[0]
        if not text[after].islower():
            return "-"  # a compound whose second part is capitalised ("Franco-\nItalian") keeps its hyphen
        left, right = _WORD_BEFORE.search(text, 0, match.start()), _WORD_AFTER.match(text[after:after + 80])
        if left and right and f"{left[0]}-{right[0]}" in text:
            return "-"
        return ""

    text = _BROKEN_WORD.sub(join, text)
    text = _universal_newlines(text)
    return "".join(ch for ch in text if ch not in _SOFT_HYPHENS and (ch in "\n\t" or unicodedata.category(ch) != "Cc"))


def join_pages(pages: Iterable[str]) -> tuple[str, list[int]]:
    """The pages' texts one after another, a blank line between them, and the offset where each begins."""
    parts: list[str] = []
    starts: list[int] = []
    at = 0
    for page in pages:
        starts.append(at)
        body = page.strip("\n")
        parts.append(body)
        at += len(body) + 2
    return "\n\n".join(parts), starts


def _pdf_metadata(document: Any) -> tuple[str, str, str]:
    try:
        meta = document.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001  (broken metadata is no reason to refuse the text)
        return "", "", ""
    date = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", meta.get("CreationDate", ""))
    published = "-".join(p for p in date.groups() if p) if date else ""
    return _plain(meta.get("Title")), _plain(meta.get("Author")), published


# --- the stored text --------------------------------------------------------------------------


def new_source_id(title: str, taken: Iterable[str]) -> str:
    """A short id from a title ("wired-italy-coreweave"), made unique among ``taken``."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode())
    base = "-".join(words)[:48].strip("-") or "source"
    used = set(taken)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def source_file_for(source_id: str, folder: Path | None) -> str:
    """``sources/ID.txt``, or ``sources/ID-2.txt`` when a different file of that name is already in ``folder``."""
    name, n = source_id, 2
    while folder is not None and (folder / SOURCES_FOLDER / f"{name}.txt").exists():
        name, n = f"{source_id}-{n}", n + 1
    return str(PurePosixPath(SOURCES_FOLDER) / f"{name}.txt")


def make_source(ingested: IngestedText, source_id: str, folder: Path | None, *, title: str, publisher: str = "",
                published: str = "", url: str = "", based_on: Iterable[str] = (), notes: str = "") -> Source:
    """The :class:`Source` record for an ingested text: stored as ``sources/ID.txt``, with its SHA-256 and pages."""
    return Source(
        id=source_id, title=title.strip() or source_id, publisher=publisher.strip(), published=published.strip() or None,
        url=url.strip() or None, file=source_file_for(source_id, folder), sha256=ingested.sha256,
        pages=list(ingested.pages), based_on=[b.strip() for b in based_on if b.strip()], notes=notes.strip(),
    )


def stored_beside(source: Source) -> bool:
    """Whether a source's text is kept in a file beside the timeline when saved (sources added here), not inline."""
    return bool(source.file and source.sha256)


def store_source_texts(timeline: Timeline, folder: Path) -> list[Path]:
    """Write the texts of sources kept beside the timeline into ``folder`` (files already there are left alone).

    Called before the timeline itself is saved, so a saved timeline never names a text that is not there. A file that
    exists is not overwritten: it is either this text already or one changed since, which its quotes will report.
    """
    from model.formats.writing import write_atomically

    written: list[Path] = []
    for source in timeline.doc.sources:
        text = timeline.source_texts.get(source.id)
        if not stored_beside(source) or text is None or source.file is None:
            continue
        target = (folder / source.file).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise ValueError(f"{source.file!r} is outside the timeline's folder")
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text.encode("utf-8", errors="surrogatepass"))
        written.append(target)
    return written


# --- dates for a new event --------------------------------------------------------------------



def _valid_day(year: int, month: int, day: int) -> str:
    import datetime

    return datetime.date(year, month, day).isoformat()


def propose_date(passage: str, published: str | None) -> str:
    """The date a new event from ``passage`` is proposed with: the first date the passage names (relative ones read
    against the source's published date, vague ones skipped), else the published date, else "" (the user types one)."""
    from model.time.recognise import find_dates
    from model.time.timepoint import DateError, TimePoint

    anchor = None
    if published and published.strip():
        with contextlib.suppress(DateError, ValueError):
            anchor = TimePoint.parse(published.strip())
    for mention in find_dates(passage, anchor):
        if mention.point is not None:
            return mention.point.iso()
    return (published or "").strip()


# --- passages ---------------------------------------------------------------------------------


def passage_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection [start, end) of ``text`` widened to whole words and trimmed of surrounding blank space.

    Quotes match whole words only, so a selection that begins or ends inside a word takes the whole word.
    """
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    while start > 0 and start < end and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > start and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def passage_title(passage: str, words: int = 12) -> str:
    """A first title for an event made from a passage: its first words, ending with "…" when cut."""
    parts = passage.split()
    title = " ".join(parts[:words]).strip("\"“”‘’'")
    title = title[:1].upper() + title[1:]
    return title + "…" if len(parts) > words else title.rstrip(".")
