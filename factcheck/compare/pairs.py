"""Which figures meet: the one pairing policy and its blocking index.

Two figures are a candidate pair only when they are of one unit (money with money, a share with
a share), may be compared at all (one document, or a draft and its source:
``ClaimGraph.documents_meet``), stand in different sentences, are not stated as part and whole,
and share a key: the measure family, the counted noun or an event near the figure, or, between
a draft and its source, also a name or any word near it. The cost stays linear in the number of
figures: inside one document each figure meets, of the next ``KEY_WINDOW`` figures of each key
it has, the ``MOST_PARTNERS`` that share the most keys with it; across documents, only the
``KEY_WINDOW`` figures of each key nearest its place in the text; and a word or a name shared by
too many figures (a table's column heading) is no key.

Only pairs whose figures clash (``clash.classify``) get the full feature vector and reach the
rules; every pair meeting a figure counts towards which of its partners lines up best.
"""

from __future__ import annotations

import bisect
import math
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from factcheck.alignment import linked, usable
from factcheck.cancel import checkpoint
from factcheck.compare.clash import Clash, classify
from factcheck.compare.features import (
    Surroundings,
    at_one_time_features,
    context_similarity,
    features,
    set_rank_features,
)
from factcheck.compare.frame import Frame, SentenceDates, frame_of
from factcheck.compare.score import Alignment, Trees, bundled_trees, stratum_of
from factcheck.compare.when import order_key, story_week
from factcheck.model import QuantityClaim, Severity
from factcheck.timeline import WEEKDAYS

if TYPE_CHECKING:
    from factcheck.graph import ClaimGraph

KEY_WINDOW = 20  # partners per key each figure meets
MOST_PARTNERS = 5  # later figures of its own document each figure meets, over all its keys
COMMON_KEY = 60  # a word or name on more figures than this in one document blocks nothing
_SCAN = 4 * KEY_WINDOW  # figures looked at to find a key's partners past same-sentence ones
_CHECKPOINT_EVERY = 256  # pairs between two asks whether the check is still wanted

BlockKey = tuple[str, str, object]  # (unit, kind of key, key)


@dataclass(frozen=True)
class Candidate:
    """Two clashing figures that may speak of one thing, with the model's view of them."""

    a: Frame
    b: Frame
    x: list[float]
    clash: Clash


class FigurePairs:
    """The frames of a graph's figures and the pairs worth comparing, built once per check
    and shared by every rule that compares two figures."""

    def __init__(self, graph: ClaimGraph) -> None:
        # The graph caches this object, so a strong reference back would be a cycle holding
        # every claim and frame of the check, which only the cycle collector could free: in a
        # server, a pass over all of them some checks later (167 ms after a 5,000-word check).
        self._graph = weakref.ref(graph)
        self._trees: Trees | None = None
        self.frames: dict[str, Frame] = {}
        dates = SentenceDates(graph.claims_of_kind("date"))
        for claim in graph.quantities():
            if usable(claim) and not claim.ordinal and math.isfinite(claim.value):
                self.frames[claim.id] = frame_of(claim, graph.lexicon, dates.nearest(claim))
        self.surroundings = Surroundings.of(self.frames.values(), graph.lexicon.vague_sources)
        self._lengths = {d.id: max(1, len(d.text)) for d in graph.documents.values()}
        self._candidates: list[Candidate] | None = None
        self._moments: dict[str, date | None] = {}
        self._weeks: dict[str, tuple[str, ...]] | None = None

    @property
    def graph(self) -> ClaimGraph:
        graph = self._graph()
        if graph is None:
            raise RuntimeError("the claim graph these figure pairs belong to is gone")
        return graph

    def _held_at(self, claim: QuantityClaim) -> date | None:
        """When a total held, read once per figure."""
        if claim.id not in self._moments:
            document = claim.document_id
            self._moments[claim.id] = order_key(
                claim, self.graph.published(document), self._week(document)
            )
        return self._moments[claim.id]

    def _week(self, document: str) -> tuple[str, ...]:
        """The order of the weekdays a document's figures are given for (``story_week``),
        read for every document in one pass over the figures on first use."""
        if self._weeks is None:
            phrases: dict[str, list[str]] = defaultdict(list)
            for frame in self.frames.values():
                if frame.claim.scope.time is not None:
                    phrases[frame.claim.document_id].append(frame.claim.scope.time.phrase)
            self._weeks = {d: story_week(found) for d, found in phrases.items()}
        return self._weeks.get(document, WEEKDAYS)

    @property
    def trees(self) -> Trees:
        if self._trees is None:
            self._trees = bundled_trees()
        return self._trees

    def candidates(self) -> list[Candidate]:
        """Every clashing candidate pair, each once, in a stable order (formed on first use)."""
        if self._candidates is None:
            self._candidates = self._form()
        return self._candidates

    def severity(self, alignment: Alignment, strict: bool, unsure: bool) -> Severity | None:
        """The severity an alignment earns in the bands of its stratum; the info band only
        when ``unsure`` pairs are asked for."""
        found = alignment.severity(self.trees.bands[alignment.stratum], strict)
        return None if found == "info" and not unsure else found

    def align(self, candidate: Candidate, at_one_time: bool = False) -> Alignment:
        """How sure the checker is that the pair's two figures speak of one thing. With
        ``at_one_time`` the question leaves their times out: "the same running total, read
        at two moments" (FC104) is asked of figures whose dates differ on purpose."""
        x = candidate.x
        if at_one_time:
            x = at_one_time_features(x, candidate.a, candidate.b, self.graph.lexicon)
        return Alignment(self.trees.probability(x), stratum_of(x), candidate.a, candidate.b, x)

    def _form(self) -> list[Candidate]:
        graph = self.graph
        seen: set[tuple[str, str]] = set()
        best: dict[str, float] = defaultdict(float)  # a figure's likest context so far
        clashing: list[tuple[Frame, Frame, Clash, float]] = []
        for n, (a, b) in enumerate(self._blocked_pairs()):
            if n % _CHECKPOINT_EVERY == 0:
                checkpoint()
            ids = (a.claim.id, b.claim.id)
            if ids in seen:
                continue
            seen.add(ids)
            seen.add((ids[1], ids[0]))
            if linked(a.claim, b.claim):
                continue
            likeness = context_similarity(a, b)
            best[ids[0]] = max(best[ids[0]], likeness)
            best[ids[1]] = max(best[ids[1]], likeness)
            found = classify(a.claim, b.claim, graph, self._held_at)
            if found is not None:
                clashing.append((a, b, found, likeness))
        # Keys are read from sets, whose order changes from one process to the next: sort, so
        # that rules, reports and the training data see the pairs in one order.
        order = {d: i for i, d in enumerate(self.graph.documents)}
        clashing.sort(key=lambda p: _position(p[0], order) + _position(p[1], order))
        out = []
        for n, (a, b, found, likeness) in enumerate(clashing):
            if n % _CHECKPOINT_EVERY == 0:
                checkpoint()
            x = features(a, b, self.surroundings, likeness, graph.lexicon)
            set_rank_features(x, likeness >= best[a.claim.id], likeness >= best[b.claim.id])
            out.append(Candidate(a, b, x, found))
        return out

    def _blocked_pairs(self) -> Iterator[tuple[Frame, Frame]]:
        # Figures in text order, each named by its place in it: a key's members come out
        # sorted, and ties are counted and ranked on small integers rather than claim ids.
        ordered = sorted(self.frames.values(), key=lambda f: f.claim.span.start)
        index: dict[BlockKey, list[int]] = defaultdict(list)
        for i, frame in enumerate(ordered):
            for key in _keys(frame):
                index[key].append(i)
        ties: dict[int, Counter[int]] = defaultdict(Counter)
        for key, members in index.items():
            if len(members) < 2:
                continue  # most keys: one figure, no pair
            by_doc: dict[str, list[int]] = defaultdict(list)
            for i in members:
                by_doc[ordered[i].claim.document_id].append(i)
            if key[1] in ("w", "n") and max(map(len, by_doc.values())) > COMMON_KEY:
                continue
            if key[1] not in ("w", "n"):  # in one document a word or name is too weak a tie
                for places in by_doc.values():
                    _tie_later(places, ordered, ties)
            # Only a draft and a source meet across documents (``ClaimGraph.documents_meet``):
            # split by role first, so many drafts of one key cost nothing between themselves.
            drafts = [d for d in by_doc if self.graph.document(d).role == "draft"]
            sources = [d for d in by_doc if self.graph.document(d).role == "source"]
            for d in drafts:
                for e in sources:
                    if self.graph.documents_meet(d, e):
                        yield from _across(
                            [ordered[i] for i in by_doc[d]],
                            [ordered[i] for i in by_doc[e]],
                            self._lengths,
                        )
        for a, partners in ties.items():
            # The later figures sharing the most keys with ``a``, nearest first on a tie: a
            # stable sort by count, from highest, of the partners in text order.
            ranked = sorted(sorted(partners), key=partners.__getitem__, reverse=True)
            yield from ((ordered[a], ordered[b]) for b in ranked[:MOST_PARTNERS])


