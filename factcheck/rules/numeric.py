"""Rule types for figures (FC1xx): conflicting intervals, parts larger than wholes, running
totals that fall, ordinals that outrun counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from factcheck.alignment import compatible_times, linked, places_apart, same_scope, usable
from factcheck.compare.frame import unit_of
from factcheck.engine.base import FindingBuilder, RuleContext, RuleOptions, RuleType
from factcheck.model import Finding, QuantityClaim
from factcheck.rules.clash import report_clash

if TYPE_CHECKING:
    from factcheck.compare.score import Alignment


def _describe(c: QuantityClaim) -> dict[str, object]:
    return {
        "claim": c.id,
        "text": c.span.text,
        "qualifier": c.qualifier,
        "hard": str(c.hard),
        "soft": str(c.soft),
        "measure": c.measure.model_dump(exclude_none=True),
        "scope": c.scope.model_dump(exclude_none=True),
        "attribution": c.attribution,
        "modality": c.modality,
    }


def _alignment(alignment: Alignment) -> dict[str, object]:
    return {
        "score": round(alignment.score, 3),
        "reasons": list(alignment.reasons),
        "stratum": alignment.stratum,
    }


class IntervalConflict(RuleType):
    """Two figures of one thing whose intervals do not meet.

    Candidate pairs and how sure the checker is that the two figures speak of the same thing
    come from the alignment model (``factcheck.compare``); the severity is the band the score
    falls in. With ``compare: hard`` the strict readings are disjoint: the figures cannot both
    be true. With ``compare: soft`` only the usual readings are disjoint: very likely
    inconsistent, so never more than a warning.
    """

    kind = "numeric.interval-conflict"
    targets = frozenset({"quantity"})

    class Options(RuleOptions):
        compare: Literal["hard", "soft"] = "hard"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        assert isinstance(self.options, IntervalConflict.Options)
        wanted = self.options.compare
        figures = ctx.graph.figures()
        for candidate in figures.candidates():
            a, b = candidate.a.claim, candidate.b.claim
            if candidate.clash.kind != wanted:
                continue
            alignment = figures.align(candidate)
            severity = figures.severity(alignment, strict=wanted == "hard", unsure=ctx.unsure)
            if severity is None:
                continue
            verb = "may not both hold" if wanted == "soft" else "cannot both be true"
            shown = (a.soft, b.soft) if wanted == "soft" else (a.hard, b.hard)
            report_clash(
                out, a, b,
                f"'{a.span.text}' and '{b.span.text}' {a.measure.in_words()} {verb}: "
                f"{shown[0]} vs {shown[1]}",
                {
                    "compare": wanted,
                    "a": _describe(a),
                    "b": _describe(b),
                    "alignment": _alignment(alignment),
                },
                severity,
            )  # fmt: skip
        return out


class PartExceedsWhole(RuleType):
    """A part larger than its whole: "four people died, including six children"."""

    kind = "numeric.part-whole"
    targets = frozenset({"quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        for part, whole in self._candidates(ctx):
            if not (usable(part) and usable(whole)) or part.ordinal or whole.ordinal:
                continue
            if unit_of(part) != unit_of(whole):
                continue  # "$118 million" is no part of "ten films", whatever nouns they meet
            if part.hard.lo <= whole.hard.upper:
                continue
            report_clash(
                out, part, whole,
                f"the part '{part.span.text}' {part.measure.counted} is larger than the "
                f"whole '{whole.span.text}' {whole.measure.counted}: {part.hard} vs {whole.hard}",
                {"part": _describe(part), "whole": _describe(whole)},
            )  # fmt: skip
        return out

    @staticmethod
    def _candidates(ctx: RuleContext) -> Iterable[tuple[QuantityClaim, QuantityClaim]]:
        """Parts stated as such ("including six children"), and, within one sentence, a
        figure for a subset beside one for its superset ("six children and four people")."""
        lex = ctx.graph.lexicon
        by_id = ctx.graph.claims
        by_sentence: dict[tuple[str, int], list[QuantityClaim]] = {}
        for block in ctx.graph.quantity_blocks():
            for claim in block:
                whole = by_id.get(claim.part_of or "")
                if isinstance(whole, QuantityClaim):
                    yield claim, whole
                key = (claim.document_id, claim.sentence.start)
                by_sentence.setdefault(key, []).append(claim)
        for claims in by_sentence.values():
            # Each figure meets the figures near it in its sentence: no sentence of news copy
            # holds more, and a table pasted as one "sentence" stays linear.
            for i, part in enumerate(claims):
                for whole in claims[max(0, i - _SENTENCE_REACH) : i + _SENTENCE_REACH + 1]:
                    if (
                        part is not whole
                        and not linked(part, whole)
                        and part.measure.family == whole.measure.family
                        and lex.is_subset(part.measure.counted, whole.measure.counted)
                        and same_scope(part, whole, lex)
                    ):
                        yield part, whole


_SENTENCE_REACH = 8  # figures of one sentence each figure is compared with, either side


class TotalDecreased(RuleType):
    """A running total that falls between two statements ordered in time.

    Candidate pairs come from the alignment model, asked whether the two figures are one
    total read at two moments; the severity is the band of that score. A toll that is
    explicitly revised ("revised down to", "fell to") is an update, not a contradiction, and a
    lower figure after the grown total in its own sentence is a part of it ("45 people had
    died, and 20 bodies had been recovered").
    """

    kind = "numeric.running-total"
    targets = frozenset({"quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        figures = ctx.graph.figures()
        sentences: dict[tuple[str, int], list[QuantityClaim]] | None = None
        for candidate in figures.candidates():
            if candidate.clash.kind != "fall":
                continue
            later, earlier = candidate.clash.first, candidate.clash.second
            if sentences is None:
                sentences = _by_sentence(ctx)
            if _not_the_total(later, earlier, sentences):
                continue
            alignment = figures.align(candidate, at_one_time=True)
            severity = figures.severity(alignment, strict=True, unsure=ctx.unsure)
            if severity is None:
                continue
            report_clash(
                out, later, earlier,
                f"the running total of {later.measure.in_words()} falls from '{earlier.span.text}' "
                f"({earlier.scope.time}) to '{later.span.text}' ({later.scope.time})",
                {"earlier": _describe(earlier), "later": _describe(later),
                 "alignment": _alignment(alignment)},
                severity,
            )  # fmt: skip
        return out


def _by_sentence(ctx: RuleContext) -> dict[tuple[str, int], list[QuantityClaim]]:
    found: dict[tuple[str, int], list[QuantityClaim]] = {}
    for c in ctx.graph.quantities():
        found.setdefault((c.document_id, c.sentence.start), []).append(c)
    return found


def _not_the_total(
    later: QuantityClaim,
    earlier: QuantityClaim,
    sentences: dict[tuple[str, int], list[QuantityClaim]],
) -> bool:
    """The lower figure's sentence first gives the grown total, and the lower figure after it
    is a part of that total ("45 people had died, and that 20 bodies had been recovered"): a
    figure of the same measure before it, stated as a fact (not a forecast, a previous value or
    a part), of the same place and time, that is surely no lower than the earlier figure. A
    larger figure after the lower one is no such total ("20 had died in Punjab, while 45 had
    died in Sindh"; "far fewer than the 85 killed in 2018")."""
    for other in sentences.get((later.document_id, later.sentence.start), ()):
        if (
            other.span.start < later.span.start
            and other is not earlier
            and other.modality in ("asserted", "reported")
            and other.part_of is None
            and other.measure.family == later.measure.family
            and unit_of(other) == unit_of(later)
            and other.hard.lo >= earlier.hard.lo
            and other.scope.place in (None, later.scope.place)
            and compatible_times(other, later)
        ):
            return True
    return False


def _same_period(ordinal: QuantityClaim, count: QuantityClaim) -> bool:
    """Both count the events of one period. Counts since one start only grow, so when both
    say "since early September" the ordinal's own date does not matter."""
    o, c = ordinal.scope, count.scope
    if places_apart(o, c):
        return False
    if o.since and c.since:
        return o.since == c.since
    return compatible_times(ordinal, count)


class OrdinalVersusCount(RuleType):
    """An ordinal that counts events ("the ninth raid this year") against a smaller count of
    the same events in the same period ("raided six times this year")."""

    kind = "numeric.ordinal-count"
    targets = frozenset({"quantity"})

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        out = FindingBuilder(ctx)
        for block in ctx.graph.measure_blocks():
            for a, b in ctx.graph.pairs(block):
                if a.ordinal == b.ordinal:
                    continue
                ordinal, count = (a, b) if a.ordinal else (b, a)
                if not (usable(ordinal) and usable(count)):
                    continue
                if count.scope.kind == "incident" or not _same_period(ordinal, count):
                    continue
                if ordinal.hard.lo <= count.hard.upper:
                    continue
                counted = count.measure.in_words()
                report_clash(
                    out, a, b,
                    f"'{ordinal.span.text}' means at least {ordinal.hard.lo:.0f} {counted}, "
                    f"but '{count.span.text}' counts {count.hard}",
                    {"ordinal": _describe(ordinal), "count": _describe(count)},
                )  # fmt: skip
        return out
