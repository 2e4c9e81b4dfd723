"""Editor buffers and files on disk as the engine's Documents.

An open buffer may differ from its file, so the buffer's text goes through the same loader
``load_document`` would use for the file, without reading the file.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path, PurePath

from factcheck.errors import InputError
from factcheck.ingest import EXTENSIONS, loader_for
from factcheck.ingest.base import decode_text, parse_published, read_bytes
from factcheck.model import Document, Role

# The formats the server checks, by the LSP language id an editor gives a buffer.
LANGUAGES = {
    "markdown": "markdown",
    "plaintext": "text",
    "text": "text",
    "html": "html",
    "restructuredtext": "rst",
    "asciidoc": "asciidoc",
}
# Newsroom XML by its own extension (editors call it "xml"); a bare .xml file is left alone,
# since most are no news item (a build file, a feed).
CHECKED = frozenset([*LANGUAGES.values(), "nitf", "newsml"])


def format_for(path: str, language_id: str | None) -> str | None:
    """The format of a buffer: from its language id, else from its extension; None when it
    is not one the server checks (.docx has no editable text)."""
    by_language = LANGUAGES.get((language_id or "").lower())
    fmt = by_language or EXTENSIONS.get(PurePath(path).suffix.lower())
    return fmt if fmt in CHECKED else None


def from_text(
    text: str,
    fmt: str,
    *,
    doc_id: str,
    path: Path,
    role: Role = "draft",
    published_at: date | datetime | None = None,
) -> Document:
    """A Document from a buffer's text. ``published_at`` is used when the text states none."""
    extracted = loader_for(fmt)(text.encode("utf-8"), doc_id)
    if not extracted.text.strip():
        raise InputError(f"{doc_id}: no text to check (only markup)")
    stated = extracted.published
    published = parse_published(stated, doc_id, "the date it states") if stated else published_at
    return Document(
        id=doc_id,
        text=extracted.text,
        role=role,
        published_at=published,
        path=str(path),
        format=fmt,
        source_map=extracted.source_map,
    )


def read_file_text(path: Path, label: str) -> str:
    """A file's text as an editor shows it (UTF-8, line ends normalised)."""
    return decode_text(read_bytes(str(path), label), label)
