"""Rule type for polarity (FC5xx): one statement both asserted and negated."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable

from factcheck.alignment import same_sentence
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.graph import ClaimGraph
from factcheck.model import Finding, PolarityClaim

# Completed events only accumulate: signed before means signed since. The order of the
# tenses that speak of them, earliest first.
_EVENT_ORDER = {"past-perfect": 0, "past": 1, "present-perfect": 2}
_PERFECT = frozenset({"past-perfect", "present-perfect"})
_NOW = frozenset({"present", "present-perfect", "future"})


def _same_time(pos: PolarityClaim, neg: PolarityClaim) -> bool:
    """Both clauses speak of the same moment, so they cannot both hold.

    Same tense and the same time phrases (or none); or a completed event asserted earlier
    and denied later ("had been signed" … "has not been signed"), which cannot be an update.
    The reverse order ("had not been signed" … "has been signed") is an update. "Never"
    denies the event at any time, so it meets an assertion dated to any time.
    """
    if neg.never and neg.time is None and pos.event and neg.tense in _EVENT_ORDER:
        return pos.tense in _EVENT_ORDER  # "never signed" denies a signing at any time
    if pos.time != neg.time:
        return False
    if pos.tense == neg.tense:
        return True
    if not (pos.event and neg.event) or neg.tense not in _PERFECT:
        return False
    ranks = _EVENT_ORDER.get(pos.tense or ""), _EVENT_ORDER.get(neg.tense or "")
    return None not in ranks and ranks[0] <= ranks[1]  # type: ignore[operator]


def _same_now(graph: ClaimGraph, a: PolarityClaim, b: PolarityClaim) -> bool:
    """Present tenses in two documents published on different days speak of different
    moments."""
    if a.document_id == b.document_id or not ({a.tense, b.tense} & _NOW):
        return True
    da = graph.document(a.document_id).published_at
    db = graph.document(b.document_id).published_at
    return da is None or db is None or da == db


def _comparable(graph: ClaimGraph, pos: PolarityClaim, neg: PolarityClaim) -> bool:
    return (
        graph.may_compare(pos, neg)
        and not same_sentence(pos, neg)
        and pos.modality in ("asserted", "reported")
        and neg.modality in ("asserted", "reported")
        and pos.attribution == neg.attribution
        and _same_time(pos, neg)
        and _same_now(graph, pos, neg)
    )


class PolarityConflict(RuleType):
    """One statement asserted and negated: "the agreement had been signed" and "the
    agreement has not been signed".

    Only clauses with the same content words, the same source (or none) and the same time are
    compared; hedged and conditional clauses, and those that different people are reported to
    have said, are left alone. A completed event denied at an earlier time and asserted at a
    later one is an update, not a conflict.
    """

    kind = "polarity.conflict"
    targets = frozenset({"polarity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        groups: dict[str, list[PolarityClaim]] = defaultdict(list)
        for claim in ctx.graph.claims_of_kind("polarity"):
            if isinstance(claim, PolarityClaim):
                groups[claim.proposition].append(claim)
        for proposition, claims in sorted(groups.items()):
            negatives = [c for c in claims if c.negated]
            where = [i for i, c in enumerate(claims) if c.negated]  # the negatives' places
            for at, pos in enumerate(claims):
                if pos.negated:
                    continue
                for neg in _partners(negatives, where, at):
                    if not _comparable(ctx.graph, pos, neg):
                        continue
                    first, second = _in_order(ctx.graph, pos, neg)
                    out.add(
                        f"'{first.span.text}' and '{second.span.text}' cannot both be true: "
                        "the same statement is asserted and negated",
                        [first.span, second.span],
                        {"claims": [first.id, second.id], "proposition": proposition,
                         "asserted": _describe(pos), "negated": _describe(neg)},
                    )  # fmt: skip
        return out


PARTNERS = 40  # negations of one statement each assertion of it is compared with


def _partners(negatives: list[PolarityClaim], where: list[int], at: int) -> list[PolarityClaim]:
    """The negations an assertion at ``at`` (its place among the statement's claims, whose
    negations stand at ``where``) is compared with: all of them, unless there are more than
    ``PARTNERS``; then the ``PARTNERS`` nearest in text order. A statement asserted and denied
    hundreds of times would otherwise cost (and report) every pair of the two."""
    if len(negatives) <= PARTNERS:
        return negatives
    k = bisect.bisect_left(where, at)
    first = min(max(0, k - PARTNERS // 2), len(negatives) - PARTNERS)
    return negatives[first : first + PARTNERS]


def _in_order(
    graph: ClaimGraph, a: PolarityClaim, b: PolarityClaim
) -> tuple[PolarityClaim, PolarityClaim]:
    """Draft before source, then text order."""
    order = {doc_id: i for i, doc_id in enumerate(graph.documents)}

    def key(c: PolarityClaim) -> tuple[int, int, int]:
        role = 0 if graph.document(c.document_id).role == "draft" else 1
        return role, order.get(c.document_id, 0), c.span.start

    return (a, b) if key(a) <= key(b) else (b, a)


def _describe(c: PolarityClaim) -> dict[str, object]:
    return {
        "claim": c.id,
        "text": c.span.text,
        "tense": c.tense,
        "time": c.time,
        "attribution": c.attribution,
    }
