"""FC107: one named thing given two places in one series ("Queen, her fourth studio album" …
"Queen is her fifth studio album"), or one holder two places in one contest ("Okafor finished
second in the 400m final" … "In the final, Okafor finished sixth").

What a rank is and when two ranks are of one series is read by ``factcheck.extract.ranks``;
the extractor files a rank's figure under the thing and the series' head noun, so the two
ranks of one thing meet in one measure block. A place in a series of works is fixed once the
work is out (an `error`); a standing among the "most visited" or "highest-grossing", or a
place in a league table or a chart, changes as others overtake it, so two of them are a
`warning`.
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.alignment import usable
from factcheck.engine.base import FindingBuilder, RuleContext, RuleType
from factcheck.extract.ranks import RANK, Rank, rank_at
from factcheck.model import Finding, QuantityClaim
from factcheck.rules.clash import report_clash


def rank_of(claim: QuantityClaim, not_names: frozenset[str]) -> Rank | None:
    """The rank a claim filed as one gives, read again from its sentence."""
    at = claim.sentence.start
    return rank_at(claim.sentence.text, claim.span.start - at, claim.span.end - at, not_names)


class RankConflict(RuleType):
    """One thing given two places in one series."""

    kind = "numeric.rank-conflict"
    targets = frozenset({"quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        not_names = ctx.graph.lexicon.not_names
        for block in ctx.graph.measure_blocks():
            if block[0].measure.family != RANK:
                continue
            for a, b in ctx.graph.pairs(block):
                if a.value == b.value or not (usable(a) and usable(b)):
                    continue
                first, second = rank_of(a, not_names), rank_of(b, not_names)
                if first is None or second is None or not first.same_series(second):
                    continue
                changes = first.standing or second.standing
                message = (
                    f"{first.title} cannot have finished both {a.span.text} and "
                    f"{b.span.text} in the {first.series}"
                    if first.placing
                    else f"{first.title} cannot be both the {a.span.text} and the "
                    f"{b.span.text} {first.series}"
                )
                report_clash(
                    out, a, b,
                    message,
                    {"item": first.title, "series": first.series, "places": [a.value, b.value],
                     "standing": changes},
                    "warning" if changes else None,
                )  # fmt: skip
        return out
