"""FC106: the same statement made twice with different figures.

Editors copy a sentence and update its figure, or restate a fact later in the story, and
forget one of the two. When two sentences repeat the same run of words around a figure ("medical
experts gave her a 50% chance of survival if treated" … "gave her an 85% chance of survival if
treated"), the figures measure the same thing even where no lexicon knows the measure. The
run must be long (six words), or name its subject ("Osbert had three sons" … "Osbert had two
sons"); a changed word next to the figure ("killed" for "injured", "Monday" for "Tuesday")
ends the run.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from factcheck.alignment import comparable, usable
from factcheck.engine.base import FindingBuilder, RuleContext, RuleOptions, RuleType
from factcheck.extract.lexicon import load_lexicon
from factcheck.extract.quantities import UNALIGNED
from factcheck.model import Finding, QuantityClaim
from factcheck.rules.clash import report_clash

_TOKEN = re.compile(r"<N>|[A-Za-z]+|\d+")
FIGURE = "<N>"
WINDOW = 40  # figures of one block each figure is compared with


def _skeleton(claims: tuple[QuantityClaim, ...]) -> tuple[str, ...]:
    """The sentence as words (case kept), each figure with its qualifier replaced by <N>."""
    sentence = claims[0].sentence
    text = sentence.text
    for claim in sorted(claims, key=lambda c: c.span.start, reverse=True):
        start, end = claim.span.start - sentence.start, claim.span.end - sentence.start
        text = f"{text[:start]} {FIGURE} {text[end:]}"
    return tuple("a" if w == "an" else w for w in _TOKEN.findall(text))


def _same(x: str, y: str) -> bool:
    return x == y or x.lower() == y.lower()


def other_names_around(
    a: tuple[str, ...], i: int, b: tuple[str, ...], j: int, before: int, after: int
) -> bool:
    """Whether the run is bounded by two different names: "Hollis top-scored with 68" and
    "Oduya top-scored with 43" are about different people."""
    for x, y in ((i - before - 1, j - before - 1), (i + after + 1, j + after + 1)):
        if 0 <= x < len(a) and 0 <= y < len(b) and a[x][:1].isupper() and b[y][:1].isupper():
            return True
    return False


def shared_run(
    a: tuple[str, ...], i: int, b: tuple[str, ...], j: int
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words that stand identically before and after figure ``a[i]`` and ``b[j]``."""
    left = 0
    while i - left > 0 and j - left > 0 and _same(a[i - left - 1], b[j - left - 1]):
        left += 1
    right = 0
    while (
        i + right + 1 < len(a)
        and j + right + 1 < len(b)
        and _same(a[i + right + 1], b[j + right + 1])
    ):
        right += 1
    return a[i - left : i], a[i + 1 : i + 1 + right]


def telling(words: tuple[str, ...], units: frozenset[str]) -> list[str]:
    """The words of a run that say what is measured: not figures, digits, units or the
    one- and two-letter words around them ("mph ( km / h )")."""
    return [w for w in words if w != FIGURE and len(w) > 2 and w.lower() not in units]


def named(run: tuple[str, ...]) -> bool:
    """Whether a run of words holds a proper name ("Osbert had", "people in Arkansas")."""
    return any(w[:1].isupper() and w not in _NOT_NAMES for w in run)


_NOT_NAMES = frozenset({"The", "A", "He", "She", "It", "They", "Police", "Officials", FIGURE})


_Figure = tuple[tuple[str, ...], int, QuantityClaim]  # (sentence skeleton, index, claim)


def _blocks(
    figures: Iterable[_Figure],
) -> tuple[
    dict[tuple[str, str], list[_Figure]], dict[str, list[_Figure]], dict[str, list[_Figure]]
]:
    """Figures blocked by the words on both sides. A figure that opens its sentence has no
    word before it and meets every figure with its word after ("As few as 500 vehicles …" /
    "… that as few as 735 vehicles …")."""
    both: dict[tuple[str, str], list[_Figure]] = defaultdict(list)
    openers: dict[str, list[_Figure]] = defaultdict(list)
    by_next: dict[str, list[_Figure]] = defaultdict(list)
    for figure in figures:
        skeleton, i, _ = figure
        next_word = skeleton[i + 1].lower() if i + 1 < len(skeleton) else "$"
        by_next[next_word].append(figure)
        if i == 0:
            openers[next_word].append(figure)
        else:
            both[(skeleton[i - 1].lower(), next_word)].append(figure)
    return both, openers, by_next


