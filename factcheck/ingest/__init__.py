"""Load files into Documents: plain text, Markdown, HTML and .docx.

Each format has a loader module that turns the file's bytes into the plain text the engine
reads, plus a map back to the file's own lines and columns (see ``Document.source_map``).
Every problem with an input is an ``InputError`` with a one-line message naming the file.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath

from factcheck.errors import InputError
from factcheck.ingest.base import Loader, parse_published, read_bytes
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
}


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
    from factcheck.ingest import textfile

    return textfile.load


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
) -> Document:
    """Read a file (``-`` for stdin) into a Document.

    The format comes from ``input_format`` when given (txt, md, html, docx), else from the
    extension. The id is the path as given (``stdin`` for ``-``) unless ``doc_id`` is given.
    ``published_at`` overrides the date the file states (front matter, ``<meta>``).
    """
    label = "stdin" if path_or_dash == "-" else path_or_dash
    raw = read_bytes(path_or_dash, label)
    if input_format is not None:
        fmt = FORMAT_NAMES.get(input_format.lower())
        if fmt is None:
            raise InputError(
                f"{label}: unknown input format {input_format!r} (use txt, md, html or docx)"
            )
    else:
        fmt = format_of(path_or_dash)
        if fmt is None:
            suffix = PurePath(path_or_dash).suffix
            raise InputError(
                f"{label}: unknown file type {suffix!r}; name its format with "
                "--input-format txt|md|html|docx"
            )
    extracted = loader_for(fmt)(raw, label)
    if not extracted.text.strip():
        raise InputError(f"{label}: no text to check (only markup)")
    if published_at is not None:
        published = parse_published(published_at, label, "publication date")
    elif extracted.published is not None:
        published = parse_published(extracted.published, label, "the date it states")
    else:
        published = None
    return Document(
        id=doc_id or label,
        text=extracted.text,
        role=role,
        published_at=published,
        path=None if path_or_dash == "-" else path_or_dash,
        format=fmt,
        source_map=extracted.source_map,
    )


__all__ = ["EXTENSIONS", "FORMAT_NAMES", "format_of", "load_document"]
