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
from datetime import date
from typing import TYPE_CHECKING, Any

from factcheck.extract.dates import publication_day
from factcheck.extract.lexicon import Lexicon, load_lexicon
from factcheck.model import Claim, Document, Finding, QuantityClaim, QuoteClaim

if TYPE_CHECKING:
    import networkx as nx

    from factcheck.compare.pairs import FigurePairs


# How many later figures of the same measure in one document each figure is compared with.
# News copy never comes near it; it keeps a very long document linear.
PAIR_WINDOW = 40


def measure_node(claim: QuantityClaim) -> str:
    m = claim.measure
    # One node per measure that ``model.same_measure`` takes for one: sizes in any unit
    # share one, a name is kept apart from a noun spelt alike.
    counted = {"noun": m.counted or "*", "name": f"{m.counted} (name)", "unit": "(unit)"}[
        m.counted_as
    ]
    node = f"measure:{m.family}/{counted}" + (f"/{m.anchor}" if m.anchor else "")
    return f"{node}@{claim.id}" if m.alone else node  # a measure of its own


class ClaimGraph:
    """Read-only to rules; built once per check.

    The blocking indexes are built eagerly, because every check needs them; the networkx graph
    itself is materialised on first use of ``g`` (export, the API, conflict queries), so a plain
    ``check()`` does not pay for importing networkx.
    """

    def __init__(
        self,
        documents: Sequence[Document],
        claims: Sequence[Claim],
        lexicon: Lexicon | None = None,
    ) -> None:
        self.documents = {d.id: d for d in documents}
        # The lexicons the claims were read with: rules look words up in the same ones.
        self.lexicon = lexicon or load_lexicon()
        self.claims: dict[str, Claim] = {c.id: c for c in claims}
        self._by_family: dict[str, list[QuantityClaim]] = defaultdict(list)
        self._by_measure: dict[str, list[QuantityClaim]] = defaultdict(list)
        self._by_kind: dict[str, list[Claim]] = defaultdict(list)
        self._quotes: list[QuoteClaim] = []
        self._quantities: list[QuantityClaim] = []
        self._conflicts: list[tuple[str, str, str]] = []
        self._g: nx.MultiDiGraph | None = None
        self._figures: FigurePairs | None = None
        self._published: dict[str, date | None] = {}
        for claim in claims:
            self._by_kind[claim.kind].append(claim)
            if isinstance(claim, QuantityClaim):
                self._quantities.append(claim)
                if claim.measure.family == "unaligned":
                    continue  # no measure to block by: only the restatement rule reads these
                self._by_family[claim.measure.family].append(claim)
                self._by_measure[measure_node(claim)].append(claim)
            elif isinstance(claim, QuoteClaim):
                self._quotes.append(claim)

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        claims: Sequence[Claim],
        lexicon: Lexicon | None = None,
    ) -> ClaimGraph:
        return cls(documents, claims, lexicon)

    @property
    def g(self) -> nx.MultiDiGraph:
        """The claim graph as a networkx MultiDiGraph (built on first use)."""
        if self._g is None:
            self._g = self._materialise()
        return self._g

    def _materialise(self) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        for doc in self.documents.values():
            g.add_node(f"doc:{doc.id}", type="document", role=doc.role, path=doc.path or "")
        parents = self.lexicon.counted_parents
        for claim in self.claims.values():
            sent = f"sent:{claim.document_id}:{claim.sentence.start}"
            if sent not in g:
                g.add_node(sent, type="sentence", text=claim.sentence.text)
                g.add_edge(f"doc:{claim.document_id}", sent, key="contains", type="contains")
            node = f"claim:{claim.id}"
            g.add_node(node, type="claim", kind=claim.kind, text=claim.span.text)
            g.add_edge(sent, node, key="states", type="states")
            if not isinstance(claim, QuantityClaim):
                continue
            measure = measure_node(claim)
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
        for a, b, rule in self._conflicts:
            g.add_edge(f"claim:{a}", f"claim:{b}", type="conflicts", rule=rule)
        return g

    # -- blocking queries -------------------------------------------------------------------

    def quantity_blocks(self) -> Iterable[list[QuantityClaim]]:
        """Quantity claims grouped by measure family: the only sets rules compare within."""
        for family in sorted(self._by_family):
            yield self._by_family[family]

    def measure_blocks(self) -> Iterable[list[QuantityClaim]]:
        """Quantity claims grouped by exact measure (family, counted thing, anchor)."""
        for key in sorted(self._by_measure):
            yield self._by_measure[key]

    def pairs(self, block: Sequence[QuantityClaim]) -> list[tuple[QuantityClaim, QuantityClaim]]:
        """Pairs of one block that may be compared, in text order, each once.

        Claims of one document are paired with the ``PAIR_WINDOW`` claims of the block that
        follow them, and every claim of a draft with every claim of a source. Two drafts are
        separate stories and two sources are not the draft's concern, so those pairs are never
        formed. The cost is linear in the length of a document and in the number of drafts.
        """
        by_doc: dict[str, list[QuantityClaim]] = defaultdict(list)
        for claim in block:
            by_doc[claim.document_id].append(claim)
        out: list[tuple[QuantityClaim, QuantityClaim]] = []
        for claims in by_doc.values():
            claims.sort(key=lambda c: c.span.start)
            for i, a in enumerate(claims):
                out.extend((a, b) for b in claims[i + 1 : i + 1 + PAIR_WINDOW])
        docs = list(by_doc)
        for i, d in enumerate(docs):
            for e in docs[i + 1 :]:
                if self.documents_meet(d, e):
                    first, second = (d, e) if self.documents[d].role == "draft" else (e, d)
                    out.extend((a, b) for a in by_doc[first] for b in by_doc[second])
        return out

    def figures(self) -> FigurePairs:
        """The figures' frames and candidate pairs, read once and shared by the rules."""
        if self._figures is None:
            from factcheck.compare.pairs import FigurePairs

            self._figures = FigurePairs(self)
        return self._figures

    def quantities(self) -> list[QuantityClaim]:
        """Every figure, aligned to a measure or not."""
        return list(self._quantities)

    def may_compare(self, a: Claim, b: Claim) -> bool:
        """Claims of one document, or of a draft and a source."""
        return self.documents_meet(a.document_id, b.document_id)

    def documents_meet(self, a: str, b: str) -> bool:
        """The role policy, the one place it is written: a document is read against itself
        and a draft against each source; two drafts are separate stories and two sources are
        not the draft's concern."""
        if a == b:
            return True
        return {self.documents[a].role, self.documents[b].role} == {"draft", "source"}

    def claims_of_kind(self, kind: str) -> list[Claim]:
        """Every claim of one kind ("date", "entity", "polarity", "quote"), in text order per
        document. Rules group these further by their own key (an entity, an event) before
        comparing, never all against all."""
        return list(self._by_kind.get(kind, ()))

    def quotes(self) -> list[QuoteClaim]:
        return list(self._quotes)

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def published(self, doc_id: str) -> date | None:
        """The day a document was published (``publication_day``), read once per document."""
        if doc_id not in self._published:
            self._published[doc_id] = publication_day(self.document(doc_id))
        return self._published[doc_id]

    # -- after the rules --------------------------------------------------------------------

    def add_conflicts(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            ids = finding.explanation.get("claims", [])
            for a, b in itertools.pairwise(ids):
                self._conflicts.append((a, b, finding.rule))
                if self._g is not None:
                    self._g.add_edge(
                        f"claim:{a}", f"claim:{b}", type="conflicts", rule=finding.rule
                    )

    # -- export -----------------------------------------------------------------------------

    def to_node_link(self) -> dict[str, Any]:
        import networkx as nx

        data: dict[str, Any] = nx.node_link_data(self.g, edges="edges")
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_node_link(), ensure_ascii=False, indent=2)

    def to_graphml(self) -> str:
        import networkx as nx

        buf = io.BytesIO()
        nx.write_graphml(self.g, buf, encoding="utf-8")
        return buf.getvalue().decode("utf-8")
