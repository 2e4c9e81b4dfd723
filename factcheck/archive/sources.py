"""The map step's input and output: which articles a partition holds, and reading them.

An archive is cut into partitions of consecutive article ids. A folder's articles are
numbered 1, 2, … in the order ``ledger add FOLDER`` would add them (``files_of``: name
order), so that an article has the same id, name and candidates here as in a fresh ledger
built from the same folder. A ledger's articles keep their ids.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.heap import settled
from factcheck.ledger.store import StoredArticle


@dataclass(frozen=True)
class FilePart:
    """Files to read, numbered from ``first_id``. Paths are as the user gave them (so they
    name the articles as ``ledger add`` would); a worker reads them from ``cwd``, the
    folder they are relative to, whatever its own working directory."""

    paths: tuple[str, ...]
    first_id: int
    cwd: str


@dataclass(frozen=True)
class LedgerPart:
    """Articles of the ledger at ``url`` (a worker opens it itself)."""

    url: str
    ids: tuple[int, ...]


Part = FilePart | LedgerPart


@dataclass(frozen=True)
class Batch:
    """One partition, read: its articles in id order and the keys of each."""

    articles: list[StoredArticle]
    keys: list[frozenset[str]]

    @property
    def ids(self) -> list[int]:
        return [a.id for a in self.articles]


def partitions(count: int, workers: int) -> int:
    """How many partitions to cut ``count`` articles into: a few per worker (so a slow one
    does not hold up the rest), none smaller than ~100 articles."""
    return max(1, min(math.ceil(count / 100), 8 * max(1, workers)))


def _cut(items: Sequence[object], parts: int) -> list[range]:
    size = math.ceil(len(items) / parts) if items else 1
    return [range(i, min(i + size, len(items))) for i in range(0, len(items), size)]


def folder_parts(paths: Sequence[str], parts: int) -> list[Part]:
    cwd = os.getcwd()
    return [FilePart(tuple(paths[r.start : r.stop]), r.start + 1, cwd) for r in _cut(paths, parts)]


def ledger_parts(url: str, ids: Sequence[int], parts: int) -> list[Part]:
    return [LedgerPart(url, tuple(ids[r.start : r.stop])) for r in _cut(ids, parts)]


def read_part(part: Part, rule_paths: tuple[str, ...]) -> Batch:
    """The map: a partition's articles with their claims (as stored JSON) and keys."""
    with settled():  # what the worker read before is not garbage (see ``heap``)
        if isinstance(part, LedgerPart):
            return _from_ledger(part)
        return _from_files(part, rule_paths)


def _from_files(part: FilePart, rule_paths: tuple[str, ...]) -> Batch:
    from factcheck.extract.lexicon import load_lexicon
    from factcheck.ledger.articles import read_article

    lexicon = load_lexicon(rule_paths)
    articles: list[StoredArticle] = []
    keys: list[frozenset[str]] = []
    for offset, path in enumerate(part.paths):
        # Read as given where the working directory agrees (errors then name the file as the
        # user did), from ``cwd`` on a worker elsewhere.
        readable = path if os.getcwd() == part.cwd else os.path.join(part.cwd, path)
        new = read_article(readable, lexicon)
        articles.append(
            StoredArticle(
                id=part.first_id + offset,
                identity=new.identity,
                url=new.url,
                path=path,
                headline=new.headline,
                published_at=new.published_at,
                version=1,
                format=new.format,
                text=new.text,
                source_map=new.source_map,
                corrects=None,
                claims=[c.model_dump_json() for c in new.claims],
                superseded=frozenset(),
            )
        )
        keys.append(frozenset(new.keys))
    return Batch(articles, keys)


def _from_ledger(part: LedgerPart) -> Batch:
    from factcheck.ledger.store import Ledger

    with Ledger.open(part.url) as ledger:
        articles = ledger.load(list(part.ids))
        held = ledger.keys_of([a.id for a in articles])
    return Batch(articles, [frozenset(held[a.id]) for a in articles])