def _candidates(
    both: dict[tuple[str, str], list[_Figure]],
    openers: dict[str, list[_Figure]],
    by_next: dict[str, list[_Figure]],
) -> Iterator[tuple[_Figure, _Figure]]:
    """Pairs of figures worth comparing. Like FC101, each figure meets only the next WINDOW
    figures of its block: linear in the length of a document, and far more than any real
    story repeats itself."""
    for members in both.values():
        for x, first in enumerate(members):
            for second in members[x + 1 : x + 1 + WINDOW]:
                yield first, second
    for next_word, starters in openers.items():
        others = by_next[next_word]
        where = {id(figure): k for k, figure in enumerate(others)}
        for first in starters:
            at = where[id(first)]
            for second in others[max(0, at - WINDOW) : at + 1 + WINDOW]:
                if second is not first:
                    yield first, second


class Restatement(RuleType):
    """The same statement twice, with figures that cannot both be true."""

    kind = "numeric.restatement"
    targets = frozenset({"quantity"})

    class Options(RuleOptions):
        min_words: int = 6  # words repeated verbatim around the figure
        min_words_named: int = 3  # … fewer will do when they include a name ("Osbert had")

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        assert isinstance(self.options, Restatement.Options)
        out = FindingBuilder(ctx)
        units = load_lexicon().units
        by_sentence: dict[tuple[str, int], list[QuantityClaim]] = defaultdict(list)
        for claim in ctx.graph.quantities():
            by_sentence[(claim.document_id, claim.sentence.start)].append(claim)
        figures_by_doc: dict[str, list[_Figure]] = defaultdict(list)
        for claims in by_sentence.values():
            claims.sort(key=lambda c: c.span.start)
            skeleton = _skeleton(tuple(claims))
            positions = [i for i, t in enumerate(skeleton) if t == FIGURE]
            if len(positions) != len(claims):
                continue  # a figure inside a word: cannot line words up
            for i, claim in zip(positions, claims, strict=True):
                figures_by_doc[claim.document_id].append((skeleton, i, claim))
        # Each draft is read with the sources, never with another draft: the cost grows with
        # the number of drafts, not with its square.
        roles = {d: ctx.graph.document(d).role for d in figures_by_doc}
        sources = [d for d in figures_by_doc if roles[d] == "source"]
        drafts = [d for d in figures_by_doc if roles[d] != "source"]
        groups = [[d, *sources] for d in drafts] or [[s] for s in sources]
        seen: set[tuple[str, str]] = set()
        pairs = (
            pair
            for group in groups
            for pair in _candidates(*_blocks(f for d in group for f in figures_by_doc[d]))
        )
        for pair in pairs:
            (skel_a, i, a), (skel_b, j, b) = pair
            if (a.id, b.id) in seen or (
                a.sentence.start == b.sentence.start and a.document_id == b.document_id
            ):
                continue
            seen.add((a.id, b.id))
            if not a.hard.disjoint(b.hard) or not ctx.graph.may_compare(a, b):
                continue  # cheap tests first: most restated figures agree
            before, after = shared_run(skel_a, i, skel_b, j)
            if other_names_around(skel_a, i, skel_b, j, len(before), len(after)):
                continue
            words = telling(before + after, units)
            enough = len(words) >= self.options.min_words or (
                len(words) >= self.options.min_words_named and named(before + after)
            )
            if enough:
                self._report(ctx, out, a, b, (*before, FIGURE, *after))
        return out

    def _report(
        self,
        ctx: RuleContext,
        out: FindingBuilder,
        a: QuantityClaim,
        b: QuantityClaim,
        run: tuple[str, ...],
    ) -> None:
        # Two hypotheticals of one statement still clash ("a 50% chance if treated"), but not
        # two limits ("banned gatherings of more than 100").
        lex = load_lexicon()
        both_conditional = a.modality == b.modality == "conditional" and not any(
            lex.thresholds.search(c.sentence.text) for c in (a, b)
        )
        if not (both_conditional or (usable(a) and usable(b))):
            return
        sa, sb = a.scope, b.scope
        if (sa.time and sb.time and sa.time != sb.time) or (
            sa.place and sb.place and sa.place != sb.place
        ):
            return  # the same words about another day or place: a new fact, not a restatement
        if a.ordinal != b.ordinal or not a.hard.disjoint(b.hard):
            return
        if a.measure.family != UNALIGNED and comparable(a, b):
            return  # FC101 reports it, with the measure
        report_clash(
            out, a, b,
            f"the same statement gives '{a.span.text}' and '{b.span.text}', "
            f"which cannot both be true: {a.hard} vs {b.hard}",
            {"shared_words": " ".join(run), "hard": [str(a.hard), str(b.hard)]},
        )  # fmt: skip
