"""Load files into Documents: plain text, Markdown, HTML, .docx, reStructuredText, AsciiDoc,
NITF and NewsML-G2.

Each format has a loader module that turns the file's bytes into the plain text the engine
reads, plus a map back to the file's own lines and columns (see ``Document.source_map``).
Every problem with an input is an ``InputError`` with a one-line message naming the file.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

from factcheck.errors import InputError
from factcheck.ingest.base import Extracted, Loader, parse_published, read_bytes

if TYPE_CHECKING:  # the models (pydantic) load with the first document, not at start-up
    from factcheck.model import Document, Role

# Canonical format names (Document.format) and the spellings accepted for them.
FORMAT_NAMES: dict[str, str] = {
    "txt": "text",
    "text": "text",
    "md": "markdown",
    "markdown": "markdown",
    "html": "html",
    "htm": "html",
    "docx": "docx",
    "rst": "rst",
    "restructuredtext": "rst",
    "adoc": "asciidoc",
    "asciidoc": "asciidoc",
    "nitf": "nitf",
    "newsml": "newsml",
    "newsml-g2": "newsml",
    "xml": "xml",  # NITF or NewsML-G2, told apart by the root element
}
EXTENSIONS: dict[str, str] = {
    "": "text",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".rst": "rst",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".nitf": "nitf",
    ".newsml": "newsml",
    ".xml": "xml",
}
# The formats that arrive as text (an API request, an editor's buffer): all but .docx.
TextFormat = Literal["text", "markdown", "html", "rst", "asciidoc", "nitf", "newsml", "xml"]
# The extensions a folder of articles is searched for (--sources DIR, ledger add DIR).
ARTICLE_SUFFIXES: tuple[str, ...] = tuple(suffix for suffix in EXTENSIONS if suffix)
# The names --input-format offers, one per format (FORMAT_NAMES accepts more spellings).
INPUT_FORMATS = ("txt", "md", "html", "docx", "rst", "adoc", "nitf", "newsml", "xml")
_FORMAT_CHOICES = ", ".join(INPUT_FORMATS[:-1]) + " or " + INPUT_FORMATS[-1]


def loader_for(fmt: str) -> Loader:
    """The reader of one format (``EXTENSIONS``' values); plain text for any other."""
    # Imported on demand: a run that reads only .txt never loads the HTML or .docx code.
    if fmt == "markdown":
        from factcheck.ingest import markdown

        return markdown.load
    if fmt == "html":
        from factcheck.ingest import htmlpage

        return htmlpage.load
    if fmt == "docx":
        from factcheck.ingest import docxfile

        return docxfile.load
    if fmt == "rst":
        from factcheck.ingest import rst

        return rst.load
    if fmt == "asciidoc":
        from factcheck.ingest import asciidoc

        return asciidoc.load
    if fmt == "nitf":
        from factcheck.ingest import nitf

        return nitf.load
    if fmt == "newsml":
        from factcheck.ingest import newsml

        return newsml.load
    if fmt == "xml":
        return _sniffed_xml
    from factcheck.ingest import textfile

    return textfile.load


def xml_format(raw: bytes, label: str) -> str:
    """``nitf`` or ``newsml``: which of the two a ``.xml`` file is, by its root element."""
    from factcheck.ingest.newsxml import decode_xml, root_format

    return root_format(decode_xml(raw, label), label)


def _sniffed_xml(raw: bytes, label: str) -> Extracted:
    return loader_for(xml_format(raw, label))(raw, label)


def format_of(path: str) -> str | None:
    """The format a file name implies (``-`` is text), or None for an unknown extension."""
    if path == "-":
        return "text"
    return EXTENSIONS.get(PurePath(path).suffix.lower())


def load_document(
    path_or_dash: str,
    *,
    role: Role = "draft",
    input_format: str | None = None,
    published_at: str | date | datetime | None = None,
    doc_id: str | None = None,
    max_bytes: int = 0,
) -> Document:
    """Read a file (``-`` for stdin) into a Document, of at most ``max_bytes`` (0: any size).

    The format comes from ``input_format`` when given (``FORMAT_NAMES``), else from the
    extension; a ``.xml`` file (format ``xml``) is NITF or NewsML-G2 by its root element.
    The id is the path as given (``stdin`` for ``-``) unless ``doc_id`` is given.
    ``published_at`` overrides the date the file states (front matter, ``<meta>``, …).
    """
    label = "stdin" if path_or_dash == "-" else path_or_dash
    raw = read_bytes(path_or_dash, label, max_bytes)
    if input_format is not None:
        fmt = FORMAT_NAMES.get(input_format.lower())
        if fmt is None:
            raise InputError(
                f"{label}: unknown input format {input_format!r} (use {_FORMAT_CHOICES})"
            )
    else:
        fmt = format_of(path_or_dash)
        if fmt is None:
            suffix = PurePath(path_or_dash).suffix
            raise InputError(
                f"{label}: unknown file type {suffix!r}; name its format with "
                "--input-format " + "|".join(INPUT_FORMATS)
            )
    if fmt == "xml":
        fmt = xml_format(raw, label)
    extracted = loader_for(fmt)(raw, label)
    if not extracted.text.strip():
        raise InputError(f"{label}: no text to check (only markup)")
    if published_at is not None:
        published = parse_published(published_at, label, "publication date")
    elif extracted.published is not None:
        published = parse_published(extracted.published, label, "the date it states")
    else:
        published = None
    from factcheck.model import Document

    return Document(
        id=doc_id or label,
        text=extracted.text,
        role=role,
        published_at=published,
        path=None if path_or_dash == "-" else path_or_dash,
        format=fmt,
        source_map=extracted.source_map,
    )


__all__ = [
    "ARTICLE_SUFFIXES",
    "EXTENSIONS",
    "FORMAT_NAMES",
    "INPUT_FORMATS",
    "format_of",
    "load_document",
]
