"""Which figures meet: the one pairing policy and its blocking index.

Two figures are a candidate pair only when they are of one unit (money with money, a share with
a share), may be compared at all (one document, or a draft and its source: the role policy of
``ClaimGraph.may_compare``), stand in different sentences, and share a key: the measure family,
the counted noun, an event, a word or a name near the figure. Inside one document each figure
meets only the next ``KEY_WINDOW`` figures of each key it has, so the number of pairs stays
linear in the number of figures however long the document is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factcheck.alignment import linked, same_sentence, usable
from factcheck.compare.features import (
    Surroundings,
    at_one_time_features,
    features,
    rank_features,
)
from factcheck.compare.frame import Frame, frame_of
from factcheck.compare.score import Alignment, Trees, bundled_trees, reasons, setting_of
from factcheck.model import DateClaim, QuantityClaim

if TYPE_CHECKING:
    from factcheck.graph import ClaimGraph

KEY_WINDOW = 20  # later figures of one key each figure meets inside one document

BlockKey = tuple[str, str, object]  # (unit, kind of key, key)


@dataclass(frozen=True)
class Candidate:
    """Two figures that may speak of one thing, with the model's view of them."""

    a: Frame
    b: Frame
    x: list[float]


class FigurePairs:
    """The frames of a graph's figures and the pairs worth comparing, built once per check
    and shared by every rule that compares two figures."""

    def __init__(self, graph: ClaimGraph, trees: Trees | None = None) -> None:
        self.graph = graph
        self._trees = trees
        self.frames: dict[str, Frame] = {}
        dates: dict[tuple[str, int], list[DateClaim]] = defaultdict(list)
        for date in graph.claims_of_kind("date"):
            if isinstance(date, DateClaim):
                dates[(date.document_id, date.sentence.start)].append(date)
        for claim in graph.quantities():
            if usable(claim) and not claim.ordinal:
                around = dates.get((claim.document_id, claim.sentence.start), ())
                self.frames[claim.id] = frame_of(claim, around)
        self.surroundings = _surroundings(self.frames.values())
        self._candidates: list[Candidate] | None = None

    @property
    def trees(self) -> Trees:
        if self._trees is None:
            self._trees = bundled_trees()
        return self._trees

    def candidates(self) -> list[Candidate]:
        """Every candidate pair, each once, in a stable order (formed on first use)."""
        if self._candidates is None:
            self._candidates = self._form()
        return self._candidates

    def _form(self) -> list[Candidate]:
        seen: set[tuple[str, str]] = set()
        out: list[Candidate] = []
        for a, b in self._blocked_pairs():
            ids = (a.claim.id, b.claim.id)
            if ids in seen or ids[::-1] in seen:
                continue
            seen.add(ids)
            ca, cb = a.claim, b.claim
            if same_sentence(ca, cb) or linked(ca, cb):
                continue
            out.append(Candidate(a, b, features(a, b, self.surroundings)))
        rank_features([(c.a, c.b, c.x) for c in out])
        return out

    def bands(self, candidate: Candidate) -> dict[str, float]:
        """The score bands of the pair's stratum (``score.SETTINGS``)."""
        return self.trees.bands[setting_of(candidate.x)]

    def align(self, candidate: Candidate, at_one_time: bool = False) -> Alignment:
        """How sure the checker is that the pair's two figures speak of one thing. With
        ``at_one_time`` the question leaves their times out: "the same running total, read
        at two moments" (FC104) is asked of figures whose dates differ on purpose."""
        x = candidate.x
        if at_one_time:
            x = at_one_time_features(x, candidate.a, candidate.b)
        score = self.trees.probability(x)
        return Alignment(score=score, reasons=reasons(candidate.a, candidate.b, x))

    def _blocked_pairs(self) -> Iterable[tuple[Frame, Frame]]:
        index: dict[BlockKey, dict[str, list[Frame]]] = defaultdict(lambda: defaultdict(list))
        for frame in self.frames.values():
            for key in _keys(frame):
                index[key][frame.claim.document_id].append(frame)
        roles = {d.id: d.role for d in self.graph.documents.values()}
        for by_doc in index.values():
            for frames in by_doc.values():
                frames.sort(key=lambda f: f.claim.span.start)
                for i, a in enumerate(frames):
                    for b in frames[i + 1 : i + 1 + KEY_WINDOW]:
                        yield a, b
            drafts = [d for d in by_doc if roles[d] == "draft"]
            sources = [d for d in by_doc if roles[d] == "source"]
            for d in drafts:
                for s in sources:
                    for a in by_doc[d]:
                        for b in by_doc[s]:
                            yield a, b


def _keys(frame: Frame) -> set[BlockKey]:
    unit = frame.unit
    keys: set[BlockKey] = {(unit, "w", w) for w in frame.window}
    keys |= {(unit, "e", k) for k in frame.events}
    keys |= {(unit, "n", n) for n in frame.names}
    family = frame.claim.measure.family
    if family not in ("unaligned", "count"):
        keys.add((unit, "f", family))
    if frame.head:
        keys.add((unit, "h", frame.head))
    return keys


def _surroundings(frames: Iterable[Frame]) -> Surroundings:
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    sentence_values: dict[tuple[str, int, str], list[float]] = defaultdict(list)
    starts: dict[str, set[int]] = defaultdict(set)
    for f in frames:
        c: QuantityClaim = f.claim
        values[(c.document_id, f.unit)].append(c.value)
        sentence_values[(c.document_id, c.sentence.start, f.unit)].append(c.value)
        starts[c.document_id].add(c.sentence.start)
    index = {
        (doc, start): i for doc, found in starts.items() for i, start in enumerate(sorted(found))
    }
    return Surroundings(values=dict(values), sentence_values=dict(sentence_values),
                        sentence_index=index)  # fmt: skip
