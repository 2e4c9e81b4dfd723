"""Two frames → the numbers the alignment model reads, in one fixed order.

Every feature is a plain float so the model file can name it; the order of ``FEATURES`` is the
order of the vector and is saved with the model, which refuses a vector of another shape.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.alignment import (
    comparable,
    places_apart,
    same_place,
    specific_source,
)
from factcheck.compare.frame import Frame
from factcheck.extract.lexicon import Lexicon
from factcheck.model import UNALIGNED, same_counted
from factcheck.timeline import same_time

FEATURES: tuple[str, ...] = (
    "same_document",
    "same_family",
    "specific_family",
    "same_counted",
    "same_anchor",
    "head_same",
    "head_keys_meet",
    "head_missing",
    "window_overlap",
    "window_jaccard",
    "events_meet",
    "sentence_jaccard",
    "masked_similarity",
    "names_shared",
    "near_names_shared",
    "names_one_side_only",
    "log_ratio",
    "relative_gap",
    "rounding_near",
    "round_either",
    "bound_either",
    "bound_both",
    "round_at_edge",
    "approximate_either",
    "hard_disjoint",
    "soft_disjoint",
    "time_conflict",
    "time_shared",
    "place_conflict",
    "place_shared",
    "since_conflict",
    "incident_both",
    "total_both",
    "incident_vs_other",
    "value_matched",
    "aggregation_differs",
    "aggregation_either",
    "rate_either",
    "forecast_either",
    "hedged_either",
    "reported_either",
    "sources_differ",
    "quoted_either",
    "part_either",
    "scope_comparable",
    "magnitude",
    "unit_money",
    "unit_percent",
    "unit_age",
    "sum_of_parts",
    "before_same",
    "after_same",
    "context_jaccard",
    "best_for_both",
    "best_for_either",
    "dates_both",
    "dates_one_side",
    "dates_same",
    "dates_differ",
    "date_relations_differ",
    "year_like_either",
    "compound_either",
    "bracketed_either",
    "fragment_either",
    "listed_most",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class Surroundings:
    """What the pair's documents say besides the two figures: every figure of each unit in
    each document (sorted, to tell a figure restated elsewhere from a clash), each sentence's
    figures (a total that sums its parts), and whose word each figure is."""

    values: dict[tuple[str, str], list[float]]  # (document, unit) → sorted values
    sentence_values: dict[tuple[str, int, str], list[float]]  # (doc, sentence, unit) → …
    sources: dict[str, str | None]  # claim id → its specific source (``specific_source``)

    @classmethod
    def of(cls, frames: Iterable[Frame], vague_sources: frozenset[str]) -> Surroundings:
        values: dict[tuple[str, str], list[float]] = defaultdict(list)
        sentence_values: dict[tuple[str, int, str], list[float]] = defaultdict(list)
        sources: dict[str, str | None] = {}
        for f in frames:
            c = f.claim
            values[(c.document_id, f.unit)].append(c.value)
            sentence_values[(c.document_id, c.sentence.start, f.unit)].append(c.value)
            sources[c.id] = specific_source(c, vague_sources)
        for found in values.values():
            found.sort()
        return cls(dict(values), dict(sentence_values), sources)


def features(
    a: Frame, b: Frame, around: Surroundings, likeness: float, lexicon: Lexicon
) -> list[float]:
    """The pair's vector; ``likeness`` is ``context_similarity(a, b)``, which the pairing has
    already read for every pair it met. Called for every clashing pair: written for speed,
    with each claim field read once."""
    ca, cb = a.claim, b.claim
    ma, mb = ca.measure, cb.measure
    sa, sb = ca.scope, cb.scope
    doc_a, doc_b = ca.document_id, cb.document_id
    same_doc = doc_a == doc_b
    va, vb = ca.value, cb.value
    hi, lo = (va, vb) if va >= vb else (vb, va)
    gap = (hi - lo) / hi if hi > 0 else 0.0
    rounded = a.round_figure or b.round_figure
    src_a, src_b = around.sources[ca.id], around.sources[cb.id]
    qualifiers = (a.qualifier, b.qualifier)
    kinds = {sa.kind, sb.kind}
    time_a, time_b = sa.time, sb.time
    # A previous value ("up from 20") held before any figure the text gives as current.
    times_differ = sa.previous != sb.previous or (
        time_a is not None and time_b is not None and not same_time(time_a, time_b)
    )
    aggregated = a.aggregation | b.aggregation
    family_a = ma.family
    same_family = family_a == mb.family
    unit = a.unit
    v = [
        float(same_doc),
        float(same_family),
        float(same_family and family_a not in (UNALIGNED, "count")),
        float(ma.counted is not None and same_counted(ma, mb)),
        float(ma.anchor is not None and ma.anchor == mb.anchor and not (ma.alone or mb.alone)),
        float(bool(a.head) and a.head == b.head),
        float(not a.head_keys.isdisjoint(b.head_keys)),
        float(not a.head or not b.head),
        *_overlap(a.window, b.window),
        float(not a.events.isdisjoint(b.events)),
        _jaccard(a.sentence_words, b.sentence_words),
        _jaccard(a.bigrams, b.bigrams),
        float(len(a.names & b.names)),
        float(len(a.near_names & b.near_names)),
        float(bool(a.names) != bool(b.names)),
        math.log10(hi / lo) if lo > 0 else 6.0,
        gap,
        float(rounded and gap <= 0.05),
        float(rounded),
        float(not _BOUNDS.isdisjoint(qualifiers)),
        float(qualifiers[0] in _BOUNDS and qualifiers[1] in _BOUNDS),
        float(va == vb and _round_against_bound(*qualifiers)),
        float("approximate" in qualifiers),
        float(ca.hard.disjoint(cb.hard)),
        float(ca.soft.disjoint(cb.soft)),
        float(times_differ),
        float(not times_differ and same_time(time_a, time_b)),
        float(places_apart(sa, sb)),
        float(same_place(sa, sb)),
        float(sa.since is not None and sb.since is not None and sa.since != sb.since),
        float(kinds == {"incident"}),
        float(kinds == {"total"}),
        float("incident" in kinds and len(kinds) == 2),
        float(_matched(a, b, around) or _matched(b, a, around)),
        float(a.aggregation != b.aggregation),
        float(bool(aggregated)),
        float(not aggregated.isdisjoint(("rate", "each"))),
        float("forecast" in aggregated),
        float("hedged" in (ca.modality, cb.modality)),
        float("reported" in (ca.modality, cb.modality)),
        float(bool(src_a and src_b and src_a != src_b)),
        float(ca.in_quote or cb.in_quote),
        float(ca.is_part or cb.is_part),
        float(family_a != UNALIGNED and comparable(ca, cb, lexicon)),
        math.log10(max(hi, 0.0) + 1.0),
        float(unit == "money"),
        float(unit == "percent"),
        float(unit == "age"),
        float(_sums_parts(a, b, around) or _sums_parts(b, a, around)),
        float(bool(a.before) and a.before == b.before),
        float(bool(a.after) and a.after == b.after),
        likeness,
        0.0,  # best_for_both and best_for_either: set once every pair is known
        # (``set_rank_features``)
        0.0,
        *_date_features(a, b),
        float(a.year_like or b.year_like),
        float(a.compound or b.compound),
        float(a.bracketed or b.bracketed),
        float(a.fragment or b.fragment),
        float(max(_listed(a, around), _listed(b, around))),
    ]
    return v


_BOUNDS = frozenset(("lower", "upper"))


def _round_against_bound(a: str, b: str) -> bool:
    """A bare round figure against a bound at the same number ("2,000 lines" against "more
    than 2,000"): the round one may be the bound rounded, as headlines do."""
    return (a == "round" and b in _BOUNDS) or (b == "round" and a in _BOUNDS)


def _overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """How many words two sets share, and their Jaccard index."""
    return float(len(a & b)), _jaccard(a, b)


def _jaccard(a: frozenset[object], b: frozenset[object]) -> float:
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


# A running total read at two moments differs in time on purpose, not in where it starts:
# "since September" against "since October" stays two totals.
_TIME_NEUTRAL = {"time_conflict": 0.0, "dates_differ": 0.0, "date_relations_differ": 0.0}


def at_one_time_features(x: list[float], a: Frame, b: Frame, lexicon: Lexicon) -> list[float]:
    """The features of a pair as if its two figures were given for one time."""
    y = list(x)
    ca, cb = a.claim, b.claim
    moved = cb.model_copy(update={"scope": cb.scope.model_copy(update={"time": ca.scope.time})})
    comparable_then = comparable(ca, moved, lexicon)
    y[INDEX["scope_comparable"]] = float(ca.measure.family != UNALIGNED and comparable_then)
    for name, value in _TIME_NEUTRAL.items():
        y[INDEX[name]] = value
    if y[INDEX["dates_both"]]:
        y[INDEX["dates_same"]] = 1.0
    return y


def _date_features(a: Frame, b: Frame) -> tuple[float, ...]:
    wa, wb = a.when, b.when
    if wa is None or wb is None:
        return (0.0, float(wa is not None or wb is not None), 0.0, 0.0, 0.0)
    same = wa.key == wb.key
    return (1.0, 0.0, float(same), float(not same), float(wa.relation != wb.relation))


def context_similarity(a: Frame, b: Frame) -> float:
    return _jaccard(a.context, b.context)


def set_rank_features(x: list[float], best_for_a: bool, best_for_b: bool) -> None:
    """Mark whether the pair's likeness of context is the best both figures, or one of them,
    have with any figure they meet: of several clashing pairs, the one that lines up is likely
    the one meant. Both and either, not "the first" and "the second": a pair's score must not
    change when the text gives its two figures in the other order."""
    x[INDEX["best_for_both"]] = float(best_for_a and best_for_b)
    x[INDEX["best_for_either"]] = float(best_for_a or best_for_b)


def _matched(a: Frame, b: Frame, around: Surroundings) -> bool:
    """``a``'s figure is given again on ``b``'s side by another figure that ``a`` allows
    (within its rounding): the two sides agree on it, so the clash is likely between two
    different things. A count in the sorted values, so the cost does not grow with the
    document."""
    values = around.values.get((b.claim.document_id, a.unit), [])
    lo, hi = _agreeing_range(a)
    found = bisect.bisect_right(values, hi) - bisect.bisect_left(values, lo)
    own = [b.claim.value] + ([a.claim.value] if a.claim.document_id == b.claim.document_id else [])
    found -= sum(lo <= v <= hi for v in own)
    return found > 0


def _agreeing_range(frame: Frame) -> tuple[float, float]:
    """The values ``frame``'s figure agrees with: its usual reading when that is bounded,
    widened to 5% either side ("at least 32" is not met by 300,000)."""
    value = frame.claim.value
    slack = 0.05 * abs(value)
    soft = frame.claim.soft
    if soft.hi is None:
        return value - slack, value + slack
    return min(soft.lo, value - slack), max(soft.hi, value + slack)


def _listed(frame: Frame, around: Surroundings) -> int:
    c = frame.claim
    return len(around.sentence_values.get((c.document_id, c.sentence.start, frame.unit), ()))


def _sums_parts(whole: Frame, parts: Frame, around: Surroundings) -> bool:
    """``whole``'s figure is the sum of the figures of ``parts``'s sentence ("nine rebels and
    four police officers" against 13 dead)."""
    key = (parts.claim.document_id, parts.claim.sentence.start, parts.unit)
    values = around.sentence_values.get(key, ())
    return len(values) >= 2 and whole.claim.hard.contains(sum(values))
