"""The one core call: documents in, report out. The CLI and the API are thin shells over it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.collector import fewer_collections
from factcheck.engine.registry import load_registry
from factcheck.engine.runner import run_rules
from factcheck.extract import extract_claims
from factcheck.extract.lexicon import load_lexicon
from factcheck.graph import ClaimGraph
from factcheck.model import CheckConfig, Claim, Document, DocumentInfo, Report
from factcheck.version import VERSION


@dataclass(frozen=True)
class Analysis:
    report: Report
    graph: ClaimGraph


def analyse(documents: Sequence[Document], config: CheckConfig | None = None) -> Analysis:
    """Extract claims from every document, build the claim graph, run the rules."""
    config = config or CheckConfig()
    _check_ids(documents)
    with fewer_collections():
        return _analyse(documents, config)


def _analyse(documents: Sequence[Document], config: CheckConfig) -> Analysis:
    registry = load_registry(tuple(config.rule_paths))
    lexicon = load_lexicon(tuple(config.rule_paths))
    claims: list[Claim] = []
    for doc in documents:
        claims.extend(extract_claims(doc, lexicon))
    graph = ClaimGraph.build(documents, claims, lexicon)
    findings = run_rules(registry, graph, config)
    report = Report(
        version=VERSION,
        documents=[
            DocumentInfo(id=d.id, path=d.path, role=d.role, words=len(d.text.split()))
            for d in documents
        ],
        findings=findings,
        claims=claims,
    )
    return Analysis(report=report, graph=graph)


def check(documents: Sequence[Document], config: CheckConfig | None = None) -> Report:
    """Check a draft (and its sources) for claims that cannot all be true."""
    return analyse(documents, config).report


def _check_ids(documents: Sequence[Document]) -> None:
    seen: set[str] = set()
    for doc in documents:
        if doc.id in seen:
            raise ValueError(f"two documents share the id {doc.id!r}; ids must be unique")
        seen.add(doc.id)
