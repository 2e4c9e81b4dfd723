"""The claim graph: documents, sentences, claims and what they measure, on networkx.

Nodes are ``doc:*``, ``sent:*``, ``claim:*`` and ``measure:*``. Edges: doc→sent ``contains``,
sent→claim ``states``, claim→measure ``measures``, measure→measure ``subset_of`` and, once the
rules have run, claim→claim ``conflicts``. Rules read the graph through the blocking queries
below, so they only ever compare claims that share a measure family, never all pairs.
"""

from __future__ import annotations

import io
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from factcheck.model import Claim, Document, Finding, QuantityClaim, QuoteClaim


def measure_node(claim: QuantityClaim) -> str:
    m = claim.measure
    return f"measure:{m.family}/{m.counted or '*'}" + (f"/{m.anchor}" if m.anchor else "")


class ClaimGraph:
    """Read-only to rules; built once per check."""

    def __init__(self, documents: Sequence[Document], claims: Sequence[Claim]) -> None:
        self.documents = {d.id: d for d in documents}
        self.claims: dict[str, Claim] = {c.id: c for c in claims}
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_family: dict[str, list[QuantityClaim]] = defaultdict(list)
        self._by_measure: dict[str, list[QuantityClaim]] = defaultdict(list)
        self._quotes: list[QuoteClaim] = []

    @classmethod
    def build(cls, documents: Sequence[Document], claims: Sequence[Claim]) -> ClaimGraph:
        from factcheck.extract.lexicon import load_lexicon

        graph = cls(documents, claims)
        g = graph.g
        for doc in documents:
            g.add_node(f"doc:{doc.id}", type="document", role=doc.role, path=doc.path or "")
        parents = load_lexicon().counted_parents
        for claim in claims:
            sent = f"sent:{claim.document_id}:{claim.sentence.start}"
            if sent not in g:
                g.add_node(sent, type="sentence", text=claim.sentence.text)
                g.add_edge(f"doc:{claim.document_id}", sent, key="contains", type="contains")
            node = f"claim:{claim.id}"
            g.add_node(node, type="claim", kind=claim.kind, text=claim.span.text)
            g.add_edge(sent, node, key="states", type="states")
            if isinstance(claim, QuantityClaim):
                graph._by_family[claim.measure.family].append(claim)
                measure = measure_node(claim)
                graph._by_measure[measure].append(claim)
                if measure not in g:
                    g.add_node(measure, type="measure", family=claim.measure.family)
                    counted = claim.measure.counted
                    parent = parents.get(counted or "")
                    while counted and parent:
                        child = f"measure:{claim.measure.family}/{counted}"
                        up = f"measure:{claim.measure.family}/{parent}"
                        g.add_node(up, type="measure", family=claim.measure.family)
                        if not g.has_edge(child, up, key="subset_of"):
                            g.add_edge(child, up, key="subset_of", type="subset_of")
                        counted, parent = parent, parents.get(parent)
                g.add_edge(node, measure, key="measures", type="measures")
            elif isinstance(claim, QuoteClaim):
                graph._quotes.append(claim)
        return graph

    # -- blocking queries -------------------------------------------------------------------

    def quantity_blocks(self) -> Iterable[list[QuantityClaim]]:
        """Quantity claims grouped by measure family: the only sets rules compare within."""
        for family in sorted(self._by_family):
            yield self._by_family[family]

    def measure_blocks(self) -> Iterable[list[QuantityClaim]]:
        """Quantity claims grouped by exact measure (family, counted thing, anchor)."""
        for key in sorted(self._by_measure):
            yield self._by_measure[key]

    def quotes(self) -> list[QuoteClaim]:
        return list(self._quotes)

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    # -- after the rules --------------------------------------------------------------------

    def add_conflicts(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            ids = finding.explanation.get("claims", [])
            for a, b in itertools.pairwise(ids):
                self.g.add_edge(f"claim:{a}", f"claim:{b}", type="conflicts", rule=finding.rule)

    # -- export -----------------------------------------------------------------------------

    def to_node_link(self) -> dict[str, Any]:
        data: dict[str, Any] = nx.node_link_data(self.g, edges="edges")
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_node_link(), ensure_ascii=False, indent=2)

    def to_graphml(self) -> str:
        buf = io.BytesIO()
        nx.write_graphml(self.g, buf, encoding="utf-8")
        return buf.getvalue().decode("utf-8")