def _tie_later(places: list[int], ordered: list[Frame], ties: dict[int, Counter[int]]) -> None:
    """Count one shared key between each figure of one document's key (``places`` in
    ``ordered``, in text order) and the next ``KEY_WINDOW`` figures of the key that stand in
    another sentence."""
    sentences = [ordered[i].claim.sentence.start for i in places]
    # In text order a sentence's figures stand together: past the first figure of the next
    # sentence every later one is in another sentence, so the partners are one slice.
    count = len(places)
    next_sentence = [count] * count
    for i in range(count - 2, -1, -1):
        same = sentences[i + 1] == sentences[i]
        next_sentence[i] = next_sentence[i + 1] if same else i + 1
    for i, a in enumerate(places):
        first = next_sentence[i]
        last = min(count, i + 1 + _SCAN, first + KEY_WINDOW)
        if first < last:
            ties[a].update(places[first:last])


def _position(frame: Frame, order: dict[str, int]) -> tuple[int, int, int]:
    c = frame.claim
    return order[c.document_id], c.span.start, c.span.end


def _across(
    draft: list[Frame], source: list[Frame], lengths: dict[str, int]
) -> Iterator[tuple[Frame, Frame]]:
    """Each draft figure with the source figures of the key that stand nearest its own place
    in the text (as a share of the document's length): all of them when there are few."""
    if len(source) <= KEY_WINDOW:
        yield from ((a, b) for a in draft for b in source)
        return
    places = [b.claim.span.start / lengths[b.claim.document_id] for b in source]  # sorted
    for a in draft:
        at = bisect.bisect_left(places, a.claim.span.start / lengths[a.claim.document_id])
        lo = max(0, min(at - KEY_WINDOW // 2, len(source) - KEY_WINDOW))
        yield from ((a, b) for b in source[lo : lo + KEY_WINDOW])


def _keys(frame: Frame) -> set[BlockKey]:
    unit = frame.unit
    keys: set[BlockKey] = {(unit, "w", w) for w in frame.window}
    keys |= {(unit, "e", k) for k in frame.core_events}
    keys |= {(unit, "n", n) for n in frame.names}
    family = frame.claim.measure.family
    if family not in ("unaligned", "count"):
        keys.add((unit, "f", family))
    if frame.head:
        keys.add((unit, "h", frame.head))
    return keys
