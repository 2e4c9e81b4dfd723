"""The archive check as one sequence of tasks, written once for both engines.

An executor has ``submit(fn, *args)`` (arguments may be earlier tasks, or lists of them),
``gather(tasks)`` and ``wait(tasks, done)``; ``local.LocalExecutor`` and
``on_dask.DaskExecutor`` are the two. Partitions stay where they were read: only keys,
weights, candidate lists, the few articles another partition is read against and, at the
end, the findings as text move.
"""

from __future__ import annotations

import bisect
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from factcheck.archive.blocking import postings, rank, weigh
from factcheck.archive.compare import compare, pick
from factcheck.archive.output import Item
from factcheck.archive.sources import FilePart, Part, read_part
from factcheck.model import SEVERITY_RANK
from factcheck.progress import Progress


class Executor(Protocol):
    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def gather(self, tasks: Sequence[Any]) -> list[Any]: ...

    def wait(self, tasks: Sequence[Any], done: Callable[[int], None]) -> None: ...


@dataclass(frozen=True)
class Result:
    """What the client keeps of a run: counts (the findings themselves went to ``take``)."""

    article_count: int
    claims: int
    severities: dict[str, int]  # findings by severity

    @property
    def findings(self) -> int:
        return sum(self.severities.values())


def _size(part: Part) -> int:
    return len(part.paths) if isinstance(part, FilePart) else len(part.ids)


def _first_id(part: Part) -> int:
    return part.first_id if isinstance(part, FilePart) else part.ids[0]


def find_conflicts(
    parts: Sequence[Part],
    rule_paths: tuple[str, ...],
    fmt: str,
    executor: Executor,
    progress: Progress,
    take: Callable[[list[Item]], None],
) -> Result:
    """Run the check; ``take`` receives each partition's rendered findings, in article
    order, once every partition has been compared (so that a failed task writes nothing)."""
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

    # Reduce: each partition against the articles of others its articles are read against,
    # its findings rendered there.
    progress.stage("comparing", sum(sizes))
    compared: list[Any] = []
    for j in range(n):
        wanted: dict[int, set[int]] = defaultdict(set)
        for earlier in candidates[j].values():
            for e in earlier:
                s = bisect.bisect_right(starts, e) - 1
                if s != j:
                    wanted[s].add(e)
        picks = [ex.submit(pick, read[s], frozenset(ids)) for s, ids in sorted(wanted.items())]
        compared.append(ex.submit(compare, read[j], candidates[j], picks, rule_paths, fmt))
    ex.wait(compared, lambda i: progress.advance(sizes[i]))

    # To the client one partition at a time, each let go once taken: on Dask the client holds
    # one partition's text at a time, the rest waits on the workers.
    progress.stage("writing", sum(sizes))
    severities = dict.fromkeys(SEVERITY_RANK, 0)
    claims = 0
    for j in range(n):
        [part] = ex.gather([compared[j]])
        compared[j] = None
        take(part.items)
        for severity, count in part.severities.items():
            severities[severity] += count
        claims += part.claims
        progress.advance(sizes[j])
    progress.close()
    return Result(article_count=sum(sizes), claims=claims, severities=severities)
