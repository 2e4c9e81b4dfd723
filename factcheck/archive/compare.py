"""The reduce: each article read against its candidates, by the ledger's own call."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.archive.blocking import Candidates
from factcheck.archive.output import Item, Renderer
from factcheck.archive.sources import Batch
from factcheck.heap import settled
from factcheck.ledger.store import StoredArticle
from factcheck.model import SEVERITY_RANK, CheckConfig, Finding

if TYPE_CHECKING:
    from factcheck.ledger.check import Archived


@dataclass(frozen=True)
class Compared:
    """One partition's findings, rendered on its worker: what the client writes and counts,
    and no more (no findings, no documents)."""

    items: list[Item]  # in article order, as ``ledger conflicts`` lists the findings
    severities: dict[str, int]  # findings by severity (for the exit code)
    claims: int  # claims the partition's articles hold


def pick(batch: Batch, wanted: Collection[int]) -> dict[int, StoredArticle]:
    """The articles of a partition that another partition's articles are read against."""
    return {a.id: a for a in batch.articles if a.id in wanted}


def conflicts(
    batch: Batch,
    candidates: Candidates,
    others: Sequence[Mapping[int, StoredArticle]],
    rule_paths: tuple[str, ...],
) -> Iterator[tuple[list[Finding], list[Archived]]]:
    """Each article of ``batch`` with candidates, against them (``others``: those outside
    the batch, picked from their partitions), as ``ledger conflicts`` reads it: its findings
    and the documents of that comparison."""
    from factcheck.ledger.check import article_conflicts

    config = CheckConfig(rule_paths=list(rule_paths))
    known = {a.id: a for a in batch.articles}
    for picked in others:
        known.update(picked)
    for article in batch.articles:
        earlier = candidates.get(article.id)
        if earlier:
            yield article_conflicts([article, *(known[i] for i in earlier)], config)


def compare(
    batch: Batch,
    candidates: Candidates,
    others: Sequence[Mapping[int, StoredArticle]],
    rule_paths: tuple[str, ...],
    fmt: str,
) -> Compared:
    """The reduce task: ``conflicts``, each article's findings rendered in ``fmt`` as soon
    as found, so that the models and documents are let go article by article."""
    renderer = Renderer(fmt)
    items: list[Item] = []
    severities = dict.fromkeys(SEVERITY_RANK, 0)
    with settled():  # the partitions held here are not garbage: no collector passes over them
        for findings, docs in conflicts(batch, candidates, others, rule_paths):
            items.extend(renderer.render(findings, docs))
            for f in findings:
                severities[f.severity] += 1
    claims = sum(len(a.claims) for a in batch.articles)
    return Compared(items, severities, claims)
