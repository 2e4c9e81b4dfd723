"""The archive check as one sequence of tasks, written once for both engines.

An executor has ``submit(fn, *args)`` (arguments may be earlier tasks, or lists of them),
``gather(tasks)`` and ``wait(tasks, done)``; ``local.LocalExecutor`` and
``on_dask.DaskExecutor`` are the two. Partitions stay where they were read: only keys,
weights, candidate lists and the few articles another partition is read against move.
"""

from __future__ import annotations

import bisect
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from factcheck.archive.blocking import postings, rank, weigh
from factcheck.archive.compare import ArticleRef, Found, compare, pick
from factcheck.archive.progress import Progress
from factcheck.archive.sources import FilePart, Part, read_part
from factcheck.model import Document, Finding


class Executor(Protocol):
    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def gather(self, tasks: Sequence[Any]) -> list[Any]: ...

    def wait(self, tasks: Sequence[Any], done: Callable[[int], None]) -> None: ...


@dataclass(frozen=True)
class Result:
    findings: list[Finding]  # in article order, as ``ledger conflicts`` lists them
    documents: list[Document]  # those the findings point into
    articles: dict[str, ArticleRef]  # document id → article
    article_count: int
    claims: int


def _size(part: Part) -> int:
    return len(part.paths) if isinstance(part, FilePart) else len(part.ids)


def _first_id(part: Part) -> int:
    return part.first_id if isinstance(part, FilePart) else part.ids[0]


def find_conflicts(
    parts: Sequence[Part], rule_paths: tuple[str, ...], executor: Executor, progress: Progress
) -> Result:
    ex = executor
    sizes = [_size(p) for p in parts]
    starts = [_first_id(p) for p in parts]
    n = len(parts)

    # Map: read each partition, where it will stay.
    progress.stage("reading", sum(sizes))
    read = [ex.submit(read_part, p, rule_paths) for p in parts]
    ex.wait(read, lambda i: progress.advance(sizes[i]))

    # Shuffle: keys to buckets (one per partition), weights back to the later article's
    # partition, candidates ranked there.
    progress.stage("blocking", n)
    posted = [ex.submit(postings, r, n) for r in read]
    weighed = [
        ex.submit(weigh, [ex.submit(operator.getitem, p, b) for p in posted], starts)
        for b in range(n)
    ]
    ranked = [
        ex.submit(rank, [ex.submit(operator.getitem, w, j) for w in weighed]) for j in range(n)
    ]
    ex.wait(ranked, lambda i: progress.advance(1))
    candidates = ex.gather(ranked)

    # Reduce: each partition against the articles of others its articles are read against.
    progress.stage("comparing", sum(sizes))
    compared = []
    for j in range(n):
        wanted: dict[int, set[int]] = defaultdict(set)
        for earlier in candidates[j].values():
            for e in earlier:
                s = bisect.bisect_right(starts, e) - 1
                if s != j:
                    wanted[s].add(e)
        picks = [ex.submit(pick, read[s], frozenset(ids)) for s, ids in sorted(wanted.items())]
        compared.append(ex.submit(compare, read[j], candidates[j], picks, rule_paths))
    ex.wait(compared, lambda i: progress.advance(sizes[i]))
    found: list[Found] = ex.gather(compared)
    progress.close()

    documents: dict[str, Document] = {}
    articles: dict[str, ArticleRef] = {}
    for f in found:
        for d in f.documents:
            documents.setdefault(d.id, d)
        articles.update(f.articles)
    return Result(
        findings=[x for f in found for x in f.findings],
        documents=list(documents.values()),
        articles=articles,
        article_count=sum(sizes),
        claims=sum(f.claims for f in found),
    )
