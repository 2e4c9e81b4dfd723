"""Files to articles ready for the ledger: text, metadata, claims and their keys.

Claims are extracted once, here, and stored as the engine's JSON; a check reads them back
instead of extracting again. They are extracted under the placeholder document id ``@`` and
given the article's id when loaded (``restore``), so a stored claim does not depend on what
the article is called in a report.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from factcheck.errors import InputError
from factcheck.extract import extract_claims
from factcheck.extract.lexicon import Lexicon
from factcheck.ingest import ARTICLE_SUFFIXES
from factcheck.ledger.keys import Indexed, index
from factcheck.model import Claim, Document

PLACEHOLDER = "@"
_HEADING = re.compile(r"^[#\s]+")


@dataclass(frozen=True)
class NewArticle:
    """One article as read from its file, with everything the ledger stores of it."""

    identity: str  # the URL when given, else the path: what makes a second add a new version
    url: str | None
    path: str | None
    headline: str
    published_at: date | None
    content_hash: str
    format: str
    text: str
    source_map: list[tuple[int, int, int]] | None
    claims: list[Claim]
    columns: list[Indexed]
    keys: set[str]

    @property
    def words(self) -> int:
        return len(self.text.split())


def files_of(paths: Sequence[str]) -> Iterator[str]:
    """Each file named, and every article file below each folder named, in name order."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError(f"{given}: no article files in it ({', '.join(ARTICLE_SUFFIXES)})")
            yield from (str(f) for f in found)
        else:
            yield given


def identity_of(path: str, url: str | None = None) -> str:
    """An article's identity: its URL, else its path relative to the working directory when
    it lies below it (so that one newsroom checkout adds the same identities everywhere)."""
    if url:
        return url
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def headline_of(text: str) -> str:
    for line in text.splitlines():
        line = _HEADING.sub("", line).strip()
        if line:
            return line[:500]
    return ""


def day_of(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def read_article(
    path: str,
    lexicon: Lexicon,
    *,
    url: str | None = None,
    published_at: date | None = None,
    input_format: str | None = None,
) -> NewArticle:
    from factcheck.ingest import load_document

    doc = load_document(
        path, input_format=input_format, published_at=published_at, doc_id=PLACEHOLDER
    )
    return from_document(doc, lexicon, identity=identity_of(path, url), url=url, path=path)


def from_document(
    doc: Document,
    lexicon: Lexicon,
    *,
    identity: str,
    url: str | None = None,
    path: str | None = None,
) -> NewArticle:
    """An article from a loaded document (its id is replaced by the placeholder)."""
    if doc.id != PLACEHOLDER:
        doc = doc.model_copy(update={"id": PLACEHOLDER})
    claims = extract_claims(doc, lexicon)
    columns, keys = index(claims, lexicon)
    published = day_of(doc.published_at)
    digest = hashlib.sha256()
    for part in (doc.text, published.isoformat() if published else "", url or ""):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return NewArticle(
        identity=identity,
        url=url,
        path=path,
        headline=headline_of(doc.text),
        published_at=published,
        content_hash=digest.hexdigest(),
        format=doc.format,
        text=doc.text,
        source_map=doc.source_map,
        claims=claims,
        columns=columns,
        keys=keys,
    )


def source_map_json(article: NewArticle) -> str | None:
    return None if article.source_map is None else json.dumps(article.source_map)


def restore(claims_json: Sequence[str], doc_id: str) -> str:
    """The stored claims of one article as one JSON array, under the article's document id.

    Every id a claim holds (its own, its spans', the whole it is part of) starts with the
    placeholder document id, and in compact JSON such a value always follows ``":"``; inside
    a string a quote is escaped, so the text of a claim can never match."""
    quoted = json.dumps(doc_id)[1:-1]
    joined = ",".join(claims_json)
    joined = joined.replace(f'":"{PLACEHOLDER}"', f'":"{quoted}"')
    joined = joined.replace(f'":"{PLACEHOLDER}#', f'":"{quoted}#')
    return f"[{joined}]"
