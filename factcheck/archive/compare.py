"""The reduce: each article read against its candidates, by the ledger's own call."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from factcheck.archive.blocking import Candidates
from factcheck.archive.sources import Batch
from factcheck.ledger.store import StoredArticle
from factcheck.model import CheckConfig, Document, Finding


@dataclass(frozen=True)
class ArticleRef:
    """What a finding's passage says of its article."""

    id: int
    path: str | None
    url: str | None
    headline: str
    published_at: date | None


@dataclass(frozen=True)
class Found:
    """One partition's findings, in article order, and the documents (with their articles)
    those point into."""

    findings: list[Finding]
    documents: list[Document]
    articles: dict[str, ArticleRef]  # document id → its article
    claims: int  # claims the partition's articles hold


def pick(batch: Batch, wanted: Collection[int]) -> dict[int, StoredArticle]:
    """The articles of a partition that another partition's articles are read against."""
    return {a.id: a for a in batch.articles if a.id in wanted}


def compare(
    batch: Batch,
    candidates: Candidates,
    others: Sequence[Mapping[int, StoredArticle]],
    rule_paths: tuple[str, ...],
) -> Found:
    """Each article of ``batch`` with candidates, against them (``others``: those outside
    the batch, picked from their partitions), as ``ledger conflicts`` reads it."""
    from factcheck.ledger.check import article_conflicts

    config = CheckConfig(rule_paths=list(rule_paths))
    known = {a.id: a for a in batch.articles}
    for picked in others:
        known.update(picked)
    findings: list[Finding] = []
    documents: dict[str, Document] = {}
    articles: dict[str, ArticleRef] = {}
    for article in batch.articles:
        earlier = candidates.get(article.id)
        if not earlier:
            continue
        found, docs = article_conflicts([article, *(known[i] for i in earlier)], config)
        findings.extend(found)
        touched = {s.document_id for f in found for s in f.spans}
        for d in docs:
            if d.document.id in touched and d.document.id not in documents:
                documents[d.document.id] = d.document
                a = d.article
                articles[d.document.id] = ArticleRef(
                    a.id, a.path, a.url, a.headline, a.published_at
                )
    claims = sum(len(a.claims) for a in batch.articles)
    return Found(findings, list(documents.values()), articles, claims)
